// The package as users reach it: the exports map, the ESM and CommonJS builds for Node.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { root } from "./helpers.js";

const pkg = suite("package entry points");
const manifest = JSON.parse(readFileSync(`${root}package.json`, "utf8"));

pkg("the exports map routes browser, import, require and types", () => {
  const dot = manifest.exports["."];
  assert.equal(Object.keys(dot), ["types", "browser", "import", "require"]);
  assert.is(manifest.bin.lfp, "./bin/lfp.js");
  assert.is(manifest.type, "module");
  assert.is(manifest.engines.node, ">=20");
});

pkg("the Node ESM bundle loads the model from the .wasm next to it", async () => {
  const m = await import(`${root}build/dist/node/index.mjs`);
  const model = await m.loadModel();
  assert.is(model.evaluate({}, "wine").error.name, "WSAEOPNOTSUPP");
});

pkg("the CommonJS bundle works through require", async () => {
  const req = createRequire(import.meta.url);
  const m = req(`${root}build/dist/node/index.cjs`);
  const model = await m.loadModel();
  assert.is(model.evaluate({ cbIn: 2, in: { bytes: "0100" } }, "documented").error.name, "WSAEINVAL");
  assert.instance(new m.LfpError("LFP_BAD_CALL", "x"), Error);
});

pkg("the browser bundles carry nothing Node-only", () => {
  for (const f of ["build/dist/browser/loopback-fast-path.js", "build/dist/browser/loopback-fast-path.inline.js", "build/dist/playground/app.js"]) {
    const text = readFileSync(`${root}${f}`, "utf8");
    assert.not.match(text, /from\s*["']node:|import\(\s*["']node:|["']koffi["']/, f);
    assert.not.match(text, /(^|[^'"\w.$])require\(/, `${f} calls require`); // (ajv's helper holds the text 'require(...)' as a string)
  }
});

pkg.run();
