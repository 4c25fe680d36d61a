// Plays a vector case on the real ws2_32 (inside a Windows Node: on Windows, or
// the Windows build under Wine). Every out-pointer is pre-filled with the
// sentinel 0xDEADBEEF so "untouched" is observable; overlapped completions are
// waited for with a bound; every socket and event opened is closed and
// WSAStartup/WSACleanup stay balanced (counted in `stats`).
import type { Catalogue } from "../../../../host/catalogue.js";
import { encodeCall, type EncodedCall } from "../../../../host/call.js";
import { parseAddress, type ParsedAddress } from "../../../../host/address.js";
import { SENTINEL, completionStatus } from "../../../../host/native/ntstatus.js";
import {
  Arena, INVALID_SOCKET, WSA_FLAG_OVERLAPPED, FIONBIO, WSAEWOULDBLOCK, WSA_IO_INCOMPLETE, WSA_IO_PENDING,
  WINSOCK_2_2, WSADATA_BYTES, AF_INET, AF_INET6, SOCK_STREAM, SOCK_DGRAM, IPPROTO_TCP, IPPROTO_UDP, SOMAXCONN,
  SOCKADDR_IN, SOCKADDR_IN6, OVERLAPPED, WSA_WAIT_EVENT_0, ALERTABLE, NOT_ALERTABLE, COMPLETION_ROUTINE,
  type Koffi, type Ws2_32,
} from "../../../../host/native/ws2_32.js";
import {
  F_IN, F_OUT, F_BYTES_RETURNED, F_OVERLAPPED, F_ROUTINE, M_POINTER, P_NULL, P_VALID, P_INVALID, OV_INVALID, OV_NOEVENT, OV_EVENT,
} from "../../../../assembly/shared/layout.js";
import type { LoadedCase, Step } from "../../vectors.js";
import type { StepActual } from "../../target.js";
import { callOf } from "../../step-call.js";
import { stepRef } from "../../socket-ref.js";
import { IssuingThread, ThreadFailure, type ThreadIoctl } from "./issuing-thread.js";

/** How long an overlapped call's completion is waited for. */
export const COMPLETION_WAIT_MS = 200;
/** A recv that got nothing waits this long for the first byte (the peer's send already returned). */
const RECV_FIRST_BYTE_MS = 200;
/** A recv that got some bytes keeps reading until no more came for this long. */
const RECV_IDLE_MS = 1000;
/** How often a non-blocking recv, or a wait for an operation's status, looks again; how long accept waits between tries. */
const POLL_MS = 5;
const ACCEPT_POLL_MS = 10;
/** accept tries this often: a loopback connection reaches the queue at once; a little slack. */
const ACCEPT_TRIES = 20;
/** send and recv move at most this many bytes a call. */
const CHUNK_BYTES = 65536;
/** When a case runs without WSAStartup, at most this many of the process's WSAStartup counts are undone. */
const MAX_DRAINED_STARTUPS = 16;
/** A pointer no implementation may dereference: inside the never-mapped first page. */
const INVALID_ADDRESS = 0x10n;
/** A handle value no socket of this process has (Wine's tests use the same). */
const NOT_A_SOCKET = 12345n;
/** What an output buffer is filled with before the call. */
const OUT_FILL = 0xcc;

/** The option levels and names setsockopt steps use, with their numbers (the model's catalogue, handed over in the job). */
export type OptionNumbers = Pick<Catalogue, "levels" | "options">;

/** Resources opened and closed, for the balance checks. */
export interface NativeStats {
  startups: number; cleanups: number; socketsOpened: number; socketsClosed: number; eventsCreated: number; eventsClosed: number; calls: number;
  /** Issuing threads started, and seen to end (exitThread steps, or the end of their case). */
  threadsStarted: number; threadsEnded: number;
}

/** Native memory: an address and a view of it. */
type Memory = { addr: bigint; view: DataView };

/** An overlapped operation a step started (an ioctl's), for `wait` and `cancel`. */
interface Pending {
  socket: bigint; ov: Memory; event: bigint;
  /** A completion routine (valid or not) was given: the operation is waited for alertably, where an APC would call it. */
  routine: boolean;
  /** The calls of the player's own routine (an operation issued on the issuing thread: that thread records them). */
  calls: [number, number, number][];
  /** The thread that issued it: null for the player's own. */
  thread: IssuingThread | null;
  completion: StepActual["completion"];
}

