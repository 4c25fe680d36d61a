// An independent oracle for the call contract's conformance sets, written from
// the sources (the seed, the WSAIoctl reference, Wine's and ReactOS's code and
// Wine's conformance tests as docs/evidence cites them), not from the model: a
// plain list of faults per profile, with the orders the sources fix. For each
// call it answers which outcomes conform: (ret, error), and beside each, where a
// source says it, what is written through lpcbBytesReturned and how the call
// completes. The property tests compare its sets with the model's, as equal sets.
import type { Call } from "../host/call.js";

type Profile = "documented" | "windows" | "wine" | "reactos" | "windows-7";

/**
 * One conforming outcome. `key` is "ret/error" ("0/0", "-1/WSAEFAULT", "crash", "unavailable").
 * `br` is what lpcbBytesReturned receives ("untouched", "0", "nonzero"); `completion` is "sync"
 * (no overlapped operation) or "<state>:<status>:<channels>[:faults]" (channels "routine+event",
 * "-" for none). Undefined: no source says, so the oracle does not judge it.
 */
export interface Answer { key: string; br?: string; completion?: string }

const LFP = 0x98000010;
const FLUSH = 0x28000004;

interface Facts {
  wsp: boolean; startup: boolean; badHandle: boolean; invalidSocket: boolean; udp: boolean; ovSocket: boolean;
  code: number; cbIn: number; inOk: boolean; inNull: boolean; cbOut: number; outOk: boolean;
  br: "valid" | null | "invalid"; ov: "none" | "invalid" | "valid"; event: boolean; routine: "valid" | null | "invalid";
  threadId: "valid" | null | "invalid"; errno: "valid" | null | "invalid";
  down: boolean; inProgress: boolean; cancelled: boolean; unsupported: boolean; reservation: boolean; deferred: boolean;
}

function bytesOf(b: Call["in"]): number {
  if (b === null || b === undefined || b === "invalid") return 0;
  if ("bytes" in b) return b.bytes.length / 2;
  return 4;
}

function facts(c: Call): Facts {
  const input = c.in === undefined ? { bool: 1 } : c.in;
  const cbIn = c.cbIn ?? bytesOf(input);
  const out = c.out ?? null;
  const cbOut = c.cbOut ?? 0;
  const ov = c.overlapped ?? null;
  const handle = c.handle ?? "tcp";
  const k = c.conditions ?? {};
  return {
    wsp: c.api === "WSPIoctl", startup: c.startup ?? true,
    badHandle: handle === "not-a-socket" || handle === "closed" || handle === "invalid-socket",
    invalidSocket: handle === "invalid-socket", udp: handle === "udp", ovSocket: c.overlappedSocket ?? true,
    code: c.code ?? LFP,
    cbIn, inOk: cbIn === 0 || (input !== null && input !== "invalid" && bytesOf(input) >= cbIn), inNull: input === null,
    cbOut, outOk: cbOut === 0 || (out !== null && out !== "invalid" && bytesOf(out) >= cbOut),
    br: c.bytesReturned === undefined ? "valid" : c.bytesReturned,
    ov: ov === null ? "none" : ov === "invalid" ? "invalid" : "valid", event: ov !== null && ov !== "invalid" && ov.event,
    routine: c.completionRoutine ?? null, threadId: c.threadId === undefined ? "valid" : c.threadId,
    errno: c.errno === undefined ? "valid" : c.errno,
    down: !!k.networkDown, inProgress: !!k.blockingCallInProgress, cancelled: !!k.blockingCallCancelled,
    unsupported: !!k.providerUnsupported, reservation: !!k.portReservationDenied, deferred: !!k.ioDeferred,
  };
}

const SYNC = "sync";
const a = (key: string, br?: string, completion?: string): Answer => ({ key, br, completion });
const fail = (e: string, br?: string, completion: string | undefined = SYNC) => a(`-1/${e}`, br, completion);

