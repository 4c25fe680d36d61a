// The thread a case's overlapped operations are issued on when the case ends it
// (an `exitThread` step): a Node worker, so a real Windows thread of its own
// that really exits. The player stays synchronous: it hands the thread one
// command at a time through shared memory and blocks (Atomics.wait) until the
// thread answers; nothing needs the event loop of either side. The thread only
// makes the calls: every buffer and OVERLAPPED it is handed belongs to the
// player's memory, which outlives it (the system may write an OVERLAPPED after
// the thread has gone).
//
// The thread never waits alertably unless told to (`alertableWait`): a
// completion routine is an APC to the thread that issued the call and runs only
// in an alertable wait of that thread (wsaioctl#Remarks); after the thread exits
// it never runs.
import { Worker } from "node:worker_threads";
import { ALERTABLE, COMPLETION_ROUTINE, PROTOTYPES, SYNCHRONIZE, WAIT_OBJECT_0, type Ws2_32 } from "../../../../host/native/ws2_32.js";

/** How long the thread may take to start (a Node worker loading koffi: 0.3–0.5 s under Wine, more under load). */
export const THREAD_START_MS = 20000;
/** How long a command may take (the longest is an alertable wait of the player's bounded completion wait). */
const COMMAND_MS = 5000;
/** How long the thread may take to end once told to. */
const THREAD_END_MS = 5000;

/** The commands, and where things are in the shared memory (handed to the thread in workerData: its body sees nothing else). */
const LAYOUT = {
  commands: { ioctl: 1, cancelIo: 2, cancelIoEx: 3, alertableWait: 4, exit: 5 },
  /** Int32 slots: the request's sequence number, the answer's, the command, its two results, the thread id, routine calls recorded. */
  request: 0, answer: 1, command: 2, result: 3, error: 4, threadId: 5, calls: 6,
  /** BigInt64 slot of the first argument. */
  args: 8,
  /** Bytes: where a start failure's message is written, and its room. */
  messageAt: 256, messageBytes: 768,
  /** Bytes: where the routine's calls are recorded (lpOverlapped u64, dwError, cbTransferred, dwFlags), each in 32 bytes. */
  callsAt: 1024, callBytes: 32, maxCalls: 96,
  /** Argument value meaning "the thread's own completion routine". */
  ownRoutine: -1n,
  bytes: 4096,
} as const;

/** The functions the thread binds (from the same table as the player's bindings). */
const THREAD_FUNCTIONS = ["WSAIoctl", "WSASetLastError", "WSAGetLastError", "CancelIo", "CancelIoEx", "SetLastError", "GetLastError", "SleepEx", "GetCurrentThreadId"] as const satisfies readonly (keyof Ws2_32)[];

/** The thread could not start, or did not answer: the step that used it cannot run. */
export class ThreadFailure extends Error {}

/** A call the thread makes, as the player prepared it (addresses of the player's memory). */
export interface ThreadIoctl {
  s: bigint; code: number; inAddr: bigint; cbIn: number; outAddr: bigint; cbOut: number; brAddr: bigint; ovAddr: bigint;
  /** lpCompletionRoutine: 0n, an invalid address, or "own" for the thread's recording routine. */
  routine: bigint | "own";
  /** What WSASetLastError is set to before the call (so that an untouched error is seen). */
  lastError: number;
}

