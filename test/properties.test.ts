// Properties over the whole call space (fast-check), and a short fuzz run.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { encodeCall, LfpError, type Call } from "../host/node.js";
import { CALL_FIELDS } from "../host/call.js";
import { outcomeProblems, randomOp, rng, U32_EDGES, type Args } from "../scripts/invariants.js";
import { oracleAnswers, type Answer } from "./oracle.js";
import type { Outcome } from "../host/outcome.js";
import { fuzz, fuzzGarbage } from "../scripts/fuzz.js";
import { quiesce } from "../scripts/quiescence.js";
import { model } from "./helpers.js";

const props = suite("properties of the model");
const u32 = fc.oneof(fc.constantFrom(...U32_EDGES), fc.nat({ max: 16 }), fc.nat({ max: 0xffffffff }));
const ptr = fc.constantFrom("valid" as const, null, "invalid" as const);
const buf = fc.oneof(
  fc.constant(null), fc.constant("invalid" as const), fc.record({ bool: u32 }), fc.record({ u32 }),
  fc.uint8Array({ maxLength: 9 }).map((b) => ({ bytes: Buffer.from(b).toString("hex") })),
);
// Every field of a Call, checked by the compiler against host/call.ts CALL_FIELDS.
const callFields = {
  api: fc.constantFrom("WSAIoctl" as const, "WSPIoctl" as const),
  handle: fc.constantFrom("tcp" as const, "udp" as const, "not-a-socket" as const, "closed" as const, "invalid-socket" as const),
  overlappedSocket: fc.boolean(), startup: fc.boolean(),
  code: fc.oneof(fc.constantFrom(0x98000010, 0x88000010, 0x28000004, 0), fc.nat({ max: 0xffffffff })),
  in: buf, cbIn: u32, out: buf, cbOut: u32, bytesReturned: ptr,
  overlapped: fc.oneof(fc.constant(null), fc.constant("invalid" as const), fc.record({ event: fc.boolean() })),
  completionRoutine: ptr, threadId: ptr, errno: ptr,
  conditions: fc.record({ networkDown: fc.boolean(), blockingCallInProgress: fc.boolean(), blockingCallCancelled: fc.boolean(), providerUnsupported: fc.boolean(), portReservationDenied: fc.boolean(), ioDeferred: fc.boolean() }),
} satisfies Record<(typeof CALL_FIELDS)[number], fc.Arbitrary<unknown>>;
const callArb: fc.Arbitrary<Call> = fc.record(callFields, { requiredKeys: [] });
const profileArb = fc.constantFrom("documented" as const, "windows" as const, "wine" as const, "reactos" as const, "windows-7" as const);

props("any call: no trap, and only outcomes the ABI and the seed allow", async () => {
  const m = await model();
  fc.assert(fc.property(callArb, profileArb, (call, profile) => {
    const a = m.evaluate(call, profile);
    const c = encodeCall(call);
    const args: Args = [m.profileIndex(profile), c.flags, c.code, c.cbIn, c.inLen, c.inValue, c.cbOut, c.outLen];
    assert.equal(outcomeProblems(m, args, m.evaluateEncoded(args[0], c)), []);
    if (call.api !== "WSPIoctl") assert.is(a.errno, "untouched", "WSAIoctl never reports through lpErrno");
    if (a.ret === 0) assert.is(a.error, null);
    // The rule that decides applies to the profile: it has a grade there (none marks a rule that cannot decide in it).
    for (const x of m.conform(call, profile).members) assert.ok(x.grade !== null, `${profile}: ${x.outcome.rule.id} decides but has no grade`);
    if (call.bytesReturned !== undefined && call.bytesReturned !== "valid") assert.is(a.bytesReturned, "untouched");
  }), { numRuns: 3000 });
});

/** An outcome as the oracle writes answers: the key "ret/error", what lpcbBytesReturned received, how it completes. */
function answer(o: Outcome): Answer {
  const key = o.ret === "crash" || o.ret === "unavailable" ? o.ret : o.ret === "refused" ? "refused" : `${o.ret}/${o.error === null ? 0 : o.error.name}`;
  if (typeof o.ret !== "number") return { key };
  const c = o.completion;
  const completion = c === null ? "sync" : `${c.state}:${c.status.name}:${c.channels.join("+") || "-"}${c.faults ? ":faults" : ""}`;
  return { key, br: String(o.bytesReturned), completion };
}

/**
 * The model's set and the oracle's, compared as equal sets: the keys (ret, error), and for each key the
 * values of lpcbBytesReturned and the completions, wherever the oracle knows them for that key.
 */
function compareWithOracle(got: Answer[], want: Answer[], where: string): void {
  const keys = (xs: Answer[]) => [...new Set(xs.map((x) => x.key))].sort();
  assert.equal(keys(got), keys(want), `(ret, error): ${where}`);
  for (const key of keys(want)) {
    const w = want.filter((x) => x.key === key);
    const g = got.filter((x) => x.key === key);
    for (const field of ["br", "completion"] as const) {
      if (w.some((x) => x[field] === undefined)) continue;
      assert.equal([...new Set(g.map((x) => x[field]))].sort(), [...new Set(w.map((x) => x[field]))].sort(), `${key} ${field}: ${where}`);
    }
  }
}

