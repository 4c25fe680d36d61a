// Build step: the bundles (esbuild), their types, and the playground's static files.
//   build/dist/browser/loopback-fast-path.js         ESM for browsers; fetches loopback-fast-path.wasm next to it
//   build/dist/browser/loopback-fast-path.inline.js  the same with the .wasm inlined (single file); .cjs for require
//   build/dist/node/{index,native,runner}.mjs        ESM for Node (shared code in chunks next to them)
//   build/dist/node/{index,native,runner}.cjs        CommonJS for Node
//   build/dist/node/cli*.cjs, wine-child.mjs         the lfp command and the process the native target starts
//   build/dist/node/errors.cjs                       LfpError, the one class every Node entry (ESM or CommonJS) uses
//   build/types/, build/types-cjs/                   tsc's declarations, as ESM and as CommonJS (a package.json says which)
//   build/dist/playground/                           the playground: index.html, app.js, the .wasm, vectors.json, seed.json
// Nothing Node-only reaches the browser bundles: they are built for platform "browser", and a bundle
// importing node:* fails here. Only one copy of LfpError exists in Node: the ESM and CommonJS bundles
// import it from errors.cjs (Node's ESM loader takes CommonJS named exports), so `instanceof` holds
// across every entry and both module systems.
import { build, type BuildOptions, type Plugin } from "esbuild";
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { seedSections } from "./seed-sections.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const dist = `${root}build/dist`;
const wasm = `${root}build/release.wasm`;
rmSync(`${dist}/node`, { recursive: true, force: true });
for (const d of ["browser", "node", "playground"]) mkdirSync(`${dist}/${d}`, { recursive: true });

const common: BuildOptions = { bundle: true, format: "esm", target: "es2022", legalComments: "none", logLevel: "warning", minify: true, sourcemap: true };
/** The vector validator is generated at build time (scripts/build-validator.ts), next to tsc's output. */
const validator: Plugin = {
  name: "lfp-validator",
  setup(b) {
    b.onResolve({ filter: /\/validate-vectors\.js$/ }, () => ({ path: `${root}build/js/spec-tests/runner/validate-vectors.js` }));
  },
};
const browser: BuildOptions = {
  ...common, platform: "browser", external: [],
  plugins: [validator, {
    name: "lfp-browser",
    setup(b) {
      b.onResolve({ filter: /^node:|^koffi$/ }, (a) => ({ errors: [{ text: `${a.path} must not reach a browser bundle (imported by ${a.importer})` }] }));
    },
  }],
};

await build({ ...browser, entryPoints: [`${root}host/browser.ts`], outfile: `${dist}/browser/loopback-fast-path.js`, define: { WASM_FILE: '"./loopback-fast-path.wasm"' } });
await build({ ...browser, entryPoints: [`${root}host/browser-inline.ts`], outfile: `${dist}/browser/loopback-fast-path.inline.js`, loader: { ".wasm": "binary" } });
// The same as CommonJS, for require() (it needs nothing from the page: the bytes are inside).
await build({ ...browser, format: "cjs", platform: "neutral", entryPoints: [`${root}host/browser-inline.ts`], outfile: `${dist}/browser/loopback-fast-path.inline.cjs`, loader: { ".wasm": "binary" } });
copyFileSync(wasm, `${dist}/browser/loopback-fast-path.wasm`);

