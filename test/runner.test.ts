import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFile, readdir } from "node:fs/promises";
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadVectors, textDigest } from "../spec-tests/runner/files.js";
import { spawnSync } from "node:child_process";
import { parseVectorText } from "../spec-tests/runner/parse.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { textReport, jsonReport, tapReport, junitReport, summaryLine, colourWanted, makeReporter } from "../spec-tests/runner/report.js";
import { vectorTests } from "../spec-tests/runner/index.js";
import { validateXML } from "xmllint-wasm";
import { ModelTarget } from "../spec-tests/runner/model-target.js";
import { LfpError } from "../host/node.js";
import { OPS } from "../spec-tests/runner/vectors.js";
import { IOCTL_FIELDS } from "../host/call.js";
import { model, root, vectorsDir } from "./helpers.js";

const runner = suite("spec runner");

runner("every bad fixture gives exactly its expected message", async () => {
  const m = await model();
  const expected = JSON.parse(await readFile(`${root}spec-tests/fixtures/bad-expected.json`, "utf8")) as Record<string, string>;
  const files = (await readdir(`${root}spec-tests/fixtures/bad`)).filter((f) => f.endsWith(".json")).sort();
  assert.equal(files, Object.keys(expected).sort(), "one expected message per fixture");
  const cwd = process.cwd();
  process.chdir(root);
  try {
    for (const f of files) {
      try {
        await loadVectors([`spec-tests/fixtures/bad/${f}`], m.catalogue);
        assert.unreachable(`${f} was accepted`);
      } catch (err) {
        assert.instance(err, LfpError, f);
        assert.is((err as LfpError).code, "LFP_BAD_VECTOR");
        assert.is((err as Error).message, expected[f], f);
      }
    }
  } finally {
    process.chdir(cwd);
  }
});

runner("problems in several files are all reported", async () => {
  const m = await model();
  try {
    await loadVectors([`${root}spec-tests/fixtures/bad/unknown-op.json`, `${root}spec-tests/fixtures/bad/wrong-type.json`], m.catalogue);
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, /unknown-op\.json[^]*wrong-type\.json/);
  }
});

