// Runs inside the Windows build of Node under Wine (test/native.test.ts starts it):
// the driver's memory — what ws2_32 writes comes back to the caller's buffer, and
// calls that do not fit the preallocated memory reuse pooled blocks.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createRequire } from "node:module";
import { loadModel } from "../../host/node.js";
import { NativeDriver } from "../../host/native/driver.js";
import { Arena, type Koffi } from "../../host/native/ws2_32.js";

// The parent (test/native.test.ts) passes the cache folder's koffi (lfp setup wine); Wine hands the variable through.
const koffiPath = process.env.LFP_KOFFI;
if (!koffiPath) throw new Error("LFP_KOFFI is not set: run this file through test/native.test.ts");
const koffi = createRequire(import.meta.url)(koffiPath) as Koffi;
const model = await loadModel();
const arena = new Arena(koffi);
const driver = NativeDriver.open({ model, koffi, mode: "passthrough" });
const w = driver.ws2_32;
assert.is(w.WSAStartup(0x202, arena.alloc(512).addr), 0);
const tcp = BigInt(w.WSASocketW(2, 1, 6, 0n, 0, 1));
/** FIONREAD through WSAIoctl: writes a u_long, the bytes ready to read (0 on a fresh socket). */
const FIONREAD = 0x4004667f;

const memory = suite("the driver's memory under Wine");

memory("what ws2_32 writes to lpvOutBuffer comes back to the caller's bytes, small and large", () => {
  for (const size of [4, 100]) {
    const out = new Uint8Array(size).fill(0xaa);
    const r = driver.ioctl(tcp, { code: FIONREAD, in: null, out, cbOut: 4 });
    assert.equal([r.system?.ret, r.system?.error, r.system?.bytesReturned], [0, 0, 4], `${size}-byte buffer`);
    assert.equal([...out.subarray(0, 4)], [0, 0, 0, 0], `${size}-byte buffer: the u_long written`);
    assert.ok(out.subarray(4).every((b) => b === 0xaa), `${size}-byte buffer: bytes past cbOut untouched`);
  }
});

memory("large and overlapped calls reuse pooled blocks: no koffi memory per call, every event closed", () => {
  const d = NativeDriver.open({ model, koffi, mode: "audit", profile: "wine" });
  const big = new Uint8Array(200).fill(1);
  const call = (i: number) => d.ioctl(tcp, i % 2 ? { in: big } : { overlapped: { event: true, waitMs: 0 } });
  for (let i = 0; i < 10; i++) call(i);
  const before = { ...Arena.live };
  for (let i = 0; i < 1000; i++) assert.equal(call(i).differences, [], `call ${i}`);
  assert.equal(Arena.live, before, "koffi memory the same after 1,000 more calls");
  assert.is(d.release(), 0, "nothing pending");
  assert.is(d.eventsClosed, d.eventsCreated);
  assert.ok(d.eventsCreated >= 500);
});

memory.after(() => {
  w.closesocket(tcp);
  w.WSACleanup();
  arena.freeAll();
});

memory.run();
