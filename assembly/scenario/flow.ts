// Flow control on the fast path: a send completes when its bytes fit the
// receiver's SO_RCVBUF, otherwise it waits in a FIFO queue that receives drain.
// Rules flow.*, close.peer and close.peer-reset (rules.ts).
import { PATH_FAST, K_PENDING, K_COMPLETE, D_RETURNED, BR_UNTOUCHED, V_NONE, G_INFERRED } from "../shared/layout";
import { T_WINE_SOCKETS } from "../profiles";
import { E_NONE, E_NOTCONN, E_WOULDBLOCK, E_CONNRESET } from "../errors";
import { pack, ok, fail, refuse } from "../outcome";
import { S_CREATED, S_BOUND, S_CONNECTED, OP_SEND, OP_RECV } from "../transitions";
import { take } from "../transitions/table";
import { R } from "../rules";
import { S, MAX_OPS, NONE, OPK_SEND, socketAt, connectionAt, directionAt, operationAt, either } from "./records";
import { badSocket } from "./sockets";
import { connOf, peerBit } from "./connections";
import { newOp } from "./operations";

/** The oldest pending send of connection c in direction d, or NONE. */
function queueHead(c: i32, d: u32): i32 {
  let head: i32 = NONE;
  for (let i = 0; i < MAX_OPS; i++) {
    const o = operationAt(i);
    if (o.kind == OPK_SEND && o.conn == c && o.dir == d && o.state == K_PENDING && (head == NONE || o.seq < operationAt(head).seq)) head = i;
  }
  return head;
}

/** Move queued sends of connection c, direction d, into the receive buffer while it has room. */
export function service(c: i32, d: u32): void {
  const dir = directionAt(c, d);
  while (dir.buffered < dir.rcvbuf) {
    const head = queueHead(c, d);
    if (head == NONE) return;
    const o = operationAt(head);
    const room = dir.rcvbuf - dir.buffered;
    const move = o.remaining < room ? o.remaining : room;
    dir.buffered += move;
    o.remaining -= move;
    if (o.remaining == 0) o.state = K_COMPLETE;
  }
}

/** The rule of a reset met, or of one that may come, because the other end is gone (close.peer-reset, close.backlog-reset). */
function resetRule(c: i32): u32 {
  return connectionAt(c).server == NONE ? <u32>R.CLOSE_BACKLOG_RESET : <u32>R.CLOSE_PEER_RESET;
}

export function sendOp(s: i32, bytes: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  const so = socketAt(s);
  if (so.state != S_CONNECTED) {
    // Wine 8.0 reports send on an unconnected TCP socket as WSAECONNRESET (T_WINE_SOCKETS: Linux EPIPE).
    const wine = (S.traits & T_WINE_SOCKETS) != 0 && so.tcp && (so.state == S_CREATED || so.state == S_BOUND);
    return fail(wine ? E_CONNRESET : E_NOTCONN, R.FLOW_NOT_CONNECTED);
  }
  S.value = bytes;
  const c = connOf(s);
  take(S_CONNECTED, OP_SEND);
  if (c == NONE) return ok(R.FLOW_SLOW_PATH); // UDP
  const co = connectionAt(c);
  if ((co.gone & peerBit(c, s)) != 0) {
    const mine = peerBit(c, s) ^ 3;
    const rule = resetRule(c);
    // rfc:793 3.9: a SEND after a reset is answered with the reset.
    if ((co.reset & mine) != 0) return fail(E_CONNRESET, rule);
    // The closed end answered the earlier send with a reset (rfc:793 3.4): it may not have arrived yet.
    if ((co.resetComing & mine) != 0) return either(fail(E_CONNRESET, rule), G_INFERRED, ok(rule), G_INFERRED);
    // rfc:793 3.9: the other end closed gracefully (this one is in CLOSE-WAIT): the send is taken; the closed end
    // will answer its data with a reset (rfc:793 3.4; rfc:1122 4.2.2.13).
    co.resetComing |= mine;
    return ok(rule);
  }
  const d: u32 = co.client == s ? 1 : 0;
  const dir = directionAt(c, d);
  if (co.path != PATH_FAST) {
    const total = <u64>dir.buffered + bytes;
    if (total > 0xffffffff) return refuse(R.CAP_BYTES);
    dir.buffered = <u32>total;
    return ok(R.FLOW_SLOW_PATH);
  }
  // seed#Remarks flow control: complete when the bytes fit, else queue behind earlier sends.
  let queued: u64 = 0;
  for (let i = 0; i < MAX_OPS; i++) {
    const o = operationAt(i);
    if (o.kind == OPK_SEND && o.conn == c && o.dir == d && o.state == K_PENDING) queued += o.remaining;
  }
  if (<u64>dir.buffered + queued + bytes > 0xffffffff) return refuse(R.CAP_BYTES);
  let rem = bytes;
  if (queueHead(c, d) == NONE) {
    const room = dir.buffered < dir.rcvbuf ? dir.rcvbuf - dir.buffered : 0;
    const move = rem < room ? rem : room;
    dir.buffered += move;
    rem -= move;
    if (rem == 0) return ok(R.FLOW_SEND);
  }
  const op = newOp(OPK_SEND, s);
  if (op == NONE) return refuse(R.CAP_OPERATIONS);
  const o = operationAt(op);
  o.conn = c;
  o.dir = d;
  o.remaining = rem;
  o.total = bytes;
  o.state = K_PENDING;
  o.rule = R.FLOW_SEND;
  S.value = <u32>op;
  return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_PENDING, V_NONE, E_NONE, R.FLOW_SEND);
}

export function recvOp(s: i32, bytes: u32): u32 {
  const bad = badSocket(s);
  if (bad != 0) return bad;
  if (socketAt(s).state != S_CONNECTED) return fail(E_NOTCONN, R.FLOW_NOT_CONNECTED);
  const c = connOf(s);
  S.value = 0;
  if (c == NONE) return fail(E_WOULDBLOCK, R.FLOW_RECV_EMPTY);
  const d: u32 = connectionAt(c).client == s ? 0 : 1;
  const dir = directionAt(c, d);
  const avail = dir.buffered;
  if (avail == 0 && bytes != 0) {
    const co = connectionAt(c);
    if ((co.gone & peerBit(c, s)) != 0) {
      const mine = peerBit(c, s) ^ 3;
      const rule = resetRule(c);
      const reset = (co.reset & mine) != 0;
      const coming = (co.resetComing & mine) != 0;
      take(S_CONNECTED, OP_RECV);
      // close.peer: winsock#recv/graceful-close, no reset met or coming: the end of the stream, 0 bytes.
      if (!reset && !coming) return ok(R.CLOSE_PEER);
      // Wine 8.0 reports the end of the stream after a reset too: its server reads SO_ERROR, clearing the reset
      // (wine:server/sock.c@wine-8.0 L1335-1336, L816; observed).
      if ((S.traits & T_WINE_SOCKETS) != 0) return ok(rule);
      // winsock#recv/reset: a reset connection fails the receive.
      if (reset) return fail(E_CONNRESET, rule);
      // The reset answering this end's send may not have arrived yet: the reset, or the end of the stream.
      return either(fail(E_CONNRESET, rule), G_INFERRED, ok(rule), G_INFERRED);
    }
    return fail(E_WOULDBLOCK, R.FLOW_RECV_EMPTY);
  }
  take(S_CONNECTED, OP_RECV);
  const got = bytes < avail ? bytes : avail;
  dir.buffered = avail - got;
  service(c, d);
  S.value = got;
  return ok(R.FLOW_RECV);
}
