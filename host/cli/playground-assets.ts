// What `lfp playground` serves that build/dist/playground does not hold a copy of: the model and
// its explanations (their one copy is in build/dist/browser), the vector validator (its one copy is
// the Node build's, a script a page can load too), the vectors (read from the package's
// spec-tests/vectors), and lfp lint's tree-sitter runtime and grammars, from the installed
// web-tree-sitter and @vscode/tree-sitter-wasm (optional peer dependencies: without them the page
// works and its lint panel says what to install). scripts/playground-site.ts copies the same files
// into a folder to host.
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { packageRoot, vectorsDir } from "../paths.js";
import { PARSER_PACKAGES, parserInstallCommand } from "../lint/parsers.js";

/** A file to send, generated content, or a 404 that says why. */
export type Asset = { file: string; type?: string } | { body: string; type: string } | { missing: string };

const require = createRequire(import.meta.url);

/** Where lfp lint's parser package `name` keeps its files (web-tree-sitter: its main; the grammars: wasm/), or null. */
function packageDir(name: string): string | null {
  try {
    return name === "web-tree-sitter" ? dirname(require.resolve(name)) : join(dirname(require.resolve(`${name}/package.json`)), "wasm");
  } catch {
    return null;
  }
}

/** The command that installs lfp lint's parsers, with the ranges this package declares (lint's own words). */
const parsersInstall = () => parserInstallCommand(JSON.parse(readFileSync(`${packageRoot}package.json`, "utf8")));

/** The asset a request path names, or null when it is one of build/dist/playground's own files. */
export function playgroundAsset(path: string): Asset | null {
  if (path === "/loopback-fast-path.wasm" || path === "/loopback-fast-path.explain.json") return { file: `${packageRoot}build/dist/browser${path}` };
  if (path === "/validate-vectors.js") return { file: `${packageRoot}build/dist/node/spec-tests/runner/validate-vectors.cjs`, type: "text/javascript; charset=utf-8" };
  if (path === "/vectors.json") {
    const files = readdirSync(vectorsDir).filter((f) => f.endsWith(".json")).sort();
    return { body: JSON.stringify(files.map((f) => ({ name: `spec-tests/vectors/${f}`, text: readFileSync(join(vectorsDir, f), "utf8") }))), type: "application/json" };
  }
  const grammar = /^\/grammars\/(web-tree-sitter\.(?:js|wasm)|tree-sitter-[a-z-]+\.wasm)$/.exec(path);
  if (!grammar) return null;
  const runtime = grammar[1].startsWith("web-");
  const dir = packageDir(PARSER_PACKAGES[runtime ? 0 : 1]);
  if (dir === null) return { missing: `lfp lint's parsers are not installed next to loopback-fast-path: ${parsersInstall()}` };
  return { file: join(dir, grammar[1]) };
}
