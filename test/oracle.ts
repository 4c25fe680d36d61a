// An independent oracle for the call contract's conformance sets, written from
// the sources (the seed, Wine's and ReactOS's code as behavior.md cites them),
// not from the model: a plain list of faults per profile, with the orders the
// sources fix. It answers which (ret, error) pairs conform; the property test
// compares it with the model's sets on random calls.
import type { Call } from "../host/call.js";

type Profile = "documented" | "windows" | "wine" | "reactos" | "windows-7";
/** "0/0", "-1/WSAEFAULT", "crash", "unavailable". */
export type Answer = string;

const LFP = 0x98000010;
const FLUSH = 0x28000004;

interface Facts {
  wsp: boolean; startup: boolean; badHandle: boolean; invalidSocket: boolean; udp: boolean; ovSocket: boolean;
  code: number; cbIn: number; inOk: boolean; cbOut: number; outOk: boolean;
  br: "valid" | null | "invalid"; ov: "none" | "invalid" | "valid"; routine: "valid" | null | "invalid";
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
    cbIn, inOk: cbIn === 0 || (input !== null && input !== "invalid" && bytesOf(input) >= cbIn),
    cbOut, outOk: cbOut === 0 || (out !== null && out !== "invalid" && bytesOf(out) >= cbOut),
    br: c.bytesReturned === undefined ? "valid" : c.bytesReturned,
    ov: ov === null ? "none" : ov === "invalid" ? "invalid" : "valid",
    routine: c.completionRoutine ?? null, threadId: c.threadId === undefined ? "valid" : c.threadId,
    errno: c.errno === undefined ? "valid" : c.errno,
    down: !!k.networkDown, inProgress: !!k.blockingCallInProgress, cancelled: !!k.blockingCallCancelled,
    unsupported: !!k.providerUnsupported, reservation: !!k.portReservationDenied, deferred: !!k.ioDeferred,
  };
}

const fail = (e: string) => `-1/${e}`;

/** A fault: its name (for orders), the errors it may report, and whether it holds under one reading only. */
interface Fault { name: string; answers: Answer[]; maybe?: boolean }

/** WSPIoctl reports through *lpErrno: with lpErrno unusable no source says (documented, windows). */
function throughErrno(f: Facts, a: Answer, profile: Profile): Answer[] {
  if (!f.wsp || a === "crash" || a === "unavailable" || a.startsWith("0/")) return [a];
  if (f.errno === "valid") return [a];
  if (profile === "reactos") return f.errno === null ? [a] : ["crash"]; // `if (lpErrno)` guards NULL only
  return ["crash", a];
}

