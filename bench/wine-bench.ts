// The native figures, measured inside the Windows build of Node under Wine and
// written as JSON to the file named on the command line (node.exe under Wine
// cannot write to a pipe).
//   node wine-bench.js <out.json> <koffi path> <round trips>
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadModel } from "../host/node.js";
import { bindWs2_32, Arena, type Koffi, type Ws2_32 } from "../host/native/ws2_32.js";
import { NativeDriver } from "../host/native/driver.js";
import { CheckedCall } from "../host/native/driver-call.js";
import { nsPerOp, figure } from "./measure.js";

const [outPath, koffiPath, tripsText] = process.argv.slice(2);
const koffi = createRequire(import.meta.url)(koffiPath) as Koffi;
const w = bindWs2_32(koffi);
const a = new Arena(koffi);
w.WSAStartup(0x202, a.alloc(512).addr);
const tcp = () => BigInt(w.WSASocketW(2, 1, 6, 0n, 0, 1));
const s = tcp();
const inb = a.alloc(4);
inb.view.setUint32(0, 1, true);
const br = a.alloc(4);

const model = await loadModel();
const trivialLoop = (n: number) => { for (let i = 0; i < n; i++) w.WSAGetLastError(); };
// The forwarded path without Wine's round trip: WSAIoctl's prototype bound to a trivial function
// (WSAGetLastError, which ignores the nine arguments; the x64 convention lets a callee ignore
// what it does not read), raw and through the driver (enforce, windows profile: forwarded).
// Measured first: a call site that has seen one koffi function is V8's fast case, and the real
// driver below shares the driver's code.
const stub = koffi.load("ws2_32.dll").func("int __stdcall WSAGetLastError(uintptr_t s, uint32_t code, uintptr_t inBuf, uint32_t cbIn, uintptr_t outBuf, uint32_t cbOut, uintptr_t bytesReturned, uintptr_t overlapped, uintptr_t routine)") as Ws2_32["WSAIoctl"];
const call = { handle: "tcp" as const, in: new Uint8Array([1, 0, 0, 0]) };
const stubbed = NativeDriver.open({ model, koffi, mode: "enforce", profile: "windows", ws2_32: { ...w, WSAIoctl: stub } });
if (!stubbed.ioctl(s, call).forwarded) throw new Error("the stubbed driver did not forward the valid call");
const koffiStubNs = nsPerOp((n) => { for (let i = 0; i < n; i++) if (stub(s, 0x98000010 | 0, inb.addr, 4, 0n, 0, br.addr, 0n, 0n) !== 0) w.WSAGetLastError(); }, 200000, 7);
const enforceStubNs = nsPerOp((n) => { for (let i = 0; i < n; i++) stubbed.ioctl(s, call); }, 200000, 7);
const passthroughStubNs = nsPerOp((n) => { for (let i = 0; i < n; i++) stubbed.ioctl(s, call, "passthrough"); }, 200000, 7);

// enforce with the windows profile: the model passes the call, so it is forwarded every time.
const driver = NativeDriver.open({ model, koffi, mode: "enforce", profile: "windows" });
if (!driver.ioctl(s, call).forwarded) throw new Error("enforce did not forward the valid call");
// Raw and enforced calls alternate, rep by rep, so Wine's drift hits both alike. Both do the
// work a caller needs: the call, and WSAGetLastError when it fails (the driver reports the error).
const raw: number[] = [];
const enf: number[] = [];
const rawLoop = () => raw.push(nsPerOp((n) => { for (let i = 0; i < n; i++) if (w.WSAIoctl(s, 0x98000010 | 0, inb.addr, 4, 0n, 0, br.addr, 0n, 0n) !== 0) w.WSAGetLastError(); }, 2000, 1).median);
const enforceLoop = () => enf.push(nsPerOp((n) => { for (let i = 0; i < n; i++) driver.ioctl(s, call); }, 2000, 1).median);
for (let rep = 0; rep < 12; rep++) {
  // Which goes first alternates too, so neither always follows the other.
  if (rep % 2) { rawLoop(); enforceLoop(); } else { enforceLoop(); rawLoop(); }
}
const koffiRawNs = figure(raw);
const enforceNs = figure(enf);

