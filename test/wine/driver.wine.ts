// Runs inside the Windows build of Node under Wine (test/native.test.ts starts it):
// the driver's modes against the real ws2_32.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { loadModel, LfpError } from "../../host/node.js";
import { NativeDriver } from "../../host/native/driver.js";
import { Arena, INVALID_SOCKET, type Koffi } from "../../host/native/ws2_32.js";
import { createRequire } from "node:module";

// The parent (test/native.test.ts) passes the cache folder's koffi (lfp setup wine); Wine hands the variable through.
const koffiPath = process.env.LFP_KOFFI;
if (!koffiPath) throw new Error("LFP_KOFFI is not set: run this file through test/native.test.ts");
const koffi = createRequire(import.meta.url)(koffiPath) as Koffi;
const model = await loadModel();
const open = (mode: "enforce" | "audit" | "passthrough", profile?: "windows" | "wine") => NativeDriver.open({ model, koffi, mode, profile });
const arena = new Arena(koffi);

const d0 = open("passthrough");
const w = d0.ws2_32;
assert.is(w.WSAStartup(0x202, arena.alloc(512).addr), 0);
const tcp = BigInt(w.WSASocketW(2, 1, 6, 0n, 0, 1));
const udp = BigInt(w.WSASocketW(2, 2, 17, 0n, 0, 1));

const driver = suite("native driver under Wine");

driver("opens with the wine profile by default under Wine, and asks ws2_32 what a handle is", () => {
  const d = NativeDriver.open({ model, koffi });
  assert.is(d.profile, "wine");
  assert.is(d.mode, "enforce");
  assert.is(d.handleKind(tcp), "tcp");
  assert.is(d.handleKind(udp), "udp");
  assert.is(d.handleKind(12345n), "not-a-socket");
  assert.is(d.handleKind(INVALID_SOCKET), "invalid-socket");
});

driver("enforce (windows profile): a valid call is forwarded, an invalid one refused with the model's reason", () => {
  const d = open("enforce", "windows");
  const ok = d.ioctl(tcp);
  assert.is(ok.forwarded, true);
  assert.is(d.nativeCalls, 1);
  assert.equal([ok.system?.ret, ok.system?.error, ok.system?.bytesReturned], [-1, 10045, 0], "Wine's answer");
  const bad = d.ioctl(tcp, { in: new Uint8Array([1, 0]), cbIn: 2 });
  assert.is(bad.forwarded, false);
  assert.is(d.nativeCalls, 1, "not forwarded");
  assert.is(bad.system, null);
  assert.match(bad.refusal!, /^in\.too-small: .*wine-test/);
  const notSock = d.ioctl(12345n);
  assert.is(notSock.forwarded, false);
  assert.match(notSock.refusal!, /^handle\.not-a-socket/);
  assert.is(d.ioctl(udp).forwarded, false, "UDP is refused");
});

driver("enforce (wine profile): the model knows Wine refuses the code, so nothing is forwarded", () => {
  const d = open("enforce", "wine");
  const r = d.ioctl(tcp);
  assert.is(r.forwarded, false);
  assert.match(r.refusal!, /^wine\.unimplemented/);
  assert.is(d.nativeCalls, 0);
});

driver("audit: forwards and lists where system and model disagree", () => {
  const a = open("audit", "windows").ioctl(tcp);
  assert.is(a.forwarded, true);
  assert.equal(a.differences, [
    { field: "ret", model: "0", system: "-1" },
    { field: "error", model: "0", system: "10045" },
  ]);
  const b = open("audit", "wine");
  assert.equal(b.ioctl(tcp).differences, []);
  assert.equal(b.ioctl(udp, { in: new Uint8Array([1, 0]), cbIn: 2, out: new Uint8Array(4), cbOut: 4 }).differences, []);
  assert.equal(b.ioctl(tcp, { bytesReturned: false }).differences, [], "NULL lpcbBytesReturned: WSAEFAULT on both");
  const ov = b.ioctl(12345n, { overlapped: { event: true } });
  assert.equal(ov.differences, []);
  assert.equal(ov.system?.completion, { status: 10045, transferred: 0, signalled: true }, "bogus handle: the event is signalled");
  const real = b.ioctl(tcp, { overlapped: { event: true, waitMs: 100 } });
  assert.equal(real.system?.completion, { status: 10045, transferred: 0, signalled: false }, "real socket: never signalled");
});

driver("passthrough: forwards without the model", () => {
  const d = open("passthrough");
  const r = d.ioctl(tcp, { in: new Uint8Array([1, 0]), cbIn: 2 });
  assert.is(r.model, null);
  assert.is(r.forwarded, true);
  assert.is(r.system?.error, 10045);
});

driver("memory safety: counts larger than the buffers are refused before ws2_32, in every mode", () => {
  for (const mode of ["enforce", "audit", "passthrough"] as const) {
    const d = open(mode, "windows");
    for (const call of [{ in: new Uint8Array(4), cbIn: 8 }, { out: new Uint8Array(2), cbOut: 4 }, { in: null, cbIn: 4 }, { cbIn: -1 }]) {
      try {
        d.ioctl(tcp, call);
        assert.unreachable(JSON.stringify(call));
      } catch (err) {
        assert.instance(err, LfpError);
        assert.is((err as LfpError).code, "LFP_BAD_CALL");
      }
    }
    assert.is(d.nativeCalls, 0, `${mode}: nothing reached ws2_32`);
  }
});

driver("a closed socket and calls after WSACleanup are reported, not a crash", () => {
  const s = BigInt(w.WSASocketW(2, 1, 6, 0n, 0, 1));
  w.closesocket(s);
  const d = open("audit", "wine");
  assert.equal(d.ioctl(s).differences, []);
  assert.is(w.WSACleanup(), 0);
  const after = open("passthrough").ioctl(tcp);
  assert.is(after.system?.ret, -1);
  assert.is(w.WSAStartup(0x202, arena.alloc(512).addr), 0);
});

driver("an unknown mode is a clear error", () => {
  assert.throws(() => NativeDriver.open({ model, koffi, mode: "yolo" as never }), /mode: expected enforce, audit or passthrough/);
});

driver.after(() => {
  w.closesocket(tcp);
  w.closesocket(udp);
  w.WSACleanup();
  arena.freeAll();
});

driver.run();
