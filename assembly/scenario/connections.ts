// Connections: connect, accept, the path a connection takes, and what closing
// an end does to the other. Rules state.connect*, state.accept*, path.*,
// loopback.*, close.* (rules.ts).
import {
  C_WFP_CALLOUT, PATH_NONE, PATH_SLOW, PATH_FAST, OBS_REQUESTED, OBS_PATH, OBS_RULE, OBS_OTHER_PATH,
  OBS_OTHER_REQUESTED, OBS_UNKNOWN, K_PENDING,
} from "../shared/layout";
import { T_WINE_SOCKETS } from "../profiles";
import { E_AFNOSUPPORT, E_INVAL, E_ISCONN, E_CONNREFUSED, E_ADDRNOTAVAIL, E_NETUNREACH, E_WOULDBLOCK, E_CONNRESET } from "../errors";
import { ok, fail, refuse } from "../outcome";
import { classify, isLoopback, loopbackRule, A_UNSPECIFIED, A_LOOPBACK_V4, A_LOOPBACK_V6, A_MAPPED_LOOPBACK, A_MAPPED_OTHER } from "../address";
import { S_NONE, S_LISTENING, S_CONNECTED, S_CLOSED, OP_CONNECT, OP_ACCEPT, OP_CLOSE } from "../transitions";
import { take } from "../transitions/table";
import { R } from "../rules";
import { S, MAX_CONNECTIONS, MAX_OPS, NONE, OPK_SEND, known, socketAt, connectionAt, directionAt, operationAt } from "./records";
import { badSocket, newSocket, DEFAULT_RCVBUF } from "./sockets";
import { endOp, abortOps, ANY_THREAD } from "./operations";

/** Is `l` a dual-stack IPv6 socket (IPV6_V6ONLY cleared)? winsock#Dual-Stack Sockets. */
function dualStack(l: i32): bool { const so = socketAt(l); return so.family == 6 && !so.v6only; }

/** The connection a socket sends and receives on: NONE when it is not connected over TCP. */
export function connOf(s: i32): i32 { const so = socketAt(s); return so.state == S_CONNECTED ? so.conn : NONE; }

/** The end of connection c that socket s is not (0 client, 1 server), as a `gone` bit. */
export function peerBit(c: i32, s: i32): u32 { return connectionAt(c).client == s ? 2 : 1; }

/** Does listener `l` accept a destination of `family` and words w? */
function listensOn(l: i32, family: u32, w0: u32, w1: u32, w2: u32, w3: u32): bool {
  const so = socketAt(l);
  if (so.state != S_LISTENING) return false;
  const lf = so.family;
  let d0 = w0, d1 = w1, d2 = w2, d3 = w3;
  if (family == 6 && lf == 4 && w0 == 0 && w1 == 0 && w2 == 0xffff) { // ::ffff:a.b.c.d reaches an IPv4 listener
    d0 = w3; d1 = 0; d2 = 0; d3 = 0;
  } else if (family == 4 && lf == 6 && dualStack(l)) { // an IPv4 client reaches a dual-stack listener as ::ffff:a.b.c.d
    d0 = 0; d1 = 0; d2 = 0xffff; d3 = w0;
    if (so.addrClass == A_UNSPECIFIED) return classify(4, w0, 0, 0, 0) == A_LOOPBACK_V4;
  } else if (family != lf) {
    return false;
  }
  if (so.addrClass == A_UNSPECIFIED) { // bound to "any": every local address reaches it
    const c = classify(lf, d0, d1, d2, d3);
    return c == A_LOOPBACK_V4 || c == A_LOOPBACK_V6 || (c == A_MAPPED_LOOPBACK && dualStack(l));
  }
  return so.a0 == d0 && so.a1 == d1 && so.a2 == d2 && so.a3 == d3;
}

/** The path a loopback connection takes when the client and the listener request as given. */
function pathFor(loopback: bool, wfp: bool, client: bool, listener: bool): u32 {
  return loopback && !wfp && client && listener ? PATH_FAST : PATH_SLOW;
}

/**
 * connect(s, to): `target` >= 0 names a listener of the scenario; otherwise the
 * destination is the address (family, w0..w3): a listener bound to it, or a
 * simulated remote peer.
 */
