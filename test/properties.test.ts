// Properties over the whole call space (fast-check), and a short fuzz run.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { encodeCall, LfpError, type Call } from "../host/node.js";
import { outcomeProblems, removeFault, decidingRow, randomOp, rng, U32_EDGES, type Args } from "../scripts/invariants.js";
import { fuzz } from "../scripts/fuzz.js";
import { model } from "./helpers.js";

const props = suite("properties of the model");
const u32 = fc.oneof(fc.constantFrom(...U32_EDGES), fc.nat({ max: 16 }), fc.nat({ max: 0xffffffff }));
const ptr = fc.constantFrom("valid" as const, null, "invalid" as const);
const buf = fc.oneof(
  fc.constant(null), fc.constant("invalid" as const), fc.record({ bool: u32 }), fc.record({ u32 }),
  fc.uint8Array({ maxLength: 9 }).map((b) => ({ bytes: Buffer.from(b).toString("hex") })),
);
const callArb: fc.Arbitrary<Call> = fc.record({
  api: fc.constantFrom("WSAIoctl" as const, "WSPIoctl" as const),
  handle: fc.constantFrom("tcp" as const, "udp" as const, "not-a-socket" as const, "closed" as const, "invalid-socket" as const),
  overlappedSocket: fc.boolean(), startup: fc.boolean(),
  code: fc.oneof(fc.constantFrom(0x98000010, 0x88000010, 0x28000004, 0), fc.nat({ max: 0xffffffff })),
  in: buf, cbIn: u32, out: buf, cbOut: u32, bytesReturned: ptr,
  overlapped: fc.oneof(fc.constant(null), fc.constant("invalid" as const), fc.record({ event: fc.boolean() })),
  completionRoutine: ptr, threadId: ptr, errno: ptr,
  conditions: fc.record({ networkDown: fc.boolean(), blockingCallInProgress: fc.boolean(), blockingCallCancelled: fc.boolean(), providerUnsupported: fc.boolean(), portReservationDenied: fc.boolean(), ioDeferred: fc.boolean() }),
}, { requiredKeys: [] });
const profileArb = fc.constantFrom("documented" as const, "windows" as const, "wine" as const, "reactos" as const);

props("any call: no trap, the same outcome twice, and only outcomes the seed allows", async () => {
  const m = await model();
  fc.assert(fc.property(callArb, profileArb, (call, profile) => {
    const a = m.evaluate(call, profile);
    assert.equal(m.evaluate(call, profile), a);
    const c = encodeCall(call);
    const args: Args = [m.profileIndex(profile), c.flags, c.code, c.cbIn, c.inLen, c.inValue, c.cbOut, c.outLen];
    assert.equal(outcomeProblems(m.exports, args, m.evaluateEncoded(args[0], c)), []);
    if (call.api !== "WSPIoctl") assert.is(a.errno, "untouched", "WSAIoctl never reports through lpErrno");
    if (a.ret === 0) assert.is(a.error, null);
    if (call.bytesReturned !== undefined && call.bytesReturned !== "valid") assert.is(a.bytesReturned, "untouched");
  }), { numRuns: 3000 });
});

props("precedence: removing the winning fault reveals a later row, never an earlier one", async () => {
  const m = await model();
  fc.assert(fc.property(callArb, profileArb, (call, profile) => {
    const c = encodeCall(call);
    const args: Args = [m.profileIndex(profile), c.flags, c.code, c.cbIn, c.inLen, c.inValue, c.cbOut, c.outLen];
    const row = decidingRow(m.exports.evaluate(...args) >>> 0);
    const fixed = row < 0 ? null : removeFault(row, args);
    if (fixed) {
      const next = decidingRow(m.exports.evaluate(...fixed) >>> 0);
      assert.ok(next === -1 || next > row, `row ${row} then ${next}`);
    }
  }), { numRuns: 3000 });
});

props("the batch export agrees with the single-call export on every record", async () => {
  const m = await model();
  const e = m.exports;
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 0x07ffffff }), u32, u32, u32, u32, u32, u32), { minLength: 1, maxLength: 200 }), (records) => {
    const ptr = e.batchReserve(records.length);
    new Uint32Array(e.memory.buffer, ptr, records.length * 8).set(records.flat());
    e.evaluateBatch(ptr, records.length);
    const outs = new Uint32Array(e.memory.buffer, ptr + records.length * 32, records.length);
    records.forEach((r, i) => assert.is(outs[i], e.evaluate(...(r as Args)) >>> 0));
  }), { numRuns: 300 });
});

props("random scenarios: no trap, deterministic replay, refusals instead of traps at capacity", async () => {
  const m = await model();
  const e = m.exports;
  fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 120 }), (seed, ops) => {
    const play = () => {
      const r = rng(seed);
      e.scenarioReset(r() & 3, 1);
      const words: number[] = [];
      for (let i = 0; i < ops; i++) words.push(randomOp(e, r, 8) >>> 0, e.scenarioValue() >>> 0);
      return words;
    };
    assert.equal(play(), play());
  }), { numRuns: 500 });
  // Capacity: the 65th socket is a refusal (disposition 3), not a trap.
  e.scenarioReset(1, 1);
  for (let i = 0; i < 64; i++) assert.is(e.opSocket(4, 1, 6, 1) & 3, 0);
  assert.is(e.opSocket(4, 1, 6, 1) & 3, 3);
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

props("a short fuzz run: 0 traps, 0 mismatches, no memory growth", async () => {
  const r = await fuzz(50000, 500, 7);
  assert.equal([r.traps, r.mismatches, r.memoryPagesAfter], [0, 0, r.memoryPagesBefore], r.firstProblems.join("\n"));
});

props.run();
