// Build step: the bundles (esbuild) and the playground's static files.
//   build/dist/browser/loopback-fast-path.js         ESM for browsers; fetches loopback-fast-path.wasm next to it
//   build/dist/browser/loopback-fast-path.inline.js  the same with the .wasm inlined (single file)
//   build/dist/node/index.mjs, index.cjs             ESM and CommonJS for Node; read loopback-fast-path.wasm next to them
//   build/dist/playground/                           the playground: index.html, app.js, the .wasm, vectors.json, seed.json
// Types are tsc's (build/js/host/*.d.ts). Nothing Node-only reaches the browser bundles: they
// are built for platform "browser", and a bundle importing node:* fails here.
import { build, type BuildOptions } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { seedSections } from "./seed-sections.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const dist = `${root}build/dist`;
const wasm = `${root}build/release.wasm`;
for (const d of ["browser", "node", "playground"]) mkdirSync(`${dist}/${d}`, { recursive: true });

const common: BuildOptions = { bundle: true, format: "esm", target: "es2022", legalComments: "none", logLevel: "warning", minify: true, sourcemap: true };
const browser: BuildOptions = {
  ...common, platform: "browser", external: [],
  plugins: [{
    name: "lfp",
    setup(b) {
      b.onResolve({ filter: /^node:|^koffi$/ }, (a) => ({ errors: [{ text: `${a.path} must not reach a browser bundle (imported by ${a.importer})` }] }));
      // The vector validator is generated at build time (scripts/build-validator.ts), next to tsc's output.
      b.onResolve({ filter: /\/validate-vectors\.js$/ }, () => ({ path: `${root}build/js/spec-tests/runner/validate-vectors.js` }));
    },
  }],
};

await build({ ...browser, entryPoints: [`${root}host/browser.ts`], outfile: `${dist}/browser/loopback-fast-path.js`, define: { WASM_FILE: '"./loopback-fast-path.wasm"' } });
await build({ ...browser, entryPoints: [`${root}host/browser-inline.ts`], outfile: `${dist}/browser/loopback-fast-path.inline.js`, loader: { ".wasm": "binary" } });
copyFileSync(wasm, `${dist}/browser/loopback-fast-path.wasm`);

await build({ ...common, platform: "node", entryPoints: [`${root}host/node.ts`], outfile: `${dist}/node/index.mjs`, define: { LFP_NODE_WASM: '"./loopback-fast-path.wasm"' } });
await build({
  ...common, platform: "node", format: "cjs", entryPoints: [`${root}host/node.ts`], outfile: `${dist}/node/index.cjs`,
  define: { LFP_NODE_WASM: '"./loopback-fast-path.wasm"', "import.meta.url": "__lfp_module_url" },
  banner: { js: 'const __lfp_module_url = require("node:url").pathToFileURL(__filename).href;' },
});
copyFileSync(wasm, `${dist}/node/loopback-fast-path.wasm`);

// The playground: the app bundle, the page, the model, the vectors and the seed's sections.
await build({ ...browser, entryPoints: [`${root}playground/app.ts`], outfile: `${dist}/playground/app.js`, define: { WASM_FILE: '"./loopback-fast-path.wasm"' } });
copyFileSync(wasm, `${dist}/playground/loopback-fast-path.wasm`);
for (const f of ["index.html", "style.css"]) copyFileSync(`${root}playground/${f}`, `${dist}/playground/${f}`);
const vectors = readdirSync(`${root}spec-tests/vectors`).filter((f) => f.endsWith(".json")).sort()
  .map((f) => ({ name: `spec-tests/vectors/${f}`, text: readFileSync(`${root}spec-tests/vectors/${f}`, "utf8") }));
writeFileSync(`${dist}/playground/vectors.json`, JSON.stringify(vectors));
writeFileSync(`${dist}/playground/seed.json`, JSON.stringify(seedSections(readFileSync(`${root}spec-tests/seed/SIO_LOOPBACK_FAST_PATH.en.md`, "utf8"))));
process.stdout.write(`bundle: wrote build/dist (browser, node, playground)\n`);