export function connectOp(s: i32, target: i32, family: u32, w0: u32, w1: u32, w2: u32, w3: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  const so = socketAt(s);
  const st = so.state;
  if (st == S_CONNECTED) return fail(E_ISCONN, R.CONNECT);
  if (st == S_LISTENING) return fail(E_INVAL, R.CONNECT);
  const fam = so.family;
  let listener: i32 = NONE;
  let cls: u32;
  if (target >= 0) {
    if (!known(target)) return refuse(R.BAD_REFERENCE);
    const lo = socketAt(target);
    if (lo.state != S_LISTENING) return fail(E_CONNREFUSED, R.CONNECT_REFUSED);
    listener = target;
    const lf = lo.family;
    cls = lo.addrClass;
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
    // winsock#connect/WSAEADDRNOTAVAIL; Wine 8.0 answers WSAECONNREFUSED (T_WINE_SOCKETS: on Linux 0.0.0.0 is a local destination).
    if (cls == A_UNSPECIFIED) return fail((S.traits & T_WINE_SOCKETS) != 0 ? E_CONNREFUSED : E_ADDRNOTAVAIL, R.CONNECT_UNSPECIFIED);
    for (let l = 0; l < S.socketCount; l++) {
      if (l != s && listensOn(l, family, w0, w1, w2, w3)) { listener = l; break; }
    }
  }
  const dual = dualStack(s);
  if ((cls == A_MAPPED_LOOPBACK || cls == A_MAPPED_OTHER) && !dual) return fail(E_NETUNREACH, R.LOOPBACK_MAPPED_V6ONLY);
  const loopback = isLoopback(cls, dual);
  if (!so.tcp) { // UDP: connect only sets the default peer; no TCP connection, no path
    take(st, OP_CONNECT);
    so.state = S_CONNECTED;
    return ok(R.CONNECT);
  }
  if (listener == NONE && loopback) return fail(E_CONNREFUSED, R.CONNECT_REFUSED);
  let c: i32 = NONE;
  for (let i = 0; i < MAX_CONNECTIONS; i++) if (!connectionAt(i).used) { c = i; break; }
  if (c == NONE) return refuse(R.CAP_CONNECTIONS);
  // seed#Remarks: the path is decided once, when the connection is established.
  const wfp = (S.conditions & C_WFP_CALLOUT) != 0;
  const clientFlag = so.requested;
  const listenerFlag = listener != NONE && socketAt(listener).requested;
  const path = pathFor(loopback, wfp, clientFlag, listenerFlag);
  let rule: u32;
  if (!loopback) rule = loopbackRule(cls);
  else if (wfp) rule = R.PATH_WFP;
  else rule = path == PATH_FAST ? <u32>R.PATH_BOTH : <u32>R.PATH_ONE_SIDE;
  const co = connectionAt(c);
  co.used = true;
  co.client = s;
  co.server = NONE;
  co.listener = listener;
  co.path = path;
  co.pathAlt = PATH_NONE;
  co.pathRule = rule;
  co.clientFlag = clientFlag;
  co.listenerFlag = listenerFlag;
  co.gone = 0;
  co.reset = 0;
  co.resetComing = 0;
  co.seq = S.seq++;
  const toClient = directionAt(c, 0);
  const toServer = directionAt(c, 1);
  toClient.buffered = 0;
  toServer.buffered = 0;
  toClient.rcvbuf = so.rcvbuf;
  toServer.rcvbuf = listener != NONE ? socketAt(listener).rcvbuf : DEFAULT_RCVBUF;
  take(st, OP_CONNECT);
  so.state = S_CONNECTED;
  so.conn = c;
  // What decides a TCP connection is whether its destination is loopback (loopback.*, path.non-loopback).
  return ok(loopbackRule(cls));
}

export function acceptOp(l: i32): u32 {
  const bad = badSocket(l);
  if (bad != 0) return bad;
  const lo = socketAt(l);
  if (lo.state != S_LISTENING) return fail(E_INVAL, R.ACCEPT_EMPTY);
  let c: i32 = NONE;
  for (let i = 0; i < MAX_CONNECTIONS; i++) {
    const co = connectionAt(i);
    if (co.used && co.listener == l && co.server == NONE && (co.gone & 2) == 0 && (c == NONE || co.seq < connectionAt(c).seq)) c = i;
  }
  if (c == NONE) return fail(E_WOULDBLOCK, R.ACCEPT_EMPTY);
  const s = newSocket(lo.family, true, lo.overlapped);
  if (s == NONE) return refuse(R.CAP_SOCKETS);
  const co = connectionAt(c);
  const so = socketAt(s);
  // seed#Remarks: accepted sockets are marked as the listener is — as it was when the connection
  // was established (the reading under which the path is fixed at connect; path.listener-late).
  so.requested = co.listenerFlag;
  if (co.listenerFlag != lo.requested && (co.pathRule == <u32>R.PATH_BOTH || co.pathRule == <u32>R.PATH_ONE_SIDE)) {
    // The other reading: the listener's request counts when it accepts.
    co.pathAlt = pathFor(true, false, co.clientFlag, lo.requested);
  }
  so.rcvbuf = lo.rcvbuf;
  so.v6only = lo.v6only;
  so.state = S_CONNECTED;
  so.conn = c;
  co.server = s;
  directionAt(c, 1).rcvbuf = so.rcvbuf;
  take(S_LISTENING, OP_ACCEPT);
  take(S_NONE, OP_ACCEPT);
  S.value = <u32>s;
  return ok(R.ACCEPT);
}

