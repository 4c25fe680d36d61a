// Operations that complete later: overlapped ioctls (the call contract decides
// how they start) and sends queued by flow control; waiting for them, and
// what ends them early (close, SIO_FLUSH, CancelIo/CancelIoEx, the issuing
// thread exiting). Rules fastpath.*, wait.*, *.aborts (rules.ts).
import {
  F_HANDLE, F_STARTUP, F_OVERLAPPED_ATTR, F_CONDITIONS, O_FAILED, O_KIND, O_STATUS, O_VIA, O_RULE, O_BYTES_RETURNED,
  H_TCP, H_UDP, H_NOT_SOCKET, H_CLOSED, H_INVALID_SOCKET, D_RETURNED, K_NONE, K_COMPLETE, K_PENDING, K_NEVER,
  V_NONE, V_ROUTINE, BR_UNTOUCHED, BR_ZERO, SIO_LOOPBACK_FAST_PATH, SIO_FLUSH, G_DOCUMENTED, G_OBSERVED, G_CHOICE,
  M_DISP, M_KIND, M_VIA,
} from "../shared/layout";
import { T_AFTER_CONNECT_AS_REPORTED, T_ROUTINE_INLINE } from "../profiles";
import { E_NONE, E_INVAL, E_OPERATION_ABORTED, E_NOT_FOUND } from "../errors";
import { conform, conformOutcome, setBegin, setAdd, gradeOf } from "../contract";
import { pack, ok, fail, refuse } from "../outcome";
import { S_CONNECTED, S_CLOSED, OP_IOCTL } from "../transitions";
import { take } from "../transitions/table";
import { R } from "../rules";
import { S, MAX_OPS, NONE, OPK_FREE, OPK_IOCTL, OPK_SEND, known, socketAt, operationAt, either } from "./records";
import { badSocket, open } from "./sockets";

/** A new operation of socket s, or NONE at capacity. */
export function newOp(kind: u32, s: i32): i32 {
  for (let i = 0; i < MAX_OPS; i++) {
    const o = operationAt(i);
    if (o.kind == OPK_FREE) {
      o.kind = kind;
      o.socket = s;
      o.conn = NONE;
      o.seq = S.seq++;
      o.via = V_NONE;
      o.status = E_NONE;
      o.endRule = R.WAIT_COMPLETE;
      o.thread = S.thread;
      o.hasAlt = false;
      o.orphaned = false;
      return i;
    }
  }
  return NONE;
}

/** End operation `i` if it is pending, with `status`, decided by `rule` (one that never completes, a cited source says so, stays so). */
export function endOp(i: i32, status: u32, rule: u32): void {
  const o = operationAt(i);
  if (o.kind == OPK_FREE || o.state != K_PENDING) return;
  o.state = K_COMPLETE;
  o.status = status;
  o.endRule = rule;
}

/** abortOps: operations whichever thread issued them. */
// @ts-ignore: decorator
@inline export const ANY_THREAD: i32 = -1;

/** Abort every pending operation of socket `s` (all sockets: -2) with WSA_OPERATION_ABORTED; only those thread `thread` issued unless it is ANY_THREAD. */
export function abortOps(s: i32, rule: u32, thread: i32): void {
  for (let i = 0; i < MAX_OPS; i++) {
    const o = operationAt(i);
    if ((s == -2 || o.socket == s) && (thread == ANY_THREAD || o.thread == <u32>thread)) endOp(i, E_OPERATION_ABORTED, rule);
  }
}

/** Apply a successful SIO_LOOPBACK_FAST_PATH or SIO_FLUSH to socket s. */
function applyIoctl(s: i32, code: u32, inValue: u32): void {
  if (!open(s)) return;
  if (code == SIO_LOOPBACK_FAST_PATH) socketAt(s).requested = inValue != 0; // rule in.bool-value
  else if (code == SIO_FLUSH) abortOps(s, R.FLUSH_ABORTS, ANY_THREAD);
}

/** Socket s's request may also have the other value `other` (a call that conforms as a failure too). */
function requestMayBe(s: i32, other: bool): void {
  const so = socketAt(s);
  if (other == so.requested) return;
  so.requestOpen = true;
  so.altRequested = other;
}

