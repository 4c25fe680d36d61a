// CONTRIBUTING.md's recipes, kept true: every file, test and npm script a recipe names exists, and
// each recipe is followed once. Where following it for real needs a new build of the model, the
// state a missed step leaves is made on a temporary copy of the repository from what exists (a
// rule of the model without its vectors, a lint rule without its page, ...) and the tests the
// recipe names are run there: each must fail, with its message. The profile recipe is followed
// for real by test/profiles.test.ts (two profiles added and built).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadVectors } from "../spec-tests/runner/files.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { ModelTarget } from "../spec-tests/runner/model-target.js";
import type { LoadedCase } from "../spec-tests/runner/vectors.js";
import { CALL_FIELDS, IOCTL_FIELDS } from "../host/call.js";
import { nodeLinter } from "../host/lint/node.js";
import { checkUsage } from "../host/cli/check.js";
import { specUsage } from "../host/cli/spec.js";
import { observeUsage } from "../host/cli/observe-usage.js";
import { formatVectorText } from "../scripts/format-vectors.js";
import { renderReadme } from "../scripts/docs.js";
import { model, plainEnv, root, vectorsDir } from "./helpers.js";

const c = suite("CONTRIBUTING.md's recipes");
const doc = readFileSync(join(root, "CONTRIBUTING.md"), "utf8");
const RECIPES = ["Add a rule", "Add a vector", "Add a lint finding", "Add a call field", "Add a profile", "Add an observation"];

