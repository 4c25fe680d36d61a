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
  C_WFP_CALLOUT, SIO_LOOPBACK_FAST_PATH, SIO_FLUSH,
} from "./abi";
import {
  E_NONE, E_NOTINITIALISED, E_AFNOSUPPORT, E_PROTOTYPE, E_INVAL, E_NOTSOCK, E_OPNOTSUPP,
  E_ISCONN, E_CONNREFUSED, E_ADDRNOTAVAIL, E_NETUNREACH, E_WOULDBLOCK, E_NOPROTOOPT,
  E_NOTCONN, E_OPERATION_ABORTED, E_CONNRESET,
} from "./errors";
import { P_DOCUMENTED } from "./profiles";
import { evaluate } from "./contract";
import { pack, ok, fail, refuse } from "./outcome";
import { classify, isLoopback, loopbackRule, A_UNSPECIFIED, A_LOOPBACK_V4, A_LOOPBACK_V6, A_MAPPED_LOOPBACK, A_MAPPED_OTHER } from "./address";
import { optionCount, optionLevel, optionInSubset, O_IPV6_V6ONLY, O_SO_RCVBUF } from "./options";
import {
  S_NONE, S_CREATED, S_BOUND, S_LISTENING, S_CONNECTED, S_CLOSED,
  OP_SOCKET, OP_BIND, OP_LISTEN, OP_CONNECT, OP_ACCEPT, OP_IOCTL, OP_SETSOCKOPT,
  OP_SEND, OP_RECV, OP_CLOSE, take,
} from "./transitions";
import {
  R_SOCKET, R_BIND, R_LISTEN, R_CONNECT, R_CONNECT_REFUSED, R_CONNECT_UNSPECIFIED,
  R_ACCEPT, R_ACCEPT_EMPTY, R_CLOSED_HANDLE, R_FP_REQUEST, R_FP_AFTER_CONNECT,
  R_PATH_BOTH, R_PATH_ONE_SIDE, R_PATH_WFP, R_LOOPBACK_MAPPED_V6ONLY,
  R_OPT_SUBSET, R_OPT_OUTSIDE_SUBSET, R_OPT_LEVEL, R_OPT_RCVBUF, R_OPT_V6ONLY,
  R_FLOW_SEND, R_FLOW_RECV, R_FLOW_RECV_EMPTY, R_FLOW_SLOW_PATH, R_FLOW_NOT_CONNECTED,
  R_CLOSE_ABORTS, R_FLUSH_ABORTS, R_WAIT_COMPLETE, R_WAIT_PENDING,
  R_CAP_SOCKETS, R_CAP_CONNECTIONS, R_CAP_OPERATIONS, R_CAP_BYTES, R_BAD_REFERENCE,
} from "./rules";

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

// @ts-ignore: decorator
@inline export const PATH_NONE: u32 = 0;
// @ts-ignore: decorator
@inline export const PATH_SLOW: u32 = 1;
// @ts-ignore: decorator
@inline export const PATH_FAST: u32 = 2;

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
  if (!known(s)) return refuse(R_BAD_REFERENCE);
  if (unchecked(sState[s]) == S_CLOSED) return fail(E_NOTSOCK, R_CLOSED_HANDLE);
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
      return i;
    }
  }
  return NONE;
}

/** socket(family 4|6, type 1 stream|2 dgram, protocol 6 tcp|17 udp, overlapped attribute). */
export function opSocket(family: u32, type: u32, protocol: u32, overlapped: bool): u32 {
  if (!startup) return fail(E_NOTINITIALISED, R_SOCKET);
  if (family != 4 && family != 6) return fail(E_AFNOSUPPORT, R_SOCKET);
  const tcp = type == 1 && protocol == 6;
  if (!tcp && !(type == 2 && protocol == 17)) return fail(E_PROTOTYPE, R_SOCKET);
  const s = newSocket(family, tcp, overlapped);
  if (s == NONE) return refuse(R_CAP_SOCKETS);
  take(S_NONE, OP_SOCKET);
  value = <u32>s;
  return ok(R_SOCKET);
}

export function opBind(s: i32, family: u32, w0: u32, w1: u32, w2: u32, w3: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (unchecked(sState[s]) != S_CREATED) return fail(E_INVAL, R_BIND);
  if (family != unchecked(sFamily[s])) return fail(E_AFNOSUPPORT, R_BIND);
  unchecked(sAddrClass[s] = classify(family, w0, w1, w2, w3));
  unchecked(sAddr[s * 4] = w0);
  unchecked(sAddr[s * 4 + 1] = w1);
  unchecked(sAddr[s * 4 + 2] = w2);
  unchecked(sAddr[s * 4 + 3] = w3);
  take(S_CREATED, OP_BIND);
  unchecked(sState[s] = S_BOUND);
  return ok(R_BIND);
}

