// Build step: what the package ships, each file once.
//   build/dist/browser/loopback-fast-path.js          the validator for pages (ESM, minified): fetches
//                                                     loopback-fast-path.wasm next to it, and the
//                                                     explanations (loopback-fast-path.explain.json) on demand
//   build/dist/browser/loopback-fast-path.explain.js   the code that applies them, imported with them
//   build/dist/browser/loopback-fast-path.wasm        the model: the one copy in the package (Node reads it too)
//   build/dist/browser/loopback-fast-path.explain.json  rules' texts, sources and passages (scripts/pack-catalogue.ts)
//   build/dist/browser/loopback-fast-path.inline.js   the same with the .wasm inlined (one file); .cjs for require
//   build/dist/node/**/*.cjs                          Node: one CommonJS file per source module, readable
//                                                     (not minified, names kept), so a stack frame names the
//                                                     module, the function and a real line; every entry and
//                                                     the lfp command share them (one LfpError class)
//   build/dist/node/{index,native,runner}.mjs         ESM entries: re-export the CommonJS modules
//   build/types/**                                    tsc's declarations (CommonJS), with ESM wrappers *.d.mts
//   build/dist/playground/                            the playground's own files; `lfp playground` serves the
//                                                     model, the vectors and lfp lint's grammars from where the
//                                                     package has them (scripts/playground-site.ts copies
//                                                     them into a folder to host)
// Nothing Node-only reaches the browser bundles: they are built for platform "browser", and a bundle
// importing node:* fails here. No source maps: the Node code is readable as it is, and the browser
// bundles' sources are this repository.
import { build, type BuildOptions, type Plugin } from "esbuild";
import { minify } from "terser";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, relative } from "node:path";
import ts from "typescript";
import { seedSections } from "./seed-sections.js";
import { abiDigest } from "./pack-catalogue.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const dist = `${root}build/dist`;
const wasm = `${root}build/release.wasm`;
const explain = `${root}build/explain.json`;
/** The names of the model and its explanations wherever the package has them. */
export const WASM_NAME = "loopback-fast-path.wasm";
export const EXPLAIN_NAME = "loopback-fast-path.explain.json";

for (const d of ["browser", "node", "playground"]) rmSync(`${dist}/${d}`, { recursive: true, force: true });
for (const d of ["browser", "node", "playground"]) mkdirSync(`${dist}/${d}`, { recursive: true });

const common: BuildOptions = { bundle: true, format: "esm", target: "es2022", legalComments: "none", logLevel: "warning" };
/** The vector validator is generated at build time (scripts/build-validator.ts), next to tsc's output. */
const validatorPath = `${root}build/js/spec-tests/runner/validate-vectors.js`;
const validator: Plugin = {
  name: "lfp-validator",
  setup(b) {
    b.onResolve({ filter: /\/validate-vectors\.js$/ }, () => ({ path: validatorPath }));
  },
};

// Browser: minified, since a page pays for every byte.
const browser: BuildOptions = {
  ...common, minify: true, platform: "browser", external: [],
  define: { WASM_FILE: `"./${WASM_NAME}"`, EXPLAIN_FILE: `"./${EXPLAIN_NAME}"`, LFP_NODE_SYNC: "false", LFP_ABI_DIGEST: String(abiDigest()) },
  plugins: [validator, {
    name: "lfp-browser",
    setup(b) {
      b.onResolve({ filter: /^node:|^koffi$/ }, (a) => ({ errors: [{ text: `${a.path} must not reach a browser bundle (imported by ${a.importer})` }] }));
    },
  }],
};
// What applies the explanations is a module of its own, loaded with them: a page that only validates never loads it.
const explainModule = "loopback-fast-path.explain.js";
await build({
  ...browser, entryPoints: [`${root}host/browser.ts`], outfile: `${dist}/browser/loopback-fast-path.js`,
  plugins: [...browser.plugins!, { name: "lfp-explain-apart", setup(b) { b.onResolve({ filter: /^\.\/explain\.js$/ }, (a) => (a.kind === "dynamic-import" ? { path: `./${explainModule}`, external: true } : undefined)); } }],
});
await build({ ...browser, entryPoints: [`${root}host/explain.ts`], outfile: `${dist}/browser/${explainModule}` });
await build({ ...browser, entryPoints: [`${root}host/browser-inline.ts`], outfile: `${dist}/browser/loopback-fast-path.inline.js`, loader: { ".wasm": "binary" } });
// The same as CommonJS, for require() (it needs nothing from the page: the bytes are inside; it has
// no URL of its own, so `explain` needs loadModel's `explanations`).
await build({ ...browser, format: "cjs", platform: "neutral", define: { ...browser.define, "import.meta.url": "undefined" }, entryPoints: [`${root}host/browser-inline.ts`], outfile: `${dist}/browser/loopback-fast-path.inline.cjs`, loader: { ".wasm": "binary" } });
// A second pass over what a page loads: terser's compressor (3 passes) and its names, given by
// frequency, take ≈ 3 % more off esbuild's output after gzip (≈ 180 B of the validator, issue 25).
for (const f of ["loopback-fast-path.js", explainModule, "loopback-fast-path.inline.js", "loopback-fast-path.inline.cjs"]) {
  const file = `${dist}/browser/${f}`;
  const out = await minify(readFileSync(file, "utf8"), { module: f.endsWith(".js"), compress: { passes: 3 }, mangle: true, format: { comments: false } });
  writeFileSync(file, out.code!);
}
copyFileSync(wasm, `${dist}/browser/${WASM_NAME}`);
copyFileSync(explain, `${dist}/browser/${EXPLAIN_NAME}`);

