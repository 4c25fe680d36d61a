// The socket state machine of the Remarks: sockets, connections, the path a
// connection takes, flow control on the fast path and pending operations.
// Fixed capacity (no allocation after instantiation): MAX_SOCKETS sockets,
// MAX_CONNECTIONS connections and MAX_OPS pending operations a scenario;
// exceeding one gives a model-error outcome naming the capacity rule.
//
// Every op returns an outcome word (abi.ts) and may leave one number in
// `scenarioValue()` (a socket id, an operation id, a byte count).
import {
  F_HANDLE, F_STARTUP, F_OVERLAPPED_ATTR, F_CONDITIONS, O_FAILED, O_KIND, O_STATUS, O_VIA,
  H_TCP, H_UDP, H_NOT_SOCKET, H_CLOSED, H_INVALID_SOCKET, D_RETURNED,
  K_NONE, K_COMPLETE, K_PENDING, K_NEVER, V_NONE, BR_UNTOUCHED,
  C_WFP_CALLOUT, SIO_LOOPBACK_FAST_PATH, SIO_FLUSH, O_RULE, O_BYTES_RETURNED, BR_ZERO,
  G_DOCUMENTED, G_INFERRED, G_OBSERVED, G_CHOICE, PATH_NONE, PATH_SLOW, PATH_FAST,
  OBS_REQUESTED, OBS_PATH, OBS_RULE, OBS_OTHER_PATH, OBS_OTHER_REQUESTED, OBS_UNKNOWN, LIVE_CONNECTIONS, LIVE_OPERATIONS,
} from "./abi";
import {
  E_NONE, E_NOTINITIALISED, E_AFNOSUPPORT, E_PROTOTYPE, E_INVAL, E_NOTSOCK, E_OPNOTSUPP,
  E_ISCONN, E_CONNREFUSED, E_ADDRNOTAVAIL, E_NETUNREACH, E_WOULDBLOCK, E_NOPROTOOPT,
  E_NOTCONN, E_OPERATION_ABORTED, E_CONNRESET, E_PROTONOSUPPORT,
} from "./errors";
import { P_DOCUMENTED, P_WINDOWS, P_WINE } from "./profiles";
import { conform, conformOutcome, setBegin, setAdd, gradeOf } from "./contract";
import { pack, ok, fail, refuse } from "./outcome";
import { classify, isLoopback, loopbackRule, A_UNSPECIFIED, A_LOOPBACK_V4, A_LOOPBACK_V6, A_MAPPED_LOOPBACK, A_MAPPED_OTHER } from "./address";
import { optionCount, optionLevel, optionInSubset, O_IPV6_V6ONLY, O_SO_RCVBUF } from "./options";
import {
  S_NONE, S_CREATED, S_BOUND, S_LISTENING, S_CONNECTED, S_CLOSED,
  OP_SOCKET, OP_BIND, OP_LISTEN, OP_CONNECT, OP_ACCEPT, OP_IOCTL, OP_SETSOCKOPT,
  OP_SEND, OP_RECV, OP_CLOSE, take,
} from "./transitions";
import { R } from "./rules";

// @ts-ignore: decorator
@inline export const MAX_SOCKETS: i32 = 64;
// @ts-ignore: decorator
@inline export const MAX_CONNECTIONS: i32 = 32;
// @ts-ignore: decorator
@inline export const MAX_OPS: i32 = 64;
/** Model default for SO_RCVBUF (rule options.rcvbuf: no source gives one). */
// @ts-ignore: decorator
@inline const DEFAULT_RCVBUF: u32 = 65536;
// @ts-ignore: decorator
@inline const NONE: i32 = -1;


// ── sockets
const sState = new StaticArray<u32>(MAX_SOCKETS);
const sFamily = new StaticArray<u32>(MAX_SOCKETS);
const sTcp = new StaticArray<bool>(MAX_SOCKETS);
const sOverlapped = new StaticArray<bool>(MAX_SOCKETS);
const sRequested = new StaticArray<bool>(MAX_SOCKETS);
const sV6only = new StaticArray<bool>(MAX_SOCKETS);
const sRcvbuf = new StaticArray<u32>(MAX_SOCKETS);
const sConn = new StaticArray<i32>(MAX_SOCKETS);
/** Bound address: class and four words. */
const sAddrClass = new StaticArray<u32>(MAX_SOCKETS);
const sAddr = new StaticArray<u32>(MAX_SOCKETS * 4);
let socketCount: i32 = 0;

// ── connections; direction 0 carries bytes towards the client, 1 towards the server
const cUsed = new StaticArray<bool>(MAX_CONNECTIONS);
const cClient = new StaticArray<i32>(MAX_CONNECTIONS);
const cServer = new StaticArray<i32>(MAX_CONNECTIONS);
const cListener = new StaticArray<i32>(MAX_CONNECTIONS);
const cPath = new StaticArray<u32>(MAX_CONNECTIONS);
const cPathRule = new StaticArray<u32>(MAX_CONNECTIONS);
const cSeq = new StaticArray<u32>(MAX_CONNECTIONS);
const cBuffered = new StaticArray<u32>(MAX_CONNECTIONS * 2);
/** The client's and the listener's requests when the connection was established (path.lifetime, path.listener-late). */
const cClientFlag = new StaticArray<bool>(MAX_CONNECTIONS);
const cListenerFlag = new StaticArray<bool>(MAX_CONNECTIONS);
/** The path under the other reading of path.listener-late (PATH_NONE: the readings agree). */
const cPathAlt = new StaticArray<u32>(MAX_CONNECTIONS);
/** Ends that are gone: bit 0 the client's, bit 1 the server's (closed, or reset with its listener). */
const cGone = new StaticArray<u32>(MAX_CONNECTIONS);
const cRcvbuf = new StaticArray<u32>(MAX_CONNECTIONS * 2);