/** The thread's side: run by the worker as a script of its own, so it may refer to nothing outside itself. */
function threadBody(load: (id: string) => unknown): void {
  type Fn = (...args: unknown[]) => number;
  type Koffi = { load(dll: string): { func(p: string): Fn }; register(f: unknown, t: unknown): bigint; pointer(t: unknown): unknown; proto(p: string): unknown };
  const { workerData } = load("node:worker_threads") as { workerData: { shared: SharedArrayBuffer; koffi: string; functions: [string, string, string][]; routine: string; alertable: number; layout: typeof LAYOUT } };
  const L = workerData.layout;
  const ctl = new Int32Array(workerData.shared);
  const args = new BigInt64Array(workerData.shared);
  const bytes = new DataView(workerData.shared);
  const answer = (seq: number, result: number, error: number) => {
    ctl[L.result] = result;
    ctl[L.error] = error;
    Atomics.store(ctl, L.answer, seq);
    Atomics.notify(ctl, L.answer);
  };
  const f: Record<string, Fn> = {};
  let routine = 0n;
  try {
    const koffi = load(workerData.koffi) as Koffi;
    for (const [name, dll, proto] of workerData.functions) f[name] = koffi.load(dll).func(proto);
    routine = koffi.register((err: number, n: number, ov: bigint, flags: number) => {
      const k = ctl[L.calls];
      if (k < L.maxCalls) {
        const at = L.callsAt + k * L.callBytes;
        bytes.setBigUint64(at, BigInt(ov), true);
        bytes.setUint32(at + 8, err, true);
        bytes.setUint32(at + 12, n, true);
        bytes.setUint32(at + 16, flags, true);
      }
      Atomics.store(ctl, L.calls, k + 1);
    }, koffi.pointer(koffi.proto(workerData.routine)));
    ctl[L.threadId] = f.GetCurrentThreadId();
  } catch (err) {
    const text = new TextEncoder().encode(String((err as Error)?.message ?? err)).subarray(0, L.messageBytes);
    new Uint8Array(workerData.shared, L.messageAt, text.length).set(text);
    answer(0, -1, text.length);
    return;
  }
  answer(0, 0, 0);
  for (let seq = 0; ;) {
    Atomics.wait(ctl, L.request, seq);
    seq = Atomics.load(ctl, L.request);
    const a = (k: number) => args[L.args + k];
    switch (ctl[L.command]) {
      case L.commands.ioctl: {
        f.WSASetLastError(Number(a(9)));
        const ret = f.WSAIoctl(a(0), Number(a(1)), a(2), Number(a(3)), a(4), Number(a(5)), a(6), a(7), a(8) === L.ownRoutine ? routine : a(8));
        answer(seq, ret, f.WSAGetLastError());
        break;
      }
      case L.commands.cancelIo:
      case L.commands.cancelIoEx: {
        f.SetLastError(0);
        const ok = ctl[L.command] === L.commands.cancelIo ? f.CancelIo(a(0)) : f.CancelIoEx(a(0), a(1));
        answer(seq, ok, ok ? 0 : f.GetLastError());
        break;
      }
      case L.commands.alertableWait:
        answer(seq, f.SleepEx(Number(a(0)), workerData.alertable), 0);
        break;
      case L.commands.exit:
        answer(seq, 0, 0);
        return; // the script ends, the worker's loop is empty: its thread exits
    }
  }
}

/** The player's side of an issuing thread. */
export class IssuingThread {
  readonly #ctl: Int32Array;
  readonly #args: BigInt64Array;
  readonly #bytes: DataView;
  readonly #w: Ws2_32;
  /** A handle to the OS thread, to wait for its end. */
  readonly #handle: bigint;
  #alive = true;

