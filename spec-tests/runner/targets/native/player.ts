// Plays a vector case on the real ws2_32 (inside a Windows Node: on Windows, or
// the Windows build under Wine). Every out-pointer is pre-filled with the
// sentinel 0xDEADBEEF so "untouched" is observable; overlapped completions are
// waited for with a bound; every socket and event opened is closed and
// WSAStartup/WSACleanup stay balanced (counted in `stats`).
import type { Catalogue } from "../../../../host/catalogue.js";
import { encodeCall } from "../../../../host/call.js";
import { parseAddress, type ParsedAddress } from "../../../../host/address.js";
import { SENTINEL, completionStatus } from "../../../../host/native/ntstatus.js";
import {
  Arena, INVALID_SOCKET, WSA_FLAG_OVERLAPPED, FIONBIO, WSAEWOULDBLOCK, WSA_IO_INCOMPLETE,
  type Koffi, type Ws2_32,
} from "../../../../host/native/ws2_32.js";
import type { LoadedCase, Step } from "../../vectors.js";
import type { StepActual } from "../../target.js";
import { callOf } from "../../step-call.js";
import { stepRef } from "../../socket-ref.js";

/** listen()'s "as many as the system allows" (winsock2.h SOMAXCONN). */
const SOMAXCONN = 0x7fffffff;
/** How long an overlapped call's completion is waited for. */
export const COMPLETION_WAIT_MS = 200;
/** A recv that got nothing waits this long for the first byte (the peer's send already returned). */
const RECV_FIRST_BYTE_MS = 200;
/** A recv that got some bytes keeps reading until no more came for this long. */
const RECV_IDLE_MS = 1000;
/** A pointer no implementation may dereference: inside the never-mapped first page. */
const INVALID_ADDRESS = 0x10n;

/** The option levels and names setsockopt steps use, with their numbers (the model's catalogue, handed over in the job). */
export type OptionNumbers = Pick<Catalogue, "levels" | "options">;

/** Resources opened and closed, for the balance checks. */
export interface NativeStats { startups: number; cleanups: number; socketsOpened: number; socketsClosed: number; eventsCreated: number; eventsClosed: number; calls: number }


interface Pending { socket: bigint; ov: { addr: bigint; view: DataView }; event: bigint; routine: boolean; calls: [number, number, number][]; completion: StepActual["completion"] }

export class Player {
  readonly stats: NativeStats = { startups: 0, cleanups: 0, socketsOpened: 0, socketsClosed: 0, eventsCreated: 0, eventsClosed: 0, calls: 0 };
  readonly #w: Ws2_32;
  readonly #koffi: Koffi;
  readonly #names: OptionNumbers;
  readonly #routineType: unknown;