export function opListen(s: i32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  const st = unchecked(sState[s]);
  if (!unchecked(sTcp[s])) return fail(E_OPNOTSUPP, R_LISTEN);
  if (st == S_CONNECTED) return fail(E_ISCONN, R_LISTEN);
  if (st == S_CREATED) return fail(E_INVAL, R_LISTEN);
  take(st, OP_LISTEN);
  unchecked(sState[s] = S_LISTENING);
  return ok(R_LISTEN);
}

/** Does listener `l` accept a destination of `family` and words w? */
function listensOn(l: i32, family: u32, w0: u32, w1: u32, w2: u32, w3: u32): bool {
  if (unchecked(sState[l]) != S_LISTENING) return false;
  const lf = unchecked(sFamily[l]);
  const base = l * 4;
  let d0 = w0, d1 = w1, d2 = w2, d3 = w3;
  if (family == 6 && lf == 4 && w0 == 0 && w1 == 0 && w2 == 0xffff) { // ::ffff:a.b.c.d reaches an IPv4 listener
    d0 = w3; d1 = 0; d2 = 0; d3 = 0;
  } else if (family != lf) {
    return false;
  }
  if (unchecked(sAddrClass[l]) == A_UNSPECIFIED) { // bound to "any": every local address reaches it
    const c = classify(lf, d0, d1, d2, d3);
    return c == A_LOOPBACK_V4 || c == A_LOOPBACK_V6;
  }
  return unchecked(sAddr[base]) == d0 && unchecked(sAddr[base + 1]) == d1
    && unchecked(sAddr[base + 2]) == d2 && unchecked(sAddr[base + 3]) == d3;
}

/**
 * connect(s, to): `target` >= 0 names a listener of the scenario; otherwise the
 * destination is the address (family, w0..w3): a listener bound to it, or a
 * simulated remote peer.
 */
export function opConnect(s: i32, target: i32, family: u32, w0: u32, w1: u32, w2: u32, w3: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  const st = unchecked(sState[s]);
  if (st == S_CONNECTED) return fail(E_ISCONN, R_CONNECT);
  if (st == S_LISTENING) return fail(E_INVAL, R_CONNECT);
  const fam = unchecked(sFamily[s]);
  let listener: i32 = NONE;
  let cls: u32;
  if (target >= 0) {
    if (!known(target)) return refuse(R_BAD_REFERENCE);
    if (unchecked(sState[target]) != S_LISTENING) return fail(E_CONNREFUSED, R_CONNECT_REFUSED);
    listener = target;
    const lf = unchecked(sFamily[target]);
    if (lf != fam && !(fam == 6 && lf == 4)) return fail(E_AFNOSUPPORT, R_CONNECT);
    cls = unchecked(sAddrClass[target]);
    // By name, a listener bound to "any" is reached at its family's loopback address (model's choice).
    if (cls == A_UNSPECIFIED) cls = lf == 4 ? A_LOOPBACK_V4 : A_LOOPBACK_V6;
    if (fam == 6 && lf == 4) cls = cls == A_LOOPBACK_V4 ? A_MAPPED_LOOPBACK : A_MAPPED_OTHER;
  } else {
    if (family != fam) return fail(E_AFNOSUPPORT, R_CONNECT);
    cls = classify(family, w0, w1, w2, w3);
    if (cls == A_UNSPECIFIED) return fail(E_ADDRNOTAVAIL, R_CONNECT_UNSPECIFIED);
    for (let l = 0; l < socketCount; l++) {
      if (l != s && listensOn(l, family, w0, w1, w2, w3)) { listener = l; break; }
    }
  }
  const dualStack = fam == 6 && !unchecked(sV6only[s]);
  if ((cls == A_MAPPED_LOOPBACK || cls == A_MAPPED_OTHER) && !dualStack) {
    return fail(E_NETUNREACH, R_LOOPBACK_MAPPED_V6ONLY);
  }
  const loopback = isLoopback(cls, dualStack);
  if (!unchecked(sTcp[s])) { // UDP: connect only sets the default peer; no TCP connection, no path
    take(st, OP_CONNECT);
    unchecked(sState[s] = S_CONNECTED);
    return ok(R_CONNECT);
  }
  if (listener == NONE && loopback) return fail(E_CONNREFUSED, R_CONNECT_REFUSED);
  let c: i32 = NONE;
  for (let i = 0; i < MAX_CONNECTIONS; i++) if (!unchecked(cUsed[i])) { c = i; break; }
  if (c == NONE) return refuse(R_CAP_CONNECTIONS);
  // seed#Remarks: the path is decided once, when the connection is established.
  let path = PATH_SLOW;
  let rule: u32;
  if (!loopback) rule = loopbackRule(cls);
  else if ((conditions & C_WFP_CALLOUT) != 0) rule = R_PATH_WFP;
  else if (unchecked(sRequested[s]) && listener != NONE && unchecked(sRequested[listener])) {
    path = PATH_FAST;
    rule = R_PATH_BOTH;
  } else rule = R_PATH_ONE_SIDE;
  unchecked(cUsed[c] = true);
  unchecked(cClient[c] = s);
  unchecked(cServer[c] = NONE);
  unchecked(cListener[c] = listener);
  unchecked(cPath[c] = path);
  unchecked(cPathRule[c] = rule);
  unchecked(cSeq[c] = seq++);
  unchecked(cBuffered[c * 2] = 0);
  unchecked(cBuffered[c * 2 + 1] = 0);
  unchecked(cRcvbuf[c * 2] = sRcvbuf[s]);
  unchecked(cRcvbuf[c * 2 + 1] = listener != NONE ? sRcvbuf[listener] : DEFAULT_RCVBUF);
  take(st, OP_CONNECT);
  unchecked(sState[s] = S_CONNECTED);
  unchecked(sConn[s] = c);
  return ok(R_CONNECT);
}