/** The channels that notify an overlapped call: the routine if given, else the event (wsaioctl#Remarks). */
function channels(f: Facts): string {
  return f.routine === "valid" ? "routine" : f.event ? "event" : "-";
}

/** A fault: its name (for orders), the outcomes it may give, and whether it holds under one reading only. */
interface Fault { name: string; answers: Answer[]; maybe?: boolean }

/** WSPIoctl reports through *lpErrno: with lpErrno unusable no source says (documented, windows). */
function throughErrno(f: Facts, x: Answer, profile: Profile): Answer[] {
  if (!f.wsp || x.key === "crash" || x.key === "unavailable" || x.key.startsWith("0/")) return [x];
  if (f.errno === "valid") return [x];
  if (profile === "reactos") return f.errno === null ? [x] : [a("crash")]; // `if (lpErrno)` guards NULL only
  return [a("crash"), x];
}

function documentedOrWindows(f: Facts, profile: "documented" | "windows" | "windows-7"): Answer[] {
  const win = profile !== "documented";
  // Windows 7 and earlier: the provider does not know the code (hotfix#51), so it checks none of its parameters.
  const win7 = profile === "windows-7";
  // seed#Parameters/lpvOverlapped: lpOverlapped counts only on an overlapped socket.
  const ovCall = f.ovSocket && f.ov !== "none";
  const lfp = f.code === LFP && !win7;
  // Windows, an unsupported code (wine-test sock.c@wine-8.0 test_unsupported_ioctls L5534-5581, no todo_wine):
  // synchronous, -1 with 0 written; overlapped, WSA_IO_PENDING with nothing written, completed with the error.
  const unsupported = (e: string) => (ovCall
    ? fail("WSA_IO_PENDING", "untouched", `complete:${e}:${channels(f)}`)
    : fail(e, "0"));
  // A pointer that is not valid is never written through; the seed says nothing else of a failure's count.
  const param = (e: string) => fail(e, undefined);
  const faults: Fault[] = [];
  const add = (name: string, when: boolean, answers: Answer[], maybe = false) => { if (when) faults.push({ name, answers, maybe }); };
  add("startup", !f.wsp && !f.startup, [param("WSANOTINITIALISED")]);
  add("inprogress", f.inProgress, [param("WSAEINPROGRESS")], win); // Winsock 2.2 removed blocking hooks
  add("handle", f.badHandle, [param("WSAENOTSOCK")]);
  add("down", f.down, [param("WSAENETDOWN")]);
  add("br", f.br !== "valid", [fail("WSAEFAULT", "untouched")]);
  add("ov", f.ovSocket && f.ov === "invalid", [param("WSAEFAULT")]);
  add("routine", ovCall && f.routine === "invalid", [param("WSAEFAULT")]);
  // The WSAEFAULT row names lpCompletionRoutine without a condition; the parameter is ignored unless the call is overlapped.
  add("routine-unused", f.ovSocket && f.ov === "none" && f.routine === "invalid", [param("WSAEFAULT")], true);
  add("thread", f.wsp && ovCall && f.routine !== null && f.threadId !== "valid", [param("WSAEFAULT")]);
  add("flush", win && f.code === FLUSH, [unsupported("WSAEOPNOTSUPP")]);
  add("code", f.code !== LFP && f.code !== FLUSH, win ? [unsupported("WSAEOPNOTSUPP")] : [param("WSAEINVAL"), param("WSAEOPNOTSUPP")]);
  add("provider", f.unsupported || (win7 && f.code === LFP), [win ? unsupported("WSAEOPNOTSUPP") : param("WSAEOPNOTSUPP")]);
  // seed#Remarks: TCP only. The seed's WSAEINVAL ("not applicable to the type of socket") and WSAEOPNOTSUPP rows,
  // and the WSAIoctl reference's WSAENOPROTOOPT ("the TCP SIO_KEEPALIVE_VALS IOCTL ... on a datagram socket").
  // Windows answers a TCP-only ioctl on UDP as unsupported (SIO_IDEAL_SEND_BACKLOG_QUERY, L5717-5722).
  add("udp", lfp && f.udp, win
    ? [unsupported("WSAEOPNOTSUPP"), param("WSAEINVAL"), param("WSAENOPROTOOPT")]
    : [param("WSAEINVAL"), param("WSAEOPNOTSUPP"), param("WSAENOPROTOOPT")]);
  // Windows: SIO_KEEPALIVE_VALS with lpvInBuffer NULL gives WSAEFAULT and 0 written (L5416-5421);
  // SIO_ROUTING_INTERFACE_QUERY with lpvInBuffer NULL gives WSAEINVAL and writes nothing (L9720-9724). Neither
  // passes a pointer that is not NULL: for one, the seed's WSAEFAULT row ("not totally contained") alone.
  const inNullEinval = f.inNull ? [fail("WSAEINVAL", ovCall ? undefined : "untouched")] : [];
  add("in", lfp && !f.inOk, win
    ? [fail("WSAEFAULT", ovCall ? undefined : "0"), ...inNullEinval]
    : [param("WSAEFAULT")]);
  // The seed's WSAEINVAL ("a specified input parameter is not acceptable") and the WSAIoctl reference's WSAEFAULT
  // ("the cbInBuffer or cbOutBuffer parameter is too small"). Windows: SIO_KEEPALIVE_VALS, 0 written
  // synchronously (L5409-5414), nothing overlapped (L5443-5446); SIO_ROUTING_INTERFACE_QUERY WSAEINVAL, nothing
  // written (L9714-9718).
  add("in-small", lfp && f.cbIn < 4, win
    ? [fail("WSAEFAULT", ovCall ? "untouched" : "0"), fail("WSAEINVAL", ovCall ? undefined : "untouched")]
    : [param("WSAEINVAL"), param("WSAEFAULT")]);
  add("out", lfp && !f.outOk, [param("WSAEFAULT")], win);
  add("out-nonzero", lfp && f.cbOut !== 0, [param("WSAEINVAL")], win);
  add("reservation", f.reservation && !win7, [param("WSAEACCES")]);
  add("cancelled", f.cancelled && !ovCall, [param("WSAEINTR")]);
  // Windows: a NULL lpcbBytesReturned is reported before an unsupported code (wine-test L5530-5532).
  // Windows 7: what ws2_32 checks before it calls the provider comes before the provider's answer.
  const beats = (x: string, y: string) => (win && x === "br" && (y === "code" || y === "flush"))
    || (win7 && y === "provider" && ["startup", "inprogress", "handle", "br"].includes(x));
  const minimal = (fs: Fault[]) => fs.filter((x) => !fs.some((y) => beats(y.name, x.name)));
  const definite = faults.filter((x) => !x.maybe);
  const out: Answer[] = [];
  for (const reading of [definite, faults]) {
    if (reading.length === 0) out.push(...success(f, ovCall, win));
    for (const x of minimal(reading)) out.push(...x.answers);
  }
  return out;
}