function documentedOrWindows(f: Facts, profile: "documented" | "windows" | "windows-7"): Answer[] {
  const win = profile !== "documented";
  // Windows 7 and earlier: the provider does not know the code (hotfix#51), so it checks none of its parameters.
  const win7 = profile === "windows-7";
  const ovCall = f.ovSocket && f.ov !== "none";
  const lfp = f.code === LFP && !win7;
  // "unsupported" on Windows pends when the call is overlapped (wine-test test_unsupported_ioctls).
  const unsupported = (e: string) => (win && ovCall ? fail("WSA_IO_PENDING") : fail(e));
  const faults: Fault[] = [];
  const add = (name: string, when: boolean, answers: Answer[], maybe = false) => { if (when) faults.push({ name, answers, maybe }); };
  add("startup", !f.wsp && !f.startup, [fail("WSANOTINITIALISED")]);
  add("inprogress", f.inProgress, [fail("WSAEINPROGRESS")], win); // Winsock 2.2 removed blocking hooks
  add("handle", f.badHandle, [fail("WSAENOTSOCK")]);
  add("down", f.down, [fail("WSAENETDOWN")]);
  add("br", f.br !== "valid", [fail("WSAEFAULT")]);
  add("ov", f.ovSocket && f.ov === "invalid", [fail("WSAEFAULT")]);
  add("routine", ovCall && f.routine === "invalid", [fail("WSAEFAULT")]);
  add("routine-unused", f.ovSocket && f.ov === "none" && f.routine === "invalid", [fail("WSAEFAULT")], true);
  add("thread", f.wsp && ovCall && f.routine !== null && f.threadId !== "valid", [fail("WSAEFAULT")]);
  add("flush", win && f.code === FLUSH, [unsupported("WSAEOPNOTSUPP")]);
  add("code", f.code !== LFP && f.code !== FLUSH, win ? [unsupported("WSAEOPNOTSUPP")] : [fail("WSAEINVAL"), fail("WSAEOPNOTSUPP")]);
  add("provider", f.unsupported || (win7 && f.code === LFP), [win ? unsupported("WSAEOPNOTSUPP") : fail("WSAEOPNOTSUPP")]);
  add("udp", lfp && f.udp, win ? [unsupported("WSAEOPNOTSUPP"), fail("WSAEINVAL")] : [fail("WSAEINVAL"), fail("WSAEOPNOTSUPP")]);
  add("in", lfp && !f.inOk, [fail("WSAEFAULT")]);
  add("in-small", lfp && f.cbIn < 4, win ? [fail("WSAEFAULT"), fail("WSAEINVAL")] : [fail("WSAEINVAL")]);
  add("out", lfp && !f.outOk, [fail("WSAEFAULT")], win);
  add("out-nonzero", lfp && f.cbOut !== 0, [fail("WSAEINVAL")], win);
  add("reservation", f.reservation && !win7, [fail("WSAEACCES")]);
  add("cancelled", f.cancelled && !ovCall, [fail("WSAEINTR")]);
  // Windows: a NULL lpcbBytesReturned is reported before an unsupported code (wine-test L5530-5532).
  // Windows 7: what ws2_32 checks before it calls the provider comes before the provider's answer.
  const beats = (a: string, b: string) => (win && a === "br" && (b === "code" || b === "flush"))
    || (win7 && b === "provider" && ["startup", "inprogress", "handle", "br"].includes(a));
  const minimal = (fs: Fault[]) => fs.filter((x) => !fs.some((y) => beats(y.name, x.name)));
  const success = f.ovSocket && f.ov !== "none" && f.deferred ? [fail("WSA_IO_PENDING")] : ["0/0"];
  const definite = faults.filter((x) => !x.maybe);
  const out = new Set<Answer>();
  for (const reading of [definite, faults]) {
    if (reading.length === 0) success.forEach((a) => out.add(a));
    for (const x of minimal(reading)) for (const a of x.answers) out.add(a);
  }
  return [...out];
}

function wine(f: Facts): Answer[] {
  // dlls/ws2_32/socket.c@wine-8.0 WSAIoctl, in its order; no WSPIoctl (mswsock's WSPStartup is a stub).
  if (f.wsp) return ["unavailable"];
  if (f.br === null) return [fail("WSAEFAULT")];
  if (f.br === "invalid" && f.ov === "none") return ["crash"];
  if (f.ov === "invalid") return ["crash"];
  return [f.ov === "none" ? fail("WSAEOPNOTSUPP") : fail("WSA_IO_PENDING")];
}

function reactos(f: Facts): Answer[] {
  // ws2_32 ioctl.c (startup, handle), then msafd dllmain.c WSPIoctl, then wshtcpip WSHIoctl.
  if (!f.wsp && !f.startup) return [fail("WSANOTINITIALISED")];
  if (f.badHandle) return [fail("WSAENOTSOCK")];
  if (f.br === null && f.ov === "none") return [fail("WSAEFAULT")];
  if ((f.br === "invalid" && f.ov === "none") || f.ov === "invalid" || (f.ov !== "none" && f.routine === "invalid")) return ["crash"];
  return [f.ov === "none" ? fail("WSAEINVAL") : "0/0"];
}

/** The (ret, error) answers that conform to `profile`'s sources for `call`. */
export function oracle(call: Call, profile: Profile): Set<Answer> {
  const f = facts(call);
  const base = profile === "wine" ? wine(f) : profile === "reactos" ? reactos(f) : documentedOrWindows(f, profile);
  return new Set(base.flatMap((a) => throughErrno(f, a, profile)));
}
