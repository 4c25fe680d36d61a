// The scenario's records: sockets, connections (one Direction each way) and
// pending operations, in fixed tables allocated once at instantiation, plus the
// scenario's own state. Fixed capacity: exceeding one gives a model-error
// outcome naming the capacity rule (never a trap). References are checked once,
// where an op is entered (`known`, `opAt`), so the tables need no per-field checks.

import { setBegin, setAdd } from "../contract";

// @ts-ignore: decorator
@inline export const MAX_SOCKETS: i32 = 64;
// @ts-ignore: decorator
@inline export const MAX_CONNECTIONS: i32 = 32;
// @ts-ignore: decorator
@inline export const MAX_OPS: i32 = 64;
/** No socket, connection or operation. */
// @ts-ignore: decorator
@inline export const NONE: i32 = -1;

/** A socket of the scenario. */
@unmanaged export class Socket {
  /** transitions.ts S_*. */
  state: u32;
  /** 4 or 6. */
  family: u32;
  tcp: bool;
  /** Created with WSA_FLAG_OVERLAPPED. */
  overlapped: bool;
  /** The fast path requested (the last successful SIO_LOOPBACK_FAST_PATH's BOOL). */
  requested: bool;
  /** IPV6_V6ONLY (IPv6 sockets). */
  v6only: bool;
  /** The sources leave the request open (a call that may have failed, or an operation that may have completed): its other value is `altRequested`. */
  requestOpen: bool;
  altRequested: bool;
  rcvbuf: u32;
  /** Its connection, NONE until it connects or is accepted. */
  conn: i32;
  /** The bound address: its class (address.ts A_*) and four words. */
  addrClass: u32;
  a0: u32;
  a1: u32;
  a2: u32;
  a3: u32;
}

/** One direction of a connection: direction 0 carries bytes towards the client, 1 towards the server. */
@unmanaged export class Direction {
  buffered: u32;
  rcvbuf: u32;
}

/** A TCP connection. */
@unmanaged export class Connection {
  used: bool;
  client: i32;
  /** The accepted socket, NONE until accepted (and for a simulated remote peer). */
  server: i32;
  listener: i32;
  /** PATH_* and the rule that decided it, fixed when the connection is established. */
  path: u32;
  pathRule: u32;
  /** The path under the other reading of path.listener-late (PATH_NONE: the readings agree). */
  pathAlt: u32;
  /** The client's and the listener's requests when the connection was established. */
  clientFlag: bool;
  listenerFlag: bool;
  /** Ends that are gone: bit 0 the client's, bit 1 the server's (closed, or reset with its listener). */
  gone: u32;
  /** Ends that were sent a reset when the other closed (data left unread, RFC 1122 4.2.2.13; a listener closed before accept), same bits. */
  reset: u32;
  /** Ends that sent data after the other closed: the closed end answers it with a reset (RFC 793 3.4), same bits. */
  resetComing: u32;
  seq: u32;
}

/** An operation that completes later: an overlapped ioctl or a send queued by flow control. */
@unmanaged export class Operation {
  /** OPK_*. */
  kind: u32;
  socket: i32;
  conn: i32;
  dir: u32;
  remaining: u32;
  total: u32;
  /** K_PENDING, K_COMPLETE or K_NEVER. */
  state: u32;
  status: u32;
  via: u32;
  seq: u32;
  /** A deferred ioctl: the code and BOOL to apply when it completes. */
  code: u32;
  value: u32;
  /** The rule that started it, and the one that ended it (close, SIO_FLUSH, cancel, thread exit, a reset). */
  rule: u32;
  endRule: u32;
  /** The thread that issued it (a scenario's thread is replaced when it exits). */
  thread: u32;
  /** CancelIoEx: it may also have completed normally before the cancel took (altStatus). */
  hasAlt: bool;
  altStatus: u32;
  /** Its completion routine will never run: the issuing thread exited before an alertable wait. */
  orphaned: bool;
}

// @ts-ignore: decorator
@inline export const OPK_FREE: u32 = 0;
// @ts-ignore: decorator
@inline export const OPK_IOCTL: u32 = 1;
// @ts-ignore: decorator
@inline export const OPK_SEND: u32 = 2;

/** The scenario as a whole. */
@unmanaged export class Scenario {
  profile: u32;
  /** Whether `profile` is a profile the model has (scenarioReset). */
  known: bool;
  /** The profile's traits (profiles.ts T_*). */
  traits: u32;
  /** WSAStartup has been called. */
  startup: bool;
  /** shared/layout.ts C_* bits. */
  conditions: u32;
  /** Orders connections (accept is FIFO) and operations (the send queue is FIFO). */
  seq: u32;
  /** The number the last op left: socket id, operation id or byte count. */
  value: u32;
  socketCount: i32;
  /** Set by an op that built its own conformance set. */
  built: bool;
  /** The thread issuing the operations: a number, changed when it exits. */
  thread: u32;
}

// Static memory, zeroed at instantiation: the addresses are constants and the model needs no allocator.
const SOCKETS = memory.data(MAX_SOCKETS * <i32>offsetof<Socket>(), 8);
const CONNECTIONS = memory.data(MAX_CONNECTIONS * <i32>offsetof<Connection>(), 8);
const DIRECTIONS = memory.data(MAX_CONNECTIONS * 2 * <i32>offsetof<Direction>(), 8);
const OPERATIONS = memory.data(MAX_OPS * <i32>offsetof<Operation>(), 8);
/** The one scenario. */
export const S = changetype<Scenario>(memory.data(<i32>offsetof<Scenario>(), 8));

/** An op's outcome `w` (grade `g`) where the sources allow `other` (grade `og`) too: its conformance set, built here. */
export function either(w: u32, g: u32, other: u32, og: u32): u32 {
  setBegin(w, g);
  setAdd(other, og);
  S.built = true;
  return w;
}

// @ts-ignore: decorator
@inline export function socketAt(s: i32): Socket { return changetype<Socket>(SOCKETS + <usize>s * offsetof<Socket>()); }
// @ts-ignore: decorator
@inline export function connectionAt(c: i32): Connection { return changetype<Connection>(CONNECTIONS + <usize>c * offsetof<Connection>()); }
// @ts-ignore: decorator
@inline export function directionAt(c: i32, d: u32): Direction {
  return changetype<Direction>(DIRECTIONS + (<usize>c * 2 + <usize>d) * offsetof<Direction>());
}
// @ts-ignore: decorator
@inline export function operationAt(op: i32): Operation { return changetype<Operation>(OPERATIONS + <usize>op * offsetof<Operation>()); }

/** Is `s` a socket the scenario made? */
// @ts-ignore: decorator
@inline export function known(s: i32): bool { return s >= 0 && s < S.socketCount; }