/** Connection c lost the ends in `bits`: sends queued towards them fail, and a connection with no end left is freed. */
function endsGone(c: i32, bits: u32, rule: u32): void {
  const co = connectionAt(c);
  co.gone |= bits;
  for (let i = 0; i < MAX_OPS; i++) { // the sends queued towards a gone end can never be received
    const o = operationAt(i);
    if (o.kind == OPK_SEND && o.conn == c && o.state == K_PENDING && (bits & (o.dir == 1 ? 2 : 1)) != 0) endOp(i, E_CONNRESET, rule);
  }
  // Freed when no end is left; a simulated remote peer has no server end in the scenario.
  if (co.gone == 3 || ((co.gone & 1) != 0 && co.listener == NONE && co.server == NONE)) co.used = false;
}

export function closeOp(s: i32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  const so = socketAt(s);
  const st = so.state;
  abortOps(s, R.CLOSE_ABORTS, ANY_THREAD); // seed#Return value/WSA_OPERATION_ABORTED; winsock#closesocket/pending-overlapped
  const c = connOf(s);
  if (c != NONE) {
    const co = connectionAt(c);
    const mine: u32 = co.client == s ? 1 : 2;
    // close.peer-reset: rfc:1122 4.2.2.13, closing with received data still unread resets the connection, and the
    // sends queued towards this end can never be received.
    if (directionAt(c, mine - 1).buffered > 0) co.reset |= mine ^ 3;
    endsGone(c, mine, R.CLOSE_PEER_RESET);
  }
  if (st == S_LISTENING) { // close.backlog-reset: connections not accepted yet lose their server end, and are reset
    for (let i = 0; i < MAX_CONNECTIONS; i++) {
      const co = connectionAt(i);
      if (co.used && co.listener == s && co.server == NONE) {
        co.reset |= 1;
        endsGone(i, 2, R.CLOSE_BACKLOG_RESET);
      }
    }
  }
  take(st, OP_CLOSE);
  so.state = S_CLOSED;
  so.requested = false;
  return ok(R.CLOSE_ABORTS);
}

/** What a socket looks like now: the observe word (layout in shared/layout.ts), OBS_UNKNOWN for an unknown socket. */
export function observe(s: i32): u32 {
  if (!known(s) || !S.known) return OBS_UNKNOWN;
  const so = socketAt(s);
  const c = connOf(s);
  const requested = so.requested;
  // The other reading of the request: one the sources leave open, else the same (no other reading).
  const otherRequested = so.requestOpen ? so.altRequested : requested;
  if (c == NONE) {
    return so.state | ((<u32>requested) << OBS_REQUESTED) | (PATH_NONE << OBS_PATH) | (<u32>R.FP_REQUEST << OBS_RULE)
      | ((<u32>otherRequested) << OBS_OTHER_REQUESTED);
  }
  const co = connectionAt(c);
  let rule = co.pathRule;
  let alt = PATH_NONE;
  let altRequested = otherRequested;
  const client = co.client == s;
  if (co.pathAlt != PATH_NONE) {
    rule = R.PATH_LISTENER_LATE;
    if (co.pathAlt != co.path) alt = co.pathAlt;
    if (!client) altRequested = !co.listenerFlag;
  } else if (requested != (client ? co.clientFlag : co.listenerFlag)) {
    rule = R.PATH_LIFETIME; // the request changed after the connection was established: the path did not
  }
  return so.state | ((<u32>requested) << OBS_REQUESTED) | (co.path << OBS_PATH) | (rule << OBS_RULE)
    | (alt << OBS_OTHER_PATH) | ((<u32>altRequested) << OBS_OTHER_REQUESTED);
}