// ── pending operations (overlapped ioctls and queued sends)
// @ts-ignore: decorator
@inline const OPK_FREE: u32 = 0;
// @ts-ignore: decorator
@inline const OPK_IOCTL: u32 = 1;
// @ts-ignore: decorator
@inline const OPK_SEND: u32 = 2;
const oKind = new StaticArray<u32>(MAX_OPS);
const oSocket = new StaticArray<i32>(MAX_OPS);
const oConn = new StaticArray<i32>(MAX_OPS);
const oDir = new StaticArray<u32>(MAX_OPS);
const oRemaining = new StaticArray<u32>(MAX_OPS);
const oTotal = new StaticArray<u32>(MAX_OPS);
/** K_PENDING, K_COMPLETE or K_NEVER. */
const oState = new StaticArray<u32>(MAX_OPS);
const oStatus = new StaticArray<u32>(MAX_OPS);
const oVia = new StaticArray<u32>(MAX_OPS);
const oSeq = new StaticArray<u32>(MAX_OPS);
/** For a deferred ioctl: the code and BOOL to apply when it completes. */
const oCode = new StaticArray<u32>(MAX_OPS);
const oValue = new StaticArray<u32>(MAX_OPS);
const oRule = new StaticArray<u32>(MAX_OPS);
/** The rule that aborted the operation (close, SIO_FLUSH, cancel, thread exit, peer reset). */
const oEndRule = new StaticArray<u32>(MAX_OPS);

let profile: u32 = P_DOCUMENTED;
let startup: bool = true;
let conditions: u32 = 0;
let seq: u32 = 0;
let value: u32 = 0;

/** The number the last op left: socket id, operation id or byte count. */
export function scenarioValue(): u32 { return value; }

/** Start a fresh scenario for `prof`; `started` = WSAStartup has been called. */
export function scenarioReset(prof: u32, started: bool): void {
  profile = prof & 3;
  startup = started;
  conditions = 0;
  seq = 0;
  value = 0;
  socketCount = 0;
  for (let i = 0; i < MAX_CONNECTIONS; i++) unchecked(cUsed[i] = false);
  for (let i = 0; i < MAX_OPS; i++) unchecked(oKind[i] = OPK_FREE);
}

/** Switch environment conditions (abi.ts C_* bits) on or off. */
export function scenarioCondition(mask: u32, on: bool): void {
  conditions = on ? conditions | mask : conditions & ~mask;
}

// @ts-ignore: decorator
@inline function known(s: i32): bool { return s >= 0 && s < socketCount; }
// @ts-ignore: decorator
@inline function open(s: i32): bool { return known(s) && unchecked(sState[s]) != S_CLOSED; }

/** The outcome for a socket reference that is unknown or closed, or 0 if it is open. */
function badSocket(s: i32): u32 {
  if (!known(s)) return refuse(R.BAD_REFERENCE);
  if (unchecked(sState[s]) == S_CLOSED) return fail(E_NOTSOCK, R.CLOSED_HANDLE);
  return 0;
}

function newSocket(family: u32, tcp: bool, overlapped: bool): i32 {
  if (socketCount >= MAX_SOCKETS) return NONE;
  const s = socketCount++;
  unchecked(sState[s] = S_CREATED);
  unchecked(sFamily[s] = family);
  unchecked(sTcp[s] = tcp);
  unchecked(sOverlapped[s] = overlapped);
  unchecked(sRequested[s] = false);
  // winsock#Dual-Stack Sockets: IPv6 sockets are IPv6-only unless IPV6_V6ONLY is cleared.
  unchecked(sV6only[s] = family == 6);
  unchecked(sRcvbuf[s] = DEFAULT_RCVBUF);
  unchecked(sConn[s] = NONE);
  unchecked(sAddrClass[s] = A_UNSPECIFIED);
  for (let k = 0; k < 4; k++) unchecked(sAddr[s * 4 + k] = 0);
  return s;
}

function newOp(kind: u32, s: i32): i32 {
  for (let i = 0; i < MAX_OPS; i++) {
    if (unchecked(oKind[i]) == OPK_FREE) {
      unchecked(oKind[i] = kind);
      unchecked(oSocket[i] = s);
      unchecked(oConn[i] = NONE);
      unchecked(oSeq[i] = seq++);
      unchecked(oVia[i] = V_NONE);
      unchecked(oStatus[i] = E_NONE);
      unchecked(oEndRule[i] = R.WAIT_COMPLETE);
      return i;
    }
  }
  return NONE;
}

