// The profile axis: nothing in assembly/ knows how many profiles there are but the
// declaration (assembly/profiles.ts); a profile that follows another inherits what it does
// not declare, in the model and in the runner; windows-7 is Windows without the code.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { loadModel, type Model } from "../host/node.js";
import type { Call } from "../host/call.js";
import { loadVectors } from "../spec-tests/runner/files.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { ModelTarget } from "../spec-tests/runner/model-target.js";
import { D_MODEL_ERROR, D_RETURNED, OBS_UNKNOWN } from "../assembly/shared/layout.js";
import { model, root, vectorsDir } from "./helpers.js";

const axis = suite("the profile axis");

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(".ts"))
    .map((d) => join(d.parentPath, d.name));
}

/** The code of a file without its comments and string literals (whose text may quote numbers). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, (m) => m.replace(/[^\n]/g, " "));
}

/**
 * Arithmetic that would encode a profile count or a width derived from it: masks and
 * moduli by 3, 4, 5, 7 or 8, shifts by 2 or 3, products and bounds with 3, 4, 5 or 8, and
 * order comparisons on profile numbers. Bit fields use the named masks of shared/layout.ts.
 */
const PROFILE_ARITHMETIC: [string, RegExp][] = [
  ["a mask or modulus that could be a profile count", /[&%]\s*(?:3|4|5|7|8)\b(?!\s*[.x])/],
  ["a shift that could be a profile stride", /(?:<<|>>>?)\s*[23]\b/],
  ["a product that could be a profile stride", /\*\s*[3458]\b|\b[3458]\s*\*(?!\*)/],
  ["a bound that could be the profile count", /[<>]=?\s*[3458]\b(?!\s*[.x])|\b[3458]\s*[<>]=?(?![<>])/],
  ["an order comparison on profile numbers", /\bP\.(?!COUNT\b)[A-Z][A-Z_0-9]*\s*[<>]|(?:<|(?<!<[\w.]+)>)=?\s*(?:<\w+>)?\s*P\.(?!COUNT\b)[A-Z]/],
  ["a comparison with a profile number (a trait, declared in profiles.ts, says what it means)", /[=!]==?\s*P\.[A-Z]|\bP\.[A-Z][A-Z_0-9]*\s*[=!]=/],
];

axis("no literal profile arithmetic in assembly/: the width of every per-profile table derives from the declaration", () => {
  const found: string[] = [];
  const files = sources(`${root}assembly`);
  assert.ok(files.length > 10, "the model's sources are where this test looks");
  for (const file of files) {
    code(readFileSync(file, "utf8")).split("\n").forEach((line, i) => {
      for (const [what, re] of PROFILE_ARITHMETIC) if (re.test(line)) found.push(`${file.slice(root.length)}:${i + 1}: ${what}: ${line.trim()}`);
    });
  }
  assert.equal(found, [], found.join("\n"));
});

axis("the grep above finds what it is for", () => {
  const hits = (line: string) => PROFILE_ARITHMETIC.filter(([, re]) => re.test(code(line))).map(([what]) => what);
  for (const line of ["return CELLS[(row << 2) | (profile & 3)];", "for (let p = 0; p < 4; p++) {", "ROW_WORDS[row * 8 + p]",
    "if (profile >= P.WINE) x();", "if (P.WINDOWS >= profile) x();", "if (p <= <u32>P.WINDOWS) x();", "const t = S.profile == P.WINDOWS;", "x = p % 4;"]) {
    assert.ok(hits(line).length > 0, line);
  }
  for (const line of ["const ov = (flags >> F_OVERLAPPED) & M_POINTER;", "row(R.X, c(CL_PARAM, E_FAULT), on(P.DOCUMENTED));",
    'def(R.X, "x", G(ALL, D), "cbInBuffer < 4", "x");', "if (profile >= <u32>P.COUNT) return unknownProfile();", "// (row << 2) | p",
    "scenarioReset(<u32>P.DOCUMENTED, false);", "assert(<i32>P.COUNT < GRADES_ALL);"]) {
    assert.equal(hits(line), [], line);
  }
});