/** What the steps of one case share while it plays. */
class CaseState {
  readonly sockets = new Map<string, bigint>();
  readonly closed = new Set<string>();
  readonly bound = new Map<string, ParsedAddress>();
  readonly listening = new Set<string>();
  /** Each socket's address family (4 or 6), for IPv4-mapped destinations. */
  readonly families = new Map<string, number>();
  readonly ops = new Map<string, Pending>();
  readonly events: bigint[] = [];
  /** The thread the case's operations are issued on until the next exitThread step (null: none runs now). */
  thread: IssuingThread | null = null;
  /** Per step: whether it is made on that thread (onIssuingThread). */
  readonly onThread: boolean[];
  constructor(readonly arena: Arena, c: LoadedCase) {
    this.onThread = c.steps.map((_, i) => onIssuingThread(c, i));
  }

  /** The socket a step names; a StepFailure when no step created it. */
  socket(name: string | undefined): bigint {
    const s = name === undefined ? undefined : this.sockets.get(name);
    if (s === undefined) throw new StepFailure(`socket ${JSON.stringify(name)} does not exist (the step that should have created it failed)`);
    return s;
  }
}

/**
 * Whether step `i` of `c` is made on the case's issuing thread: the ioctl and cancel steps before an
 * exitThread step are ("the thread that issued the case's overlapped operations exits", FORMAT.md),
 * whether or not a target runs that step. The C player (spec-tests/c/steps) decides the same way.
 */
export function onIssuingThread(c: LoadedCase, i: number): boolean {
  const op = c.steps[i].op;
  return (op === "ioctl" || op === "cancel") && c.steps.some((t, j) => j > i && t.op === "exitThread");
}

/** The kind of one pointer field of an encoded call (P_* or OV_*). */
const pointerKind = (c: EncodedCall, field: number): number => (c.flags >>> field) & M_POINTER;

export class Player {
  readonly stats: NativeStats = { startups: 0, cleanups: 0, socketsOpened: 0, socketsClosed: 0, eventsCreated: 0, eventsClosed: 0, calls: 0, threadsStarted: 0, threadsEnded: 0 };
  readonly #w: Ws2_32;
  readonly #koffi: Koffi;
  readonly #names: OptionNumbers;
  readonly #routineType: unknown;
  readonly #koffiPath: string | null;

  /** `koffiPath`: where koffi is loaded from, for the issuing thread of cases with an exitThread step (without it those steps cannot run). */
  constructor(koffi: Koffi, w: Ws2_32, names: OptionNumbers, koffiPath: string | null = null) {
    this.#koffi = koffi;
    this.#w = w;
    this.#names = names;
    this.#koffiPath = koffiPath;
    this.#routineType = koffi.pointer(koffi.proto(COMPLETION_ROUTINE));
  }

  /** Told what an ioctl returned before its completion is waited for alertably (where a faulting routine would run). */
  #returned: ((a: StepActual) => void) | null = null;