/** socket(family 4|6, type 1 stream|2 dgram, protocol 6 tcp|17 udp, overlapped attribute). */
function socketOp(family: u32, type: u32, protocol: u32, overlapped: bool): u32 {
  if (!startup) return fail(E_NOTINITIALISED, R.SOCKET);
  if (family != 4 && family != 6) return fail(E_AFNOSUPPORT, R.SOCKET);
  const tcp = type == 1 && protocol == 6;
  if (!tcp && !(type == 2 && protocol == 17)) {
    // A protocol that does not go with the type: winsock#socket lists both WSAEPROTOTYPE ("the wrong
    // type for this socket") and WSAEPROTONOSUPPORT ("not supported"). Windows (third party: .NET's
    // PAL tests) and Wine 8 (observed) answer WSAEPROTONOSUPPORT.
    if (profile == P_WINDOWS || profile == P_WINE) return fail(E_PROTONOSUPPORT, R.SOCKET);
    const w = fail(E_PROTOTYPE, R.SOCKET);
    setBegin(w, G_DOCUMENTED);
    setAdd(fail(E_PROTONOSUPPORT, R.SOCKET), G_DOCUMENTED);
    built = true;
    return w;
  }
  const s = newSocket(family, tcp, overlapped);
  if (s == NONE) return refuse(R.CAP_SOCKETS);
  take(S_NONE, OP_SOCKET);
  value = <u32>s;
  return ok(R.SOCKET);
}

function bindOp(s: i32, family: u32, w0: u32, w1: u32, w2: u32, w3: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (unchecked(sState[s]) != S_CREATED) return fail(E_INVAL, R.BIND);
  if (family != unchecked(sFamily[s])) return fail(E_AFNOSUPPORT, R.BIND);
  unchecked(sAddrClass[s] = classify(family, w0, w1, w2, w3));
  unchecked(sAddr[s * 4] = w0);
  unchecked(sAddr[s * 4 + 1] = w1);
  unchecked(sAddr[s * 4 + 2] = w2);
  unchecked(sAddr[s * 4 + 3] = w3);
  take(S_CREATED, OP_BIND);
  unchecked(sState[s] = S_BOUND);
  return ok(R.BIND);
}

function listenOp(s: i32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  const st = unchecked(sState[s]);
  if (!unchecked(sTcp[s])) return fail(E_OPNOTSUPP, R.LISTEN);
  if (st == S_CONNECTED) return fail(E_ISCONN, R.LISTEN);
  if (st == S_CREATED) return fail(E_INVAL, R.LISTEN);
  take(st, OP_LISTEN);
  unchecked(sState[s] = S_LISTENING);
  return ok(R.LISTEN);
}

/** Is `l` a dual-stack IPv6 socket (IPV6_V6ONLY cleared)? winsock#Dual-Stack Sockets. */
// @ts-ignore: decorator
@inline function dualStack(l: i32): bool { return unchecked(sFamily[l]) == 6 && !unchecked(sV6only[l]); }

/** Does listener `l` accept a destination of `family` and words w? */
function listensOn(l: i32, family: u32, w0: u32, w1: u32, w2: u32, w3: u32): bool {
  if (unchecked(sState[l]) != S_LISTENING) return false;
  const lf = unchecked(sFamily[l]);
  const base = l * 4;
  let d0 = w0, d1 = w1, d2 = w2, d3 = w3;
  if (family == 6 && lf == 4 && w0 == 0 && w1 == 0 && w2 == 0xffff) { // ::ffff:a.b.c.d reaches an IPv4 listener
    d0 = w3; d1 = 0; d2 = 0; d3 = 0;
  } else if (family == 4 && lf == 6 && dualStack(l)) { // an IPv4 client reaches a dual-stack listener as ::ffff:a.b.c.d
    d0 = 0; d1 = 0; d2 = 0xffff; d3 = w0;
    if (unchecked(sAddrClass[l]) == A_UNSPECIFIED) return classify(4, w0, 0, 0, 0) == A_LOOPBACK_V4;
  } else if (family != lf) {
    return false;
  }
  if (unchecked(sAddrClass[l]) == A_UNSPECIFIED) { // bound to "any": every local address reaches it
    const c = classify(lf, d0, d1, d2, d3);
    return c == A_LOOPBACK_V4 || c == A_LOOPBACK_V6 || (c == A_MAPPED_LOOPBACK && dualStack(l));
  }
  return unchecked(sAddr[base]) == d0 && unchecked(sAddr[base + 1]) == d1
    && unchecked(sAddr[base + 2]) == d2 && unchecked(sAddr[base + 3]) == d3;
}

/** The path a loopback connection takes when the client and the listener request as given. */
// @ts-ignore: decorator
@inline function pathFor(loopback: bool, wfp: bool, client: bool, listener: bool): u32 {
  return loopback && !wfp && client && listener ? PATH_FAST : PATH_SLOW;
}

/**
 * connect(s, to): `target` >= 0 names a listener of the scenario; otherwise the
 * destination is the address (family, w0..w3): a listener bound to it, or a
 * simulated remote peer.
 */