/** A call no row stops. */
function success(f: Facts, ovCall: boolean, win: boolean): Answer[] {
  // seed#Parameters/lpcbBytesReturned: synchronous, "cannot be zero"; no data is stored, so 0 reads as well.
  // Windows' set-ioctls write 0 (SIO_KEEPALIVE_VALS L5423-5429, FIONBIO L5324-5329).
  const sync = [a("0/0", "nonzero", SYNC), a("0/0", "0", SYNC)];
  if (!ovCall) return sync;
  // seed#Return value/WSA_IO_PENDING; wsaioctl#Remarks: "lpcbBytesReturned is not updated".
  if (f.deferred) return [fail("WSA_IO_PENDING", "untouched", `pending:WSA_IO_PENDING:${channels(f)}`)];
  const done = `complete:0:${channels(f)}`;
  // Windows: SIO_KEEPALIVE_VALS leaves it untouched (L5454-5457, todo_wine) and writes 0 with a routine
  // (L5495-5506); FIONBIO writes 0 (L5339-5344); the WSAIoctl reference: "lpcbBytesReturned ... is updated".
  if (win) return f.routine === "valid" ? [a("0/0", "0", done)] : [a("0/0", "untouched", done), a("0/0", "0", done)];
  // The WSAIoctl reference: "updated with the number of bytes in the output buffer" (none). The seed's "may be
  // zero" is said of operations that "cannot be completed immediately", its "cannot be zero" of lpOverlapped NULL.
  return [a("0/0", "0", done)];
}