  /**
   * Play one case except the steps in `skip`; `onStep` gets each step's actual as soon as it is known,
   * `onReturned` what an ioctl returned before its completion routine may run (so a fault there is
   * reported as the completion's, after the call returned).
   */
  play(c: LoadedCase, skip: ReadonlySet<number>, onStep: (i: number, a: StepActual) => void, onReturned?: (i: number, a: StepActual) => void): void {
    const w = this.#w;
    const st = new CaseState(new Arena(this.#koffi), c);
    let started = false;
    let drained = 0;
    try {
      if (c.startup === false) {
        // Node's libuv called WSAStartup when the process started: undo its count so the case
        // really runs without WSAStartup, and give it back afterwards.
        while (drained < MAX_DRAINED_STARTUPS && w.WSACleanup() === 0) drained++;
      } else {
        if (w.WSAStartup(WINSOCK_2_2, st.arena.alloc(WSADATA_BYTES).addr) !== 0) throw new Error(`WSAStartup failed: ${w.WSAGetLastError()}`);
        this.stats.startups++;
        started = true;
      }
      c.steps.forEach((step, i) => {
        if (skip.has(i)) return;
        this.#returned = onReturned ? (a) => onReturned(i, a) : null;
        onStep(i, this.#step(step, st, i));
      });
    } finally {
      try {
        if (st.thread?.alive && st.thread.exit()) this.stats.threadsEnded++; // the case ended before its exitThread step
      } catch { /* it did not answer: it is left behind (not counted as ended), the case has its result */ }
      for (const [name, s] of st.sockets) if (!st.closed.has(name)) { w.closesocket(s); this.stats.socketsClosed++; }
      for (const e of st.events) { w.WSACloseEvent(e); this.stats.eventsClosed++; }
      if (started) { w.WSACleanup(); this.stats.cleanups++; }
      for (; drained > 0; drained--) w.WSAStartup(WINSOCK_2_2, st.arena.alloc(WSADATA_BYTES).addr);
      // OVERLAPPED blocks of operations that never completed stay allocated: the system may still write them.
      if (![...st.ops.values()].some((p) => p.completion?.status === WSA_IO_PENDING)) st.arena.freeAll();
    }
  }

  #step(step: Step, st: CaseState, i: number): StepActual {
    this.stats.calls++;
    try {
      return this.#run(step, st, i);
    } catch (err) {
      if (err instanceof ThreadFailure) throw new StepFailure(err.message);
      throw err;
    }
  }

  #run(step: Step, st: CaseState, i: number): StepActual {
    switch (step.op) {
      case "socket": return this.#socket(step, st);
      case "bind": return this.#bind(step, st);
      case "listen": return this.#listen(step, st);
      case "connect": return this.#connect(step, st);
      case "accept": return this.#accept(step, st);
      case "ioctl": return this.#ioctl(step, st, i);
      case "setsockopt": return this.#setsockopt(step, st);
      case "send": return this.#send(step, st);
      case "recv": return this.#recv(step, st);
      case "close": return this.#close(step, st);
      case "wait": return this.#wait(step, st);
      case "cancel": return this.#cancel(step, st, i);
      case "exitThread": return this.#exitThread(st);
      case "condition": return {};
      case "observe": throw new StepFailure("observe cannot be performed on a real stack");
    }
  }

  #socket(step: Step, st: CaseState): StepActual {
    const w = this.#w;
    const af = step.family === "inet6" ? AF_INET6 : AF_INET;
    const type = step.type === "dgram" ? SOCK_DGRAM : SOCK_STREAM;
    const proto = (step.protocol ?? (type === SOCK_DGRAM ? "udp" : "tcp")) === "udp" ? IPPROTO_UDP : IPPROTO_TCP;
    const s = BigInt(w.WSASocketW(af, type, proto, 0n, 0, step.overlapped === false ? 0 : WSA_FLAG_OVERLAPPED));
    if (s === INVALID_SOCKET) return { ret: -1, error: w.WSAGetLastError() };
    this.stats.socketsOpened++;
    st.sockets.set(step.as!, s);
    st.families.set(step.as!, af === AF_INET6 ? 6 : 4);
    return { ret: 0, error: 0 };
  }