function connectOp(s: i32, target: i32, family: u32, w0: u32, w1: u32, w2: u32, w3: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  const st = unchecked(sState[s]);
  if (st == S_CONNECTED) return fail(E_ISCONN, R.CONNECT);
  if (st == S_LISTENING) return fail(E_INVAL, R.CONNECT);
  const fam = unchecked(sFamily[s]);
  let listener: i32 = NONE;
  let cls: u32;
  if (target >= 0) {
    if (!known(target)) return refuse(R.BAD_REFERENCE);
    if (unchecked(sState[target]) != S_LISTENING) return fail(E_CONNREFUSED, R.CONNECT_REFUSED);
    listener = target;
    const lf = unchecked(sFamily[target]);
    cls = unchecked(sAddrClass[target]);
    if (fam == 4 && lf == 6) {
      // An IPv4 client reaches a dual-stack listener bound to :: or to a mapped IPv4 loopback address.
      if (!dualStack(target) || (cls != A_UNSPECIFIED && cls != A_MAPPED_LOOPBACK)) return fail(E_CONNREFUSED, R.CONNECT_REFUSED);
      cls = A_LOOPBACK_V4;
    } else {
      if (lf != fam && !(fam == 6 && lf == 4)) return fail(E_AFNOSUPPORT, R.CONNECT);
      // By name, a listener bound to "any" is reached at its family's loopback address (model's choice).
      if (cls == A_UNSPECIFIED) cls = lf == 4 ? A_LOOPBACK_V4 : A_LOOPBACK_V6;
      if (fam == 6 && lf == 4) cls = cls == A_LOOPBACK_V4 ? A_MAPPED_LOOPBACK : A_MAPPED_OTHER;
    }
  } else {
    if (family != fam) return fail(E_AFNOSUPPORT, R.CONNECT);
    cls = classify(family, w0, w1, w2, w3);
    if (cls == A_UNSPECIFIED) return fail(E_ADDRNOTAVAIL, R.CONNECT_UNSPECIFIED);
    for (let l = 0; l < socketCount; l++) {
      if (l != s && listensOn(l, family, w0, w1, w2, w3)) { listener = l; break; }
    }
  }
  const dual = dualStack(s);
  if ((cls == A_MAPPED_LOOPBACK || cls == A_MAPPED_OTHER) && !dual) {
    return fail(E_NETUNREACH, R.LOOPBACK_MAPPED_V6ONLY);
  }
  const loopback = isLoopback(cls, dual);
  // What decides a TCP connection is whether its destination is loopback (loopback.*, path.non-loopback).
  const decided = loopbackRule(cls);
  if (!unchecked(sTcp[s])) { // UDP: connect only sets the default peer; no TCP connection, no path
    take(st, OP_CONNECT);
    unchecked(sState[s] = S_CONNECTED);
    return ok(R.CONNECT);
  }
  if (listener == NONE && loopback) return fail(E_CONNREFUSED, R.CONNECT_REFUSED);
  let c: i32 = NONE;
  for (let i = 0; i < MAX_CONNECTIONS; i++) if (!unchecked(cUsed[i])) { c = i; break; }
  if (c == NONE) return refuse(R.CAP_CONNECTIONS);
  // seed#Remarks: the path is decided once, when the connection is established.
  const wfp = (conditions & C_WFP_CALLOUT) != 0;
  const clientFlag = unchecked(sRequested[s]);
  const listenerFlag = listener != NONE && unchecked(sRequested[listener]);
  const path = pathFor(loopback, wfp, clientFlag, listenerFlag);
  let rule: u32;
  if (!loopback) rule = loopbackRule(cls);
  else if (wfp) rule = R.PATH_WFP;
  else rule = path == PATH_FAST ? <u32>R.PATH_BOTH : <u32>R.PATH_ONE_SIDE;
  unchecked(cUsed[c] = true);
  unchecked(cClient[c] = s);
  unchecked(cServer[c] = NONE);
  unchecked(cListener[c] = listener);
  unchecked(cPath[c] = path);
  unchecked(cPathAlt[c] = PATH_NONE);
  unchecked(cPathRule[c] = rule);
  unchecked(cClientFlag[c] = clientFlag);
  unchecked(cListenerFlag[c] = listenerFlag);
  unchecked(cGone[c] = 0);
  unchecked(cSeq[c] = seq++);
  unchecked(cBuffered[c * 2] = 0);
  unchecked(cBuffered[c * 2 + 1] = 0);
  unchecked(cRcvbuf[c * 2] = sRcvbuf[s]);
  unchecked(cRcvbuf[c * 2 + 1] = listener != NONE ? sRcvbuf[listener] : DEFAULT_RCVBUF);
  take(st, OP_CONNECT);
  unchecked(sState[s] = S_CONNECTED);
  unchecked(sConn[s] = c);
  return ok(decided);
}

function acceptOp(l: i32): u32 {
  const bad = badSocket(l);
  if (bad != 0) return bad;
  if (unchecked(sState[l]) != S_LISTENING) return fail(E_INVAL, R.ACCEPT_EMPTY);
  let c: i32 = NONE;
  for (let i = 0; i < MAX_CONNECTIONS; i++) {
    if (unchecked(cUsed[i]) && unchecked(cListener[i]) == l && unchecked(cServer[i]) == NONE
      && (unchecked(cGone[i]) & 2) == 0 && (c == NONE || unchecked(cSeq[i]) < unchecked(cSeq[c]))) c = i;
  }
  if (c == NONE) return fail(E_WOULDBLOCK, R.ACCEPT_EMPTY);
  const s = newSocket(unchecked(sFamily[l]), true, unchecked(sOverlapped[l]));
  if (s == NONE) return refuse(R.CAP_SOCKETS);
  // seed#Remarks: accepted sockets are marked as the listener is — as it was when the connection
  // was established (the reading under which the path is fixed at connect; path.listener-late).
  const was = unchecked(cListenerFlag[c]);
  const now = unchecked(sRequested[l]);
  unchecked(sRequested[s] = was);
  const pathRule = unchecked(cPathRule[c]);
  if (was != now && (pathRule == <u32>R.PATH_BOTH || pathRule == <u32>R.PATH_ONE_SIDE)) {
    // The other reading: the listener's request counts when it accepts.
    unchecked(cPathAlt[c] = pathFor(true, false, unchecked(cClientFlag[c]), now));
  }
  unchecked(sRcvbuf[s] = sRcvbuf[l]);
  unchecked(sV6only[s] = sV6only[l]);
  unchecked(sState[s] = S_CONNECTED);
  unchecked(sConn[s] = c);
  unchecked(cServer[c] = s);
  unchecked(cRcvbuf[c * 2 + 1] = sRcvbuf[s]);
  take(S_LISTENING, OP_ACCEPT);
  take(S_NONE, OP_ACCEPT);
  value = <u32>s;
  return ok(R.ACCEPT);
}