export function opAccept(l: i32): u32 {
  const bad = badSocket(l);
  if (bad != 0) return bad;
  if (unchecked(sState[l]) != S_LISTENING) return fail(E_INVAL, R_ACCEPT_EMPTY);
  let c: i32 = NONE;
  for (let i = 0; i < MAX_CONNECTIONS; i++) {
    if (unchecked(cUsed[i]) && unchecked(cListener[i]) == l && unchecked(cServer[i]) == NONE
      && (c == NONE || unchecked(cSeq[i]) < unchecked(cSeq[c]))) c = i;
  }
  if (c == NONE) return fail(E_WOULDBLOCK, R_ACCEPT_EMPTY);
  const s = newSocket(unchecked(sFamily[l]), true, unchecked(sOverlapped[l]));
  if (s == NONE) return refuse(R_CAP_SOCKETS);
  // seed#Remarks: accepted sockets are marked as the listener is.
  unchecked(sRequested[s] = sRequested[l]);
  unchecked(sRcvbuf[s] = sRcvbuf[l]);
  unchecked(sV6only[s] = sV6only[l]);
  unchecked(sState[s] = S_CONNECTED);
  unchecked(sConn[s] = c);
  unchecked(cServer[c] = s);
  unchecked(cRcvbuf[c * 2 + 1] = sRcvbuf[s]);
  take(S_LISTENING, OP_ACCEPT);
  take(S_NONE, OP_ACCEPT);
  value = <u32>s;
  return ok(R_ACCEPT);
}

/** Abort every pending operation of socket `s` with `status`. */
function abortOps(s: i32, status: u32): void {
  for (let i = 0; i < MAX_OPS; i++) {
    if (unchecked(oKind[i]) != OPK_FREE && unchecked(oSocket[i]) == s && unchecked(oState[i]) != K_COMPLETE) {
      unchecked(oState[i] = K_COMPLETE);
      unchecked(oStatus[i] = status);
    }
  }
}

/** Apply a successful SIO_LOOPBACK_FAST_PATH or SIO_FLUSH to socket s. */
function applyIoctl(s: i32, code: u32, inValue: u32): void {
  if (!open(s)) return;
  if (code == SIO_LOOPBACK_FAST_PATH) unchecked(sRequested[s] = inValue != 0); // rule in.bool-value
  else if (code == SIO_FLUSH) abortOps(s, E_OPERATION_ABORTED); // rule flush.aborts
}

/**
 * An ioctl in the scenario. `s` >= 0 is a socket id, -1 a handle that is not a
 * socket, -2 INVALID_SOCKET. The handle kind, the overlapped attribute and
 * WSAStartup come from the scenario; `flags` supplies the rest (abi.ts), and
 * its conditions add to the scenario's. `scenarioValue()` gets the operation
 * id when the call started an overlapped operation, else 0xffffffff.
 */