  #bind(step: Step, st: CaseState): StepActual {
    const a = parseAddress(step.address!, "address", true);
    const sa = this.#sockaddr(st.arena, a, a.port ?? 0);
    const r = this.#result(this.#w.bind(st.socket(step.socket), sa.addr, sa.len));
    if (r.ret === 0) st.bound.set(step.socket!, a);
    return r;
  }

  #listen(step: Step, st: CaseState): StepActual {
    const r = this.#result(this.#w.listen(st.socket(step.socket), SOMAXCONN)); // the model has no backlog limit: take the system's largest
    if (r.ret === 0) st.listening.add(step.socket!);
    return r;
  }

  #connect(step: Step, st: CaseState): StepActual {
    const s = st.socket(step.socket);
    const { dest, port } = st.sockets.has(step.to!) ? this.#listenerDestination(step, st) : this.#addressDestination(step, st);
    const sa = this.#sockaddr(st.arena, dest, port);
    return this.#result(this.#w.connect(s, sa.addr, sa.len));
  }

  /** Where a connect to a listener of the case goes: its bound address (loopback for a wildcard) and port. */
  #listenerDestination(step: Step, st: CaseState): { dest: ParsedAddress; port: number } {
    const l = step.to!;
    const b = st.bound.get(l) ?? parseAddress("0.0.0.0", "to", true);
    const client = st.families.get(step.socket!);
    const any = b.words.every((x) => x === 0);
    // An IPv4 client reaches a dual-stack IPv6 listener bound to :: at 127.0.0.1 (winsock#Dual-Stack Sockets).
    const anyV6ForV4 = b.family === 6 && client === 4 && any;
    let dest = any ? parseAddress(b.family === 4 || anyV6ForV4 ? "127.0.0.1" : "::1", "to", true) : b;
    if (dest.family === 4 && client === 6) dest = { family: 6, words: [0, 0, 0xffff, dest.words[0]], port: null };
    return { dest, port: this.#portOf(st.arena, st.sockets.get(l)!) };
  }

  /** Where a connect to an address goes; the model ignores ports: a listener of the case bound to this address is meant. */
  #addressDestination(step: Step, st: CaseState): { dest: ParsedAddress; port: number } {
    let dest: ParsedAddress;
    try {
      dest = parseAddress(step.to!, "to", true);
    } catch {
      // Not an address: a socket of the case whose creation failed. The case stops here (as in the .exe's player), not the run.
      st.socket(step.to);
      throw new StepFailure(`connect: ${JSON.stringify(step.to)} is neither a socket of the case nor an address`);
    }
    for (const l of st.listening) {
      const b = st.bound.get(l);
      if (!b) continue;
      const mapped = dest.family === 6 && b.family === 4 && dest.words[2] === 0xffff && dest.words[3] === b.words[0];
      const same = b.family === dest.family && b.words.every((x, k) => x === dest.words[k]);
      const any = (b.family === dest.family || (b.family === 6 && dest.family === 4)) && b.words.every((x) => x === 0);
      if (same || mapped || any) return { dest, port: this.#portOf(st.arena, st.sockets.get(l)!) };
    }
    return { dest, port: dest.port ?? 0 };
  }

  #accept(step: Step, st: CaseState): StepActual {
    const w = this.#w;
    const l = st.socket(step.socket);
    this.#nonBlocking(st.arena, l, true);
    let a = INVALID_SOCKET;
    let err = 0;
    for (let tries = 0; tries < ACCEPT_TRIES; tries++) {
      a = BigInt(w.accept(l, 0n, 0n));
      if (a !== INVALID_SOCKET) break;
      err = w.WSAGetLastError();
      if (err !== WSAEWOULDBLOCK) break;
      w.SleepEx(ACCEPT_POLL_MS, NOT_ALERTABLE);
    }
    this.#nonBlocking(st.arena, l, false);
    if (a === INVALID_SOCKET) return { ret: -1, error: err };
    this.stats.socketsOpened++;
    st.sockets.set(step.as!, a);
    st.families.set(step.as!, st.families.get(step.socket!) ?? 4);
    return { ret: 0, error: 0 };
  }

  #setsockopt(step: Step, st: CaseState): StepActual {
    const lv = this.#names.levels.find((l) => l.name === step.level)!;
    const opt = this.#names.options.find((o) => o.name === step.name)!;
    const v = st.arena.alloc(4);
    v.view.setUint32(0, step.value!, true);
    return this.#result(this.#w.setsockopt(st.socket(step.socket), lv.number | 0, opt.number | 0, v.addr, 4));
  }

  /** A send made without blocking: what the stack takes at once (completed: all of it). */
  #send(step: Step, st: CaseState): StepActual {
    const w = this.#w;
    const s = st.socket(step.socket);
    const n = step.bytes!;
    const chunk = st.arena.alloc(Math.min(n, CHUNK_BYTES));
    this.#nonBlocking(st.arena, s, true);
    let sent = 0;
    let err = 0;
    while (sent < n) {
      const r = w.send(s, chunk.addr, Math.min(n - sent, CHUNK_BYTES), 0);
      if (r < 0) { err = w.WSAGetLastError(); break; }
      sent += r;
    }
    this.#nonBlocking(st.arena, s, false);
    if (err !== 0 && err !== WSAEWOULDBLOCK) return { ret: -1, error: err };
    return { ret: 0, error: 0, completed: sent === n };
  }

  #recv(step: Step, st: CaseState): StepActual {
    const w = this.#w;
    const s = st.socket(step.socket);
    const n = step.bytes!;
    if (n === 0) return { ret: 0, error: 0, received: 0 };
    const buf = st.arena.alloc(Math.min(n, CHUNK_BYTES));
    this.#nonBlocking(st.arena, s, true);
    let got = 0;
    let err = 0;
    // A real stack may hand over fewer bytes than were sent in one recv (Wine does, under
    // load): read until the count, or until nothing more came for a bounded time.
    let lastProgress = Date.now();
    while (got < n) {
      const r = w.recv(s, buf.addr, Math.min(n - got, CHUNK_BYTES), 0);
      if (r > 0) { got += r; lastProgress = Date.now(); continue; }
      if (r === 0) break;
      err = w.WSAGetLastError();
      if (err !== WSAEWOULDBLOCK) break;
      if (Date.now() - lastProgress > (got === 0 ? RECV_FIRST_BYTE_MS : RECV_IDLE_MS)) break;
      w.SleepEx(POLL_MS, NOT_ALERTABLE);
    }
    this.#nonBlocking(st.arena, s, false);
    if (got === 0 && err !== 0) return { ret: -1, error: err, received: 0 };
    return { ret: 0, error: 0, received: got };
  }

  #close(step: Step, st: CaseState): StepActual {
    const r = this.#result(this.#w.closesocket(st.socket(step.socket)));
    if (r.ret === 0) { st.closed.add(step.socket!); this.stats.socketsClosed++; }
    return r;
  }

  #wait(step: Step, st: CaseState): StepActual {
    const p = this.#operation(step, st);
    // Waited for again while it pends, or while its routine has not run and its thread may still run it.
    const routineMayRun = p.routine && p.completion?.via !== "routine" && (p.thread === null || p.thread.alive);
    if (p.completion?.status === WSA_IO_PENDING || routineMayRun) p.completion = this.#complete(p, true);
    const a: StepActual = { completion: p.completion, completed: p.completion?.status !== WSA_IO_PENDING };
    if (p.completion?.status === WSA_IO_PENDING) a.note = stillPending();
    return a;
  }

  /** The operation a wait or cancel step names; a StepFailure when its ioctl did not start one. */
  #operation(step: Step, st: CaseState): Pending {
    const p = st.ops.get(step.operation!);
    if (!p) throw new StepFailure(`operation ${JSON.stringify(step.operation)} was not started (its ioctl did not start an overlapped operation)`);
    return p;
  }

  /** CancelIoEx on the step's operation, or CancelIo on the socket, made by the thread that issued the case's operations. */
  #cancel(step: Step, st: CaseState, i: number): StepActual {
    const s = st.socket(step.socket);
    const ov = step.operation === undefined ? null : this.#operation(step, st).ov.addr;
    if (st.onThread[i]) {
      const r = this.#issuingThread(st).cancel(s, ov);
      return r.ok ? { ret: 0, error: 0 } : { ret: -1, error: r.error };
    }
    const w = this.#w;
    const ok = ov === null ? w.CancelIo(s) : w.CancelIoEx(s, ov);
    return ok ? { ret: 0, error: 0 } : { ret: -1, error: w.GetLastError() };
  }

  /** The issuing thread ends, and is waited for (one is started first when no step of the case used it). */
  #exitThread(st: CaseState): StepActual {
    const t = this.#issuingThread(st);
    st.thread = null;
    if (!t.exit()) throw new StepFailure("the issuing thread did not end within the bounded wait after it was told to exit");
    this.stats.threadsEnded++;
    return { ret: 0, error: 0 };
  }

  /** The case's running issuing thread, started when there is none. */
  #issuingThread(st: CaseState): IssuingThread {
    if (st.thread?.alive) return st.thread;
    if (this.#koffiPath === null) throw new StepFailure("a step on the issuing thread needs koffi's path, which this player was not given");
    st.thread = new IssuingThread(this.#koffiPath, this.#w);
    this.stats.threadsStarted++;
    return st.thread;
  }

  #ioctl(step: Step, st: CaseState, i: number): StepActual {
    if (step.api === "WSPIoctl") this.#wspIoctl(st.arena);
    const w = this.#w;
    const c = encodeCall(callOf(step));
    const s = this.#handle(step, st);
    const inAddr = this.#inBuffer(step, c, st.arena);
    const outAddr = this.#buffer(pointerKind(c, F_OUT), c.outLen, st.arena, (v) => { for (let k = 0; k < v.byteLength; k++) v.setUint8(k, OUT_FILL); });
    const brKind = pointerKind(c, F_BYTES_RETURNED);
    const br = st.arena.alloc(4);
    br.view.setUint32(0, SENTINEL, true);
    const brAddr = brKind === P_NULL ? 0n : brKind === P_INVALID ? INVALID_ADDRESS : br.addr;
    const thread = st.onThread[i] ? this.#issuingThread(st) : null;
    const ovKind = pointerKind(c, F_OVERLAPPED);
    const pending = ovKind === OV_NOEVENT || ovKind === OV_EVENT ? this.#overlapped(s, ovKind === OV_EVENT, thread, st) : null;
    const ovAddr = ovKind === OV_INVALID ? INVALID_ADDRESS : pending?.ov.addr ?? 0n;
    const rtKind = pointerKind(c, F_ROUTINE);
    const calls = pending?.calls ?? [];
    // A valid routine records its calls: the player's own (registered here), or the issuing thread's (it registered its own).
    const registered = rtKind === P_VALID && thread === null
      ? this.#koffi.register(((err: number, n: number, _ov: bigint, flags: number) => { calls.push([err, n, flags]); }) as never, this.#routineType)
      : null;
    const routine = rtKind === P_INVALID ? INVALID_ADDRESS : registered ?? 0n;
    // A routine (valid or not) is waited for alertably like a real one: that is where an APC would call it.
    if (pending && rtKind !== P_NULL) pending.routine = true;
    const call = { s, code: c.code, inAddr, cbIn: c.cbIn, outAddr, cbOut: c.cbOut, brAddr, ovAddr, lastError: SENTINEL | 0 };
    const { ret, error: err } = thread !== null
      ? thread.ioctl({ ...call, routine: rtKind === P_VALID ? "own" : routine })
      : this.#callIoctl(call, routine);
    const a: StepActual = { ret: ret === 0 ? 0 : -1, error: ret === 0 ? 0 : err, errno: "untouched" };
    const brv = br.view.getUint32(0, true);
    a.bytesReturned = brKind !== P_VALID || brv === SENTINEL ? "untouched" : brv;
    a.completion = null;
    // An operation was started when the call pended, or returned 0 with an OVERLAPPED the system used.
    if (pending && (err === WSA_IO_PENDING || (ret === 0 && internal(pending) !== BigInt(SENTINEL)) || (ret === 0 && pending.routine))) {
      if (pending.routine && thread === null) this.#tellReturned(a, pending, rtKind);
      // The issuing thread goes on without an alertable wait: its routine can run only at a wait step before it exits.
      pending.completion = this.#complete(pending, thread === null);
      a.completion = pending.completion;
      if (pending.completion?.status === WSA_IO_PENDING) a.note = stillPending();
      if (step.as !== undefined) st.ops.set(step.as, pending);
    } else if (rtKind !== P_NULL && thread === null) {
      a.completion = this.#routineWithoutOperation(a, calls);
    }
    if (registered !== null && !(pending && pending.completion?.status === WSA_IO_PENDING)) this.#koffi.unregister(registered);
    return a;
  }

  /** WSAIoctl on the player's own thread, WSAGetLastError pre-set so that an untouched error is seen. */
  #callIoctl(c: Omit<ThreadIoctl, "routine">, routine: bigint): { ret: number; error: number } {
    const w = this.#w;
    w.WSASetLastError(c.lastError);
    const ret = w.WSAIoctl(c.s, c.code | 0, c.inAddr, c.cbIn | 0, c.outAddr, c.cbOut | 0, c.brAddr, c.ovAddr, routine);
    return { ret, error: w.WSAGetLastError() };
  }

  /**
   * A routine given to a call that started no overlapped operation: Wine queues it all the same, as an APC
   * (dlls/ws2_32/socket.c@wine-8.0 L2256-2261, server_ioctl_sock), so it is waited for alertably as well,
   * where an invalid one faults. What the call returned is told first, the completion not yet delivered
   * (WSA_IO_PENDING): no WSAOVERLAPPED holds a status, and a fault in the wait is the completion's.
   * What a valid routine got is reported as it got it (spec-tests/c/steps/steps.c does the same).
   */
  #routineWithoutOperation(a: StepActual, calls: [number, number, number][]): StepActual["completion"] {
    this.#returned?.({ ...a, completion: { via: "routine", channels: ["routine"], status: WSA_IO_PENDING, transferred: 0 } });
    this.#w.SleepEx(COMPLETION_WAIT_MS, ALERTABLE);
    if (calls.length === 0) return null;
    const [status, transferred, flags] = calls[0];
    return { via: "routine", channels: ["routine"], status, transferred, flags };
  }

  /**
   * WSPIoctl is reached through a provider's WSPStartup. Under Wine 8 mswsock's WSPStartup is an
   * unimplemented stub that aborts the process; the target reports that as "unavailable".
   */
  #wspIoctl(arena: Arena): never {
    const wspStartup = this.#koffi.load("mswsock.dll").func("int __stdcall WSPStartup(uint16_t v, uintptr_t data, uintptr_t info, uintptr_t upcall, uintptr_t table)");
    const block = arena.alloc(2048);
    wspStartup(WINSOCK_2_2, block.addr, block.addr + 600n, block.addr + 1300n, block.addr + 1500n);
    throw new StepFailure("WSPStartup returned: driving WSPIoctl through the provider's table is not implemented");
  }

  /** The handle an ioctl step is made on. */
  #handle(step: Step, st: CaseState): bigint {
    const ref = stepRef(step);
    if (ref.kind === "not-a-socket") return NOT_A_SOCKET;
    if (ref.kind === "invalid-socket") return INVALID_SOCKET;
    return st.socket(ref.name);
  }

  /** The input buffer: exactly the bytes the vector hands over (its BOOL when it gives no bytes). */
  #inBuffer(step: Step, c: EncodedCall, arena: Arena): bigint {
    const inBytes = step.in && typeof step.in === "object" && "bytes" in step.in ? step.in.bytes : null;
    return this.#buffer(pointerKind(c, F_IN), c.inLen, arena, (v) => {
      if (inBytes !== null) for (let k = 0; k < c.inLen; k++) v.setUint8(k, parseInt(inBytes.slice(k * 2, k * 2 + 2), 16));
      else v.setUint32(0, c.inValue, true);
    });
  }

  /** A buffer argument: NULL, an invalid pointer, or `len` bytes filled by `bytes` (never less than the count passed: features.ts). */
  #buffer(kind: number, len: number, arena: Arena, bytes: (v: DataView) => void): bigint {
    if (kind === P_NULL) return 0n;
    if (kind === P_INVALID) return INVALID_ADDRESS;
    const m = arena.alloc(len);
    bytes(m.view);
    return m.addr;
  }

  /** A WSAOVERLAPPED for socket `s` (status and count pre-filled with the sentinel), with an event if asked. */
  #overlapped(s: bigint, withEvent: boolean, thread: IssuingThread | null, st: CaseState): Pending {
    const ov = st.arena.alloc(OVERLAPPED.bytes);
    ov.view.setBigUint64(OVERLAPPED.internal, BigInt(SENTINEL), true);
    ov.view.setBigUint64(OVERLAPPED.internalHigh, BigInt(SENTINEL), true);
    let event = 0n;
    if (withEvent) {
      event = BigInt(this.#w.WSACreateEvent());
      this.stats.eventsCreated++;
      st.events.push(event);
      ov.view.setBigUint64(OVERLAPPED.hEvent, event, true);
    }
    return { socket: s, ov, event, routine: false, calls: [], thread, completion: null };
  }

  /**
   * A routine (valid or not) runs as an APC at the next alertable wait, where an invalid one faults (Wine 8).
   * What the call returned and the status the operation completed with are known before that wait (read
   * without an alertable wait, so no APC runs): said first, a fault in the wait is the completion's.
   * (Waited for only when the routine is invalid: a valid one cannot fault, and an operation that never
   * completes would cost the bounded wait twice.)
   */
  #tellReturned(a: StepActual, p: Pending, rtKind: number): void {
    const now = completionStatus(Number(internal(p) & 0xffffffffn));
    const status = rtKind === P_INVALID ? this.#settled(p) : typeof now === "number" ? now : WSA_IO_PENDING;
    this.#returned?.({ ...a, completion: { via: "routine", channels: ["routine"], status, transferred: 0 } });
  }

  /** Wait (bounded, not alertable: no APC runs) until the system wrote the operation's status; WSA_IO_PENDING if it did not. */
  #settled(p: Pending): number {
    for (const start = Date.now(); Date.now() - start < COMPLETION_WAIT_MS; this.#w.SleepEx(POLL_MS, NOT_ALERTABLE)) {
      const status = completionStatus(Number(internal(p) & 0xffffffffn));
      if (status !== "pending") return status ?? this.#overlappedResult(p);
    }
    return WSA_IO_PENDING;
  }

  /**
   * Wait (bounded) for a started operation and read how it completed. An operation with a routine is
   * waited for alertably on the thread that issued it, if `alertable` and that thread still runs: its
   * routine can run nowhere else.
   */
  #complete(p: Pending, alertable: boolean): StepActual["completion"] {
    const w = this.#w;
    let via: "event" | "routine" | "none" = "none";
    if (p.routine) {
      const t = p.thread;
      if (alertable && t === null) w.SleepEx(COMPLETION_WAIT_MS, ALERTABLE);
      else if (alertable && t?.alive) t.alertableWait(COMPLETION_WAIT_MS);
      else w.SleepEx(COMPLETION_WAIT_MS, NOT_ALERTABLE);
      const calls = t === null ? p.calls : t.routineCalls(p.ov.addr);
      if (calls.length) {
        const [err, n, flags] = calls[0];
        return { via: "routine", status: err, transferred: n, flags };
      }
    } else if (p.event !== 0n) {
      const evs = new Arena(this.#koffi);
      const list = evs.alloc(8);
      list.view.setBigUint64(0, p.event, true);
      if (w.WSAWaitForMultipleEvents(1, list.addr, 1, COMPLETION_WAIT_MS, NOT_ALERTABLE) === WSA_WAIT_EVENT_0) via = "event";
      evs.freeAll();
    } else {
      w.SleepEx(COMPLETION_WAIT_MS, NOT_ALERTABLE);
    }
    const status = completionStatus(Number(internal(p) & 0xffffffffn));
    if (status === "pending") return { via: "none", status: WSA_IO_PENDING, transferred: 0 };
    const high = Number(p.ov.view.getBigUint64(OVERLAPPED.internalHigh, true) & 0xffffffffn);
    return { via, status: status ?? this.#overlappedResult(p), transferred: high === SENTINEL ? 0 : high };
  }

  /** The operation's status as WSAGetOverlappedResult reports it (for an NTSTATUS ntstatus.ts does not know). */
  #overlappedResult(p: Pending): number {
    const a = new Arena(this.#koffi);
    const n = a.alloc(4);
    const f = a.alloc(4);
    const ok = this.#w.WSAGetOverlappedResult(p.socket, p.ov.addr, n.addr, 0, f.addr);
    const e = ok ? 0 : this.#w.WSAGetLastError();
    a.freeAll();
    return e === WSA_IO_INCOMPLETE ? WSA_IO_PENDING : e;
  }

  #sockaddr(arena: Arena, a: ParsedAddress, port: number): { addr: bigint; len: number } {
    const layout = a.family === 4 ? SOCKADDR_IN : SOCKADDR_IN6;
    const m = arena.alloc(layout.bytes);
    m.view.setUint16(layout.family, a.family === 4 ? AF_INET : AF_INET6, true);
    m.view.setUint16(layout.port, port, false);
    a.words.slice(0, a.family === 4 ? 1 : 4).forEach((wd, k) => m.view.setUint32(layout.addr + k * 4, wd, false));
    return { addr: m.addr, len: layout.bytes };
  }

  #portOf(arena: Arena, s: bigint): number {
    const sa = arena.alloc(SOCKADDR_IN6.bytes);
    const len = arena.alloc(4);
    len.view.setInt32(0, SOCKADDR_IN6.bytes, true);
    if (this.#w.getsockname(s, sa.addr, len.addr) !== 0) return 0;
    return sa.view.getUint16(SOCKADDR_IN6.port, false);
  }

  #result(ret: number): StepActual {
    return ret === 0 ? { ret: 0, error: 0 } : { ret: -1, error: this.#w.WSAGetLastError() };
  }

  #nonBlocking(arena: Arena, s: bigint, on: boolean): void {
    const v = arena.alloc(4);
    v.view.setUint32(0, on ? 1 : 0, true);
    this.#w.ioctlsocket(s, FIONBIO | 0, v.addr);
  }
}

/** The OVERLAPPED's Internal field (the NTSTATUS the system wrote, or the sentinel). */
function internal(p: Pending): bigint {
  return p.ov.view.getBigUint64(OVERLAPPED.internal, true);
}

const stillPending = () => `no completion within the bounded wait of ${COMPLETION_WAIT_MS} ms: still WSA_IO_PENDING`;

/** A step that cannot run; the case fails there. */
export class StepFailure extends Error {}