/** End operation `i` (pending or never completing) with `status`, decided by `rule`. */
function endOp(i: i32, status: u32, rule: u32): void {
  if (unchecked(oKind[i]) == OPK_FREE || unchecked(oState[i]) == K_COMPLETE) return;
  unchecked(oState[i] = K_COMPLETE);
  unchecked(oStatus[i] = status);
  unchecked(oEndRule[i] = rule);
}

/** Abort every pending operation of socket `s` (all sockets: -2) with WSA_OPERATION_ABORTED. */
function abortOps(s: i32, rule: u32): void {
  for (let i = 0; i < MAX_OPS; i++) {
    if (s == -2 || unchecked(oSocket[i]) == s) endOp(i, E_OPERATION_ABORTED, rule);
  }
}

/** Apply a successful SIO_LOOPBACK_FAST_PATH or SIO_FLUSH to socket s. */
function applyIoctl(s: i32, code: u32, inValue: u32): void {
  if (!open(s)) return;
  if (code == SIO_LOOPBACK_FAST_PATH) unchecked(sRequested[s] = inValue != 0); // rule in.bool-value
  else if (code == SIO_FLUSH) abortOps(s, R.FLUSH_ABORTS);
}

/**
 * An ioctl in the scenario. `s` >= 0 is a socket id, -1 a handle that is not a
 * socket, -2 INVALID_SOCKET. The handle kind, the overlapped attribute and
 * WSAStartup come from the scenario; `flags` supplies the rest (abi.ts), and
 * its conditions add to the scenario's. `scenarioValue()` gets the operation
 * id when the call started an overlapped operation, else 0xffffffff.
 */
function ioctlOp(s: i32, flags: u32, code: u32, cbIn: u32, inLen: u32, inValue: u32, cbOut: u32, outLen: u32): u32 {
  let handle: u32;
  let attr = false;
  if (s == -1) handle = H_NOT_SOCKET;
  else if (s == -2) handle = H_INVALID_SOCKET;
  else if (!known(s)) return refuse(R.BAD_REFERENCE);
  else {
    handle = unchecked(sState[s]) == S_CLOSED ? H_CLOSED : (unchecked(sTcp[s]) ? H_TCP : H_UDP);
    attr = unchecked(sOverlapped[s]);
  }
  const keep = ~((7 << F_HANDLE) | (1 << F_STARTUP) | (1 << F_OVERLAPPED_ATTR));
  const f = (flags & keep) | (handle << F_HANDLE) | ((<u32>startup) << F_STARTUP)
    | ((<u32>attr) << F_OVERLAPPED_ATTR) | (conditions << F_CONDITIONS);
  conform(profile, f, code, cbIn, inLen, inValue, cbOut, outLen);
  let o = conformOutcome(0);
  built = true;
  value = 0xffffffff;
  if ((o & 3) != D_RETURNED) return o;
  const kind = (o >> O_KIND) & 3;
  const succeeded = kind == K_NONE ? ((o >> O_FAILED) & 1) == 0 : (o >> O_STATUS & 31) == E_NONE;
  const connected = s >= 0 && open(s) && unchecked(sState[s]) == S_CONNECTED && unchecked(sTcp[s]);
  if (connected && code == SIO_LOOPBACK_FAST_PATH && succeeded && profile <= P_WINDOWS) {
    // fastpath.after-connect: no source says what the call returns on a connected socket. Preferred
    // (model's choice): it succeeds and changes nothing the connection uses; Windows may answer
    // WSAEINVAL (observed by a third party, Memurai's EnableFastLoopback); documented WSAEINVAL
    // ("not applicable").
    o = (o & ~(127 << O_RULE)) | (<u32>R.FP_AFTER_CONNECT << O_RULE);
    setBegin(o, G_CHOICE);
    const einval = fail(E_INVAL, R.FP_AFTER_CONNECT);
    setAdd(profile == P_WINDOWS && kind == K_NONE ? einval | (BR_ZERO << O_BYTES_RETURNED) : einval,
      profile == P_WINDOWS ? G_OBSERVED : G_DOCUMENTED);
  }
  if (kind != K_NONE) {
    const op = newOp(OPK_IOCTL, s >= 0 ? s : NONE);
    if (op == NONE) { built = false; return refuse(R.CAP_OPERATIONS); }
    unchecked(oState[op] = kind);
    unchecked(oStatus[op] = (o >> O_STATUS) & 31);
    unchecked(oVia[op] = (o >> O_VIA) & 3);
    unchecked(oCode[op] = code);
    unchecked(oValue[op] = inValue);
    unchecked(oRule[op] = o >> O_RULE & 127);
    unchecked(oRemaining[op] = 0);
    unchecked(oTotal[op] = 0);
    value = <u32>op;
    if (kind != K_COMPLETE) return o; // takes effect when it completes (wait)
  }
  if (succeeded && s >= 0 && open(s)) {
    take(unchecked(sState[s]), OP_IOCTL);
    applyIoctl(s, code, inValue);
  }
  return o;
}

/** Is `s` a fast-path socket for the option rule: requested, and not connected off the fast path? */
function fastPathSocket(s: i32): bool {
  if (!unchecked(sRequested[s])) return false;
  const c = unchecked(sConn[s]);
  return unchecked(sState[s]) != S_CONNECTED || (c != NONE && unchecked(cPath[c]) == PATH_FAST);
}