// Node: every module the entries and the command reach, one CommonJS file each, at its source path.
const node = `${dist}/node`;
/** Entry points for users, by the name of their ESM wrapper in build/dist/node. */
const libraryEntries = { index: "host/node.ts", native: "host/native/driver.ts", runner: "spec-tests/runner/index.ts" };
const commandEntry = "host/cli/main.ts";
/** The process the native target starts in a Windows Node (under Wine or on Windows), from the package's own files. */
const childEntry = "spec-tests/runner/targets/native/child.ts";
const external = ["web-tree-sitter", "@vscode/tree-sitter-wasm", "ignore", "koffi"];
const graph = await build({
  ...common, platform: "node", write: false, metafile: true, outdir: `${root}build/graph`, external, plugins: [validator],
  entryPoints: [...Object.values(libraryEntries), commandEntry, childEntry].map((e) => `${root}${e}`),
});
const modules = Object.keys(graph.metafile.inputs).filter((f) => f.endsWith(".ts") && !f.startsWith("node_modules/"));
/** A module's output, relative to build/dist/node, for its source path relative to the root. */
const outOf = (source: string) => source.replace(/\.ts$/, ".cjs");
/** Where a module finds the package root and the model, relative to its own file. */
const upTo = (source: string) => "../".repeat(outOf(`build/dist/node/${source}`).split("/").length - 1);
const perModule: Plugin = {
  name: "lfp-per-module",
  setup(b) {
    // import.meta.url, where a module uses it: its own file's URL; the package's own paths, relative to it.
    b.onLoad({ filter: /\.ts$/ }, (a) => {
      let text = readFileSync(a.path, "utf8");
      if (!text.includes("import.meta.url")) return { contents: text, loader: "ts" };
      const up = upTo(relative(root, a.path));
      const paths: Record<string, string> = { LFP_PACKAGE_ROOT: up, LFP_NODE_WASM: `${up}build/dist/browser/${WASM_NAME}`, LFP_NODE_EXPLAIN: `${up}build/dist/browser/${EXPLAIN_NAME}` };
      text = text.replace(/^declare const (LFP_PACKAGE_ROOT|LFP_NODE_WASM|LFP_NODE_EXPLAIN)\b.*$/gm, "").replace(/\b(LFP_PACKAGE_ROOT|LFP_NODE_WASM|LFP_NODE_EXPLAIN)\b/g, (n) => JSON.stringify(paths[n]));
      // module.require: the module may declare a `require` of its own (createRequire).
      return { contents: `const __lfp_module_url = module.require("node:url").pathToFileURL(__filename).href;\n${text}`, loader: "ts" };
    });
  },
};
// Transformed one by one (not bundled, so nothing is renamed), so that a class stays a declaration
// and a stack frame says `Model.evaluate`; each import of a module of the project becomes a require
// of that module's file, and a dynamic one too: the command's modules load without Node's ESM
// loader (`lfp check` starts nearly as fast as Node itself). esbuild's CommonJS helpers, which it
// writes at the top of every file, are one module they all require (build/dist/node/helpers.cjs).
await build({
  ...common, bundle: false, format: "cjs", platform: "node", outbase: root, outdir: node, outExtension: { ".js": ".cjs" },
  define: { "import.meta.url": "__lfp_module_url" }, plugins: [perModule],
  entryPoints: modules.map((m) => `${root}${m}`),
});
/** esbuild's helper definitions, by name, each as every file wrote it (the same text: checked). */
const helpers = new Map<string, string>();
/** The leading `var __name = …;` statements of a file: esbuild's helpers, and where they end. */
function helperPrologue(file: string, text: string): { names: string[]; start: number; end: number } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const names: string[] = [];
  let start = -1, end = -1;
  for (const st of source.statements) {
    if (ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression) && start < 0) continue; // "use strict"
    if (!ts.isVariableStatement(st) || st.declarationList.declarations.length !== 1) break;
    const d = st.declarationList.declarations[0];
    if (!ts.isIdentifier(d.name) || !/^__[a-zA-Z]+$/.test(d.name.text)) break;
    const def = text.slice(st.getStart(source), st.end);
    const seen = helpers.get(d.name.text);
    if (seen !== undefined && seen !== def) throw new Error(`bundle: ${file}: esbuild's helper ${d.name.text} differs from another file's`);
    helpers.set(d.name.text, def);
    names.push(d.name.text);
    if (start < 0) start = st.getStart(source);
    end = st.end;
  }
  return { names, start, end };
}
for (const m of modules) {
  const file = `${node}/${outOf(m)}`;
  let text = readFileSync(file, "utf8");
  const { names, start, end } = helperPrologue(m, text);
  const up = "../".repeat(outOf(m).split("/").length - 1) || "./";
  if (names.length) text = `${text.slice(0, start)}const { ${names.join(", ")} } = require("${up}helpers.cjs");${text.slice(end)}`;
  const fixed = text
    .replace(/\brequire\((["'])(\.\.?\/[^"']+)\.js\1\)/g, "require($1$2.cjs$1)")
    .replace(/\bimport\((["'])(\.\.?\/[^"']+)\.js\1\)/g, "Promise.resolve().then(() => require($1$2.cjs$1))");
  if (/\b(?:require|import)\((["'])\.\.?\/[^"']+\.js\1\)/.test(fixed)) throw new Error(`bundle: ${m}: an import of the project not turned into its .cjs file`);
  writeFileSync(file, fixed);
}
// esbuild ends each file with its export names for Node's ESM import (`0 && (module.exports = {…})`,
// read by cjs-module-lexer). Only the entries' ESM wrappers import CommonJS files, so only the
// entries and the modules their names come from (`...require(…)` there) keep it.
const ANNOTATION = "\n// Annotate the CommonJS export names for ESM import in node:\n0 && (module.exports = {";
const annotated = new Set<string>();
for (const pending = Object.values(libraryEntries).map(outOf); pending.length;) {
  const out = pending.pop()!;
  if (annotated.has(out)) continue;
  annotated.add(out);
  const text = readFileSync(`${node}/${out}`, "utf8");
  const at = text.indexOf(ANNOTATION);
  for (const r of at < 0 ? [] : text.slice(at).matchAll(/\.\.\.require\("(\.\.?\/[^"]+)"\)/g)) pending.push(relative(node, `${dirname(`${node}/${out}`)}/${r[1]}`));
}
for (const m of modules) {
  const file = `${node}/${outOf(m)}`;
  const text = readFileSync(file, "utf8");
  const at = text.indexOf(ANNOTATION);
  if (at >= 0 && !annotated.has(outOf(m))) writeFileSync(file, `${text.slice(0, at)}\n`);
}
writeFileSync(`${node}/helpers.cjs`, `"use strict";\n// esbuild's CommonJS helpers, once for every module of build/dist/node (scripts/bundle.ts).\n${[...helpers.values()].join("\n")}\nmodule.exports = { ${[...helpers.keys()].join(", ")} };\n`);
// The generated vector validator: minified (generated code; it returns errors, it never throws), once
// for the package. A script that is both a CommonJS module (its module object is the function, as a
// default import in Node mode expects) and a classic script for the playground's page, where it
// sets the global VALIDATOR_GLOBAL (the app reads it: one copy of its 125 KB, not two).
const VALIDATOR_GLOBAL = "lfpValidateVectors";
await build({
  ...common, format: "iife", globalName: VALIDATOR_GLOBAL, platform: "neutral", minify: true, entryPoints: [validatorPath], outfile: `${node}/spec-tests/runner/validate-vectors.cjs`,
  footer: { js: `typeof module=="object"&&(module.exports=${VALIDATOR_GLOBAL}.default);` },
});
writeFileSync(`${node}/package.json`, `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
for (const [name, entry] of Object.entries(libraryEntries)) writeFileSync(`${node}/${name}.mjs`, `export * from "./${outOf(entry)}";\n`);

// The package's vectors, checked now (schema and semantics) against the model they ship with:
// `lfp spec` then skips the checks for a file whose text is unchanged (spec-tests/runner/files.ts).
const { loadModel } = await import("../host/node.js");
const { loadVectors, textDigest } = await import("../spec-tests/runner/files.js");
const vectorFiles = readdirSync(`${root}spec-tests/vectors`).filter((f) => f.endsWith(".json")).sort().map((f) => `spec-tests/vectors/${f}`);
await loadVectors(vectorFiles.map((f) => `${root}${f}`), (await loadModel()).catalogue);
writeFileSync(`${node}/vectors-checked.json`, `${JSON.stringify({ files: Object.fromEntries(vectorFiles.map((f) => [f, textDigest(readFileSync(`${root}${f}`, "utf8"))])) }, null, 1)}\n`);

// Types: tsc's declarations of the modules the entries reach, once, as CommonJS (a package.json
// says so); each ESM entry gets a .d.mts that re-exports them, as its .mjs does.
const types = `${root}build/types`;
rmSync(types, { recursive: true, force: true });
rmSync(`${root}build/types-cjs`, { recursive: true, force: true });
const declared = new Set<string>();
const declare = (source: string) => {
  const dts = source.endsWith(".d.ts") ? source : source.replace(/\.ts$/, ".d.ts");
  if (declared.has(dts)) return;
  declared.add(dts);
  const from = existsSync(`${root}build/js/${dts}`) ? `${root}build/js/${dts}` : `${root}${dts}`;
  const text = readFileSync(from, "utf8");
  mkdirSync(dirname(`${types}/${dts}`), { recursive: true });
  writeFileSync(`${types}/${dts}`, text.replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n"));
  for (const m of text.matchAll(/(?:from|import\()\s*["'](\.\.?\/[^"']+)["']/g)) {
    const target = relative(root, `${dirname(`${root}${source}`)}/${m[1]}`).replace(/\.js$/, ".ts");
    declare(existsSync(`${root}${target}`) ? target : target.replace(/\.ts$/, ".d.ts"));
  }
};
for (const entry of [...Object.values(libraryEntries), "host/browser.ts", "host/browser-inline.ts"]) declare(entry);
writeFileSync(`${types}/package.json`, `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
const wrappers = { ...libraryEntries, browser: "host/browser.ts", inline: "host/browser-inline.ts" };
for (const [name, entry] of Object.entries(wrappers)) writeFileSync(`${types}/${name}.d.mts`, `export * from "./${entry.replace(/\.ts$/, ".js")}";\n`);

// The playground: the app bundle, the page and the seed's sections (the model, the vectors and the
// grammars are served by `lfp playground` from where the package has them).
// Its vector validator is the package's one (validate-vectors.cjs above), loaded by the page as a script.
const pageValidator: Plugin = {
  name: "lfp-page-validator",
  setup(b) {
    b.onResolve({ filter: /\/validate-vectors\.js$/ }, () => ({ path: "validator", namespace: "lfp-page-validator" }));
    b.onLoad({ filter: /.*/, namespace: "lfp-page-validator" }, () => ({ contents: `export default globalThis.${VALIDATOR_GLOBAL}.default;`, loader: "js" }));
  },
};
await build({ ...browser, plugins: [pageValidator, ...browser.plugins!.slice(1)], entryPoints: [`${root}playground/app.ts`], outfile: `${dist}/playground/app.js` });
for (const f of readdirSync(`${root}playground`).filter((n) => /\.(html|css)$/.test(n))) copyFileSync(`${root}playground/${f}`, `${dist}/playground/${f}`);
writeFileSync(`${dist}/playground/seed.json`, JSON.stringify(seedSections(readFileSync(`${root}spec-tests/seed/SIO_LOOPBACK_FAST_PATH.en.md`, "utf8"))));
cpSync(`${root}host/wasm-module.d.ts`, `${types}/host/wasm-module.d.ts`);
process.stdout.write(`bundle: wrote build/dist (browser, node: ${modules.length} modules, playground) and build/types\n`);
