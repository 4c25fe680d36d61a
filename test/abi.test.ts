import { suite } from "uvu";
import * as assert from "uvu/assert";
import { encodeCall, decodeOutcome, parseAddress, SIO_LOOPBACK_FAST_PATH, type Call, type Outcome, type ProfileName } from "../host/node.js";
import { CONDITION_BITS } from "../host/call.js";
import { model } from "./helpers.js";

const abi = suite("ABI encoding");

// The layout is written once (assembly/shared/layout.ts) and compiled into both the model and the
// host; these tests prove the two agree by round-tripping through the Wasm: every field the host
// encodes must make the model decide with the rule that reads that field, and every field of the
// outcome word the model packs must decode to what the rule says.
type Case = [what: string, call: Call, profile: ProfileName, rule: string, check?: (o: Outcome) => unknown];
const FIELD_CASES: Case[] = [
  ["api", { api: "WSPIoctl" }, "wine", "entry.wsp-unavailable", (o) => assert.is(o.ret, "unavailable")],
  ["startup", { startup: false }, "windows", "startup.not-initialised", (o) => assert.equal([o.ret, o.error?.name, o.bytesReturned], [-1, "WSANOTINITIALISED", "untouched"])],
  ["handle not a socket", { handle: "not-a-socket" }, "reactos", "handle.not-a-socket"],
  ["handle udp", { handle: "udp" }, "windows", "socket.not-tcp", (o) => assert.equal([o.error?.name, o.bytesReturned], ["WSAEOPNOTSUPP", 0])],
  ["handle invalid socket", { handle: "invalid-socket", overlapped: { event: true } }, "wine", "wine.unimplemented", (o) => assert.is(o.completion?.state, "never")],
  ["overlapped attribute", { overlappedSocket: false, overlapped: { event: true } }, "windows", "overlapped.ignored", (o) => assert.is(o.completion, null)],
  ["in", { in: null, cbIn: 4 }, "documented", "in.pointer", (o) => assert.is(o.error?.name, "WSAEFAULT")],
  ["cbIn", { in: { bytes: "0100" } }, "documented", "in.too-small", (o) => assert.is(o.error?.name, "WSAEINVAL")],
  ["out", { out: "invalid", cbOut: 4 }, "documented", "out.pointer"],
  ["cbOut", { out: { u32: 0 }, cbOut: 4 }, "documented", "out.cb-nonzero"],
  ["bytesReturned", { bytesReturned: null }, "wine", "wine.bytes-returned-null", (o) => assert.is(o.error?.name, "WSAEFAULT")],
  ["overlapped", { overlapped: "invalid" }, "windows", "pointer.overlapped"],
  ["completion routine", { overlapped: { event: false }, completionRoutine: "invalid" }, "wine", "wine.routine-invalid",
    (o) => assert.equal([o.ret, o.error?.name, o.completion?.via, o.completion?.faults], [-1, "WSA_IO_PENDING", "routine", true])],
  ["thread id", { api: "WSPIoctl", overlapped: { event: true }, completionRoutine: "valid", threadId: null }, "windows", "pointer.thread-id",
    (o) => assert.equal([o.errno, o.error?.name], [10014, "WSAEFAULT"])],
  ["errno", { api: "WSPIoctl", in: { bytes: "01" }, errno: null }, "reactos", "reactos.errno-guarded", (o) => assert.equal([o.ret, o.errno], [-1, "untouched"])],
  ["code", { code: 0x28000004 }, "windows", "code.flush-unsupported"],
  ["in value", { in: { u32: 7 } }, "windows", "in.bool-value", (o) => assert.equal([o.ret, o.bytesReturned], [0, 0])],
  ["event and routine", { overlapped: { event: true }, completionRoutine: "valid" }, "reactos", "reactos.wshioctl",
    (o) => assert.equal([o.ret, o.completion?.channels, o.completion?.status.name], [0, ["routine", "event"], "WSAEINVAL"])],
  ["success, documented", {}, "documented", "success.sync", (o) => assert.equal([o.ret, o.error, o.bytesReturned, o.errno], [0, null, "nonzero", "untouched"])],
  ["overlapped success", { overlapped: { event: true } }, "windows", "success.overlapped",
    (o) => assert.equal([o.completion?.state, o.completion?.via, o.completion?.status.code], ["complete", "event", 0])],
  ["crash", { bytesReturned: "invalid" }, "wine", "wine.bytes-returned-invalid", (o) => assert.is(o.ret, "crash")],
];
for (const [name, cond] of Object.entries(CONDITION_BITS)) {
  const rule = { networkDown: "env.network-down", blockingCallInProgress: "env.blocking-in-progress", blockingCallCancelled: "env.blocking-cancelled",
    providerUnsupported: "env.provider-unsupported", portReservationDenied: "env.port-reservation-denied", ioDeferred: "overlapped.deferred", wfpCallout: "success.sync" }[name]!;
  void cond;
  FIELD_CASES.push([`condition ${name}`, { conditions: { [name]: true }, ...(name === "ioDeferred" ? { overlapped: { event: true } } : {}) }, "documented", rule]);
}