/** Move queued sends of connection c, direction d, into the receive buffer while it has room. */
function service(c: i32, d: u32): void {
  const bi = c * 2 + <i32>d;
  while (true) {
    const buffered = unchecked(cBuffered[bi]);
    const cap = unchecked(cRcvbuf[bi]);
    if (buffered >= cap) return;
    let head: i32 = NONE;
    for (let i = 0; i < MAX_OPS; i++) {
      if (unchecked(oKind[i]) == OPK_SEND && unchecked(oConn[i]) == c && unchecked(oDir[i]) == d
        && unchecked(oState[i]) == K_PENDING && (head == NONE || unchecked(oSeq[i]) < unchecked(oSeq[head]))) head = i;
    }
    if (head == NONE) return;
    const room = cap - buffered;
    const rem = unchecked(oRemaining[head]);
    const move = rem < room ? rem : room;
    unchecked(cBuffered[bi] = buffered + move);
    unchecked(oRemaining[head] = rem - move);
    if (rem == move) unchecked(oState[head] = K_COMPLETE);
  }
}

/** setsockopt(s, level, option index of options.ts, value). */
function setsockoptOp(s: i32, level: u32, option: i32, optValue: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (option < 0 || option >= optionCount()) return refuse(R.BAD_REFERENCE);
  if (level != optionLevel(option)) return fail(E_NOPROTOOPT, R.OPT_LEVEL);
  const st = unchecked(sState[s]);
  if (fastPathSocket(s) && !optionInSubset(option)) {
    // seed#Remarks: only a subset is supported. Documented: refused; otherwise accepted, not applied.
    if (profile == P_DOCUMENTED) return fail(E_NOPROTOOPT, R.OPT_OUTSIDE_SUBSET);
    take(st, OP_SETSOCKOPT);
    const w = ok(R.OPT_OUTSIDE_SUBSET);
    if (profile == P_WINDOWS) { // no observation: refusing it as documented conforms too
      setBegin(w, G_CHOICE);
      setAdd(fail(E_NOPROTOOPT, R.OPT_OUTSIDE_SUBSET), G_DOCUMENTED);
      built = true;
    }
    return w;
  }
  take(st, OP_SETSOCKOPT);
  if (option == O_SO_RCVBUF) {
    unchecked(sRcvbuf[s] = optValue);
    const c = unchecked(sConn[s]);
    if (c != NONE && st == S_CONNECTED) {
      const d: u32 = unchecked(cClient[c]) == s ? 0 : 1;
      unchecked(cRcvbuf[c * 2 + <i32>d] = optValue);
      service(c, d);
    }
    return ok(R.OPT_RCVBUF);
  }
  if (option == O_IPV6_V6ONLY) {
    if (unchecked(sFamily[s]) == 6) unchecked(sV6only[s] = optValue != 0);
    return ok(R.OPT_V6ONLY);
  }
  return ok(R.OPT_SUBSET);
}

/** The connection and direction a send from / receive into socket s uses; NONE when not connected over TCP. */
function connOf(s: i32): i32 { return unchecked(sState[s]) == S_CONNECTED ? unchecked(sConn[s]) : NONE; }

/** The end of connection c that socket s is not (0 client, 1 server), as a cGone bit. */
// @ts-ignore: decorator
@inline function peerBit(c: i32, s: i32): u32 { return unchecked(cClient[c]) == s ? 2 : 1; }

function sendOp(s: i32, bytes: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (unchecked(sState[s]) != S_CONNECTED) return fail(E_NOTCONN, R.FLOW_NOT_CONNECTED);
  value = bytes;
  const c = connOf(s);
  take(S_CONNECTED, OP_SEND);
  if (c == NONE) return ok(R.FLOW_SLOW_PATH); // UDP
  if ((unchecked(cGone[c]) & peerBit(c, s)) != 0) {
    // close.peer / close.backlog-reset: the other end is gone; the first send may still be accepted.
    const gone = unchecked(cServer[c]) == NONE && unchecked(cClient[c]) == s ? <u32>R.CLOSE_BACKLOG_RESET : <u32>R.CLOSE_PEER;
    const w = fail(E_CONNRESET, gone);
    setBegin(w, G_INFERRED);
    setAdd(ok(gone), G_INFERRED);
    built = true;
    return w;
  }
  const d: u32 = unchecked(cClient[c]) == s ? 1 : 0;
  const bi = c * 2 + <i32>d;
  if (unchecked(cPath[c]) != PATH_FAST) {
    const total = <u64>unchecked(cBuffered[bi]) + bytes;
    if (total > 0xffffffff) return refuse(R.CAP_BYTES);
    unchecked(cBuffered[bi] = <u32>total);
    return ok(R.FLOW_SLOW_PATH);
  }
  // seed#Remarks flow control: complete when the bytes fit, else queue behind earlier sends.
  let queued: u64 = 0;
  let queueEmpty = true;
  for (let i = 0; i < MAX_OPS; i++) {
    if (unchecked(oKind[i]) == OPK_SEND && unchecked(oConn[i]) == c && unchecked(oDir[i]) == d && unchecked(oState[i]) == K_PENDING) {
      queued += unchecked(oRemaining[i]);
      queueEmpty = false;
    }
  }
  if (<u64>unchecked(cBuffered[bi]) + queued + bytes > 0xffffffff) return refuse(R.CAP_BYTES);
  let rem = bytes;
  if (queueEmpty) {
    const buffered = unchecked(cBuffered[bi]);
    const cap = unchecked(cRcvbuf[bi]);
    const room = buffered < cap ? cap - buffered : 0;
    const move = rem < room ? rem : room;
    unchecked(cBuffered[bi] = buffered + move);
    rem -= move;
    if (rem == 0) return ok(R.FLOW_SEND);
  }
  const op = newOp(OPK_SEND, s);
  if (op == NONE) return refuse(R.CAP_OPERATIONS);
  unchecked(oConn[op] = c);
  unchecked(oDir[op] = d);
  unchecked(oRemaining[op] = rem);
  unchecked(oTotal[op] = bytes);
  unchecked(oState[op] = K_PENDING);
  unchecked(oRule[op] = R.FLOW_SEND);
  value = <u32>op;
  return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_PENDING, V_NONE, E_NONE, R.FLOW_SEND);
}

