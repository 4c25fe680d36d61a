// The paths that comments and documents name are true: a path that starts with a folder of this
// repository (`assembly/shared/layout.ts`, `shared/layout.ts` from assembly/, `targets/native/`
// from the runner) exists, a `../` path stays in the repository and exists, a .ts file named alone
// (`colour.ts`) is a file of the repository, and nothing points at
// the folders of the machine the project was written on. Read: the comments of the code (.ts,
// .js, .c, .h, shell and YAML) and the whole of every Markdown file, diagrams included. Not read:
// what the build makes, the dependencies, the lint corpus's third-party sources and the test
// consumer's files (their paths are their projects').
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { root } from "./helpers.js";

const paths = suite("paths named in comments and documents");

/** Not walked: generated or installed. */
const SKIP = new Set([".git", "node_modules", "build", ".lfp-cache"]);
/** Other projects' files: their comments name their paths (a README of ours among them is read). */
const THEIRS = /^test\/(lint-corpus|consumer)\/(?!README\.md$)/;
/** Folders whose name also starts paths of other projects (Wine's include/): such a path is not taken for ours. */
const COMMON = new Set(["include"]);

/** Every file of the repository, and the folders whose name marks a path as the repository's. */
function walk(): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [];
  const visit = (dir: string) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const p = dir ? `${dir}/${e.name}` : e.name;
      if (SKIP.has(e.name)) continue;
      if (e.isDirectory()) {
        if (!THEIRS.test(`${p}/`) && !COMMON.has(e.name)) dirs.push(p);
        visit(p);
      } else if (!THEIRS.test(p)) files.push(p);
    }
  };
  visit("");
  return { files, dirs };
}

/** The comments of a source text (by TypeScript's scanner for JS and TS: a string is not a comment). */
export function comments(file: string, text: string): string {
  if (/\.md$/.test(file)) return text;
  if (/\.[cm]?[jt]s$/.test(file)) {
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
    const out: string[] = [];
    for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
      if (k === ts.SyntaxKind.SingleLineCommentTrivia || k === ts.SyntaxKind.MultiLineCommentTrivia) out.push(scanner.getTokenText());
      // A regular expression literal is not read as a comment or a division.
      if (k === ts.SyntaxKind.SlashToken || k === ts.SyntaxKind.SlashEqualsToken) scanner.reScanSlashToken();
      if (k === ts.SyntaxKind.CloseBraceToken) scanner.reScanTemplateToken(false);
    }
    return out.join("\n");
  }
  if (/\.[ch]$/.test(file)) return [...text.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)].map((m) => m[0]).join("\n");
  if (/\.(ya?ml|sh)$/.test(file) || file.startsWith(".ci/")) return [...text.matchAll(/#[^\n]*/g)].map((m) => m[0]).join("\n");
  return "";
}

/** Something shaped like a path: segments joined by `/`, not inside a URL or a longer word. */
const PATH = /(?<![\w./:@~$-])(?:\.\.\/)*[A-Za-z0-9_@.-]+(?:\/[A-Za-z0-9_@.-]+)+\/?/g;

/**
 * The paths of `text` (from file `file`) that look like paths of the repository and are not:
 * a path whose first folder is a folder of the repository must exist beside the file, in one
 * of its parent folders, or beside any folder of that name; a `../` path must exist from the file;
 * a .ts file named alone must be the name of a file of the repository.
 */
export function falsePaths(file: string, text: string, tree: { files: string[]; dirs: string[] }): string[] {
  const parentsOf = new Map<string, string[]>();
  for (const d of tree.dirs) parentsOf.set(basename(d), [...(parentsOf.get(basename(d)) ?? []), dirname(d)]);
  const exists = (p: string) => {
    const full = resolve(root, p);
    return (full + "/").startsWith(root) && (existsSync(full) || existsSync(full.replace(/\.js$/, ".ts")));
  };
  const here = dirname(file);
  const around: string[] = [];
  for (let d = here; d !== "."; d = dirname(d)) around.push(d);
  around.push(".");
  const bad: string[] = [];
  for (const m of text.matchAll(/(?<![\w.-])\/work\/[\w./-]*/g)) bad.push(`${m[0]} (a folder of the machine, not of the repository)`);
  for (const m of text.matchAll(PATH)) {
    const p = m[0].replace(/[.]+$/, "");
    if (p.startsWith("../")) {
      if (!exists(join(here, p))) bad.push(`${p} (from ${file}: not in the repository)`);
      continue;
    }
    const parents = parentsOf.get(p.split("/")[0]!);
    if (!parents) continue; // not a folder of the repository: another project's path
    if (![...around, ...parents].some((d) => exists(join(d, p)))) bad.push(p);
  }
  // A TypeScript file named without its folder (`colour.ts`): the repository has a file of that name.
  const names = new Set(tree.files.map((f) => basename(f)));
  for (const m of text.matchAll(/(?<![\w./:@-])[A-Za-z][\w.-]*\.ts\b(?![\w/-])/g)) if (!names.has(m[0])) bad.push(m[0]);
  return bad;
}

paths("every path of the repository that comments and documents name exists", () => {
  const tree = walk();
  assert.ok(tree.files.includes("assembly/shared/layout.ts") && tree.files.includes("README.md"), "the repository is where this test looks");
  const found: string[] = [];
  let read = 0;
  for (const file of tree.files) {
    const text = comments(file, readFileSync(join(root, file), "utf8"));
    if (text) read++;
    for (const p of falsePaths(file, text, tree)) found.push(`${file}: ${p}`);
  }
  assert.ok(read > 150, `only ${read} files read`);
  assert.equal(found, [], found.join("\n"));
});

paths("the check finds what it is for, and leaves other projects' paths alone", () => {
  const tree = walk();
  const f = (file: string, text: string) => falsePaths(file, text, tree);
  assert.equal(f("README.md", "target.ts ◄── targets/model  (the Wasm)"), ["targets/model"]);
  assert.equal(f("assembly/rules.ts", "// see shared/layout.ts and scenario/records.ts"), []);
  assert.equal(f("assembly/rules.ts", "// see shared/abi.ts"), ["shared/abi.ts"]);
  assert.equal(f("assembly/rules.ts", "// see abi-v0.ts, rules.ts, sock.c and portable.d.ts"), ["abi-v0.ts"]);
  assert.equal(f("spec-tests/FORMAT.md", "The contract is `shared/spec/vector-format.md`"), ["shared/spec/vector-format.md"]);
  assert.equal(f("test/x.md", "as in `../../../shared/research/field.md`"), ["../../../shared/research/field.md (from test/x.md: not in the repository)"]);
  assert.equal(f("host/x.ts", "// /work/shared/seed/x.md"), ["/work/shared/seed/x.md (a folder of the machine, not of the repository)"]);
  assert.equal(f("docs/x.md", "wine's dlls/ws2_32/socket.c, libzmq's src/ip.cpp, https://github.com/a/host/b.ts, build/js/host/paths.js"), []);
  assert.equal(f("host/x.ts", "// host/paths.ts, spec-tests/runner/model-target.js, docs/lint/"), []);
  // A string or a regular expression is not a comment; a comment in a template's expression is.
  assert.equal(comments("x.ts", 'const a = "// host/nothing.ts"; const r = /\\/\\/ x/; // host/colour.ts\nconst t = `${1 /* c */}`;'), "// host/colour.ts\n/* c */");
});

paths.run();