/**
 * An ioctl in the scenario. `s` >= 0 is a socket id, -1 a handle that is not a
 * socket, -2 INVALID_SOCKET. The handle kind, the overlapped attribute and
 * WSAStartup come from the scenario; `flags` supplies the rest (shared/layout.ts), and
 * its conditions add to the scenario's. `scenarioValue()` gets the operation
 * id when the call started an overlapped operation, else 0xffffffff.
 */
export function ioctlOp(s: i32, flags: u32, code: u32, cbIn: u32, inLen: u32, inValue: u32, cbOut: u32, outLen: u32): u32 {
  let handle: u32;
  let attr = false;
  if (s == -1) handle = H_NOT_SOCKET;
  else if (s == -2) handle = H_INVALID_SOCKET;
  else if (!known(s)) return refuse(R.BAD_REFERENCE);
  else {
    const so = socketAt(s);
    handle = so.state == S_CLOSED ? H_CLOSED : (so.tcp ? H_TCP : H_UDP);
    attr = so.overlapped;
  }
  const keep = ~((7 << F_HANDLE) | (1 << F_STARTUP) | (1 << F_OVERLAPPED_ATTR));
  const f = (flags & keep) | (handle << F_HANDLE) | ((<u32>S.startup) << F_STARTUP)
    | ((<u32>attr) << F_OVERLAPPED_ATTR) | (S.conditions << F_CONDITIONS);
  conform(S.profile, f, code, cbIn, inLen, inValue, cbOut, outLen);
  let o = conformOutcome(0);
  S.built = true;
  S.value = 0xffffffff;
  if ((o & M_DISP) != D_RETURNED) return o;
  const kind = (o >> O_KIND) & M_KIND;
  const succeeded = kind == K_NONE ? ((o >> O_FAILED) & 1) == 0 : ((o >> O_STATUS) & 31) == E_NONE;
  const connected = s >= 0 && open(s) && socketAt(s).state == S_CONNECTED && socketAt(s).tcp;
  if (connected && code == SIO_LOOPBACK_FAST_PATH && succeeded) {
    // fastpath.after-connect: no source says what the call returns on a connected socket. Preferred
    // (model's choice): it succeeds and changes nothing the connection uses; Windows may answer
    // WSAEINVAL (observed by a third party, Memurai's EnableFastLoopback: T_AFTER_CONNECT_AS_REPORTED);
    // documented WSAEINVAL ("not applicable").
    o = (o & ~(127 << O_RULE)) | (<u32>R.FP_AFTER_CONNECT << O_RULE);
    setBegin(o, G_CHOICE);
    const einval = fail(E_INVAL, R.FP_AFTER_CONNECT);
    const reported = (S.traits & T_AFTER_CONNECT_AS_REPORTED) != 0;
    setAdd(reported && kind == K_NONE ? einval | (BR_ZERO << O_BYTES_RETURNED) : einval, reported ? G_OBSERVED : G_DOCUMENTED);
  }
  if (kind != K_NONE) {
    const op = newOp(OPK_IOCTL, s >= 0 ? s : NONE);
    if (op == NONE) { S.built = false; return refuse(R.CAP_OPERATIONS); }
    const p = operationAt(op);
    p.state = kind;
    p.status = (o >> O_STATUS) & 31;
    p.via = (o >> O_VIA) & M_VIA;
    p.code = code;
    p.value = inValue;
    p.rule = (o >> O_RULE) & 127;
    p.remaining = 0;
    p.total = 0;
    S.value = <u32>op;
    if (kind != K_COMPLETE) return o; // takes effect when it completes (wait)
  }
  if (succeeded && s >= 0 && open(s)) {
    const before = socketAt(s).requested;
    take(socketAt(s).state, OP_IOCTL);
    applyIoctl(s, code, inValue);
    // fastpath.after-connect: the call also conforms as WSAEINVAL, after which the request is what it was.
    if (connected && code == SIO_LOOPBACK_FAST_PATH) requestMayBe(s, before);
  }
  return o;
}

/** Is `op` an operation the scenario has? */
function opKnown(op: i32): bool { return op >= 0 && op < MAX_OPS && operationAt(op).kind != OPK_FREE; }