function wine(f: Facts): Answer[] {
  // dlls/ws2_32/socket.c@wine-8.0 WSAIoctl, in its order; no WSPIoctl (mswsock's WSPStartup is a stub).
  if (f.wsp) return [a("unavailable")];
  if (f.br === null) return [fail("WSAEFAULT", "untouched")]; // L2297-2301
  if (f.br === "invalid" && f.ov === "none") return [a("crash")]; // *ret_size = 0 unguarded
  if (f.ov === "invalid") return [a("crash")]; // overlapped->hEvent read unguarded
  // server_ioctl_sock queues the routine as an APC whenever one is given (L2256-2261), lpOverlapped or not;
  // complete_async queues it (ntdll unix/socket.c L1433) unless ntdll refused INVALID_SOCKET first (file.c L5943-5944).
  const apc = f.routine !== null && !f.invalidSocket;
  // Without lpOverlapped the APC reads its status from the call's own IO_STATUS_BLOCK after the call returned: unknown.
  const routineAlone = f.routine === "invalid" ? "complete:WSAEOPNOTSUPP:routine:faults" : undefined;
  if (f.ov === "none") return [a("-1/WSAEOPNOTSUPP", "0", apc ? routineAlone : SYNC)]; // L2658-2663
  if (f.invalidSocket) return [fail("WSA_IO_PENDING", "untouched", "never:WSA_IO_PENDING:-")];
  // Observed on 8.0: hEvent is signalled only for a handle that is no open socket; a routine replaces the event.
  const via = f.routine !== null ? "routine" : f.event && f.badHandle ? "event" : "-";
  return [fail("WSA_IO_PENDING", "untouched", `complete:WSAEOPNOTSUPP:${via}${f.routine === "invalid" ? ":faults" : ""}`)];
}

function reactos(f: Facts): Answer[] {
  // ws2_32 ioctl.c (startup, handle), then msafd dllmain.c WSPIoctl, then wshtcpip WSHIoctl.
  if (!f.wsp && !f.startup) return [fail("WSANOTINITIALISED", "untouched")];
  if (f.badHandle) return [fail("WSAENOTSOCK", "untouched")];
  if (f.br === null && f.ov === "none") return [fail("WSAEFAULT", "untouched")]; // L2388-2393
  if ((f.br === "invalid" && f.ov === "none") || f.ov === "invalid" || (f.ov !== "none" && f.routine === "invalid")) return [a("crash")];
  if (f.ov === "none") return [fail("WSAEINVAL", "0")]; // L2601-2602: *lpcbBytesReturned = cbRet (0)
  // L2583-2598: the routine is called inline, then hEvent is signalled; the call returns 0.
  const ch = [f.routine === "valid" ? "routine" : "", f.event ? "event" : ""].filter(Boolean).join("+") || "-";
  return [a("0/0", "untouched", `complete:WSAEINVAL:${ch}`)];
}

/** The outcomes that conform to `profile`'s sources for `call`. */
export function oracleAnswers(call: Call, profile: Profile): Answer[] {
  const f = facts(call);
  const base = profile === "wine" ? wine(f) : profile === "reactos" ? reactos(f) : documentedOrWindows(f, profile);
  // Nothing is written through a pointer that is NULL or not valid.
  const written = (x: Answer) => (f.br === "valid" || x.br === undefined ? x : { ...x, br: "untouched" });
  return base.map(written).flatMap((x) => throughErrno(f, x, profile));
}