function recvOp(s: i32, bytes: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (unchecked(sState[s]) != S_CONNECTED) return fail(E_NOTCONN, R.FLOW_NOT_CONNECTED);
  const c = connOf(s);
  value = 0;
  if (c == NONE) return fail(E_WOULDBLOCK, R.FLOW_RECV_EMPTY);
  const d: u32 = unchecked(cClient[c]) == s ? 0 : 1;
  const bi = c * 2 + <i32>d;
  const avail = unchecked(cBuffered[bi]);
  if (avail == 0 && bytes != 0) {
    if ((unchecked(cGone[c]) & peerBit(c, s)) != 0) {
      // close.peer: the end of the stream (0 bytes); a reset is as likely when data was left unread.
      take(S_CONNECTED, OP_RECV);
      const gone = unchecked(cServer[c]) == NONE ? <u32>R.CLOSE_BACKLOG_RESET : <u32>R.CLOSE_PEER;
      const w = ok(gone);
      setBegin(w, G_INFERRED);
      setAdd(fail(E_CONNRESET, gone), G_INFERRED);
      built = true;
      return w;
    }
    return fail(E_WOULDBLOCK, R.FLOW_RECV_EMPTY);
  }
  take(S_CONNECTED, OP_RECV);
  const got = bytes < avail ? bytes : avail;
  unchecked(cBuffered[bi] = avail - got);
  service(c, d);
  value = got;
  return ok(R.FLOW_RECV);
}

/** Connection c lost the ends in `bits`: sends queued towards them fail, and a connection with no end left is freed. */
function endsGone(c: i32, bits: u32, rule: u32): void {
  unchecked(cGone[c] = cGone[c] | bits);
  for (let i = 0; i < MAX_OPS; i++) { // the sends queued towards a gone end can never be received
    if (unchecked(oKind[i]) == OPK_SEND && unchecked(oConn[i]) == c && unchecked(oState[i]) == K_PENDING
      && (bits & (unchecked(oDir[i]) == 1 ? 2 : 1)) != 0) endOp(i, E_CONNRESET, rule);
  }
  // Freed when no end is left; a simulated remote peer has no server end in the scenario.
  const gone = unchecked(cGone[c]);
  if (gone == 3 || ((gone & 1) != 0 && unchecked(cListener[c]) == NONE && unchecked(cServer[c]) == NONE)) unchecked(cUsed[c] = false);
}

function closeOp(s: i32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  const st = unchecked(sState[s]);
  abortOps(s, R.CLOSE_ABORTS); // seed#Return value/WSA_OPERATION_ABORTED
  const c = connOf(s);
  if (c != NONE) endsGone(c, unchecked(cClient[c]) == s ? 1 : 2, R.CLOSE_PEER);
  if (st == S_LISTENING) { // close.backlog-reset: connections not accepted yet lose their server end
    for (let i = 0; i < MAX_CONNECTIONS; i++) {
      if (unchecked(cUsed[i]) && unchecked(cListener[i]) == s && unchecked(cServer[i]) == NONE) endsGone(i, 2, R.CLOSE_BACKLOG_RESET);
    }
  }
  take(st, OP_CLOSE);
  unchecked(sState[s] = S_CLOSED);
  unchecked(sRequested[s] = false);
  return ok(R.CLOSE_ABORTS);
}

/** CancelIoEx(s, op) — or CancelIo(s), all of the socket's, when `op` is -1. */
function cancelOp(s: i32, op: i32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (op == -1) {
    abortOps(s, R.CANCEL_ABORTS);
    return ok(R.CANCEL_ABORTS);
  }
  if (op < 0 || op >= MAX_OPS || unchecked(oKind[op]) == OPK_FREE || unchecked(oSocket[op]) != s) return refuse(R.BAD_REFERENCE);
  endOp(op, E_OPERATION_ABORTED, R.CANCEL_ABORTS);
  return ok(R.CANCEL_ABORTS);
}

/** The thread that issued every operation of the scenario exits. */
function exitThreadOp(): u32 {
  abortOps(-2, R.THREAD_EXIT_ABORTS);
  return ok(R.THREAD_EXIT_ABORTS);
}