export function opIoctl(s: i32, flags: u32, code: u32, cbIn: u32, inLen: u32, inValue: u32, cbOut: u32, outLen: u32): u32 {
  let handle: u32;
  let attr = false;
  if (s == -1) handle = H_NOT_SOCKET;
  else if (s == -2) handle = H_INVALID_SOCKET;
  else if (!known(s)) return refuse(R_BAD_REFERENCE);
  else {
    handle = unchecked(sState[s]) == S_CLOSED ? H_CLOSED : (unchecked(sTcp[s]) ? H_TCP : H_UDP);
    attr = unchecked(sOverlapped[s]);
  }
  const keep = ~((7 << F_HANDLE) | (1 << F_STARTUP) | (1 << F_OVERLAPPED_ATTR));
  const f = (flags & keep) | (handle << F_HANDLE) | ((<u32>startup) << F_STARTUP)
    | ((<u32>attr) << F_OVERLAPPED_ATTR) | (conditions << F_CONDITIONS);
  const o = evaluate(profile, f, code, cbIn, inLen, inValue, cbOut, outLen);
  value = 0xffffffff;
  if ((o & 3) != D_RETURNED) return o;
  const kind = (o >> O_KIND) & 3;
  const succeeded = kind == K_NONE ? ((o >> O_FAILED) & 1) == 0 : (o >> O_STATUS & 31) == E_NONE;
  if (kind != K_NONE) {
    const op = newOp(OPK_IOCTL, s >= 0 ? s : NONE);
    if (op == NONE) return refuse(R_CAP_OPERATIONS);
    unchecked(oState[op] = kind);
    unchecked(oStatus[op] = (o >> O_STATUS) & 31);
    unchecked(oVia[op] = (o >> O_VIA) & 3);
    unchecked(oCode[op] = code);
    unchecked(oValue[op] = inValue);
    unchecked(oRule[op] = o >> 20 & 127);
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
export function opSetsockopt(s: i32, level: u32, option: i32, optValue: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (option < 0 || option >= optionCount()) return refuse(R_BAD_REFERENCE);
  if (level != optionLevel(option)) return fail(E_NOPROTOOPT, R_OPT_LEVEL);
  const st = unchecked(sState[s]);
  if (fastPathSocket(s) && !optionInSubset(option)) {
    // seed#Remarks: only a subset is supported. Documented: refused; otherwise accepted, not applied.
    if (profile == P_DOCUMENTED) return fail(E_NOPROTOOPT, R_OPT_OUTSIDE_SUBSET);
    take(st, OP_SETSOCKOPT);
    return ok(R_OPT_OUTSIDE_SUBSET);
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
    return ok(R_OPT_RCVBUF);
  }
  if (option == O_IPV6_V6ONLY) {
    if (unchecked(sFamily[s]) == 6) unchecked(sV6only[s] = optValue != 0);
    return ok(R_OPT_V6ONLY);
  }
  return ok(R_OPT_SUBSET);
}

/** The connection and direction a send from / receive into socket s uses; NONE when not connected over TCP. */
function connOf(s: i32): i32 { return unchecked(sState[s]) == S_CONNECTED ? unchecked(sConn[s]) : NONE; }

export function opSend(s: i32, bytes: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (unchecked(sState[s]) != S_CONNECTED) return fail(E_NOTCONN, R_FLOW_NOT_CONNECTED);
  value = bytes;
  const c = connOf(s);
  take(S_CONNECTED, OP_SEND);
  if (c == NONE) return ok(R_FLOW_SLOW_PATH); // UDP
  const d: u32 = unchecked(cClient[c]) == s ? 1 : 0;
  const bi = c * 2 + <i32>d;
  const receiver = d == 1 ? (unchecked(cServer[c]) != NONE ? unchecked(cServer[c]) : unchecked(cListener[c])) : unchecked(cClient[c]);
  if (unchecked(cPath[c]) != PATH_FAST) {
    if (receiver != NONE && open(receiver)) {
      const total = <u64>unchecked(cBuffered[bi]) + bytes;
      if (total > 0xffffffff) return refuse(R_CAP_BYTES);
      unchecked(cBuffered[bi] = <u32>total);
    }
    return ok(R_FLOW_SLOW_PATH);
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
  if (<u64>unchecked(cBuffered[bi]) + queued + bytes > 0xffffffff) return refuse(R_CAP_BYTES);
  let rem = bytes;
  if (queueEmpty) {
    const buffered = unchecked(cBuffered[bi]);
    const cap = unchecked(cRcvbuf[bi]);
    const room = buffered < cap ? cap - buffered : 0;
    const move = rem < room ? rem : room;
    unchecked(cBuffered[bi] = buffered + move);
    rem -= move;
    if (rem == 0) return ok(R_FLOW_SEND);
  }
  const op = newOp(OPK_SEND, s);
  if (op == NONE) return refuse(R_CAP_OPERATIONS);
  unchecked(oConn[op] = c);
  unchecked(oDir[op] = d);
  unchecked(oRemaining[op] = rem);
  unchecked(oTotal[op] = bytes);
  unchecked(oState[op] = K_PENDING);
  unchecked(oRule[op] = R_FLOW_SEND);
  value = <u32>op;
  return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_PENDING, V_NONE, E_NONE, R_FLOW_SEND);
}

export function opRecv(s: i32, bytes: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (unchecked(sState[s]) != S_CONNECTED) return fail(E_NOTCONN, R_FLOW_NOT_CONNECTED);
  const c = connOf(s);
  value = 0;
  if (c == NONE) return fail(E_WOULDBLOCK, R_FLOW_RECV_EMPTY);
  const d: u32 = unchecked(cClient[c]) == s ? 0 : 1;
  const bi = c * 2 + <i32>d;
  const avail = unchecked(cBuffered[bi]);
  if (avail == 0 && bytes != 0) return fail(E_WOULDBLOCK, R_FLOW_RECV_EMPTY);
  take(S_CONNECTED, OP_RECV);
  const got = bytes < avail ? bytes : avail;
  unchecked(cBuffered[bi] = avail - got);
  service(c, d);
  value = got;
  return ok(R_FLOW_RECV);
}

export function opClose(s: i32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  const st = unchecked(sState[s]);
  abortOps(s, E_OPERATION_ABORTED); // seed#Return value/WSA_OPERATION_ABORTED
  const c = connOf(s);
  if (c != NONE) {
    const towardS: u32 = unchecked(cClient[c]) == s ? 0 : 1;
    for (let i = 0; i < MAX_OPS; i++) { // the peer's sends queued towards s can never be received
      if (unchecked(oKind[i]) == OPK_SEND && unchecked(oConn[i]) == c && unchecked(oDir[i]) == towardS
        && unchecked(oState[i]) == K_PENDING) {
        unchecked(oState[i] = K_COMPLETE);
        unchecked(oStatus[i] = E_CONNRESET);
      }
    }
  }
  take(st, OP_CLOSE);
  unchecked(sState[s] = S_CLOSED);
  unchecked(sRequested[s] = false);
  return ok(R_CLOSE_ABORTS);
}

/** Wait for operation `op`: its completion (status, via), or pending. `scenarioValue()` gets the bytes transferred. */
export function opWait(op: i32): u32 {
  if (op < 0 || op >= MAX_OPS || unchecked(oKind[op]) == OPK_FREE) return refuse(R_BAD_REFERENCE);
  let st = unchecked(oState[op]);
  value = 0;
  if (st == K_NEVER) return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_NEVER, V_NONE, 1, unchecked(oRule[op]));
  if (st == K_PENDING) {
    if (unchecked(oKind[op]) == OPK_SEND) {
      return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_PENDING, V_NONE, 1, R_WAIT_PENDING);
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
  let rule: u32 = R_WAIT_COMPLETE;
  if (status == E_OPERATION_ABORTED || status == E_CONNRESET) rule = R_CLOSE_ABORTS;
  return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_COMPLETE, via, status, rule);
}

/**
 * What a socket looks like now: bits 0-2 state (transitions.ts), bit 3 fast
 * path requested, bits 4-5 path (PATH_*), bits 8-14 the rule that decided the
 * path. 0xffffffff for an unknown socket.
 */
export function observe(s: i32): u32 {
  if (!known(s)) return 0xffffffff;
  const st = unchecked(sState[s]);
  const c = connOf(s);
  const path = c != NONE ? unchecked(cPath[c]) : PATH_NONE;
  const rule = c != NONE ? unchecked(cPathRule[c]) : R_FP_REQUEST;
  return st | ((<u32>unchecked(sRequested[s])) << 3) | (path << 4) | (rule << 8);
}
