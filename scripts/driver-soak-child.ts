// The driver soak itself, inside a Windows Node (the Windows build under Wine,
// or Windows): enforce-mode calls on a pool of real sockets, the pool churned
// (sockets closed and opened) and WSAStartup/WSACleanup pairs nested in
// between, the process's resources sampled as it goes. Writes one JSON report
// to the file named first (node.exe under Wine cannot write to a pipe).
//   node --expose-gc driver-soak-child.js <out.json> <koffi path> <calls> <sockets> <seed> <warm-up calls>
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadModel } from "../host/node.js";
import { NativeDriver, type DriverCall } from "../host/native/driver.js";
import { Arena, bindWs2_32, INVALID_SOCKET, type Koffi } from "../host/native/ws2_32.js";
import { rng } from "./invariants.js";

/** One look at the process's resources. */
export interface SoakSample {
  calls: number;
  /** V8's heap in use and memory outside it (after a full GC). */
  heapUsed: number;
  external: number;
  /** Memory the driver allocated through koffi and has not freed. */
  koffiBlocks: number;
  koffiBytes: number;
  /** The process's handle count (GetProcessHandleCount; Wine 8 always answers 0). */
  handles: number;
  /**
   * The lowest free handle slot: an event created and closed at once gets the lowest free
   * handle value (Windows and Wine's server both reuse the lowest free entry), so handles
   * that leak push it up. Works under Wine, where the count does not.
   */
  probeHandle: number;
  /** Commit charge, i.e. the process's private bytes (PagefileUsage of K32GetProcessMemoryInfo; PrivateUsage is 0 under Wine 8). */
  privateBytes: number;
  /** Overlapped calls still pending (their memory and event are kept). */
  pending: number;
}

/** What the child reports. */
export interface SoakReport {
  calls: number;
  /** Calls made before the first sample, with the same mix (not counted below). */
  warmup: number;
  sockets: number;
  seed: number;
  ms: number;
  /** Calls by what the driver did with them. */
  forwarded: number;
  refused: number;
  /** Errors seen on forwarded calls, by code. */
  errors: Record<string, number>;
  startups: number;
  cleanups: number;
  socketsOpened: number;
  socketsClosed: number;
  eventsCreated: number;
  eventsClosed: number;
  /** After the last WSACleanup, and one more for the WSAStartup Node itself made: WSASocketW's error (10093: the count was back to 0). */
  afterCleanupError: number;
  samples: SoakSample[];
}

const [outPath, koffiPath, callsText, socketsText, seedText, warmupText] = process.argv.slice(2);
const warmup = Number(warmupText);
const calls = Number(callsText);
const poolSize = Number(socketsText);
const seed = Number(seedText);
const koffi = createRequire(import.meta.url)(koffiPath) as Koffi;
const w = bindWs2_32(koffi);
const k32 = koffi.load("kernel32.dll");
const GetCurrentProcess = k32.func("uintptr_t __stdcall GetCurrentProcess()") as () => bigint;
const GetProcessHandleCount = k32.func("int __stdcall GetProcessHandleCount(uintptr_t process, uintptr_t count)") as (p: bigint, c: bigint) => number;
const GetProcessMemoryInfo = k32.func("int __stdcall K32GetProcessMemoryInfo(uintptr_t process, uintptr_t counters, uint32_t cb)") as (p: bigint, c: bigint, cb: number) => number;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => { throw new Error("run with --expose-gc"); });

// The soak's own memory, allocated before the first sample so it is part of every one.
const own = new Arena(koffi);
const wsaData = own.alloc(512);
const counters = own.alloc(80); // PROCESS_MEMORY_COUNTERS_EX
const handleCount = own.alloc(4);
const big = new Uint8Array(100); // an input larger than the driver's preallocated 64 bytes

const report: SoakReport = {
  calls, warmup, sockets: poolSize, seed, ms: 0, forwarded: 0, refused: 0, errors: {}, startups: 0, cleanups: 0,
  socketsOpened: 0, socketsClosed: 0, eventsCreated: 0, eventsClosed: 0, afterCleanupError: 0, samples: [],
};

const startup = () => { if (w.WSAStartup(0x202, wsaData.addr) !== 0) throw new Error("WSAStartup failed"); report.startups++; };
const cleanup = () => { if (w.WSACleanup() !== 0) throw new Error(`WSACleanup failed: ${w.WSAGetLastError()}`); report.cleanups++; };
const open = (r: () => number): bigint => {
  const udp = r() < 0.25;
  const s = BigInt(w.WSASocketW(2, udp ? 2 : 1, udp ? 17 : 6, 0n, 0, 1));
  if (s === INVALID_SOCKET) throw new Error(`WSASocketW failed: ${w.WSAGetLastError()}`);
  report.socketsOpened++;
  return s;
};
const close = (s: bigint) => { if (w.closesocket(s) !== 0) throw new Error(`closesocket failed: ${w.WSAGetLastError()}`); report.socketsClosed++; };