/** Each recipe's text, by its heading. */
const recipes = new Map(doc.split(/^## /m).slice(1).map((s) => [s.slice(0, s.indexOf("\n")), s] as const));
/** The tests a text names: `test/<file>.test.ts` › "<title>". */
const namedTests = (text: string) => [...text.replace(/\s*\n\s*/g, " ").matchAll(/`(test\/[\w-]+\.test\.ts)` › "([^"]+)"/g)].map((m) => ({ file: m[1], title: m[2] }));
const read = (path: string) => readFileSync(join(root, path), "utf8");
/** The top-level entries of the repository: a backticked text that starts with one is a path. */
const TOP = new Set(readdirSync(root).filter((e) => e !== "node_modules" && e !== "build" && e !== ".git"));

c("the six recipes, and every file, folder, test and npm script they name exists", () => {
  assert.equal([...recipes.keys()], RECIPES);
  const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
  const missing: string[] = [];
  for (const [name, text] of recipes) {
    const tests = namedTests(text);
    assert.ok(tests.length > 0 && /^Followed by /m.test(text), `${name}: names the tests that fail and what follows it`);
    for (const t of tests) {
      if (!existsSync(join(root, t.file))) missing.push(`${name}: ${t.file}`);
      else if (!read(t.file).includes(JSON.stringify(t.title))) missing.push(`${name}: ${t.file} has no test "${t.title}"`);
    }
    for (const m of text.matchAll(/`([.\w-]+(?:\/[\w.<>-]+)+\/?)`/g)) {
      if (!TOP.has(m[1].split("/")[0]!)) continue; // not a path of the repository (a lint id, a case id)
      // A path with a placeholder (`spec-tests/vectors/<topic>.json`): the folder it is in exists.
      const path = m[1].includes("<") ? m[1].slice(0, m[1].lastIndexOf("/", m[1].indexOf("<")) + 1) : m[1];
      if (!existsSync(join(root, path))) missing.push(`${name}: ${m[1]}`);
    }
    for (const m of text.matchAll(/npm run ([\w:-]+)/g)) if (!Object.hasOwn(scripts, m[1])) missing.push(`${name}: npm run ${m[1]}`);
  }
  assert.equal(missing, [], missing.join("\n"));
});

// ── a copy of the repository to leave steps out of, and the named tests run on it

let copyDir: string | null = null;
/** The repository without .git, with its build: tsc's output copied (tests find the root from it), the rest linked. */
function copy(): string {
  if (copyDir) return copyDir;
  const dir = mkdtempSync(join(tmpdir(), "lfp-contributing-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  for (const entry of readdirSync(root)) {
    if (entry === ".git" || entry === "node_modules" || entry === "build") continue;
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  cpSync(join(root, "build/js"), join(dir, "build/js"), { recursive: true });
  for (const entry of readdirSync(join(root, "build"))) if (entry !== "js") symlinkSync(join(root, "build", entry), join(dir, "build", entry));
  // The vectors as the repository keeps them: in canonical form.
  for (const f of readdirSync(join(dir, "spec-tests/vectors"))) {
    const p = join(dir, "spec-tests/vectors", f);
    writeFileSync(p, formatVectorText(readFileSync(p, "utf8")));
  }
  return (copyDir = dir);
}

/**
 * With each file of `changes` (a path from the root) rewritten by its function on the copy, run
 * the test files `tests` there; the copy is restored after. The titles of the tests that failed,
 * and the whole output.
 */
function leaveOut(changes: Record<string, (text: string) => string | null>, tests: string[]): { failed: string[]; out: string } {
  const dir = copy();
  const before = new Map<string, string>();
  try {
    for (const [path, change] of Object.entries(changes)) {
      const text = readFileSync(join(dir, path), "utf8");
      before.set(path, text);
      const after = change(text);
      if (after === null) rmSync(join(dir, path));
      else {
        assert.is.not(after, text, `the change to ${path} changes it`);
        writeFileSync(join(dir, path), after);
      }
    }
    const r = spawnSync(process.execPath, [join(root, "node_modules/uvu/bin.js"), "--no-color", "build/js/test", `^(${tests.join("|")})\\.test\\.js$`],
      { cwd: dir, env: plainEnv, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const out = `${r.stdout}${r.stderr}`;
    assert.is(r.status, 1, `the tests ran and failed:\n${out.slice(-3000)}`);
    return { failed: [...out.matchAll(/FAIL .*?"(.+)"\s*$/gm)].map((m) => m[1]), out };
  } finally {
    for (const [path, text] of before) writeFileSync(join(dir, path), text);
  }
}

/** The tests a recipe names for its steps (not the ones that follow it). */
const stepTests = (recipe: string) => namedTests(recipes.get(recipe)!.split(/^Followed by /m)[0]).map((t) => t.title);
/** Each of `titles` failed, and each of `messages` was said. */
function caught(r: { failed: string[]; out: string }, recipe: string, titles: string[], messages: string[]): void {
  for (const t of titles) {
    assert.ok(stepTests(recipe).includes(t), `${recipe} names "${t}"`);
    assert.ok(r.failed.includes(t), `"${t}" failed; failed: ${JSON.stringify(r.failed)}\n${r.out.slice(-3000)}`);
  }
  // uvu shows a space in a diff as "·".
  const said = r.out.replace(/·/g, " ");
  for (const m of messages) assert.ok(said.includes(m), `said: ${m}\n${r.out.slice(-3000)}`);
}

/** A rewrite of a JSON file by `f`, which edits the parsed value. */
const json = (f: (v: any) => void) => (text: string) => { const v = JSON.parse(text); f(v); return `${JSON.stringify(v, null, 1)}\n`; };
const vectorFile = (f: (v: { cases: LoadedCase[] }) => void) => (text: string) => formatVectorText(json(f)(text));

c("Add a rule: a rule of the model without its vectors, passages, verdict (and its summary), name or README row fails the tests the recipe names", async () => {
  const rule = "path.listener-late";
  const { catalogue } = await model();
  const without = { ...catalogue, rules: catalogue.rules.filter((r) => r.id !== rule) };
  const r = leaveOut({
    "spec-tests/vectors/path.json": vectorFile((v) => { v.cases = v.cases.filter((x) => !x.id.startsWith(`${rule}/`)); }),
    "docs/evidence/passages.json": json((v) => { delete v.passages["seed#Remarks/before-accept"]; }),
    "docs/evidence/reread.json": json((v) => { v.entries = v.entries.filter((e: { target: string }) => e.target !== `rule:${rule}`); }),
    "build/js/host/names.js": (t) => t.replace(`, "${rule}"`, ""),
    "README.md": (t) => renderReadme(t, without),
  }, ["api", "docs", "coverage", "evidence"]);
  caught(r, "Add a rule", [
    "every rule decides an outcome of a vector named after it, in its topic file, and every vector names a rule",
    "every rule's sources parse into known citation ids, each with a passage",
    "every rule, precedence cell and following profile's grade has a verdict of the re-read, on passages that exist",
    "docs/evidence/reread.md is what scripts/reread-md.ts makes of reread.json (run npm run docs)",
    "the name unions of the types equal the model's names",
    "the generated tables in README are what the model exports (run npm run docs)",
  ], [`rule ${rule} has no vector`, `${rule}: seed#Remarks/before-accept`, "rules and cells without a verdict", "host/names.ts RuleId: run npm run names"]);
});

/** A copy of the first case of `prefix` as a new case `id`, citing no recording. */
async function newCase(prefix: string, id: string): Promise<LoadedCase> {
  const cases = await loadVectors([vectorsDir], (await model()).catalogue);
  const { file: _file, ...found } = structuredClone(cases.find((x) => x.id.startsWith(prefix))!);
  for (const s of found.steps) delete (s as { ref?: unknown }).ref;
  return { ...found, id, title: `${found.title} (a new case)`, refs: found.refs.filter((r) => r !== "observed:wine-8") } as LoadedCase;
}

c("Add a vector: a new case runs on the model; a wrong expectation fails; unformatted, uncited or misplaced, the named tests fail", async () => {
  const m = await model();
  const added = await newCase("in.too-small/", "in.too-small/contributing-example");
  const dir = mkdtempSync(join(tmpdir(), "lfp-vector-"));
  try {
    const file = join(dir, "in.json");
    writeFileSync(file, formatVectorText(JSON.stringify({ format: "lfp-vectors/1", cases: [added] })));
    const run = async () => runSuite(await loadVectors([file], m.catalogue), new ModelTarget(m), [...m.profiles], m.catalogue);
    const good = await run();
    assert.equal([good.passed, good.failed], [m.profiles.length, 0], JSON.stringify(good.results.filter((x) => x.status !== "pass")));
    const wrong = structuredClone(added);
    const ioctl = wrong.steps.find((s) => s.op === "ioctl")!;
    ioctl.expect = { ...ioctl.expect, error: "WSAENOTSOCK" };
    writeFileSync(file, formatVectorText(JSON.stringify({ format: "lfp-vectors/1", cases: [wrong] })));
    const bad = await run();
    assert.ok(bad.results.some((x) => x.status === "fail" && x.mismatches.some((y) => y.field === "error")), "the runner reports the wrong error");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const misplaced = await newCase("out.pointer/", "out.pointer/contributing-misplaced");
  const r = leaveOut({
    "spec-tests/vectors/in.json": (t) => JSON.stringify({ ...JSON.parse(t), cases: [...JSON.parse(t).cases, { ...added, refs: [...added.refs, "seed#Remarks/no-such-passage"] }, misplaced] }),
  }, ["vectors-format", "evidence", "coverage"]);
  caught(r, "Add a vector", [
    "every vector file is in canonical form",
    "every vector's refs resolve to a passage (or to the case's own recording)",
    "every rule decides an outcome of a vector named after it, in its topic file, and every vector names a rule",
  ], ["not in canonical form: in.json", "npm run vectors:format", "in.too-small/contributing-example: seed#Remarks/no-such-passage", "out.pointer/contributing-misplaced should be in out.json"]);
});

c("Add a lint finding: a fixture gives the finding; without its page or its README row, the named tests fail", async () => {
  const linter = nodeLinter(await model());
  const fixture = "#include <winsock2.h>\nvoid f(SOCKET s) {\n  bool one = true; DWORD n = 0;\n  WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, sizeof(one), NULL, 0, &n, NULL, NULL);\n}\n";
  const site = (await linter.lintSource("fixture.c", "cpp", fixture)).sites;
  assert.is(site.length, 1);
  assert.ok(site[0].findings.some((f) => f.id === "lfp/cb-in" && f.level === "error"), JSON.stringify(site[0].findings.map((f) => f.id)));
  const r = leaveOut({
    "docs/lint/cb-in.md": () => null,
    "README.md": (t) => t.replace(/^\| \[`lfp\/cb-in`\].*\n/m, ""),
  }, ["lint-docs"]);
  caught(r, "Add a lint finding", [
    "docs/lint/ holds exactly the generated pages (run npm run docs)",
    "README's rule table is the generated one, one row per rule",
  ], []);
});

c("Add a call field: every field has its place in lfp check, the playground's form, FORMAT.md's defaults and the ABI round trip", () => {
  const kebab = (f: string) => f.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`);
  const form = read("playground/index.html");
  const defaults = /## Defaults of an `ioctl` step\n([\s\S]*?)\n\n/.exec(read("spec-tests/FORMAT.md"))![1];
  const abi = read("test/abi.test.ts");
  const lacking: string[] = [];
  for (const f of CALL_FIELDS) {
    const option = f === "conditions" ? "--condition" : `--${kebab(f)}`;
    if (!new RegExp(`^  ${option} `, "m").test(checkUsage)) lacking.push(`lfp check ${option}`);
    const control = f === "in" ? "inKind" : f === "out" ? "outKind" : f;
    if (f !== "conditions" && !form.includes(`name="${control}"`)) lacking.push(`playground/index.html name="${control}"`);
    if (!new RegExp(`[{,] ${f}: `).test(abi)) lacking.push(`test/abi.test.ts: a case with ${f}`);
  }
  for (const f of IOCTL_FIELDS) if (!defaults.includes(`\`${f}\``)) lacking.push(`spec-tests/FORMAT.md defaults: ${f}`);
  assert.ok(read("playground/app.ts").includes("CONDITION_NAMES"), "the playground's conditions come from host/call.ts");
  assert.equal(lacking, []);
});

c("Add a profile: the --profile lines of the usage texts and README, and README's profile table, name exactly the model's profiles", async () => {
  const { profiles } = await model();
  const readme = read("README.md");
  const lists: [string, string][] = [["lfp check", checkUsage], ["lfp spec", specUsage], ["lfp observe", observeUsage], ["README's CLI", readme]];
  for (const [where, text] of lists) {
    const m = /--profile(?: <p>)?\s+((?:[\w-]+\s*\|\s*)+[\w-]+)/.exec(text);
    assert.ok(m, `${where} has a --profile line`);
    assert.equal(m![1].split("|").map((p) => p.trim()).filter((p) => p !== "all"), [...profiles], `${where}: --profile`);
  }
  const table = /## Profiles[^\n]*\n\n\| profile \| what it is \|\n\| --- \| --- \|\n((?:\|.*\n)+)/.exec(readme);
  assert.ok(table, "README has the profile table");
  assert.equal(table![1].trim().split("\n").map((row) => /^\| `([\w-]+)` \|/.exec(row)?.[1]), [...profiles], "README's profile table");
});

c("Add an observation: a cited case left out of the recording, a changed recording, a moved note and a known divergence naming no step fail the named tests", async () => {
  const passages = JSON.parse(read("docs/evidence/passages.json")).passages as Record<string, { where: string }>;
  const cases = await loadVectors([vectorsDir], (await model()).catalogue);
  const cited = cases.find((x) => x.refs.includes("observed:wine-8") && !passages[`observed:wine-8/${x.id}`])!;
  const quoted = Object.keys(passages).find((id) => id.startsWith("observed:wine-8/") && id.slice("observed:wine-8/".length) !== cited.id)!.slice("observed:wine-8/".length);
  const noStep = cases.find((x) => !x.steps.some((s) => s.op === "listen"))!;
  const recording = "spec-tests/observations/wine-8.0.json";
  const r = leaveOut({
    [recording]: json((v) => {
      v.cases = v.cases.filter((x: { id: string }) => x.id !== cited.id);
      v.cases.find((x: { id: string }) => x.id === quoted).steps[0].ret = 12345;
    }),
    "spec-tests/known-divergences.json": json((v) => { v.divergences.push({ target: "wine", case: noStep.id, at: { op: "listen" }, fields: ["error"], reason: "a step this case does not have" }); }),
  }, ["evidence", "known-divergences"]);
  caught(r, "Add an observation", [
    "every vector's refs resolve to a passage (or to the case's own recording)",
    "quotes of this repository's files are in the file, at the lines named",
    "every entry of spec-tests/known-divergences.json names exactly one step of an existing case",
  ], [`${cited.id}: observed:wine-8`, `observed:wine-8/${quoted}: the quote is not the recorded steps`]);
  const moved = leaveOut({ "spec-tests/observations/wine-8.md": (t) => t.replace("\n", "\n\n") }, ["evidence"]);
  caught(moved, "Add an observation", ["quotes of this repository's files are in the file, at the lines named"], ["observed:wine-8.md/"]);
});

c.run();
