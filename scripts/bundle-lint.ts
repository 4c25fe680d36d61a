// Build step for the playground's lint panel: its own bundle (lint-panel.js), kept out of app.js,
// and the linter in a chunk it loads on the first lint. tree-sitter's runtime and grammars are not
// copied or bundled: the chunk imports ./grammars/web-tree-sitter.js and fetches the grammars from
// ./grammars/, which `lfp playground` serves from the installed web-tree-sitter and
// @vscode/tree-sitter-wasm (scripts/playground-site.ts copies them into a folder to host).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const out = `${root}build/dist/playground`;

await build({
  entryPoints: [`${root}playground/lint-panel.ts`], outdir: out, splitting: true, chunkNames: "lint-[hash]",
  bundle: true, format: "esm", target: "es2022", platform: "browser", minify: true, legalComments: "none", logLevel: "warning",
  define: { WASM_FILE: '"./loopback-fast-path.wasm"', EXPLAIN_FILE: '"./loopback-fast-path.explain.json"' },
  plugins: [{
    name: "lfp-lint",
    setup(b) {
      b.onResolve({ filter: /^node:|^koffi$/ }, (a) => ({ errors: [{ text: `${a.path} must not reach a browser bundle (imported by ${a.importer})` }] }));
      b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: "./grammars/web-tree-sitter.js", external: true }));
    },
  }],
});
process.stdout.write("bundle-lint: wrote build/dist/playground/lint-panel.js and its linter chunk\n");