function probeHandle(): number {
  const e = w.WSACreateEvent();
  w.WSACloseEvent(e);
  return Number(e);
}

function sample(driver: NativeDriver, done: number): void {
  gc();
  const m = process.memoryUsage();
  const process_ = GetCurrentProcess();
  handleCount.view.setUint32(0, 0, true);
  GetProcessHandleCount(process_, handleCount.addr);
  counters.view.setUint32(0, 80, true);
  GetProcessMemoryInfo(process_, counters.addr, 80);
  report.samples.push({
    calls: done, heapUsed: m.heapUsed, external: m.external, koffiBlocks: Arena.live.blocks, koffiBytes: Arena.live.bytes,
    handles: handleCount.view.getUint32(0, true), probeHandle: probeHandle(), privateBytes: Number(counters.view.getBigUint64(56, true)), pending: driver.release(),
  });
}

const next = rng(seed);
const r = () => next() / 2 ** 32;
startup();
// The windows profile: the model lets the typical call through, so valid calls reach the real WSAIoctl.
const driver = NativeDriver.open({ model: await loadModel(), koffi, mode: "enforce", profile: "windows" });
const pool = Array.from({ length: poolSize }, () => open(r));
const every = Math.max(1, Math.floor(calls / 10));
let lastClosed = INVALID_SOCKET;

/** Call number i of the run: churn, the odd WSAStartup/WSACleanup pair, then one driver call. */
function step(i: number, count: boolean): void {
  // Churn: every 20 calls a socket of the pool is closed and replaced.
  if (i % 20 === 19) {
    const j = Math.floor(r() * poolSize);
    close(pool[j]);
    lastClosed = pool[j];
    pool[j] = open(r);
  }
  // Nested WSAStartup/WSACleanup pairs, as libraries that each initialise Winsock make them.
  if (i % 1000 === 500) { startup(); cleanup(); }
  const s = pool[Math.floor(r() * poolSize)];
  const pick = r();
  let call: DriverCall;
  let target = s;
  if (pick < 0.5) call = { handle: "tcp", in: new Uint8Array([1, 0, 0, 0]) }; // the typical call (the model allows it on TCP)
  else if (pick < 0.6) call = {}; // the driver asks ws2_32 what the handle is
  else if (pick < 0.75) call = { in: new Uint8Array([1, 0, 0, 0]), cbIn: 2 }; // refused: cbInBuffer too small
  else if (pick < 0.8) call = { handle: "tcp", out: new Uint8Array(4), cbOut: 4 }; // an output buffer: the profile decides (windows lets it through)
  else if (pick < 0.9) call = { handle: "tcp", overlapped: { event: r() < 0.5, waitMs: 0 } }; // memory and an event of its own
  else if (pick < 0.95) call = { handle: "tcp", in: big }; // larger than the preallocated memory
  else { call = {}; target = lastClosed; } // a handle just closed
  const result = driver.ioctl(target, call);
  if (!count) return;
  if (result.forwarded) {
    report.forwarded++;
    const e = String(result.system!.error);
    report.errors[e] = (report.errors[e] ?? 0) + 1;
  } else report.refused++;
}

// Warm-up (V8 compiles and the pool fills), not sampled: the same mix, then the measured run.
for (let i = 0; i < warmup; i++) step(i, false);
const t0 = performance.now();
for (let i = 0; i < calls; i++) {
  if (i % every === 0) sample(driver, i);
  step(i, true);
}
report.ms = performance.now() - t0;
sample(driver, calls);
for (const s of pool) close(s);
report.eventsCreated = driver.eventsCreated;
report.eventsClosed = driver.eventsClosed;
cleanup();
// Node's own WSAStartup (libuv) is the one left: undo it, see that the count is 0, restore it.
w.WSACleanup();
const probe = BigInt(w.WSASocketW(2, 1, 6, 0n, 0, 1));
report.afterCleanupError = probe === INVALID_SOCKET ? w.WSAGetLastError() : 0;
if (probe !== INVALID_SOCKET) w.closesocket(probe);
w.WSAStartup(0x202, wsaData.addr);
own.freeAll();
writeFileSync(outPath, JSON.stringify(report));
