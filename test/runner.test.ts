import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFile, readdir } from "node:fs/promises";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadVectors } from "../spec-tests/runner/files.js";
import { parseVectorText } from "../spec-tests/runner/parse.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { textReport, jsonReport, tapReport, summaryLine } from "../spec-tests/runner/report.js";
import { ModelTarget } from "../spec-tests/runner/model-target.js";
import { LfpError } from "../host/node.js";
import { OPS } from "../spec-tests/runner/vectors.js";
import { IOCTL_FIELDS } from "../host/call.js";
import { model, root } from "./helpers.js";

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
  assert.equal(r.results[0].mismatches, [{ step: 1, op: "ioctl", field: "bytesReturned", expected: "0", actual: "nonzero" }]);
  assert.is(summaryLine(r), "2 passed, 1 failed, 0 skipped");
  const text = textReport(r);
  assert.match(text, "FAIL t/one [documented]");
  assert.match(text, "step 1 (ioctl) bytesReturned: expected 0, got nonzero   (mem.json)");
  assert.ok(text.endsWith("2 passed, 1 failed, 0 skipped"));
  assert.not.match(textReport(r, false), "pass t/one");
  const json = JSON.parse(jsonReport(r));
  assert.equal([json.passed, json.failed, json.skipped, json.results.length], [2, 1, 0, 3]);
  const tap = tapReport(r).split("\n");
  assert.equal(tap.slice(0, 3), ["TAP version 13", "1..3", "not ok 1 - t/one [documented]"]);
  assert.ok(tap.includes("ok 2 - t/one [windows]"));
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
  assert.equal(r.results[0].mismatches.map((x) => [x.field, x.expected]), [["bytesReturned (conformance)", "0"]]);
  assert.match(r.results[0].mismatches[0].actual, "nonzero, which the sources also allow (rule success.sync)");
});

runner("oneOf, error numbers and names, and case profiles", async () => {
  const m = await model();
  const cases = parseVectorText(one([
    { op: "socket", as: "s", type: "dgram", protocol: "udp" },
    { op: "ioctl", socket: "s", expect: { error: { oneOf: ["WSAEINVAL", 10045] } } },
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

runner.run();
