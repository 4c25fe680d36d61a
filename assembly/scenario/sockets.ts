// Sockets: creating, binding, listening, options. Rules state.socket,
// state.bind, state.listen, options.* (rules.ts).
import { G_DOCUMENTED, G_CHOICE, PATH_FAST } from "../abi";
import { T_PROTONOSUPPORT_ONLY, T_OPTIONS_OUTSIDE_REFUSED } from "../profiles";
import {
  E_NOTINITIALISED, E_AFNOSUPPORT, E_PROTOTYPE, E_PROTONOSUPPORT, E_INVAL, E_NOTSOCK, E_OPNOTSUPP,
  E_ISCONN, E_NOPROTOOPT,
} from "../errors";
import { setBegin, setAdd } from "../contract";
import { ok, fail, refuse } from "../outcome";
import { classify, A_UNSPECIFIED } from "../address";
import { optionCount, optionLevel, optionInSubset, O_IPV6_V6ONLY, O_SO_RCVBUF } from "../options";
import { S_NONE, S_CREATED, S_BOUND, S_LISTENING, S_CONNECTED, S_CLOSED, OP_SOCKET, OP_BIND, OP_LISTEN, OP_SETSOCKOPT, take } from "../transitions";
import { R } from "../rules";
import { S, MAX_SOCKETS, NONE, known, socketAt, connectionAt, directionAt } from "./records";
import { service } from "./flow";

/** Model default for SO_RCVBUF (rule options.rcvbuf: no source gives one). */
// @ts-ignore: decorator
@inline export const DEFAULT_RCVBUF: u32 = 65536;

/** Is `s` a socket of the scenario that is not closed? */
export function open(s: i32): bool { return known(s) && socketAt(s).state != S_CLOSED; }

/** The outcome for a socket reference that is unknown or closed, or 0 if it is open. */
export function badSocket(s: i32): u32 {
  if (!known(s)) return refuse(R.BAD_REFERENCE);
  if (socketAt(s).state == S_CLOSED) return fail(E_NOTSOCK, R.CLOSED_HANDLE);
  return 0;
}

/** A new socket, or NONE at capacity. */
export function newSocket(family: u32, tcp: bool, overlapped: bool): i32 {
  if (S.socketCount >= MAX_SOCKETS) return NONE;
  const s = S.socketCount++;
  const so = socketAt(s);
  so.state = S_CREATED;
  so.family = family;
  so.tcp = tcp;
  so.overlapped = overlapped;
  so.requested = false;
  // winsock#Dual-Stack Sockets: IPv6 sockets are IPv6-only unless IPV6_V6ONLY is cleared.
  so.v6only = family == 6;
  so.rcvbuf = DEFAULT_RCVBUF;
  so.conn = NONE;
  so.addrClass = A_UNSPECIFIED;
  so.a0 = 0; so.a1 = 0; so.a2 = 0; so.a3 = 0;
  return s;
}

/** socket(family 4|6, type 1 stream|2 dgram, protocol 6 tcp|17 udp, overlapped attribute). */
export function socketOp(family: u32, type: u32, protocol: u32, overlapped: bool): u32 {
  if (!S.startup) return fail(E_NOTINITIALISED, R.SOCKET);
  if (family != 4 && family != 6) return fail(E_AFNOSUPPORT, R.SOCKET);
  const tcp = type == 1 && protocol == 6;
  if (!tcp && !(type == 2 && protocol == 17)) {
    // A protocol that does not go with the type: winsock#socket lists both WSAEPROTOTYPE ("the wrong
    // type for this socket") and WSAEPROTONOSUPPORT ("not supported"). Windows (Wine's conformance
    // test, passing on Windows) and Wine 8 (observed) answer WSAEPROTONOSUPPORT.
    if ((S.traits & T_PROTONOSUPPORT_ONLY) != 0) return fail(E_PROTONOSUPPORT, R.SOCKET);
    const w = fail(E_PROTOTYPE, R.SOCKET);
    setBegin(w, G_DOCUMENTED);
    setAdd(fail(E_PROTONOSUPPORT, R.SOCKET), G_DOCUMENTED);
    S.built = true;
    return w;
  }
  const s = newSocket(family, tcp, overlapped);
  if (s == NONE) return refuse(R.CAP_SOCKETS);
  take(S_NONE, OP_SOCKET);
  S.value = <u32>s;
  return ok(R.SOCKET);
}

export function bindOp(s: i32, family: u32, w0: u32, w1: u32, w2: u32, w3: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  const so = socketAt(s);
  if (so.state != S_CREATED) return fail(E_INVAL, R.BIND);
  if (family != so.family) return fail(E_AFNOSUPPORT, R.BIND);
  so.addrClass = classify(family, w0, w1, w2, w3);
  so.a0 = w0; so.a1 = w1; so.a2 = w2; so.a3 = w3;
  take(S_CREATED, OP_BIND);
  so.state = S_BOUND;
  return ok(R.BIND);
}

export function listenOp(s: i32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  const so = socketAt(s);
  const st = so.state;
  if (!so.tcp) return fail(E_OPNOTSUPP, R.LISTEN);
  if (st == S_CONNECTED) return fail(E_ISCONN, R.LISTEN);
  if (st == S_CREATED) return fail(E_INVAL, R.LISTEN);
  take(st, OP_LISTEN);
  so.state = S_LISTENING;
  return ok(R.LISTEN);
}

/** Is `s` a fast-path socket for the option rule: requested, and not connected off the fast path? */
function fastPathSocket(s: i32): bool {
  const so = socketAt(s);
  if (!so.requested) return false;
  return so.state != S_CONNECTED || (so.conn != NONE && connectionAt(so.conn).path == PATH_FAST);
}

/** setsockopt(s, level, option index of options.ts, value). */
export function setsockoptOp(s: i32, level: u32, option: i32, optValue: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (option < 0 || option >= optionCount()) return refuse(R.BAD_REFERENCE);
  if (level != optionLevel(option)) return fail(E_NOPROTOOPT, R.OPT_LEVEL);
  const so = socketAt(s);
  const st = so.state;
  if (fastPathSocket(s) && !optionInSubset(option)) {
    // seed#Remarks: only a subset is supported. Refused as documented (T_OPTIONS_OUTSIDE_REFUSED);
    // otherwise, with no observation, accepted and not applied, and refusing it conforms too.
    if ((S.traits & T_OPTIONS_OUTSIDE_REFUSED) != 0) return fail(E_NOPROTOOPT, R.OPT_OUTSIDE_SUBSET);
    take(st, OP_SETSOCKOPT);
    const w = ok(R.OPT_OUTSIDE_SUBSET);
    setBegin(w, G_CHOICE);
    setAdd(fail(E_NOPROTOOPT, R.OPT_OUTSIDE_SUBSET), G_DOCUMENTED);
    S.built = true;
    return w;
  }
  take(st, OP_SETSOCKOPT);
  if (option == O_SO_RCVBUF) {
    so.rcvbuf = optValue;
    const c = so.conn;
    if (c != NONE && st == S_CONNECTED) {
      const d: u32 = connectionAt(c).client == s ? 0 : 1;
      directionAt(c, d).rcvbuf = optValue;
      service(c, d);
    }
    return ok(R.OPT_RCVBUF);
  }
  if (option == O_IPV6_V6ONLY) {
    if (so.family == 6) so.v6only = optValue != 0;
    return ok(R.OPT_V6ONLY);
  }
  return ok(R.OPT_SUBSET);
}