  /** Start a thread; a ThreadFailure (its message says why) if it cannot. */
  constructor(koffiPath: string, w: Ws2_32) {
    this.#w = w;
    const shared = new SharedArrayBuffer(LAYOUT.bytes);
    this.#ctl = new Int32Array(shared);
    this.#args = new BigInt64Array(shared);
    this.#bytes = new DataView(shared);
    this.#ctl[LAYOUT.answer] = -1;
    const functions = THREAD_FUNCTIONS.map((name) => [name, ...PROTOTYPES[name]]);
    const worker = new Worker(`(${threadBody.toString()})(require)`, { eval: true, workerData: { shared, koffi: koffiPath, functions, routine: COMPLETION_ROUTINE, alertable: ALERTABLE, layout: LAYOUT } });
    worker.unref(); // the process never waits for it: it ends at exitThread or when its case ends
    if (!this.#awaitAnswer(0, THREAD_START_MS)) throw new ThreadFailure(`the issuing thread did not start within ${THREAD_START_MS / 1000} s`);
    if (this.#ctl[LAYOUT.result] !== 0) {
      const text = new TextDecoder().decode(new Uint8Array(shared, LAYOUT.messageAt, this.#ctl[LAYOUT.error]).slice());
      throw new ThreadFailure(`the issuing thread could not load koffi and ws2_32: ${text}`);
    }
    this.#handle = BigInt(w.OpenThread(SYNCHRONIZE, 0, this.#ctl[LAYOUT.threadId]));
    if (this.#handle === 0n) throw new ThreadFailure(`OpenThread on the issuing thread failed: ${w.GetLastError()}`);
  }

  /** Whether the thread still runs (it has not been told to exit). */
  get alive(): boolean { return this.#alive; }

  /** WSAIoctl on the thread: its return value and WSAGetLastError. */
  ioctl(c: ThreadIoctl): { ret: number; error: number } {
    const args = [c.s, BigInt(c.code >>> 0), c.inAddr, BigInt(c.cbIn >>> 0), c.outAddr, BigInt(c.cbOut >>> 0), c.brAddr, c.ovAddr, c.routine === "own" ? LAYOUT.ownRoutine : c.routine, BigInt(c.lastError | 0)];
    return this.#command(LAYOUT.commands.ioctl, args);
  }

  /** CancelIoEx(handle, overlapped), or CancelIo(handle) when `overlapped` is null, on the thread: ok, and GetLastError when not. */
  cancel(handle: bigint, overlapped: bigint | null): { ok: boolean; error: number } {
    const r = overlapped === null ? this.#command(LAYOUT.commands.cancelIo, [handle]) : this.#command(LAYOUT.commands.cancelIoEx, [handle, overlapped]);
    return { ok: r.ret !== 0, error: r.error };
  }

  /** SleepEx(ms, TRUE) on the thread: where the APCs queued to it (its completion routines) run. */
  alertableWait(ms: number): void {
    this.#command(LAYOUT.commands.alertableWait, [BigInt(ms)]);
  }

  /** The calls the thread's routine got for the operation whose OVERLAPPED is at `overlapped`: [dwError, cbTransferred, dwFlags] each. */
  routineCalls(overlapped: bigint): [number, number, number][] {
    const out: [number, number, number][] = [];
    const n = Math.min(Atomics.load(this.#ctl, LAYOUT.calls), LAYOUT.maxCalls);
    for (let k = 0; k < n; k++) {
      const at = LAYOUT.callsAt + k * LAYOUT.callBytes;
      if (this.#bytes.getBigUint64(at, true) !== overlapped) continue;
      out.push([this.#bytes.getUint32(at + 8, true), this.#bytes.getUint32(at + 12, true), this.#bytes.getUint32(at + 16, true)]);
    }
    return out;
  }

  /** Tell the thread to exit and wait for its end: true when it ended (within a bound). */
  exit(): boolean {
    if (!this.#alive) return true;
    this.#command(LAYOUT.commands.exit, []);
    this.#alive = false;
    const ended = this.#w.WaitForSingleObject(this.#handle, THREAD_END_MS) === WAIT_OBJECT_0;
    this.#w.CloseHandle(this.#handle);
    return ended;
  }

  #command(command: number, args: bigint[]): { ret: number; error: number } {
    if (!this.#alive) throw new ThreadFailure("the issuing thread has exited");
    args.forEach((v, k) => { this.#args[LAYOUT.args + k] = v; });
    this.#ctl[LAYOUT.command] = command;
    const seq = this.#ctl[LAYOUT.request] + 1;
    Atomics.store(this.#ctl, LAYOUT.request, seq);
    Atomics.notify(this.#ctl, LAYOUT.request);
    if (!this.#awaitAnswer(seq, COMMAND_MS)) {
      // A fault on the thread reaches the process's exception filter, a callback of the player's own thread, which is blocked here.
      const why = command === LAYOUT.commands.alertableWait ? " (in an alertable wait: an APC it ran, such as an invalid completion routine, may have faulted)" : "";
      throw new ThreadFailure(`the issuing thread did not answer within ${COMMAND_MS / 1000} s${why}`);
    }
    return { ret: this.#ctl[LAYOUT.result], error: this.#ctl[LAYOUT.error] };
  }

  /** Block until the thread answered request `seq`; false after `ms`. */
  #awaitAnswer(seq: number, ms: number): boolean {
    const until = Date.now() + ms;
    for (let now = Date.now(); now < until; now = Date.now()) {
      const got = Atomics.load(this.#ctl, LAYOUT.answer);
      if (got === seq) return true;
      Atomics.wait(this.#ctl, LAYOUT.answer, got, until - now);
    }
    return Atomics.load(this.#ctl, LAYOUT.answer) === seq;
  }
}