/** The (ret, error) answers that conform to `profile`'s sources for `call`. */
export function oracle(call: Call, profile: Profile): Set<string> {
  return new Set(oracleAnswers(call, profile).map((x) => x.key));
}

// ── Scenario ops the oracle can judge: close, send and recv once an end is gone, cancel, the issuing
// thread exiting, and what each does to the overlapped operations pending. A small state of its own,
// from the sources: RFC 793 3.4/3.9 and RFC 1122 4.2.2.13 (resets), the recv page ("gracefully closed,
// the return value is zero"; "reset, a recv will fail with WSAECONNRESET"), the closesocket page (pending
// overlapped operations fail with WSA_OPERATION_ABORTED), CancelIoEx (nothing found: 0 and
// ERROR_NOT_FOUND; a canceled operation may still complete normally), CancelIo (the calling thread's
// operations complete with ERROR_OPERATION_ABORTED), WSAIoctl's Remarks (all I/O of an exiting thread is
// canceled; a completion routine runs only in an alertable wait of its thread), and Wine 8.0's answers
// (its server reads SO_ERROR, so a receive after a reset sees the end of the stream).

/** A step of a scenario the oracle follows: sockets `l` (listening), `c` (connected to it), `a` (accepted, or none), `s` (another). */
export type OracleStep =
  | { op: "close" | "recv" | "send"; socket: string }
  | { op: "ioctl"; socket: string; as: string; routine: boolean; deferred: boolean }
  | { op: "cancel"; socket: string; operation?: string }
  | { op: "exitThread" }
  | { op: "wait"; operation: string };

interface OracleOp { socket: string; pending: boolean; statuses: string[]; via: string; thread: number; done: boolean }

/** What the oracle can say of a step: the (ret, error) keys that conform, and for a wait the completions ("<status>:<via>"); undefined: it does not judge. */
export interface StepAnswer { keys?: string[]; completions?: string[] }

/** Follows one scenario for `profile`; `step` answers each step in turn. */
export class ScenarioOracle {
  readonly #open = new Set<string>(["l", "c", "s"]);
  /** Bytes waiting to be received, by receiving socket. */
  readonly #buffered = new Map<string, number>([["c", 0], ["a", 0]]);
  /** The end a socket is connected to (none for `c` until `a` is accepted: the connection waits in the backlog). */
  readonly #peer = new Map<string, string>();
  /** Sockets whose peer closed gracefully; those that were sent a reset at close; those whose send after such a close brings one back. */
  readonly #peerGone = new Set<string>();
  readonly #reset = new Set<string>();
  readonly #resetComing = new Set<string>();
  readonly #ops = new Map<string, OracleOp>();
  #thread = 0;

  constructor(readonly profile: Profile, accepted: boolean) {
    if (accepted) {
      this.#open.add("a");
      this.#peer.set("c", "a").set("a", "c");
    }
  }

