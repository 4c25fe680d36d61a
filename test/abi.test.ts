import { suite } from "uvu";
import * as assert from "uvu/assert";
import { encodeCall, decodeOutcome, parseAddress } from "../host/node.js";
import { model } from "./helpers.js";

const abi = suite("ABI encoding");

abi("encodeCall puts every field in its documented bits (assembly/abi.ts)", () => {
  const e = encodeCall({
    api: "WSPIoctl", startup: false, handle: "closed", overlappedSocket: false, in: "invalid", out: { u32: 7 },
    bytesReturned: null, overlapped: { event: true }, completionRoutine: "valid", threadId: "invalid", errno: null,
    conditions: { networkDown: true, ioDeferred: true }, code: 0x1234, cbIn: 9, cbOut: 2,
  });
  const f = e.flags;
  assert.is(f & 1, 1, "api");
  assert.is((f >> 1) & 1, 0, "startup");
  assert.is((f >> 2) & 7, 3, "handle closed");
  assert.is((f >> 5) & 1, 0, "overlapped attribute");
  assert.is((f >> 6) & 3, 2, "in invalid");
  assert.is((f >> 8) & 3, 1, "out valid");
  assert.is((f >> 10) & 3, 0, "bytesReturned null");
  assert.is((f >> 12) & 3, 3, "overlapped with event");
  assert.is((f >> 14) & 3, 1, "routine valid");
  assert.is((f >> 16) & 3, 2, "threadId invalid");
  assert.is((f >> 18) & 3, 0, "errno null");
  assert.is(f >>> 20, 1 | 32, "conditions");
  assert.equal([e.code, e.cbIn, e.inLen, e.cbOut, e.outLen], [0x1234, 9, 0, 2, 4]);
});

abi("buffers: length handed over and the BOOL as little-endian u32", () => {
  assert.equal(encodeCall({ in: { bytes: "0102030405" } }), { ...encodeCall({}), cbIn: 5, inLen: 5, inValue: 0x04030201 });
  assert.is(encodeCall({ in: { u32: 0xffffffff } }).inValue, 0xffffffff);
  assert.is(encodeCall({ in: { bytes: "01" } }).inValue, 1);
  assert.is(encodeCall({ in: null }).cbIn, 0);
});

abi("outcome words decode field by field, and round-trip through the model", async () => {
  const m = await model();
  const word = (1 << 2) | (4 << 3) | (1 << 8) | (1 << 10) | (2 << 12) | (10 << 14) | (1 << 19) | (9 << 20);
  const o = decodeOutcome(word, "windows", m.catalogue);
  assert.equal([o.ret, o.error.name, o.bytesReturned, o.errno, o.rule.index], [-1, "WSAEFAULT", 0, 10014, 9]);
  assert.equal(o.completion, { state: "complete", via: "routine", channels: ["routine"], faults: false, status: m.catalogue.errors[10], transferred: 0, flags: 0 });
  assert.is(decodeOutcome(1 | (5 << 20), "wine", m.catalogue).ret, "crash");
  assert.is(decodeOutcome(2, "wine", m.catalogue).ret, "unavailable");
  assert.is(decodeOutcome((1 << 8) * 2, "documented", m.catalogue).bytesReturned, "nonzero");
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