/**
 * CancelIoEx(s, op) — or CancelIo(s) when `op` is -1: what the calling thread issued for the socket
 * (win32#CancelIo/calling-thread; in a scenario one thread issues everything until it exits).
 */
export function cancelOp(s: i32, op: i32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (op == -1) {
    abortOps(s, R.CANCEL_ABORTS, <i32>S.thread);
    return ok(R.CANCEL_ABORTS);
  }
  if (!opKnown(op)) return refuse(R.BAD_REFERENCE);
  const o = operationAt(op);
  // win32#CancelIoEx/ERROR_NOT_FOUND: a request of another handle, or one already complete, is not found.
  if (o.socket != s || o.state != K_PENDING) return fail(E_NOT_FOUND, R.CANCEL_ABORTS);
  endOp(op, E_OPERATION_ABORTED, R.CANCEL_ABORTS);
  if (o.kind == OPK_IOCTL) {
    // win32#CancelIoEx: "The operation completed normally. This can occur even if the operation was canceled,
    // because the cancel request might not have been submitted in time": a deferred call may complete (and take effect).
    o.hasAlt = true;
    o.altStatus = E_NONE;
    if (o.code == SIO_LOOPBACK_FAST_PATH && open(s)) requestMayBe(s, o.value != 0);
  }
  return ok(R.CANCEL_ABORTS);
}

/**
 * The thread that issued the scenario's operations exits: wsaioctl#Remarks/thread-exit, all I/O it
 * initiated is canceled; a completion routine runs only in an alertable wait of that thread
 * (wsaioctl#Remarks/alertable), so one not run yet never runs (ReactOS calls it inside the call).
 */
export function exitThreadOp(): u32 {
  abortOps(-2, R.THREAD_EXIT_ABORTS, <i32>S.thread);
  const inline = (S.traits & T_ROUTINE_INLINE) != 0;
  for (let i = 0; i < MAX_OPS; i++) {
    const o = operationAt(i);
    o.orphaned |= o.kind != OPK_FREE && o.thread == S.thread && o.via == V_ROUTINE && !inline && o.state != K_NEVER;
  }
  S.thread++;
  return ok(R.THREAD_EXIT_ABORTS);
}

/** Wait for operation `op`: its completion (status, via), or pending. `scenarioValue()` gets the bytes transferred. */
export function waitOp(op: i32): u32 {
  if (!opKnown(op)) return refuse(R.BAD_REFERENCE);
  const o = operationAt(op);
  S.value = 0;
  if (o.state == K_NEVER) return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_NEVER, V_NONE, 1, o.rule);
  if (o.state == K_PENDING) {
    if (o.kind == OPK_SEND) return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_PENDING, V_NONE, 1, R.WAIT_PENDING);
    // A deferred ioctl completes, and takes effect, when it is waited for (rule wait.complete).
    if (o.socket != NONE && open(o.socket)) {
      take(socketAt(o.socket).state, OP_IOCTL);
      applyIoctl(o.socket, o.code, o.value);
    }
    o.state = K_COMPLETE;
    o.status = E_NONE;
  }
  const status = o.status;
  S.value = status == E_NONE ? o.total : o.total - o.remaining;
  o.kind = OPK_FREE;
  const via = o.orphaned ? V_NONE : o.via;
  const rule = o.orphaned ? <u32>R.THREAD_EXIT_ABORTS : status == E_NONE ? <u32>R.WAIT_COMPLETE : o.endRule;
  const w = pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_COMPLETE, via, status, rule);
  if (!o.hasAlt) return w;
  return either(w, gradeOf(w, S.profile), pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_COMPLETE, via, o.altStatus, R.CANCEL_ABORTS), G_DOCUMENTED);
}

/** Used operation slots, and how many of them are pending (for the quiescence check). */
export function operationsUsed(): u32 {
  let n: u32 = 0;
  for (let i = 0; i < MAX_OPS; i++) if (operationAt(i).kind != OPK_FREE) n++;
  return n;
}
export function operationsPending(): u32 {
  let n: u32 = 0;
  for (let i = 0; i < MAX_OPS; i++) if (operationAt(i).kind != OPK_FREE && operationAt(i).state == K_PENDING) n++;
  return n;
}
