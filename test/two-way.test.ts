// The runner's two-way check on the model target: per step and per field, the values a vector
// admits must be exactly the values the model's conformance set gives (spec-tests/FORMAT.md).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parseVectorText } from "../spec-tests/runner/parse.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { compareStep } from "../spec-tests/runner/compare.js";
import { ModelTarget } from "../spec-tests/runner/model-target.js";
import type { StepActual } from "../spec-tests/runner/target.js";
import type { Step } from "../spec-tests/runner/vectors.js";
import { model } from "./helpers.js";

const twoWay = suite("two-way conformance check");

/** One case on one profile: a socket, then an ioctl step expecting `expect`. */
async function judgeIoctl(expect: Record<string, unknown>, profile: "windows" | "documented" = "windows", call: Record<string, unknown> = {}) {
  const m = await model();
  const text = JSON.stringify({ format: "lfp-vectors/1", cases: [{ id: "t/one", title: "t", refs: ["none"], steps: [
    { op: "socket", as: "s" }, { op: "ioctl", socket: "s", ...call, expect },
  ] }] });
  const r = await runSuite(parseVectorText(text, "mem.json", m.catalogue), new ModelTarget(m), [profile], m.catalogue);
  return r.results[0];
}

// Windows, the typical call: the set is {0, nonzero} for *lpcbBytesReturned (success.sync) and {0} for ret.
twoWay("a vector exactly as wide as the model's set passes", async () => {
  const r = await judgeIoctl({ ret: 0, error: 0, bytesReturned: { oneOf: ["nonzero", 0] }, completion: null });
  assert.is(r.status, "pass", JSON.stringify(r.mismatches));
});

twoWay("a vector narrower than the model fails as (vector over-certain)", async () => {
  const r = await judgeIoctl({ ret: 0, bytesReturned: 0 });
  assert.is(r.status, "fail");
  assert.equal(r.mismatches, [{
    step: 1, op: "ioctl", field: "bytesReturned (vector over-certain)", expected: "0",
    actual: "one of 0, nonzero: the sources also allow nonzero (rule success.sync); the expectation must admit it",
  }]);
});

twoWay("a vector wider than the model fails as (model over-certain)", async () => {
  const r = await judgeIoctl({ ret: { oneOf: [0, -1] }, bytesReturned: { oneOf: [0, "nonzero"] } });
  assert.is(r.status, "fail");
  assert.equal(r.mismatches, [{
    step: 1, op: "ioctl", field: "ret (model over-certain)", expected: "one of 0, -1", actual: "only 0: the model gives no -1",
  }]);
});

twoWay("a vector both wider and narrower fails both ways; one with no value in common is a plain mismatch", async () => {
  const both = await judgeIoctl({ bytesReturned: { oneOf: [0, "untouched"] } });
  assert.equal(both.mismatches.map((m) => m.field), ["bytesReturned (vector over-certain)", "bytesReturned (model over-certain)"]);
  const none = await judgeIoctl({ ret: -1 });
  assert.equal(none.mismatches, [{ step: 1, op: "ioctl", field: "ret", expected: "-1", actual: "0" }]);
});

// compareStep on hand-made sets: the cases the model's own sets may not show today.
const step = (expect: Step["expect"]): Step => ({ op: "ioctl", expect });
const set = (...members: StepActual[]): StepActual => ({ ...members[0], alternatives: members.slice(1) });
const fields = async (e: Step["expect"], a: StepActual) => compareStep(0, step(e), a, "windows", (await model()).catalogue).map((m) => m.field);
const pending = { via: "event" as const, status: 10045, transferred: 0 };

twoWay("completion: whether an operation started is one field; its own fields compare over the outcomes that started one", async () => {
  const mixed = set({ ret: -1, error: 997, completion: pending, rule: "a" }, { ret: -1, error: 10022, completion: null, rule: "b" });
  assert.equal(await fields({ completion: null }, mixed), ["completion (vector over-certain)"]);
  assert.equal(await fields({ completion: { status: "WSAEOPNOTSUPP" } }, mixed), ["completion (vector over-certain)"]);
  // The status is compared over the one outcome that has a completion: exact, so no mismatch there.
  assert.equal(await fields({ completion: { status: { oneOf: ["WSAEOPNOTSUPP", "WSAEINVAL"] } } }, mixed), ["completion (vector over-certain)", "completion.status (model over-certain)"]);
  // No outcome started one: the completion's fields are not reported again.
  assert.equal(await fields({ completion: { status: 0 } }, set({ ret: 0, completion: null, rule: "a" })), ["completion"]);
});

twoWay("nonzero, untouched and a field some outcomes lack", async () => {
  assert.equal(await fields({ bytesReturned: "nonzero" }, set({ ret: 0, bytesReturned: "nonzero", rule: "a" })), []);
  assert.equal(await fields({ bytesReturned: "nonzero" }, set({ ret: 0, bytesReturned: 0, rule: "a" })), ["bytesReturned"]);
  assert.equal(await fields({ errno: { oneOf: ["untouched", "WSAEFAULT"] } }, set({ errno: "untouched", rule: "a" })), ["errno (model over-certain)"]);
  // A send that fails has no `completed`: the field is compared over the outcomes that give it.
  const send = set({ ret: -1, error: 10054, rule: "a" }, { ret: 0, error: 0, completed: true, rule: "b" });
  assert.equal(await fields({ ret: { oneOf: [-1, 0] }, completed: true }, send), []);
  assert.equal(await fields({ completed: { oneOf: [true, false] } }, send), ["completed (model over-certain)"]);
});

twoWay("a real target's one answer only has to be admitted", async () => {
  const wine: StepActual = { ret: 0, bytesReturned: 0 };
  assert.equal(await fields({ ret: { oneOf: [0, -1] }, bytesReturned: { oneOf: [0, "nonzero"] } }, wine), []);
  assert.equal(await fields({ ret: -1 }, wine), ["ret"]);
});

twoWay("a refusal fails unless the vector expects it, on the model as before", async () => {
  const refused = set({ ret: "refused", rule: "scenario.bad-reference" });
  assert.equal(await fields({ ret: 0 }, refused), ["ret"]);
  assert.equal(await fields({ ret: "refused" }, refused), []);
});

twoWay.run();