  constructor(koffi: Koffi, w: Ws2_32, names: OptionNumbers) {
    this.#koffi = koffi;
    this.#w = w;
    this.#names = names;
    this.#routineType = koffi.pointer(koffi.proto("void __stdcall LfpCompletionRoutine(uint32_t dwError, uint32_t cbTransferred, uintptr_t lpOverlapped, uint32_t dwFlags)"));
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
    const arena = new Arena(this.#koffi);
    const sockets = new Map<string, bigint>();
    const closed = new Set<string>();
    const bound = new Map<string, ParsedAddress>();
    const listening = new Set<string>();
    const ops = new Map<string, Pending>();
    const events: bigint[] = [];
    let started = false;
    let drained = 0;
    this.#families.clear();
    try {
      if (c.startup === false) {
        // Node's libuv called WSAStartup when the process started: undo its count so the case
        // really runs without WSAStartup, and give it back afterwards.
        while (drained < 16 && w.WSACleanup() === 0) drained++;
      } else {
        const data = arena.alloc(512);
        if (w.WSAStartup(0x202, data.addr) !== 0) throw new Error(`WSAStartup failed: ${w.WSAGetLastError()}`);
        this.stats.startups++;
        started = true;
      }
      c.steps.forEach((step, i) => {
        if (skip.has(i)) return;
        this.#returned = onReturned ? (a) => onReturned(i, a) : null;
        onStep(i, this.#step(step, arena, sockets, closed, bound, listening, ops, events));
      });
    } finally {
      for (const [name, s] of sockets) if (!closed.has(name)) { w.closesocket(s); this.stats.socketsClosed++; }
      for (const e of events) { w.WSACloseEvent(e); this.stats.eventsClosed++; }
      if (started) { w.WSACleanup(); this.stats.cleanups++; }
      for (; drained > 0; drained--) w.WSAStartup(0x202, arena.alloc(512).addr);
      // OVERLAPPED blocks of operations that never completed stay allocated: the system may still write them.
      if (![...ops.values()].some((p) => p.completion?.status === 997)) arena.freeAll();
    }
  }

  #sockaddr(arena: Arena, a: ParsedAddress, port: number): { addr: bigint; len: number } {
    if (a.family === 4) {
      const m = arena.alloc(16);
      m.view.setUint16(0, 2, true);
      m.view.setUint16(2, port, false);
      m.view.setUint32(4, a.words[0], false);
      return { addr: m.addr, len: 16 };
    }
    const m = arena.alloc(28);
    m.view.setUint16(0, 23, true);
    m.view.setUint16(2, port, false);
    a.words.forEach((wd, k) => m.view.setUint32(8 + k * 4, wd, false));
    return { addr: m.addr, len: 28 };
  }

  #portOf(arena: Arena, s: bigint): number {
    const sa = arena.alloc(28);
    const len = arena.alloc(4);
    len.view.setInt32(0, 28, true);
    if (this.#w.getsockname(s, sa.addr, len.addr) !== 0) return 0;
    return sa.view.getUint16(2, false);
  }

  #result(ret: number): StepActual {
    return ret === 0 ? { ret: 0, error: 0 } : { ret: -1, error: this.#w.WSAGetLastError() };
  }

  #nonBlocking(arena: Arena, s: bigint, on: boolean): void {
    const v = arena.alloc(4);
    v.view.setUint32(0, on ? 1 : 0, true);
    this.#w.ioctlsocket(s, FIONBIO | 0, v.addr);
  }