props("conformance sets equal an independent oracle written from the sources: (ret, error), and the count and completion it knows", async () => {
  const m = await model();
  fc.assert(fc.property(callArb, profileArb, (call, profile) => {
    const set = m.conform(call, profile);
    compareWithOracle(set.members.map((x) => answer(x.outcome)), oracleAnswers(call, profile), `${profile} ${JSON.stringify(call)}`);
    assert.is(set.members[0].outcome, m.evaluate(call, profile), "the preferred outcome is the set's first member");
  }), { numRuns: 5000 });
});

props("conformance sets: documented orders no errors, wine and reactos give one answer", async () => {
  const m = await model();
  // A UDP socket, cbInBuffer 2 and a non-zero cbOutBuffer: three documented rows (socket.not-tcp, in.too-small,
  // out.cb-nonzero), four errors between them.
  const call: Call = { handle: "udp", in: { bytes: "0100" }, cbOut: 4, out: { bytes: "00000000" } };
  assert.equal(new Set(m.conform(call, "documented").members.map((x) => x.outcome.error?.name)), new Set(["WSAEINVAL", "WSAEOPNOTSUPP", "WSAENOPROTOOPT", "WSAEFAULT"]));
  const many: Call = { handle: "not-a-socket", startup: false, bytesReturned: null };
  assert.equal(new Set(m.conform(many, "documented").members.map((x) => x.outcome.error?.name)), new Set(["WSANOTINITIALISED", "WSAENOTSOCK", "WSAEFAULT"]));
  for (const p of ["wine", "reactos"] as const) assert.is(m.conform(many, p).members.length, 1, p);
});

props("the batch export agrees with the single-call export on every record", async () => {
  const m = await model();
  const e = m.exports;
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat({ max: e.profileCount() }), fc.nat({ max: 0x07ffffff }), u32, u32, u32, u32, u32, u32), { minLength: 1, maxLength: 200 }), (records) => {
    const ptr = e.batchReserve(records.length);
    new Uint32Array(e.memory.buffer, ptr, records.length * 8).set(records.flat());
    e.evaluateBatch(ptr, records.length);
    const outs = new Uint32Array(e.memory.buffer, ptr + records.length * 32, records.length);
    records.forEach((r, i) => assert.is(outs[i], e.evaluate(...(r as Args)) >>> 0));
  }), { numRuns: 300 });
});

props("random scenarios: replay after a reset gives the same words, refusals instead of traps at capacity", async () => {
  const m = await model();
  const e = m.exports;
  fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 120 }), (seed, ops) => {
    // A reset must forget everything: the same ops after it give the same words.
    const play = () => {
      const r = rng(seed);
      e.scenarioReset(r() % e.profileCount(), 1);
      const words: number[] = [];
      for (let i = 0; i < ops; i++) words.push(randomOp(e, r, 8) >>> 0, e.scenarioValue() >>> 0);
      return words;
    };
    assert.equal(play(), play());
  }), { numRuns: 300 });
  // Capacity: the 65th socket is a refusal (disposition 3), not a trap.
  e.scenarioReset(1, 1);
  for (let i = 0; i < 64; i++) assert.is(e.opSocket(4, 1, 6, 1) & 3, 0);
  assert.is(e.opSocket(4, 1, 6, 1) & 3, 3);
});

props("quiescence: closing every socket of a random scenario leaves no operation pending and releases every slot", async () => {
  const m = await model();
  const r = quiesce(m, Number(process.env.LFP_QUIESCE_SCENARIOS ?? 10000), 11);
  assert.equal(r.problems, [], r.problems.slice(0, 5).join("\n"));
  assert.ok(r.scenarios > 0 && r.opsPlayed > r.scenarios);
});

props("wrong types from JavaScript callers are typed errors, not traps or wrong answers", async () => {
  const m = await model();
  fc.assert(fc.property(fc.anything(), (junk) => {
    for (const field of ["cbIn", "in", "api", "overlapped", "conditions"]) {
      try {
        m.evaluate({ [field]: junk } as Call);
      } catch (err) {
        assert.instance(err, LfpError);
      }
    }
  }), { numRuns: 500 });
});

props("garbage calls of the public API (BigInt, null options, cycles, 5,000-deep values): each returns or throws LfpError", async () => {
  const r = await fuzzGarbage(await model(), 20000, 5);
  assert.is(r.otherThrows, 0, r.examples.join("\n"));
  assert.ok(r.lfpErrors > 10000 && r.returned > 1000, `${r.lfpErrors} LfpError, ${r.returned} returned`);
});

props("a short fuzz run: 0 traps, 0 mismatches, no memory growth", async () => {
  const r = await fuzz(50000, 500, 7);
  assert.equal([r.traps, r.mismatches, r.memoryPagesAfter], [0, 0, r.memoryPagesBefore], r.firstProblems.join("\n"));
});

props.run();