// Node: every bundle lives in build/dist/node, so paths relative to import.meta.url are the same for all.
const nodeDefine = { LFP_NODE_WASM: '"./loopback-fast-path.wasm"', LFP_PACKAGE_ROOT: '"../../../"' };
/** host/errors.ts is not bundled: every Node bundle takes LfpError from errors.cjs. */
const sharedErrors: Plugin = {
  name: "lfp-shared-errors",
  setup(b) {
    b.onResolve({ filter: /\/errors\.js$/ }, (a) => (resolve(dirname(a.importer), a.path) === `${root}host/errors.js` ? { path: "./errors.cjs", external: true } : undefined));
  },
};
const node: BuildOptions = { ...common, platform: "node", define: nodeDefine, plugins: [validator, sharedErrors] };
const cjsUrl: BuildOptions = {
  format: "cjs",
  define: { ...nodeDefine, "import.meta.url": "__lfp_module_url" },
  banner: { js: 'const __lfp_module_url = require("node:url").pathToFileURL(__filename).href;' },
};
await build({ ...common, ...cjsUrl, platform: "node", entryPoints: [`${root}host/errors.ts`], outfile: `${dist}/node/errors.cjs` });
/** Entry points for users, by the name of their file in build/dist/node. */
const libraryEntries = {
  index: `${root}host/node.ts`,
  native: `${root}host/native/driver.ts`,
  runner: `${root}spec-tests/runner/index.ts`,
};
await build({ ...node, splitting: true, outdir: `${dist}/node`, outExtension: { ".js": ".mjs" }, chunkNames: "chunk-[hash]", entryPoints: libraryEntries });
// The lfp command: CommonJS, so that Node starts it without its ESM loader, in one file per command
// (cli.cjs dispatches; cli-<command>.cjs is loaded only when that command runs; cli-parse.cjs, the
// vector validator, only when a vector file needs checking). LfpError and UsageError are each one
// module that every file requires, so `instanceof` holds across them.
const cliModules: Plugin = {
  name: "lfp-cli-modules",
  setup(b) {
    b.onResolve({ filter: /^\.\/(spec|check|doctor|setup|playground|lint|observe|usage)\.js$/ }, (a) => (a.importer.startsWith(`${root}host/cli/`) ? { path: `./cli-${a.path.slice(2, -3)}.cjs`, external: true } : undefined));
    b.onResolve({ filter: /^\.\/parse\.js$/ }, (a) => (a.importer.endsWith("/runner/files.ts") ? { path: "./cli-parse.cjs", external: true } : undefined));
  },
};
const cliEntries: Record<string, string> = {
  cli: `${root}host/cli/main.ts`,
  ...Object.fromEntries(["spec", "check", "doctor", "setup", "playground", "lint", "observe", "usage"].map((c) => [`cli-${c}`, `${root}host/cli/${c}.ts`])),
  "cli-parse": `${root}spec-tests/runner/parse.ts`,
};
for (const [name, entry] of Object.entries(cliEntries)) {
  // lfp lint's parsers are runtime dependencies that load their own .wasm files: they stay packages.
  // import() of a command's module becomes require(): through Node's ESM loader, a CommonJS file is first scanned for its exports (≈ 40 ms for cli-lint.cjs).
  await build({ ...common, ...cjsUrl, platform: "node", supported: { "dynamic-import": false }, plugins: [validator, sharedErrors, cliModules], external: ["web-tree-sitter", "@vscode/tree-sitter-wasm", "ignore"], entryPoints: [entry], outfile: `${dist}/node/${name}.cjs` });
}
await build({ ...common, platform: "node", define: nodeDefine, entryPoints: [`${root}spec-tests/runner/targets/native/child.ts`], outfile: `${dist}/node/wine-child.mjs` });
for (const [name, entry] of Object.entries(libraryEntries)) {
  await build({ ...node, ...cjsUrl, entryPoints: [entry], outfile: `${dist}/node/${name}.cjs` });
}
copyFileSync(wasm, `${dist}/node/loopback-fast-path.wasm`);

// The package's vectors, checked now (schema and semantics) against the model they ship with:
// `lfp spec` then skips the checks for a file whose text is unchanged (spec-tests/runner/files.ts).
const { loadModel } = await import("../host/node.js");
const { loadVectors, textDigest } = await import("../spec-tests/runner/files.js");
const vectorFiles = readdirSync(`${root}spec-tests/vectors`).filter((f) => f.endsWith(".json")).sort().map((f) => `spec-tests/vectors/${f}`);
await loadVectors(vectorFiles.map((f) => `${root}${f}`), (await loadModel()).catalogue);
writeFileSync(`${dist}/node/vectors-checked.json`, `${JSON.stringify({ files: Object.fromEntries(vectorFiles.map((f) => [f, textDigest(readFileSync(`${root}${f}`, "utf8"))])) }, null, 1)}\n`);

// Types: tsc's declarations of the host and the runner, once as ESM and once as CommonJS.
for (const [dir, type] of [["types", "module"], ["types-cjs", "commonjs"]] as const) {
  const out = `${root}build/${dir}`;
  rmSync(out, { recursive: true, force: true });
  for (const part of ["host", "spec-tests/runner"]) {
    cpSync(`${root}build/js/${part}`, `${out}/${part}`, { recursive: true, filter: (src) => !/\.js(\.map)?$/.test(src) });
  }
  cpSync(`${root}host/wasm-module.d.ts`, `${out}/host/wasm-module.d.ts`);
  writeFileSync(`${out}/package.json`, `${JSON.stringify({ type }, null, 2)}\n`);
}

// The playground: the app bundle, the page, the model, the vectors and the seed's sections.
await build({ ...browser, entryPoints: [`${root}playground/app.ts`], outfile: `${dist}/playground/app.js`, define: { WASM_FILE: '"./loopback-fast-path.wasm"' } });
copyFileSync(wasm, `${dist}/playground/loopback-fast-path.wasm`);
for (const f of readdirSync(`${root}playground`).filter((n) => /\.(html|css)$/.test(n))) copyFileSync(`${root}playground/${f}`, `${dist}/playground/${f}`);
const vectors = readdirSync(`${root}spec-tests/vectors`).filter((f) => f.endsWith(".json")).sort()
  .map((f) => ({ name: `spec-tests/vectors/${f}`, text: readFileSync(`${root}spec-tests/vectors/${f}`, "utf8") }));
writeFileSync(`${dist}/playground/vectors.json`, JSON.stringify(vectors));
writeFileSync(`${dist}/playground/seed.json`, JSON.stringify(seedSections(readFileSync(`${root}spec-tests/seed/SIO_LOOPBACK_FAST_PATH.en.md`, "utf8"))));
process.stdout.write(`bundle: wrote build/dist (browser, node, playground) and build/types, build/types-cjs\n`);