// The driver alone, without the native call: a call enforce refuses (cbInBuffer 2 < 4).
const refused = { handle: "tcp" as const, in: new Uint8Array([1, 0, 0, 0]), cbIn: 2 };
if (driver.ioctl(s, refused).forwarded) throw new Error("enforce forwarded a call the model refuses");
const refusedLoop = (n: number) => { for (let i = 0; i < n; i++) driver.ioctl(s, refused); };
// The two are timed alternately, rep by rep (which goes first alternating too), and their ratio
// taken per rep: the machine's load drifts, and a ratio of two figures taken apart drifts with it.
const trivialReps: number[] = [];
const refusedReps: number[] = [];
const ratios: number[] = [];
for (let rep = 0; rep < 15; rep++) {
  const t = () => trivialReps.push(nsPerOp(trivialLoop, 100000, 1).median);
  const d = () => refusedReps.push(nsPerOp(refusedLoop, 100000, 1).median);
  if (rep % 2) { t(); d(); } else { d(); t(); }
  ratios.push(refusedReps[rep] / trivialReps[rep]);
}
const koffiTrivialNs = figure(trivialReps);
const driverOverheadNs = figure(refusedReps);
const driverOverKoffi = figure(ratios);
// Where its time goes, stage by stage (each includes the ones before it).
const checked = new CheckedCall();
const p = model.profileIndex("windows");
const profile = {
  checkNs: nsPerOp((n) => { for (let i = 0; i < n; i++) checked.check(refused); }, 200000, 7),
  encodeNs: nsPerOp((n) => { for (let i = 0; i < n; i++) checked.check(refused).encode("tcp"); }, 200000, 7),
  modelNs: nsPerOp((n) => { for (let i = 0; i < n; i++) model.evaluateEncoded(p, checked.check(refused).encode("tcp")); }, 200000, 7),
  decodeNs: nsPerOp((n) => { for (let i = 0; i < n; i++) model.outcome(p, model.evaluateEncoded(p, checked.check(refused).encode("tcp"))); }, 200000, 7),
  // The model's export alone, the same integers.
  rawModelNs: nsPerOp((n) => { const c = checked.check(refused).encode("tcp"); for (let i = 0; i < n; i++) model.exports.evaluate(p, c.flags, c.code, c.cbIn, c.inLen, c.inValue, c.cbOut, c.outLen); }, 200000, 7),
};

/** Ping-pong over a loopback TCP connection: client send, server recv+send, client recv. */
function pingPong(bytes: number, fastPath: boolean, trips: number): { us: number; ioctl: string } {
  const l = tcp();
  const c = tcp();
  let ioctl = "not requested";
  if (fastPath) {
    const r1 = w.WSAIoctl(l, 0x98000010 | 0, inb.addr, 4, 0n, 0, br.addr, 0n, 0n);
    const e1 = w.WSAGetLastError();
    const r2 = w.WSAIoctl(c, 0x98000010 | 0, inb.addr, 4, 0n, 0, br.addr, 0n, 0n);
    ioctl = r1 === 0 && r2 === 0 ? "accepted on both sides" : `refused (WSAIoctl ${r1}, error ${e1})`;
  }
  const sa = a.alloc(16);
  sa.view.setUint16(0, 2, true);
  sa.view.setUint32(4, 0x7f000001, false);
  w.bind(l, sa.addr, 16);
  w.listen(l, 1);
  const len = a.alloc(4);
  len.view.setInt32(0, 16, true);
  w.getsockname(l, sa.addr, len.addr);
  w.connect(c, sa.addr, 16);
  const srv = BigInt(w.accept(l, 0n, 0n));
  const buf = a.alloc(bytes);
  const t0 = performance.now();
  for (let i = 0; i < trips; i++) {
    w.send(c, buf.addr, bytes, 0);
    for (let got = 0; got < bytes;) got += w.recv(srv, buf.addr, bytes - got, 0);
    w.send(srv, buf.addr, bytes, 0);
    for (let got = 0; got < bytes;) got += w.recv(c, buf.addr, bytes - got, 0);
  }
  const us = ((performance.now() - t0) * 1000) / trips;
  for (const x of [srv, c, l]) w.closesocket(x);
  return { us, ioctl };
}
const trips = Number(tripsText);
const tcp1 = pingPong(1, false, trips);
const tcp64 = pingPong(64, false, trips);
const fast1 = pingPong(1, true, trips);
const fast64 = pingPong(64, true, trips);
w.closesocket(s);
w.WSACleanup();
writeFileSync(outPath, JSON.stringify({ koffiTrivialNs, koffiRawNs, enforceNs, driverOverheadNs, driverOverKoffi, profile, koffiStubNs, enforceStubNs, passthroughStubNs, tcp1, tcp64, fast1, fast64 }));