abi("every field the host encodes reaches the model where the model reads it (round trip through the Wasm)", async () => {
  const m = await model();
  for (const [what, call, profile, rule, check] of FIELD_CASES) {
    const o = m.evaluate(call, profile);
    assert.is(o.rule.id, rule, `${what}: ${JSON.stringify(call)} under ${profile}`);
    check?.(o);
  }
});

abi("the host's encoding of the typical call is the one the model's own defaults describe", async () => {
  const m = await model();
  // A call given field by field and the empty call (all defaults) encode alike, and the model agrees on both.
  const full: Call = { api: "WSAIoctl", handle: "tcp", overlappedSocket: true, startup: true, code: SIO_LOOPBACK_FAST_PATH, in: { bool: 1 }, cbIn: 4,
    out: null, cbOut: 0, bytesReturned: "valid", overlapped: null, completionRoutine: null, threadId: "valid", errno: "valid" };
  assert.equal(encodeCall(full), encodeCall({}));
  assert.equal(encodeCall({ in: { bytes: "0102030405" } }), { ...encodeCall({}), cbIn: 5, inLen: 5, inValue: 0x04030201 });
  assert.is(encodeCall({ in: { u32: 0xffffffff } }).inValue, 0xffffffff);
  assert.is(encodeCall({ in: null }).cbIn, 0);
  for (const p of m.profiles) assert.equal(m.evaluate(full, p), m.evaluate({}, p));
  // The typed API and the raw export agree.
  const call = { in: { bool: 1 }, overlapped: { event: true } } as const;
  const raw = m.evaluateEncoded(1, encodeCall(call));
  assert.equal(decodeOutcome(raw, "windows", m.catalogue), m.evaluate(call, "windows"));
});

abi("the batch export gives the same outcome as the single-call export", async () => {
  const m = await model();
  const e = m.exports;
  const n = 5000;
  const ptr = e.batchReserve(n);
  assert.ok(ptr > 0);
  const rec = new Uint32Array(e.memory.buffer, ptr, n * 8);
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  for (let i = 0; i < n; i++) {
    rec.set([rand() & 3, rand() & 0x07ffffff, i % 3 === 0 ? 0x98000010 : rand(), rand() & 7, rand() & 7, rand(), rand() & 3, rand() & 7], i * 8);
  }
  e.evaluateBatch(ptr, n);
  const records = new Uint32Array(e.memory.buffer, ptr, n * 8);
  const outs = new Uint32Array(e.memory.buffer, ptr + n * 32, n);
  for (let i = 0; i < n; i++) {
    const r = records.subarray(i * 8, i * 8 + 8);
    assert.is(outs[i], e.evaluate(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) >>> 0, `record ${i}`);
  }
  assert.is(e.batchReserve(2 ** 30), 0, "an impossible reservation reports 0");
});

abi("names are read from the model's packed catalogue", async () => {
  const m = await model();
  assert.equal([m.catalogue.errors[4].name, m.catalogue.errors[4].code], ["WSAEFAULT", 10014]);
  assert.is(m.catalogue.rules[m.exports.ruleCount() - 1].id.length > 0, true);
});

abi("addresses parse into the words the model classifies", () => {
  assert.equal(parseAddress("127.0.0.1", "a", true), { family: 4, words: [0x7f000001, 0, 0, 0], port: null });
  assert.equal(parseAddress("127.0.0.1:80", "a", true).port, 80);
  assert.equal(parseAddress("::1", "a", true).words, [0, 0, 0, 1]);
  assert.equal(parseAddress("[::1]:8080", "a", true), { family: 6, words: [0, 0, 0, 1], port: 8080 });
  assert.equal(parseAddress("::ffff:127.0.0.1", "a", true).words, [0, 0, 0xffff, 0x7f000001]);
  assert.equal(parseAddress("fe80::1", "a", true).words, [0xfe800000, 0, 0, 1]);
  assert.equal(parseAddress("1:2:3:4:5:6:7:8", "a", true).words, [0x10002, 0x30004, 0x50006, 0x70008]);
  assert.equal(parseAddress("::", "a", true).words, [0, 0, 0, 0]);
  for (const bad of ["localhost", "1.2.3", "1.2.3.256", "::1::", "1:2:3:4:5:6:7:8:9", "[::1]:70000", "12345::", 7]) {
    assert.throws(() => parseAddress(bad, "a", true), /^a: /);
  }
  assert.throws(() => parseAddress("127.0.0.1:80", "a", false), /no port expected/);
});

abi.run();
