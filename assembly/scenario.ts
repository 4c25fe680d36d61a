// The socket state machine of the Remarks, as the model's exports: sockets
// (scenario/sockets.ts), connections and their path (scenario/connections.ts),
// flow control (scenario/flow.ts) and operations that complete later
// (scenario/operations.ts), over fixed tables (scenario/records.ts).
//
// Every op returns an outcome word (shared/layout.ts), leaves its conformance
// set for the host (contract.ts conformCount/conformOutcome) and may leave one
// number in `scenarioValue()` (a socket id, an operation id, a byte count).
import { LIVE_CONNECTIONS, LIVE_OPERATIONS } from "./shared/layout";
import { setBegin, gradeOf } from "./contract";
import { P } from "./profiles";
import { traitsOf } from "./catalogue";
import { refuse } from "./outcome";
import { R } from "./rules";
import { S_CLOSED } from "./transitions";
import { S, MAX_CONNECTIONS, MAX_OPS, OPK_FREE, socketAt, connectionAt, operationAt } from "./scenario/records";
import { socketOp, bindOp, listenOp, setsockoptOp } from "./scenario/sockets";
import { connectOp, acceptOp, closeOp } from "./scenario/connections";
import { sendOp, recvOp } from "./scenario/flow";
import { ioctlOp, cancelOp, exitThreadOp, waitOp, operationsUsed, operationsPending } from "./scenario/operations";
export { observe } from "./scenario/connections";

/** The number the last op left: socket id, operation id or byte count. */
export function scenarioValue(): u32 { return S.value; }

/**
 * Start a fresh scenario for profile `prof`; `started` = WSAStartup has been called. With a
 * profile number the model does not have, every op of the scenario is refused (D_MODEL_ERROR).
 */
export function scenarioReset(prof: u32, started: bool): void {
  S.known = prof < <u32>P.COUNT;
  S.profile = S.known ? prof : <u32>P.DOCUMENTED;
  S.traits = traitsOf(S.profile);
  S.startup = started;
  S.conditions = 0;
  S.seq = 0;
  S.thread = 0;
  S.value = 0;
  S.socketCount = 0;
  S.built = false;
  for (let i = 0; i < MAX_CONNECTIONS; i++) connectionAt(i).used = false;
  for (let i = 0; i < MAX_OPS; i++) operationAt(i).kind = OPK_FREE;
}

scenarioReset(<u32>P.DOCUMENTED, false); // the state before any reset: documented, no WSAStartup

/** Switch environment conditions (shared/layout.ts C_* bits) on or off. */
export function scenarioCondition(mask: u32, on: bool): void {
  S.conditions = on ? S.conditions | mask : S.conditions & ~mask;
}

/** Open sockets | used connections << 8 | used operation slots << 16: what a quiescent scenario must release. */
export function scenarioLive(): u32 {
  let sockets: u32 = 0, conns: u32 = 0;
  for (let i = 0; i < S.socketCount; i++) if (socketAt(i).state != S_CLOSED) sockets++;
  for (let i = 0; i < MAX_CONNECTIONS; i++) if (connectionAt(i).used) conns++;
  return sockets | (conns << LIVE_CONNECTIONS) | (operationsUsed() << LIVE_OPERATIONS);
}

/** Pending operations that will not complete by themselves, for the quiescence check. */
export function scenarioPending(): u32 { return operationsPending(); }

/**
 * Every op ends here: an op that did not build its own conformance set has one member. In a
 * scenario reset with a profile number the model does not have, every op is refused (and no
 * socket of it can be observed).
 */
function done(w: u32): u32 {
  if (!S.known) { S.built = false; w = refuse(R.BAD_REFERENCE); }
  if (!S.built) setBegin(w, gradeOf(w, S.profile));
  S.built = false;
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