axis("windows-7 follows windows: its cells are windows' but for the rows of the code's parameters", async () => {
  const m = await model();
  const c = m.catalogue;
  const w7 = c.profiles.find((p) => p.name === "windows-7");
  assert.is(w7?.follows, "windows");
  const win = c.profiles.findIndex((p) => p.name === "windows");
  // A cell's outcome apart from its grade: windows-7 has grades of its own (below).
  const outcome = (cell: (typeof c.precedence)[number]["cells"][number]) => JSON.stringify(cell && { ...cell, grade: undefined });
  const changed = c.precedence.filter((row) => outcome(row.cells[w7!.index]) !== outcome(row.cells[win])).map((row) => row.rule.id);
  // hotfix#51 observed Windows 7 (docs/evidence/reread.json): observed there, inferred for Windows 8 and later.
  const regraded = c.precedence.filter((row) => row.cells[w7!.index] && row.cells[w7!.index]!.grade !== row.cells[win]!.grade)
    .map((row) => `${row.rule.id} ${row.cells[win]!.grade} -> ${row.cells[w7!.index]!.grade}`);
  assert.equal(regraded, ["env.provider-unsupported inferred -> observed"]);
  // The provider does not know the code: none of its parameters is checked (assembly/precedence.ts).
  assert.equal(changed, ["socket.not-tcp", "in.pointer", "in.too-small", "out.pointer", "out.cb-nonzero", "env.port-reservation-denied"]);
  for (const id of changed) assert.is(c.precedence.find((row) => row.rule.id === id)!.cells[w7!.index], null);
});

axis("a profile number the model does not have is refused, never read as another profile", async () => {
  const e = (await model()).exports;
  const n = e.profileCount();
  const typical = [0x442, 0x98000010, 4, 4, 1, 0, 0] as const; // WSAIoctl after WSAStartup, a valid BOOL and lpcbBytesReturned
  for (const p of [n, n + 1, 8, 0xffffffff]) {
    assert.is(e.evaluate(p, ...typical) & 3, D_MODEL_ERROR, `evaluate, profile ${p}`);
    assert.equal([e.conform(p, ...typical), e.conformOutcome(0) & 3], [1, D_MODEL_ERROR], `conform, profile ${p}`);
    assert.equal([e.precedenceCell(5, p), e.ruleGrade(5, p), e.profileBase(p), e.precedenceOrdered(0, 1, p)], [0, 0, -1, 0]);
    e.scenarioReset(p, 1);
    assert.is(e.opSocket(4, 1, 6, 1) & 3, D_MODEL_ERROR, `a scenario for profile ${p}`);
    assert.is(e.observe(0) >>> 0, OBS_UNKNOWN, "none of its sockets can be observed");
  }
  assert.is(e.evaluate(n - 1, ...typical) & 3, D_RETURNED, "the last profile is one");
});

const flagsArb = fc.record({
  api: fc.constantFrom("WSAIoctl" as const, "WSPIoctl" as const),
  handle: fc.constantFrom("tcp" as const, "udp" as const),
  overlappedSocket: fc.boolean(),
  in: fc.oneof(fc.constant({ bool: 1 }), fc.constant({ bool: 0 }), fc.constant({ u32: 0xffffffff })),
  overlapped: fc.oneof(fc.constant(null), fc.record({ event: fc.boolean() })),
  completionRoutine: fc.constantFrom("valid" as const, null),
  conditions: fc.record({ ioDeferred: fc.boolean() }),
}, { requiredKeys: [] });

axis("windows-7: every call that succeeds on windows fails with WSAEOPNOTSUPP, as Windows reports a code it does not know", async () => {
  const m = await model();
  let succeeded = 0;
  fc.assert(fc.property(flagsArb, (call: Call) => {
    const w = m.evaluate(call, "windows");
    if (w.ret !== 0 && !(w.error?.name === "WSA_IO_PENDING" && w.completion?.status.name === "WSA_IO_PENDING")) return;
    succeeded++;
    const o = m.evaluate(call, "windows-7");
    if (w.completion === null) {
      assert.equal([o.ret, o.error?.name, o.bytesReturned, o.completion], [-1, "WSAEOPNOTSUPP", 0, null], JSON.stringify(call));
    } else { // overlapped: pending, and the completion carries the error (wine-test test_unsupported_ioctls)
      assert.equal([o.ret, o.error?.name, o.bytesReturned, o.completion?.via, o.completion?.status.name],
        [-1, "WSA_IO_PENDING", "untouched", w.completion.via, "WSAEOPNOTSUPP"], JSON.stringify(call));
    }
    assert.is(o.rule.id, "env.provider-unsupported");
    assert.is(m.conform(call, "windows-7").members.length, 1, "nothing else conforms");
  }), { numRuns: 400 });
  assert.ok(succeeded > 50, `only ${succeeded} calls succeeded on windows`);
});

