// The driver's call checking and encoding (host/native/driver-call.ts), on any
// platform: it must give the model exactly what encodeCall gives for the same
// call described as data, and refuse what would let ws2_32 read or write past
// the caller's buffers.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { encodeCall, LfpError, type Call, type HandleKind } from "../host/node.js";
import { CheckedCall, type DriverCall } from "../host/native/driver-call.js";

const driverCall = suite("the driver's call, checked and encoded");
const handles: HandleKind[] = ["tcp", "udp", "not-a-socket", "closed", "invalid-socket"];
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** A DriverCall whose counts fit its buffers, with the handle kind the caller gives. */
const callArb = fc.record({
  handle: fc.constantFrom(...handles),
  in: fc.option(fc.uint8Array({ maxLength: 70 }), { nil: undefined }).chain((b) => fc.constantFrom(b, null)),
  out: fc.option(fc.uint8Array({ maxLength: 70 }), { nil: undefined }).chain((b) => fc.constantFrom(b, null)),
  cbInShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  cbOutShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  code: fc.option(fc.oneof(fc.constantFrom(0x98000010, 0x88000010, 0), fc.nat({ max: 0xffffffff })), { nil: undefined }),
  bytesReturned: fc.option(fc.boolean(), { nil: undefined }),
  overlapped: fc.option(fc.oneof(fc.constant(null), fc.record({ event: fc.boolean() })), { nil: undefined }),
}).map(({ cbInShare, cbOutShare, ...c }) => {
  const call: DriverCall = { ...c };
  const inLen = c.in === undefined ? 4 : c.in === null ? 0 : c.in.length;
  if (cbInShare !== undefined) call.cbIn = Math.floor(cbInShare * inLen);
  if (cbOutShare !== undefined && c.out) call.cbOut = Math.floor(cbOutShare * c.out.length);
  return call;
});

/** The same call as the model's data description. */
function asCall(c: DriverCall): Call {
  return {
    handle: c.handle, code: c.code, cbIn: c.cbIn, cbOut: c.cbOut,
    in: c.in === undefined ? { bytes: "01000000" } : c.in === null ? null : { bytes: hex(c.in) },
    out: c.out === undefined || c.out === null ? null : { bytes: hex(c.out) },
    bytesReturned: c.bytesReturned === false ? null : "valid",
    overlapped: c.overlapped ? { event: c.overlapped.event } : null,
  };
}

driverCall("encodes every call exactly as encodeCall does (10,000 random calls, one reused object)", () => {
  const checked = new CheckedCall();
  fc.assert(fc.property(callArb, (c) => {
    const mine = { ...checked.check(c).encode(c.handle!) };
    assert.equal(mine, encodeCall(asCall(c)), JSON.stringify({ ...c, in: c.in && hex(c.in), out: c.out && hex(c.out) }));
  }), { numRuns: 10000, seed: 16 });
});

driverCall("fills in the defaults: the typical call with a 4-byte BOOL 1", () => {
  const c = new CheckedCall().check({});
  assert.equal([c.input && [...c.input], c.output, c.cbIn, c.cbOut, c.code, c.bytesReturned, c.overlapped], [[1, 0, 0, 0], null, 4, 0, 0x98000010, true, null]);
  assert.equal({ ...c.encode("tcp") }, encodeCall({}));
});

driverCall("refuses counts larger than the buffers and arguments of the wrong type, naming the field", () => {
  const checked = new CheckedCall();
  const cases: [unknown, RegExp][] = [
    [{ in: new Uint8Array(4), cbIn: 8 }, /^cbIn: 8 is larger than the 4 bytes handed over/],
    [{ in: null, cbIn: 1 }, /^cbIn: 1 is larger than the 0 bytes/],
    [{ out: new Uint8Array(2), cbOut: 4 }, /^cbOut: 4 is larger than the 2 bytes/],
    [{ cbOut: 1 }, /^cbOut: 1 is larger than the 0 bytes/],
    [{ cbIn: -1 }, /^cbIn: expected an unsigned 32-bit integer, got -1/],
    [{ cbIn: 1.5 }, /^cbIn: expected an unsigned 32-bit integer/],
    [{ code: 2 ** 32 }, /^code: expected an unsigned 32-bit integer/],
    [{ in: [1, 0, 0, 0] }, /^in: expected a Uint8Array or null, got \[object Array\]/],
    [{ out: "abcd" }, /^out: expected a Uint8Array or null, got "abcd"/],
    [{ bytesReturned: "valid" }, /^bytesReturned: expected true or false/],
    [{ overlapped: { event: 1 } }, /^overlapped: expected null or \{event: true\|false/],
  ];
  for (const [call, why] of cases) {
    try {
      checked.check(call as DriverCall);
      assert.unreachable(JSON.stringify(call));
    } catch (err) {
      assert.instance(err, LfpError, JSON.stringify(call));
      assert.is((err as LfpError).code, "LFP_BAD_CALL");
      assert.match((err as Error).message, why);
    }
  }
  assert.throws(() => checked.check({}).encode("pipe" as HandleKind), /^handle: expected one of tcp, udp, not-a-socket, closed, invalid-socket, got "pipe"/);
});

driverCall.run();