runner("huge files and deep nesting are refused with a clear message, no stack trace", async () => {
  const m = await model();
  const dir = mkdtempSync(join(tmpdir(), "lfp-hostile-"));
  const deep = "[".repeat(100000) + "]".repeat(100000);
  writeFileSync(join(dir, "deep.json"), `{"format":"lfp-vectors/1","cases":[{"id":"x/deep","title":"t","refs":["none"],"steps":[{"op":"socket","as":"s","note":${deep}}]}]}`);
  writeFileSync(join(dir, "deep-object.json"), '{"a":'.repeat(100000) + "1" + "}".repeat(100000));
  writeFileSync(join(dir, "huge.json"), JSON.stringify({ format: "lfp-vectors/1", cases: [{ id: "x/huge", title: "x".repeat(10 * 1024 * 1024), refs: ["none"], steps: [{ op: "socket", as: "s" }] }] }));
  const expect: Record<string, RegExp> = {
    "deep.json": /deep\.json: case "x\/deep", step 0 \(socket\), field "note": must be string$/,
    "deep-object.json": /deep-object\.json, field "format": expected "lfp-vectors\/1", got undefined$/,
    "huge.json": /huge\.json: 10485874 bytes is more than the 8388608 a vector file may have$/,
  };
  for (const [f, re] of Object.entries(expect)) {
    try {
      await loadVectors([join(dir, f)], m.catalogue);
      assert.unreachable(f);
    } catch (err) {
      assert.is((err as LfpError).code, "LFP_BAD_VECTOR");
      assert.match((err as Error).message, re);
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

runner("an ioctl step's call fields are the schema's ioctl properties (one list: host/call.ts IOCTL_FIELDS)", async () => {
  const schema = JSON.parse(await readFile(`${root}spec-tests/schema/lfp-vectors-1.schema.json`, "utf8"));
  const props = Object.keys(schema.definitions["op-ioctl"].properties).filter((k) => !["op", "expect", "expectBy", "note", "socket", "as"].includes(k));
  assert.equal(props.sort(), [...IOCTL_FIELDS].sort());
});

runner("the ops the runner names are the schema's discriminator", async () => {
  const schema = JSON.parse(await readFile(`${root}spec-tests/schema/lfp-vectors-1.schema.json`, "utf8"));
  const refs = (schema.definitions.step.oneOf as { $ref: string }[]).map((r) => r.$ref.replace("#/definitions/op-", ""));
  assert.equal(refs, [...OPS]);
});

runner("a missing path is a clear error", async () => {
  const m = await model();
  try {
    await loadVectors(["/nonexistent/vectors"], m.catalogue);
    assert.unreachable();
  } catch (err) {
    assert.is((err as Error).message, "/nonexistent/vectors: no such file or directory");
  }
});

const one = (steps: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: "lfp-vectors/1", cases: [{ id: "t/one", title: "t", refs: ["none"], steps, ...extra }] });

runner("pass, fail and skip are judged per profile, with expected and actual", async () => {
  const m = await model();
  const cases = parseVectorText(one([
    { op: "socket", as: "s" },
    { op: "ioctl", socket: "s", expect: { ret: 0, bytesReturned: 0 }, expectBy: { windows: { ret: 0, bytesReturned: { oneOf: [0, "nonzero"] } }, wine: { ret: -1, error: "WSAEOPNOTSUPP" } } },
  ]), "mem.json", m.catalogue);
  const r = await runSuite(cases, new ModelTarget(m), ["documented", "windows", "wine"], m.catalogue);
  assert.equal(r.results.map((x) => [x.profile, x.status]), [["documented", "fail"], ["windows", "pass"], ["wine", "pass"]]);
  assert.equal(r.results[0].mismatches, [{ step: 1, op: "ioctl", field: "bytesReturned (vector over-certain)", expected: "0", actual: "one of nonzero, 0: the sources also allow nonzero (rule success.sync); the expectation must admit it" }]);
  assert.is(summaryLine(r), "2 passed, 1 failed, 0 skipped");
  const text = textReport(r);
  assert.match(text, "FAIL t/one [documented]");
  assert.match(text, "step 1 (ioctl) bytesReturned (vector over-certain): expected 0, got one of nonzero, 0: ");
  assert.ok(text.endsWith("2 passed, 1 failed, 0 skipped"));
  assert.not.match(textReport(r, false), "pass t/one");
  const json = JSON.parse(jsonReport(r));
  assert.equal([json.passed, json.failed, json.skipped, json.results.length], [2, 1, 0, 3]);
  const tap = tapReport(r).split("\n");
  assert.equal(tap.slice(0, 2), ["TAP version 13", "not ok 1 - t/one [documented]"]);
  assert.ok(tap.includes("ok 2 - t/one [windows]"));
  assert.is(tap.at(-2), "1..3", "the plan comes last: results stream");
  assert.is(tap.at(-1), "# 2 passed, 1 failed, 0 skipped");
});

runner("an expectation narrower than the sources fails: the model's other conforming outcomes must be admitted", async () => {
  const m = await model();
  const cases = parseVectorText(one([
    { op: "socket", as: "s" },
    { op: "ioctl", socket: "s", expect: { ret: 0, bytesReturned: 0 } },
  ], { profiles: ["windows"] }), "mem.json", m.catalogue);
  const r = await runSuite(cases, new ModelTarget(m), ["windows"], m.catalogue);
  assert.equal(r.results.map((x) => x.status), ["fail"]);
  assert.equal(r.results[0].mismatches.map((x) => [x.field, x.expected]), [["bytesReturned (vector over-certain)", "0"]]);
  assert.match(r.results[0].mismatches[0].actual, "the sources also allow nonzero (rule success.sync)");
});

runner("oneOf, error numbers and names, and case profiles", async () => {
  const m = await model();
  const cases = parseVectorText(one([
    { op: "socket", as: "s", type: "dgram", protocol: "udp" },
    { op: "ioctl", socket: "s", expect: { error: { oneOf: ["WSAEINVAL", 10045, "WSAENOPROTOOPT"] } } },
  ], { profiles: ["documented", "windows"] }), "mem.json", m.catalogue);
  const r = await runSuite(cases, new ModelTarget(m), ["documented", "windows", "wine", "reactos"], m.catalogue);
  assert.equal(r.results.map((x) => [x.profile, x.status]), [["documented", "pass"], ["windows", "pass"]]);
});

runner("a step on a socket that was never created fails the case with the reason", async () => {
  const m = await model();
  const cases = parseVectorText(one([
    { op: "socket", as: "s", type: "stream", protocol: "udp", expect: { ret: -1 } },
    { op: "listen", socket: "s" },
  ]), "mem.json", m.catalogue);
  const r = await runSuite(cases, new ModelTarget(m), ["windows"], m.catalogue);
  assert.is(r.results[0].status, "fail");
  assert.match(r.results[0].mismatches[0].actual, /socket "s" does not exist/);
});

runner("a model refusal fails unless the vector expects it", async () => {
  const m = await model();
  const steps = [{ op: "socket", as: "s" }, { op: "ioctl", socket: "s", overlapped: { event: true }, as: "op" }, { op: "wait", operation: "op" }, { op: "wait", operation: "op" }];
  const r = await runSuite(parseVectorText(one(steps), "mem.json", m.catalogue), new ModelTarget(m), ["windows"], m.catalogue);
  assert.is(r.results[0].status, "fail");
  assert.match(r.results[0].mismatches[0].actual, "refused by the model (rule scenario.bad-reference)");
});

runner("the shipped suite passes on the model for every profile", async () => {
  const m = await model();
  const cases = await loadVectors([`${root}spec-tests/vectors`], m.catalogue);
  const r = await runSuite(cases, new ModelTarget(m), [...m.profiles], m.catalogue);
  assert.ok(cases.length > 150, `${cases.length} cases`);
  assert.is(r.failed, 0, textReport(r, false));
  assert.is(r.skipped, 0);
});

/** A suite with a pass, a fail (with XML-hostile text in it) and a skip. */
async function mixedSuite() {
  const m = await model();
  const cases = parseVectorText(JSON.stringify({ format: "lfp-vectors/1", cases: [
    { id: "t/pass", title: "t", refs: ["none"], steps: [{ op: "socket", as: "s", expect: { ret: 0 } }] },
    { id: "t/fail", title: "t", refs: ["none"], steps: [{ op: "socket", as: "s" }, { op: "ioctl", socket: "s", expect: { ret: -1 } }] },
  ] }), "dir/mem.json", m.catalogue);
  const skip = { name: "skipper", profile: "wine" as const, run: async () => [{ steps: [], skip: "cannot run <here> & now" }] };
  return { m, cases, skip };
}

runner("JUnit XML validates against the JUnit schema, with failures, skips and times", async () => {
  const { m, cases, skip } = await mixedSuite();
  const r = await runSuite(cases, new ModelTarget(m), ["windows"], m.catalogue);
  const s = await runSuite(cases.slice(0, 1), skip, ["wine"], m.catalogue);
  const xml = junitReport({ ...r, results: [...r.results, ...s.results], skipped: 1 });
  const schema = readFileSync(`${root}test/fixtures/junit.xsd`, "utf8");
  const v = await validateXML({ xml: [{ fileName: "report.xml", contents: xml }], schema: [schema] });
  assert.ok(v.valid, `${v.rawOutput}\n${xml}`);
  assert.match(xml, /<testcase name="t\/pass \[windows\]" classname="dir.mem" time="\d+\.\d{3}"\/>/);
  assert.match(xml, /<failure message="step 1 \(ioctl\) ret: expected -1, got 0" type="mismatch">/);
  assert.match(xml, /<testcase name="t\/fail \[windows\]"/);
  assert.match(xml, /<skipped message="cannot run &lt;here&gt; &amp; now"\/>/);
  // A broken document must fail the same check (the check can fail).
  const broken = await validateXML({ xml: [{ fileName: "bad.xml", contents: xml.replace(/(<testcase [^>]*?) time="[^"]*"/, "$1") }], schema: [schema] });
  assert.is(broken.valid, false);
});

runner("results stream as cases finish, each with its duration; grep selects and bail stops", async () => {
  const { m, cases } = await mixedSuite();
  const seen: string[] = [];
  const r = await runSuite(cases, new ModelTarget(m), ["documented", "windows"], m.catalogue, { onResult: (c) => seen.push(`${c.id} [${c.profile}] ${c.status}`) });
  // Streamed as each case finished (case by case); the suite lists them by profile, then case.
  assert.equal(seen, ["t/pass [documented] pass", "t/pass [windows] pass", "t/fail [documented] fail", "t/fail [windows] fail"]);
  assert.equal(r.results.map((c) => `${c.id} [${c.profile}] ${c.status}`), ["t/pass [documented] pass", "t/fail [documented] fail", "t/pass [windows] pass", "t/fail [windows] fail"]);
  assert.ok(r.results.every((c) => typeof c.durationMs === "number" && c.durationMs >= 0));
  const grep = await runSuite(cases, new ModelTarget(m), ["documented", "windows"], m.catalogue, { grep: /pass \[windows\]/ });
  assert.equal(grep.results.map((c) => `${c.id} [${c.profile}]`), ["t/pass [windows]"]);
  const bail = await runSuite([...cases].reverse(), new ModelTarget(m), ["documented", "windows"], m.catalogue, { bail: true });
  assert.equal([bail.results.length, bail.failed, bail.bailed], [1, 1, true]);
  assert.match(summaryLine(bail), /stopped at the first failure/);
  const none = await runSuite(cases, new ModelTarget(m), ["windows"], m.catalogue, { grep: /nothing/ });
  assert.is(none.results.length, 0);
});

runner("colours: a terminal gets them, NO_COLOR turns them off, FORCE_COLOR forces them", async () => {
  assert.is(colourWanted({ isTTY: true }, {}), true);
  assert.is(colourWanted({ isTTY: false }, {}), false);
  assert.is(colourWanted({ isTTY: true }, { NO_COLOR: "1" }), false);
  assert.is(colourWanted({ isTTY: false }, { FORCE_COLOR: "1" }), true);
  assert.is(colourWanted({ isTTY: true }, { FORCE_COLOR: "0" }), true);
  assert.is(colourWanted({ isTTY: true }, { FORCE_COLOR: "0", NO_COLOR: "1" }), false);
  const { m, cases } = await mixedSuite();
  const r = await runSuite(cases, new ModelTarget(m), ["windows"], m.catalogue);
  assert.match(makeReporter("text", { colour: true }).result(r.results[1]) ?? "", "\x1b[31mFAIL\x1b[0m");
  assert.not.match(makeReporter("text", { colour: false }).result(r.results[1]) ?? "", "\x1b[");
});

runner("vectorTests: one function per (case, profile) that a test runner can host", async () => {
  const m = await model();
  const tests = await vectorTests(m, { grep: /^in\.too-small\// });
  assert.ok(tests.length >= 4);
  assert.equal(new Set(tests.map((t) => t.name)).size, tests.length, "unique names");
  for (const t of tests) assert.equal(await t.run(), {}, t.name);
  const dir = mkdtempSync(join(tmpdir(), "lfp-vt-"));
  try {
    writeFileSync(join(dir, "f.json"), one([{ op: "socket", as: "s" }, { op: "ioctl", socket: "s", expect: { ret: -1 } }]));
    const [failing] = await vectorTests(m, { paths: [dir], profiles: ["windows"] });
    try {
      await failing.run();
      assert.unreachable("a failing vector resolved");
    } catch (err) {
      assert.instance(err, LfpError);
      assert.is((err as LfpError).code, "LFP_VECTOR_FAILED");
      assert.match((err as Error).message, "step 1 (ioctl) ret: expected -1, got 0");
      // An assertion as test runners want one: expected and actual per step and field, and their diff.
      const f = err as LfpError & { expected: Record<string, Record<string, string>>; actual: Record<string, Record<string, string>>; operator: string };
      assert.equal([f.expected["step 1 (ioctl)"].ret, f.actual["step 1 (ioctl)"].ret, f.operator], ["-1", "0", "deepStrictEqual"]);
      assert.match((err as Error).message, /Expected values to be strictly deep-equal:\n\+ actual - expected/);
    }
    // Under node:test, the failure reports expected and actual (TAP's YAML block), so runners show a diff.
    writeFileSync(join(dir, "t.test.mjs"), `import { test } from "node:test";
      import { loadModel } from ${JSON.stringify(`${root}build/dist/node/index.mjs`)};
      import { vectorTests } from ${JSON.stringify(`${root}build/dist/node/runner.mjs`)};
      const model = await loadModel();
      for (const t of await vectorTests(model, { paths: [${JSON.stringify(join(dir, "f.json"))}], profiles: ["windows"] })) test(t.name, () => t.run());`);
    const r = spawnSync(process.execPath, ["--test", "--test-reporter=tap", join(dir, "t.test.mjs")], { encoding: "utf8" });
    assert.is(r.status, 1, r.stderr);
    assert.match(r.stdout, /code: 'LFP_VECTOR_FAILED'/);
    assert.match(r.stdout, /\n {2}expected:\n {4}step 1 \(ioctl\):\n {6}ret: '-1'\n/);
    assert.match(r.stdout, /\n {2}actual:\n {4}step 1 \(ioctl\):\n {6}ret: '0'\n/);
    assert.match(r.stdout, /\n {2}operator: 'deepStrictEqual'\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

runner("a file checked at build time is not checked again; an edited one is", async () => {
  const m = await model();
  const dir = mkdtempSync(join(tmpdir(), "lfp-checked-"));
  try {
    const file = join(dir, "v.json");
    const good = one([{ op: "socket", as: "s" }]);
    writeFileSync(file, good);
    const checked = new Map([[file, textDigest(good)]]);
    assert.is((await loadVectors([file], m.catalogue, checked)).length, 1);
    const edited = good.replace('"as":"s"', '"as":"s","cbInn":4');
    assert.is.not(textDigest(edited), textDigest(good));
    writeFileSync(file, edited);
    try {
      await loadVectors([file], m.catalogue, checked);
      assert.unreachable("an edited file skipped its checks");
    } catch (err) {
      assert.match((err as Error).message, 'unknown field "cbInn"');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

runner("the package's vectors load the same whether checked at build time or checked now", async () => {
  const m = await model();
  const files = JSON.parse(readFileSync(`${root}build/dist/node/vectors-checked.json`, "utf8")).files as Record<string, string>;
  const checked = new Map(Object.entries(files).map(([f, d]) => [`${root}${f}`, d]));
  assert.ok(checked.size > 10);
  const trusted = await loadVectors([vectorsDir], m.catalogue, checked);
  const full = await loadVectors([vectorsDir], m.catalogue);
  assert.equal(trusted, full);
});

runner("the lfp command loads only what a command needs", () => {
  const dist = `${root}build/dist/node/`;
  /** The package's modules a command loaded, relative to build/dist/node. */
  const loaded = (cmd: string[]) => {
    const r = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(`${dist}host/cli/main.cjs`)}).main(${JSON.stringify(cmd)}).then(() => process.stderr.write(Object.keys(require.cache).join("\\n")))`], { encoding: "utf8" });
    return r.stderr.trim().split("\n").filter((k) => k.startsWith(dist)).map((k) => k.slice(dist.length)).sort();
  };
  const check = loaded(["check"]);
  assert.ok(check.includes("host/cli/check.cjs") && check.includes("host/node.cjs"), check.join(" "));
  assert.equal(check.filter((m) => m.startsWith("spec-tests/") || m.startsWith("host/lint/") || m.startsWith("host/native/")), ["spec-tests/runner/socket-ref.cjs"], "lfp check loads no runner, linter or native driver");
  const spec = loaded(["spec", "--quiet"]);
  assert.ok(spec.includes("spec-tests/runner/run.cjs"), spec.join(" "));
  assert.equal(spec.filter((m) => /parse\.cjs$|validate-vectors\.cjs$|^host\/lint\//.test(m)), [], "the package's own vectors need no validator");
  const other = loaded(["spec", "--quiet", "spec-tests/fixtures/failing.json"]);
  assert.ok(other.includes("spec-tests/runner/parse.cjs") && other.includes("spec-tests/runner/validate-vectors.cjs"), "another file is validated");
});

runner.run();