  #step(step: Step, arena: Arena, sockets: Map<string, bigint>, closed: Set<string>, bound: Map<string, ParsedAddress>,
    listening: Set<string>, ops: Map<string, Pending>, events: bigint[]): StepActual {
    const w = this.#w;
    const sock = (name: string | undefined): bigint => {
      const s = name === undefined ? undefined : sockets.get(name);
      if (s === undefined) throw new StepFailure(`socket ${JSON.stringify(name)} does not exist (the step that should have created it failed)`);
      return s;
    };
    this.stats.calls++;
    switch (step.op) {
      case "socket": {
        const af = step.family === "inet6" ? 23 : 2;
        const type = step.type === "dgram" ? 2 : 1;
        const proto = (step.protocol ?? (type === 2 ? "udp" : "tcp")) === "udp" ? 17 : 6;
        const s = BigInt(w.WSASocketW(af, type, proto, 0n, 0, step.overlapped === false ? 0 : WSA_FLAG_OVERLAPPED));
        if (s === INVALID_SOCKET) return { ret: -1, error: w.WSAGetLastError() };
        this.stats.socketsOpened++;
        sockets.set(step.as!, s);
        this.#families.set(step.as!, af === 23 ? 6 : 4);
        return { ret: 0, error: 0 };
      }
      case "bind": {
        const a = parseAddress(step.address!, "address", true);
        const sa = this.#sockaddr(arena, a, a.port ?? 0);
        const r = this.#result(w.bind(sock(step.socket), sa.addr, sa.len));
        if (r.ret === 0) bound.set(step.socket!, a);
        return r;
      }
      case "listen": {
        const r = this.#result(w.listen(sock(step.socket), SOMAXCONN)); // the model has no backlog limit: take the system's largest
        if (r.ret === 0) listening.add(step.socket!);
        return r;
      }
      case "connect": {
        const s = sock(step.socket);
        let dest: ParsedAddress;
        let port: number;
        if (sockets.has(step.to!)) {
          const l = step.to!;
          const b = bound.get(l) ?? parseAddress("0.0.0.0", "to", true);
          const client = this.#families.get(step.socket!);
          // An IPv4 client reaches a dual-stack IPv6 listener bound to :: at 127.0.0.1 (winsock#Dual-Stack Sockets).
          const anyV6ForV4 = b.family === 6 && client === 4 && b.words.every((x) => x === 0);
          dest = b.words.every((x) => x === 0) ? parseAddress(b.family === 4 || anyV6ForV4 ? "127.0.0.1" : "::1", "to", true) : b;
          port = this.#portOf(arena, sockets.get(l)!);
          if (dest.family === 4 && client === 6) dest = { family: 6, words: [0, 0, 0xffff, dest.words[0]], port: null };
        } else {
          try {
            dest = parseAddress(step.to!, "to", true);
          } catch {
            // Not an address: a socket of the case whose creation failed. The case stops here (as in the .exe's player), not the run.
            sock(step.to);
            throw new StepFailure(`connect: ${JSON.stringify(step.to)} is neither a socket of the case nor an address`);
          }
          port = dest.port ?? 0;
          // The model ignores ports: a listener of the case bound to this address is meant.
          for (const l of listening) {
            const b = bound.get(l);
            if (!b) continue;
            const mapped = dest.family === 6 && b.family === 4 && dest.words[2] === 0xffff && dest.words[3] === b.words[0];
            const same = b.family === dest.family && b.words.every((x, k) => x === dest.words[k]);
            const any = (b.family === dest.family || (b.family === 6 && dest.family === 4)) && b.words.every((x) => x === 0);
            if (same || mapped || any) { port = this.#portOf(arena, sockets.get(l)!); break; }
          }
        }
        const sa = this.#sockaddr(arena, dest, port);
        return this.#result(w.connect(s, sa.addr, sa.len));
      }
      case "accept": {
        const l = sock(step.socket);
        this.#nonBlocking(arena, l, true);
        let a = INVALID_SOCKET;
        let err = 0;
        for (let tries = 0; tries < 20; tries++) { // a loopback connection reaches the queue at once; allow a little slack
          a = BigInt(w.accept(l, 0n, 0n));
          if (a !== INVALID_SOCKET) break;
          err = w.WSAGetLastError();
          if (err !== WSAEWOULDBLOCK) break;
          w.SleepEx(10, 0);
        }
        this.#nonBlocking(arena, l, false);
        if (a === INVALID_SOCKET) return { ret: -1, error: err };
        this.stats.socketsOpened++;
        sockets.set(step.as!, a);
        this.#families.set(step.as!, this.#families.get(step.socket!) ?? 4);
        return { ret: 0, error: 0 };
      }
      case "ioctl": return this.#ioctl(step, arena, sockets, ops, events);
      case "setsockopt": {
        const lv = this.#names.levels.find((l) => l.name === step.level)!;
        const opt = this.#names.options.find((o) => o.name === step.name)!;
        const v = arena.alloc(4);
        v.view.setUint32(0, step.value!, true);
        return this.#result(w.setsockopt(sock(step.socket), lv.number | 0, opt.number | 0, v.addr, 4));
      }
      case "send": {
        const s = sock(step.socket);
        const n = step.bytes!;
        const chunk = arena.alloc(Math.min(n, 65536));
        this.#nonBlocking(arena, s, true);
        let sent = 0;
        let err = 0;
        while (sent < n) {
          const r = w.send(s, chunk.addr, Math.min(n - sent, 65536), 0);
          if (r < 0) { err = w.WSAGetLastError(); break; }
          sent += r;
        }
        this.#nonBlocking(arena, s, false);
        if (err !== 0 && err !== WSAEWOULDBLOCK) return { ret: -1, error: err };
        return { ret: 0, error: 0, completed: sent === n };
      }
      case "recv": {
        const s = sock(step.socket);
        const n = step.bytes!;
        if (n === 0) return { ret: 0, error: 0, received: 0 };
        const buf = arena.alloc(Math.min(n, 65536));
        this.#nonBlocking(arena, s, true);
        let got = 0;
        let err = 0;
        // A real stack may hand over fewer bytes than were sent in one recv (Wine does, under
        // load): read until the count, or until nothing more came for a bounded time.
        let lastProgress = Date.now();
        while (got < n) {
          const r = w.recv(s, buf.addr, Math.min(n - got, 65536), 0);
          if (r > 0) { got += r; lastProgress = Date.now(); continue; }
          if (r === 0) break;
          err = w.WSAGetLastError();
          if (err !== WSAEWOULDBLOCK) break;
          if (Date.now() - lastProgress > (got === 0 ? RECV_FIRST_BYTE_MS : RECV_IDLE_MS)) break;
          w.SleepEx(5, 0);
        }
        this.#nonBlocking(arena, s, false);
        if (got === 0 && err !== 0) return { ret: -1, error: err, received: 0 };
        return { ret: 0, error: 0, received: got };
      }
      case "close": {
        const r = this.#result(w.closesocket(sock(step.socket)));
        if (r.ret === 0) { closed.add(step.socket!); this.stats.socketsClosed++; }
        return r;
      }
      case "wait": {
        const p = ops.get(step.operation!);
        if (!p) throw new StepFailure(`operation ${JSON.stringify(step.operation)} was not started (its ioctl did not start an overlapped operation)`);
        if (p.completion?.status === 997) p.completion = this.#complete(p);
        const a: StepActual = { completion: p.completion, completed: p.completion?.status !== 997 };
        if (p.completion?.status === 997) a.note = `no completion within the bounded wait of ${COMPLETION_WAIT_MS} ms: still WSA_IO_PENDING`;
        return a;
      }
      case "condition":
        return {};
      case "observe":
        throw new StepFailure("observe cannot be performed on a real stack");
      case "cancel":
      case "exitThread":
        throw new StepFailure(`${step.op} is not implemented by the native player yet`);
    }
  }

  /** Each socket's address family (4 or 6), for IPv4-mapped destinations. */
  readonly #families = new Map<string, number>();

  #ioctl(step: Step, arena: Arena, sockets: Map<string, bigint>, ops: Map<string, Pending>, events: bigint[]): StepActual {
    const w = this.#w;
    if (step.api === "WSPIoctl") {
      // WSPIoctl is reached through a provider's WSPStartup. Under Wine 8 mswsock's WSPStartup is an
      // unimplemented stub that aborts the process; the target reports that as "unavailable".
      const wspStartup = this.#koffi.load("mswsock.dll").func("int __stdcall WSPStartup(uint16_t v, uintptr_t data, uintptr_t info, uintptr_t upcall, uintptr_t table)");
      const block = arena.alloc(2048);
      wspStartup(0x202, block.addr, block.addr + 600n, block.addr + 1300n, block.addr + 1500n);
      throw new StepFailure("WSPStartup returned: driving WSPIoctl through the provider's table is not implemented");
    }
    const c = encodeCall(callOf(step));
    const ref = stepRef(step);
    let s: bigint;
    if (ref.kind === "not-a-socket") s = 12345n; // a value no socket of this process has (Wine's tests use the same)
    else if (ref.kind === "invalid-socket") s = INVALID_SOCKET;
    else {
      const h = sockets.get(ref.name);
      if (h === undefined) throw new StepFailure(`socket ${JSON.stringify(ref.name)} does not exist (the step that should have created it failed)`);
      s = h;
    }
    const ptrKind = (f: number, shift: number) => (f >>> shift) & 3;
    // Input and output buffers: exactly what the vector hands over, never less than the count passed.
    const buffer = (kind: number, len: number, bytes: (v: DataView) => void) => {
      if (kind === 0) return 0n;
      if (kind === 2) return INVALID_ADDRESS;
      const m = arena.alloc(len);
      bytes(m.view);
      return m.addr;
    };
    const inKind = ptrKind(c.flags, 6);
    const inBytes = step.in && typeof step.in === "object" && "bytes" in step.in ? step.in.bytes : null;
    const inAddr = buffer(inKind, c.inLen, (v) => {
      if (inBytes !== null) for (let k = 0; k < c.inLen; k++) v.setUint8(k, parseInt(inBytes.slice(k * 2, k * 2 + 2), 16));
      else v.setUint32(0, c.inValue, true);
    });
    const outAddr = buffer(ptrKind(c.flags, 8), c.outLen, (v) => { for (let k = 0; k < v.byteLength; k++) v.setUint8(k, 0xcc); });
    const brKind = ptrKind(c.flags, 10);
    const br = arena.alloc(4);
    br.view.setUint32(0, SENTINEL, true);
    const brAddr = brKind === 0 ? 0n : brKind === 2 ? INVALID_ADDRESS : br.addr;
    const ovKind = ptrKind(c.flags, 12);
    let pending: Pending | null = null;
    let ovAddr = 0n;
    if (ovKind === 1) ovAddr = INVALID_ADDRESS;
    else if (ovKind >= 2) {
      const ov = arena.alloc(32);
      ov.view.setBigUint64(0, BigInt(SENTINEL), true);
      ov.view.setBigUint64(8, BigInt(SENTINEL), true);
      let event = 0n;
      if (ovKind === 3) {
        event = BigInt(w.WSACreateEvent());
        this.stats.eventsCreated++;
        events.push(event);
        ov.view.setBigUint64(24, event, true);
      }
      ovAddr = ov.addr;
      pending = { socket: s, ov, event, routine: false, calls: [], completion: null };
    }
    const rtKind = ptrKind(c.flags, 14);
    let routine = 0n;
    let registered: bigint | null = null;
    if (rtKind === 2) {
      routine = INVALID_ADDRESS;
      if (pending) pending.routine = true; // waited for alertably like a real one: that is where an APC would call it
    }
    const calls: [number, number, number][] = pending?.calls ?? [];
    if (rtKind === 1) {
      registered = this.#koffi.register(((err: number, n: number, _ov: bigint, flags: number) => { calls.push([err, n, flags]); }) as never, this.#routineType);
      routine = registered;
      if (pending) pending.routine = true;
    }
    w.WSASetLastError(SENTINEL | 0);
    const ret = w.WSAIoctl(s, c.code | 0, inAddr, c.cbIn | 0, outAddr, c.cbOut | 0, brAddr, ovAddr, routine);
    const err = w.WSAGetLastError();
    const a: StepActual = { ret: ret === 0 ? 0 : -1, error: ret === 0 ? 0 : err, errno: "untouched" };
    const brv = br.view.getUint32(0, true);
    a.bytesReturned = brKind !== 1 || brv === SENTINEL ? "untouched" : brv;
    a.completion = null;
    // An operation was started when the call pended, or returned 0 with an OVERLAPPED the system used.
    if (pending && (err === 997 || (ret === 0 && ov(pending) !== BigInt(SENTINEL)) || (ret === 0 && pending.routine))) {
      if (pending.routine) {
        // A routine (valid or not) runs as an APC at the next alertable wait, where an invalid one faults (Wine 8).
        // What the call returned and the status the operation completed with are known before that wait (read
        // without an alertable wait, so no APC runs): said first, a fault in the wait is the completion's.
        // (Waited for only when the routine is invalid: a valid one cannot fault, and an operation that never completes
        // would cost the bounded wait twice.)
        const now = completionStatus(Number(ov(pending) & 0xffffffffn));
        const status = rtKind === 2 ? this.#settled(pending) : typeof now === "number" ? now : 997;
        this.#returned?.({ ...a, completion: { via: "routine", channels: ["routine"], status, transferred: 0 } });
      }
      pending.completion = this.#complete(pending);
      a.completion = pending.completion;
      if (pending.completion?.status === 997) a.note = `no completion within the bounded wait of ${COMPLETION_WAIT_MS} ms: still WSA_IO_PENDING`;
      if (step.as !== undefined) ops.set(step.as, pending);
    } else if (!pending && rtKind !== 0) {
      // A routine without lpOverlapped: Wine queues it as an APC all the same (socket.c@wine-8.0 L2256-2261), so the call
      // is followed by an alertable wait like an overlapped one; an invalid routine faults there. No WSAOVERLAPPED holds
      // a status: what the call returned is said first, with the completion not yet delivered (WSA_IO_PENDING).
      this.#returned?.({ ...a, completion: { via: "routine", channels: ["routine"], status: 997, transferred: 0 } });
      w.SleepEx(COMPLETION_WAIT_MS, 1);
      if (calls.length) {
        const [err, n, flags] = calls[0];
        a.completion = { via: "routine", channels: ["routine"], status: err, transferred: n, flags };
      }
    }
    if (registered !== null && !(pending && pending.completion?.status === 997)) this.#koffi.unregister(registered);
    return a;
  }

  /** Wait (bounded, not alertable: no APC runs) until the system wrote the operation's status; WSA_IO_PENDING if it did not. */
  #settled(p: Pending): number {
    for (const start = Date.now(); Date.now() - start < COMPLETION_WAIT_MS; this.#w.SleepEx(5, 0)) {
      const status = completionStatus(Number(ov(p) & 0xffffffffn));
      if (status !== "pending") return status ?? this.#gor(p);
    }
    return 997;
  }

  /** Wait (bounded) for a started operation and read how it completed. */
  #complete(p: Pending): StepActual["completion"] {
    const w = this.#w;
    let via: "event" | "routine" | "none" = "none";
    if (p.routine) {
      w.SleepEx(COMPLETION_WAIT_MS, 1);
      if (p.calls.length) {
        const [err, n, flags] = p.calls[0];
        return { via: "routine", status: err, transferred: n, flags };
      }
    } else if (p.event !== 0n) {
      const evs = new Arena(this.#koffi);
      const list = evs.alloc(8);
      list.view.setBigUint64(0, p.event, true);
      if (w.WSAWaitForMultipleEvents(1, list.addr, 1, COMPLETION_WAIT_MS, 0) === 0) via = "event";
      evs.freeAll();
    } else {
      w.SleepEx(COMPLETION_WAIT_MS, 0);
    }
    const status = completionStatus(Number(ov(p) & 0xffffffffn));
    if (status === "pending") return { via: "none", status: 997, transferred: 0 };
    const high = Number(p.ov.view.getBigUint64(8, true) & 0xffffffffn);
    return { via, status: status ?? this.#gor(p), transferred: high === SENTINEL ? 0 : high };
  }

  #gor(p: Pending): number {
    const a = new Arena(this.#koffi);
    const n = a.alloc(4);
    const f = a.alloc(4);
    const ok = this.#w.WSAGetOverlappedResult(p.socket, p.ov.addr, n.addr, 0, f.addr);
    const e = ok ? 0 : this.#w.WSAGetLastError();
    a.freeAll();
    return e === WSA_IO_INCOMPLETE ? 997 : e;
  }
}

function ov(p: Pending): bigint {
  return p.ov.view.getBigUint64(0, true);
}

/** A step that cannot run; the case fails there. */
export class StepFailure extends Error {}
