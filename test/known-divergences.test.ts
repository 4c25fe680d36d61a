// Known divergences are named by the step they concern (its fields), not by its position;
// the runner turns a listed mismatch into a skip, fails an unlisted one, one that stopped
// occurring, and an entry that does not name exactly one step. No Wine needed.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadVectors, loadKnownDivergences } from "../spec-tests/runner/files.js";
import { applyKnown, stepsAt, type CaseResult, type KnownDivergence } from "../spec-tests/runner/run.js";
import type { LoadedCase } from "../spec-tests/runner/vectors.js";
import { model, root, vectorsDir } from "./helpers.js";

test("every entry of spec-tests/known-divergences.json names exactly one step of an existing case", async () => {
  const m = await model();
  const cases = new Map((await loadVectors([vectorsDir], m.catalogue)).map((c) => [c.id, c]));
  // Empty while the wine profile follows every answer Wine was seen to give; an entry must still name one step.
  const known = await loadKnownDivergences(`${root}spec-tests/known-divergences.json`);
  for (const k of known) {
    const c = cases.get(k.case);
    assert.ok(c, `${k.case} exists`);
    assert.is(stepsAt(c!, k.at).length, 1, `${k.case} ${JSON.stringify(k.at)}`);
  }
});

const c: LoadedCase = {
  id: "k/one", title: "t", refs: ["none"], file: "f",
  steps: [{ op: "socket", as: "s" }, { op: "setsockopt", socket: "s", level: "SOL_SOCKET", name: "SO_KEEPALIVE", value: 1 }, { op: "close", socket: "s" }],
};
const result = (status: CaseResult["status"], mismatches: CaseResult["mismatches"]): CaseResult =>
  ({ id: "k/one", file: "f", profile: "wine", status, mismatches, rules: [], notes: [] });
const entry = (at: Record<string, unknown>): KnownDivergence => ({ target: "wine", case: "k/one", at, fields: ["error"], reason: "a reason in words" });
const miss = (step: number, field: string) => ({ step, op: "x", field, expected: "a", actual: "b" });

test("a listed mismatch is a skip with the reason, never a pass; an unlisted one stays a failure", () => {
  const known = [entry({ op: "setsockopt", name: "SO_KEEPALIVE" })];
  const listed = applyKnown(result("fail", [miss(1, "error")]), "wine", known, c);
  assert.is(listed.status, "skip");
  assert.match(listed.reason ?? "", /known divergence: a reason in words/);
  assert.is(applyKnown(result("fail", [miss(1, "error"), miss(2, "ret")]), "wine", known, c).status, "fail");
  assert.is(applyKnown(result("fail", [miss(1, "error")]), "model", known, c).status, "fail", "another target");
});

test("a listed divergence that no longer occurs fails, and so does an entry naming no step or several", () => {
  const gone = applyKnown(result("pass", []), "wine", [entry({ op: "setsockopt" })], c);
  assert.is(gone.status, "fail");
  assert.match(gone.mismatches[0].actual, /remove it/);
  assert.is(applyKnown(result("partial", []), "wine", [entry({ op: "setsockopt" })], c).status, "fail");
  const none = applyKnown(result("fail", [miss(1, "error")]), "wine", [entry({ op: "bind" })], c);
  assert.is(none.status, "fail");
  assert.match(none.mismatches[0].actual, /0 steps match/);
  const two = applyKnown(result("fail", [miss(1, "error")]), "wine", [entry({ socket: "s" })], c);
  assert.match(two.mismatches[0].actual, /2 steps match/);
});

test.run();
