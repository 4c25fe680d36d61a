// Build step for the playground's lint panel: its own bundle (lint-panel.js) and the
// tree-sitter runtime and grammars it fetches on demand (build/dist/playground/grammars/).
// Kept out of app.js: the grammars are megabytes, the rest of the page never loads them.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { grammarFile } from "../host/lint/languages.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const out = `${root}build/dist/playground`;
const require = createRequire(import.meta.url);
mkdirSync(`${out}/grammars`, { recursive: true });

await build({
  entryPoints: [`${root}playground/lint-panel.ts`], outfile: `${out}/lint-panel.js`,
  bundle: true, format: "esm", target: "es2022", platform: "browser", minify: true, sourcemap: true, legalComments: "none", logLevel: "warning",
  define: { WASM_FILE: '"./loopback-fast-path.wasm"' },
  plugins: [{
    name: "lfp-lint",
    setup(b) {
      b.onResolve({ filter: /^node:|^koffi$/ }, (a) => ({ errors: [{ text: `${a.path} must not reach a browser bundle (imported by ${a.importer})` }] }));
      // web-tree-sitter imports these only when it runs under Node (ENVIRONMENT_IS_NODE); in a page they are empty.
      b.onResolve({ filter: /^(fs\/promises|module)$/ }, (a) => ({ path: a.path, namespace: "lfp-empty" }));
      b.onLoad({ filter: /.*/, namespace: "lfp-empty" }, () => ({ contents: "export {};", loader: "js" }));
    },
  }],
});

const grammars = join(dirname(require.resolve("@vscode/tree-sitter-wasm/package.json")), "wasm");
for (const lang of ["cpp", "c-sharp", "python", "go", "rust"] as const) copyFileSync(join(grammars, grammarFile(lang)), `${out}/grammars/${grammarFile(lang)}`);
copyFileSync(join(dirname(require.resolve("web-tree-sitter")), "web-tree-sitter.wasm"), `${out}/grammars/web-tree-sitter.wasm`);
process.stdout.write("bundle-lint: wrote build/dist/playground/lint-panel.js and grammars/\n");