  step(st: OracleStep): StepAnswer {
    const p = this.profile;
    const ok = "0/0";
    const closed = (x: string) => !this.#open.has(x);
    switch (st.op) {
      case "close": {
        if (closed(st.socket)) return { keys: ["-1/WSAENOTSOCK"] };
        this.#open.delete(st.socket);
        for (const o of this.#ops.values()) if (o.socket === st.socket && o.pending) this.#end(o, ["WSA_OPERATION_ABORTED"]);
        const peer = this.#peer.get(st.socket);
        if (peer !== undefined) {
          // RFC 1122 4.2.2.13: closing with received data still pending sends a reset.
          if ((this.#buffered.get(st.socket) ?? 0) > 0) this.#reset.add(peer);
          else this.#peerGone.add(peer);
        }
        // A connection still in the listener's backlog has no owner once the listener closes: it is reset.
        if (st.socket === "l" && !this.#peer.has("c")) this.#reset.add("c");
        return { keys: [ok] };
      }
      case "send": {
        const x = st.socket;
        if (closed(x)) return { keys: ["-1/WSAENOTSOCK"] };
        if (this.#reset.has(x)) return { keys: ["-1/WSAECONNRESET"] }; // RFC 793 3.9: SEND after a reset
        if (this.#resetComing.has(x)) return { keys: [ok, "-1/WSAECONNRESET"] }; // the reset may have come back
        if (this.#peerGone.has(x)) this.#resetComing.add(x); // CLOSE-WAIT queues it; the closed end answers with a reset
        const to = this.#peer.get(x);
        if (to !== undefined && this.#open.has(to)) this.#buffered.set(to, (this.#buffered.get(to) ?? 0) + 5);
        return { keys: [ok] };
      }
      case "recv": {
        const x = st.socket;
        if (closed(x)) return { keys: ["-1/WSAENOTSOCK"] };
        const n = this.#buffered.get(x) ?? 0;
        if (n > 0) {
          this.#buffered.set(x, Math.max(0, n - 10));
          return { keys: [ok] };
        }
        // Wine 8.0 reports the end of the stream after a reset too (its server reads SO_ERROR).
        if (this.#reset.has(x)) return { keys: p === "wine" ? [ok] : ["-1/WSAECONNRESET"] };
        if (this.#resetComing.has(x)) return { keys: p === "wine" ? [ok] : [ok, "-1/WSAECONNRESET"] };
        if (this.#peerGone.has(x)) return { keys: [ok] };
        return {}; // nothing to receive yet: a real socket would block (the model's own answer)
      }
      case "ioctl": {
        // An overlapped SIO_LOOPBACK_FAST_PATH on an unconnected TCP socket (the call oracle above judges the call).
        const wine = p === "wine";
        const reactos = p === "reactos";
        // Windows 7: the provider does not know the code (hotfix#51): it pends and completes with WSAEOPNOTSUPP at once.
        const win7 = p === "windows-7";
        const pending = !wine && !reactos && !win7 && st.deferred && !closed(st.socket);
        const statuses = closed(st.socket) ? [] : [wine || win7 ? "WSAEOPNOTSUPP" : reactos ? "WSAEINVAL" : "0"];
        // Wine signals hEvent only for a handle that is no open socket; a routine replaces the event everywhere.
        const via = st.routine ? "routine" : wine ? "none" : "event";
        if (!closed(st.socket)) this.#ops.set(st.as, { socket: st.socket, pending, statuses, via, thread: this.#thread, done: reactos });
        return {};
      }
      case "cancel": {
        if (closed(st.socket)) return {};
        if (st.operation === undefined) {
          // CancelIo: what the calling thread issued for the handle.
          for (const o of this.#ops.values()) if (o.socket === st.socket && o.pending && o.thread === this.#thread) this.#end(o, ["WSA_OPERATION_ABORTED"]);
          return { keys: [ok] };
        }
        const o = this.#ops.get(st.operation);
        if (o === undefined || o.socket !== st.socket || !o.pending) return { keys: ["-1/ERROR_NOT_FOUND"] };
        this.#end(o, ["WSA_OPERATION_ABORTED", "0"]); // CancelIoEx: canceled, or completed normally before the cancel took
        return { keys: [ok] };
      }
      case "exitThread": {
        for (const o of this.#ops.values()) {
          if (o.thread !== this.#thread) continue;
          if (o.pending) this.#end(o, ["WSA_OPERATION_ABORTED"]);
          // The routine would have run at an alertable wait of that thread: it never does (ReactOS called it in the call).
          if (o.via === "routine" && !o.done) o.via = "none";
        }
        this.#thread++;
        return { keys: [ok] };
      }
      case "wait": {
        const o = this.#ops.get(st.operation);
        if (o === undefined) return {};
        this.#ops.delete(st.operation);
        if (o.pending) return {}; // a deferred call completes when waited for: the model's own choice
        return { completions: o.statuses.map((s) => `${s}:${o.via}`) };
      }
    }
  }

  #end(o: OracleOp, statuses: string[]): void {
    o.pending = false;
    o.statuses = statuses;
  }
}
