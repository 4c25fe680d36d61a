// `npm run build:site`: the playground as a folder of static files to host anywhere (build/site/):
// build/dist/playground plus the files `lfp playground` serves from elsewhere in the package
// (host/cli/playground-assets.ts): the model and its explanations, the vector validator, the vectors, and lfp lint's
// tree-sitter runtime and grammars copied from the installed packages. Never part of the npm package.
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { playgroundAsset } from "../host/cli/playground-assets.js";
import { EXTENSIONS, grammarFile } from "../host/lint/languages.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const site = `${root}build/site`;
rmSync(site, { recursive: true, force: true });
cpSync(`${root}build/dist/playground`, site, { recursive: true });
mkdirSync(`${site}/grammars`);
const paths = ["/loopback-fast-path.wasm", "/loopback-fast-path.explain.json", "/validate-vectors.js", "/vectors.json", "/grammars/web-tree-sitter.js", "/grammars/web-tree-sitter.wasm", ...[...new Set(Object.values(EXTENSIONS))].map((l) => `/grammars/${grammarFile(l)}`)];
for (const path of paths) {
  const asset = playgroundAsset(path);
  if (asset === null || "missing" in asset) throw new Error(`build:site: ${path}: ${asset?.missing ?? "not an asset"}`);
  if ("body" in asset) writeFileSync(`${site}${path}`, asset.body);
  else copyFileSync(asset.file, `${site}${path}`);
}
process.stdout.write(`build:site: wrote ${site} (${paths.length} files besides the playground's own)\n`);
