// Sockets: creating, binding, listening, options. Rules state.socket,
// state.bind, state.listen, options.* (rules.ts).
import { G_DOCUMENTED, G_CHOICE, PATH_FAST, PATH_NONE } from "../shared/layout";
import { T_PROTONOSUPPORT_ONLY, T_OPTIONS_OUTSIDE_REFUSED, T_WINE_SOCKETS } from "../profiles";
import {
  E_NOTINITIALISED, E_AFNOSUPPORT, E_PROTOTYPE, E_PROTONOSUPPORT, E_INVAL, E_NOTSOCK, E_OPNOTSUPP,
  E_ISCONN, E_NOPROTOOPT, E_FAULT,
} from "../errors";
import { setBegin, setAdd, gradeOf } from "../contract";
import { ok, fail, refuse } from "../outcome";
import { classify, A_UNSPECIFIED } from "../address";
import { optionInSubset, optionWineLacks, O_IPV6_V6ONLY, O_SO_RCVBUF } from "../options";
import { optionCount, optionLevel } from "../catalogue";
import { S_NONE, S_CREATED, S_BOUND, S_LISTENING, S_CONNECTED, S_CLOSED, OP_SOCKET, OP_BIND, OP_LISTEN, OP_SETSOCKOPT } from "../transitions";
import { take } from "../transitions/table";
import { R } from "../rules";
import { S, MAX_SOCKETS, NONE, known, socketAt, connectionAt, directionAt, either } from "./records";
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
  so.requestOpen = false;
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
    return either(fail(E_PROTOTYPE, R.SOCKET), G_DOCUMENTED, fail(E_PROTONOSUPPORT, R.SOCKET), G_DOCUMENTED);
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
  // winsock#bind/WSAEFAULT: an address whose family is not the socket's; Wine 8.0 answers WSAEOPNOTSUPP (T_WINE_SOCKETS).
  if (family != so.family) return fail((S.traits & T_WINE_SOCKETS) != 0 ? E_OPNOTSUPP : E_FAULT, R.BIND);
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
  // winsock#listen/WSAEISCONN; Wine 8.0 answers WSAEINVAL (T_WINE_SOCKETS: Linux EINVAL).
  if (st == S_CONNECTED) return fail((S.traits & T_WINE_SOCKETS) != 0 ? E_INVAL : E_ISCONN, R.LISTEN);
  if (st == S_CREATED) return fail(E_INVAL, R.LISTEN);
  take(st, OP_LISTEN);
  so.state = S_LISTENING;
  return ok(R.LISTEN);
}

/** Is `s` a fast-path socket for the option rule with this request and path: requested, and not connected off the fast path? */
function fastPathSocket(s: i32, requested: bool, path: u32): bool {
  const so = socketAt(s);
  if (!requested) return false;
  return so.state != S_CONNECTED || (so.conn != NONE && path == PATH_FAST);
}

/** The same under the other reading of the sources where one is open (the request, path.listener-late), else as read. */
function fastPathSocketOther(s: i32): bool {
  const so = socketAt(s);
  let requested = so.requestOpen ? so.altRequested : so.requested;
  let path = so.conn != NONE ? connectionAt(so.conn).path : PATH_NONE;
  if (so.state == S_CONNECTED && so.conn != NONE) {
    const co = connectionAt(so.conn);
    if (co.pathAlt != PATH_NONE) {
      path = co.pathAlt;
      if (co.client != s) requested = !co.listenerFlag; // the accepted socket takes the listener's request at accept
    }
  }
  return fastPathSocket(s, requested, path);
}

/** setsockopt(s, level, option index of options.ts, value). */
export function setsockoptOp(s: i32, level: u32, option: i32, optValue: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (option < 0 || option >= optionCount()) return refuse(R.BAD_REFERENCE);
  if (level != optionLevel(option)) return fail(E_NOPROTOOPT, R.OPT_LEVEL);
  const so = socketAt(s);
  // options.subset: Wine 8.0 does not implement some of the listed options (T_WINE_SOCKETS: WSAENOPROTOOPT).
  if ((S.traits & T_WINE_SOCKETS) != 0 && optionWineLacks(option)) return fail(E_NOPROTOOPT, R.OPT_SUBSET);
  // seed#Remarks: only a subset is supported on a fast-path socket (options.outside-subset): refused as documented
  // (T_OPTIONS_OUTSIDE_REFUSED); otherwise, with no observation, accepted and not applied, refusing it conforming too.
  // Where the sources leave open whether the socket is a fast-path one (its request, path.listener-late), the
  // outcomes under both readings conform.
  const outside = !optionInSubset(option);
  const restricted = outside && fastPathSocket(s, so.requested, so.conn != NONE ? connectionAt(so.conn).path : PATH_NONE);
  const other = outside && fastPathSocketOther(s);
  const refused = (S.traits & T_OPTIONS_OUTSIDE_REFUSED) != 0;
  const outsideWord = refused ? fail(E_NOPROTOOPT, R.OPT_OUTSIDE_SUBSET) : ok(R.OPT_OUTSIDE_SUBSET);
  if (restricted && !refused) take(so.state, OP_SETSOCKOPT);
  const w = restricted ? outsideWord : plainOption(s, option, optValue);
  if (!restricted && !other) return w;
  setBegin(w, restricted && !refused ? G_CHOICE : gradeOf(w, S.profile));
  setAdd(outsideWord, refused ? gradeOf(outsideWord, S.profile) : G_CHOICE);
  if (!refused) setAdd(fail(E_NOPROTOOPT, R.OPT_OUTSIDE_SUBSET), G_DOCUMENTED);
  if (restricted != other) setAdd(ok(optionRule(option)), gradeOf(ok(optionRule(option)), S.profile));
  S.built = true;
  return w;
}

/** The rule deciding an option that applies as usual. */
function optionRule(option: i32): u32 {
  return option == O_SO_RCVBUF ? <u32>R.OPT_RCVBUF : option == O_IPV6_V6ONLY ? <u32>R.OPT_V6ONLY : <u32>R.OPT_SUBSET;
}

/** setsockopt of an option that applies as usual. */
function plainOption(s: i32, option: i32, optValue: u32): u32 {
  const so = socketAt(s);
  const st = so.state;
  if (option == O_IPV6_V6ONLY && so.family == 6 && st != S_CREATED) {
    // options.v6only-after-bind: winsock#Dual-Stack Sockets/IPV6_V6ONLY, it must be cleared "before the socket is
    // bound"; afterwards it does not change what the socket is. Windows accepts the call (github:microsoft/WSL#982, a
    // report); Wine 8.0 (Linux) refuses it once the socket is bound: WSAEINVAL (T_WINE_SOCKETS).
    if ((S.traits & T_WINE_SOCKETS) != 0) return fail(E_INVAL, R.OPT_V6ONLY_AFTER_BIND);
    take(st, OP_SETSOCKOPT);
    return ok(R.OPT_V6ONLY_AFTER_BIND);
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