/** Wait for operation `op`: its completion (status, via), or pending. `scenarioValue()` gets the bytes transferred. */
function waitOp(op: i32): u32 {
  if (op < 0 || op >= MAX_OPS || unchecked(oKind[op]) == OPK_FREE) return refuse(R.BAD_REFERENCE);
  let st = unchecked(oState[op]);
  value = 0;
  if (st == K_NEVER) return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_NEVER, V_NONE, 1, unchecked(oRule[op]));
  if (st == K_PENDING) {
    if (unchecked(oKind[op]) == OPK_SEND) {
      return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_PENDING, V_NONE, 1, R.WAIT_PENDING);
    }
    // A deferred ioctl completes, and takes effect, when it is waited for (rule wait.complete).
    const s = unchecked(oSocket[op]);
    if (s != NONE && open(s)) {
      take(unchecked(sState[s]), OP_IOCTL);
      applyIoctl(s, unchecked(oCode[op]), unchecked(oValue[op]));
    }
    unchecked(oState[op] = K_COMPLETE);
    unchecked(oStatus[op] = E_NONE);
  }
  const status = unchecked(oStatus[op]);
  value = status == E_NONE ? unchecked(oTotal[op]) : unchecked(oTotal[op]) - unchecked(oRemaining[op]);
  const via = unchecked(oVia[op]);
  unchecked(oKind[op] = OPK_FREE);
  return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_COMPLETE, via, status,
    status == E_NONE ? <u32>R.WAIT_COMPLETE : unchecked(oEndRule[op]));
}

/** What a socket looks like now: the observe word (layout in shared/layout.ts), OBS_UNKNOWN for an unknown socket. */
export function observe(s: i32): u32 {
  if (!known(s)) return OBS_UNKNOWN;
  const st = unchecked(sState[s]);
  const c = connOf(s);
  const requested = unchecked(sRequested[s]);
  if (c == NONE) return st | ((<u32>requested) << OBS_REQUESTED) | (PATH_NONE << OBS_PATH) | (<u32>R.FP_REQUEST << OBS_RULE);
  let rule = unchecked(cPathRule[c]);
  let alt = PATH_NONE;
  let altRequested = requested;
  const client = unchecked(cClient[c]) == s;
  if (unchecked(cPathAlt[c]) != PATH_NONE) {
    rule = R.PATH_LISTENER_LATE;
    if (unchecked(cPathAlt[c]) != unchecked(cPath[c])) alt = unchecked(cPathAlt[c]);
    if (!client) altRequested = !unchecked(cListenerFlag[c]);
  } else if (requested != (client ? unchecked(cClientFlag[c]) : unchecked(cListenerFlag[c]))) {
    rule = R.PATH_LIFETIME; // the request changed after the connection was established: the path did not
  }
  return st | ((<u32>requested) << OBS_REQUESTED) | (unchecked(cPath[c]) << OBS_PATH) | (rule << OBS_RULE)
    | (alt << OBS_OTHER_PATH) | ((<u32>altRequested) << OBS_OTHER_REQUESTED);
}

/** Open sockets | used connections << 8 | used operation slots << 16: what a quiescent scenario must release. */
export function scenarioLive(): u32 {
  let sockets: u32 = 0, conns: u32 = 0, ops: u32 = 0;
  for (let i = 0; i < socketCount; i++) if (unchecked(sState[i]) != S_CLOSED) sockets++;
  for (let i = 0; i < MAX_CONNECTIONS; i++) if (unchecked(cUsed[i])) conns++;
  for (let i = 0; i < MAX_OPS; i++) if (unchecked(oKind[i]) != OPK_FREE) ops++;
  return sockets | (conns << LIVE_CONNECTIONS) | (ops << LIVE_OPERATIONS);
}

/** Pending operations that will never complete by themselves (K_PENDING), for the quiescence check. */
export function scenarioPending(): u32 {
  let n: u32 = 0;
  for (let i = 0; i < MAX_OPS; i++) if (unchecked(oKind[i]) != OPK_FREE && unchecked(oState[i]) == K_PENDING) n++;
  return n;
}

// ── exports: every op leaves its conformance set (contract.ts) for the host to read.
/** Set by an op that built its own conformance set. */
let built = false;
function done(w: u32): u32 {
  if (!built) setBegin(w, gradeOf(w, profile));
  built = false;
  return w;
}
export function opSocket(family: u32, type: u32, protocol: u32, overlapped: bool): u32 { return done(socketOp(family, type, protocol, overlapped)); }
export function opBind(s: i32, family: u32, w0: u32, w1: u32, w2: u32, w3: u32): u32 { return done(bindOp(s, family, w0, w1, w2, w3)); }
export function opListen(s: i32): u32 { return done(listenOp(s)); }
export function opConnect(s: i32, target: i32, family: u32, w0: u32, w1: u32, w2: u32, w3: u32): u32 { return done(connectOp(s, target, family, w0, w1, w2, w3)); }
export function opAccept(l: i32): u32 { return done(acceptOp(l)); }
export function opIoctl(s: i32, flags: u32, code: u32, cbIn: u32, inLen: u32, inValue: u32, cbOut: u32, outLen: u32): u32 {
  return done(ioctlOp(s, flags, code, cbIn, inLen, inValue, cbOut, outLen));
}
export function opSetsockopt(s: i32, level: u32, option: i32, optValue: u32): u32 { return done(setsockoptOp(s, level, option, optValue)); }
export function opSend(s: i32, bytes: u32): u32 { return done(sendOp(s, bytes)); }
export function opRecv(s: i32, bytes: u32): u32 { return done(recvOp(s, bytes)); }
export function opClose(s: i32): u32 { return done(closeOp(s)); }
export function opCancel(s: i32, op: i32): u32 { return done(cancelOp(s, op)); }
export function opExitThread(): u32 { return done(exitThreadOp()); }
export function opWait(op: i32): u32 { return done(waitOp(op)); }