axis("windows-7: no socket of any vector ever gets the fast path", async () => {
  const m = await model();
  const cases = await loadVectors([vectorsDir], m.catalogue);
  let observed = 0;
  for (const c of cases) {
    if (c.profiles && !c.profiles.includes("windows-7")) continue;
    const { scenario, sockets } = new ModelTarget(m).play({ case: c, profile: "windows-7" });
    for (const s of sockets.values()) {
      const o = scenario.observe(s);
      if (!o.ok) continue;
      observed++;
      assert.equal([o.fastPath, o.path === "fast"], ["off", false], `${c.id}: socket ${s}`);
    }
  }
  assert.ok(observed > 100, `only ${observed} sockets observed`);
});

/** The repository without what the build makes, with the build scripts and the dependencies. */
function copyRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), "lfp-axis-"));
  const skip = new Set([".git", "node_modules", "build", ".lfp-cache"]);
  for (const entry of readdirSync(root)) if (!skip.has(entry)) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  mkdirSync(join(dir, "build/js"), { recursive: true });
  cpSync(join(root, "build/js/scripts"), join(dir, "build/js/scripts"), { recursive: true });
  return dir;
}

axis("a new profile is one declaration: a sixth and a seventh profile build and pass the spec suite, with no table edited", async () => {
  const dir = copyRepository();
  try {
    // The declaration only: two numbers in `P` and two records, one following documented, one following windows-7.
    const file = join(dir, "assembly/profiles.ts");
    const before = readFileSync(file, "utf8");
    const after = before
      .replace(/(\n\s*)(\/\*\* Not a profile: the number of profiles\. \*\/)/, "$1DUMMY,$1DUMMY_7,$1$2")
      .replace(/\n}\n\n\/\*\* The number of profiles/, `
  def(P.DUMMY, "dummy", P.DOCUMENTED, 0, "a test's profile: documented, declared in one place");
  def(P.DUMMY_7, "dummy-7", P.WINDOWS_7, 0, "a test's profile: windows-7, declared in one place");
}

/** The number of profiles`);
    assert.is(after.split("\n").length, before.split("\n").length + 4, "the test could not find where profiles are declared");
    writeFileSync(file, after);
    // Build the model as the build does (the debug target: its asserts check every per-profile index).
    execFileSync(process.execPath, ["build/js/scripts/pack-catalogue.js"], { cwd: dir, stdio: "pipe" });
    execFileSync(process.execPath, ["node_modules/assemblyscript/bin/asc.js", "assembly/index.ts", "--target", "debug"], { cwd: dir, stdio: "pipe" });
    // With the explanations built beside it (its precedence table and texts; the package's are another build's).
    const m: Model = await loadModel({ bytes: readFileSync(join(dir, "build/debug.wasm")), explanations: JSON.parse(readFileSync(join(dir, "build/explain.json"), "utf8")) });
    const c = m.catalogue;
    assert.equal(m.profiles.slice(-3), ["windows-7", "dummy", "dummy-7"]);
    assert.equal(c.profiles.slice(-2).map((p) => p.follows), ["documented", "windows-7"]);
    // What the new profiles do not declare they have from the profile they follow.
    const same = (a: string, b: string) => {
      const [i, j] = [m.profiles.indexOf(a as never), m.profiles.indexOf(b as never)];
      for (const row of c.precedence) assert.equal(row.cells[i], row.cells[j], `${row.rule.id}: ${a} against ${b}`);
      for (const r of c.rules) assert.is(r.grades[a as never], r.grades[b as never], `${r.id}: ${a} against ${b}`);
    };
    same("dummy", "documented");
    same("dummy-7", "windows-7");
    // The spec suite on the copy's vectors, every profile: the new ones take their bases' expectations.
    const cases = await loadVectors([join(dir, "spec-tests/vectors")], c);
    const r = await runSuite(cases, new ModelTarget(m), [...m.profiles], c);
    const failed = r.results.filter((x) => x.status !== "pass").map((x) => `${x.id} [${x.profile}]: ${JSON.stringify(x.mismatches ?? x.reason)}`);
    assert.equal(failed, [], failed.slice(0, 5).join("\n"));
    for (const p of ["dummy", "dummy-7"]) assert.ok(r.results.filter((x) => x.profile === p).length > 100, `${p} ran its cases`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

axis.run();
