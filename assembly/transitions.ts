// Socket states and the transitions between them, as data. The host draws the
// state diagram and the docs list the table from these exports; scenario.ts
// records which transitions a run took, so tests can check that the vectors
// exercise every one.
import { R } from "./rules";

// @ts-ignore: decorator
@inline export const S_NONE: u32 = 0;
// @ts-ignore: decorator
@inline export const S_CREATED: u32 = 1;
// @ts-ignore: decorator
@inline export const S_BOUND: u32 = 2;
// @ts-ignore: decorator
@inline export const S_LISTENING: u32 = 3;
// @ts-ignore: decorator
@inline export const S_CONNECTED: u32 = 4;
// @ts-ignore: decorator
@inline export const S_CLOSED: u32 = 5;

// Read only by the build (assembly/catalogue/source.ts), which packs the names into the model.
// @ts-ignore: decorator
@lazy const STATE_NAMES: StaticArray<string> = ["none", "created", "bound", "listening", "connected", "closed"];

// @ts-ignore: decorator
@inline export const OP_SOCKET: u32 = 0;
// @ts-ignore: decorator
@inline export const OP_BIND: u32 = 1;
// @ts-ignore: decorator
@inline export const OP_LISTEN: u32 = 2;
// @ts-ignore: decorator
@inline export const OP_CONNECT: u32 = 3;
// @ts-ignore: decorator
@inline export const OP_ACCEPT: u32 = 4;
// @ts-ignore: decorator
@inline export const OP_IOCTL: u32 = 5;
// @ts-ignore: decorator
@inline export const OP_SETSOCKOPT: u32 = 6;
// @ts-ignore: decorator
@inline export const OP_SEND: u32 = 7;
// @ts-ignore: decorator
@inline export const OP_RECV: u32 = 8;
// @ts-ignore: decorator
@inline export const OP_CLOSE: u32 = 9;

// @ts-ignore: decorator
@lazy const OP_NAMES: StaticArray<string> = [
  "socket", "bind", "listen", "connect", "accept", "ioctl", "setsockopt", "send", "recv", "close",
];

/** The fields of a transition: from, op, to, rule. */
// @ts-ignore: decorator
@inline export const TRANSITION_FIELDS: i32 = 4;
/** from, op, to, rule — TRANSITION_FIELDS u32 a transition. */
// @ts-ignore: decorator
@lazy export const TRANSITIONS: StaticArray<u32> = [
  S_NONE, OP_SOCKET, S_CREATED, R.SOCKET,
  S_CREATED, OP_BIND, S_BOUND, R.BIND,
  S_BOUND, OP_LISTEN, S_LISTENING, R.LISTEN,
  S_LISTENING, OP_LISTEN, S_LISTENING, R.LISTEN,
  S_CREATED, OP_CONNECT, S_CONNECTED, R.CONNECT,
  S_BOUND, OP_CONNECT, S_CONNECTED, R.CONNECT,
  S_LISTENING, OP_ACCEPT, S_LISTENING, R.ACCEPT,
  S_NONE, OP_ACCEPT, S_CONNECTED, R.ACCEPT,
  S_CREATED, OP_IOCTL, S_CREATED, R.FP_REQUEST,
  S_BOUND, OP_IOCTL, S_BOUND, R.FP_REQUEST,
  S_LISTENING, OP_IOCTL, S_LISTENING, R.FP_REQUEST,
  S_CONNECTED, OP_IOCTL, S_CONNECTED, R.FP_AFTER_CONNECT,
  S_CREATED, OP_SETSOCKOPT, S_CREATED, R.OPT_SUBSET,
  S_BOUND, OP_SETSOCKOPT, S_BOUND, R.OPT_SUBSET,
  S_LISTENING, OP_SETSOCKOPT, S_LISTENING, R.OPT_SUBSET,
  S_CONNECTED, OP_SETSOCKOPT, S_CONNECTED, R.OPT_SUBSET,
  S_CONNECTED, OP_SEND, S_CONNECTED, R.FLOW_SEND,
  S_CONNECTED, OP_RECV, S_CONNECTED, R.FLOW_RECV,
  S_CREATED, OP_CLOSE, S_CLOSED, R.CLOSE_ABORTS,
  S_BOUND, OP_CLOSE, S_CLOSED, R.CLOSE_ABORTS,
  S_LISTENING, OP_CLOSE, S_CLOSED, R.CLOSE_ABORTS,
  S_CONNECTED, OP_CLOSE, S_CLOSED, R.CLOSE_ABORTS,
];

export function stateCount(): i32 { return <i32>S_CLOSED + 1; }
export function stateName(i: i32): string { return i >= 0 && i < STATE_NAMES.length ? STATE_NAMES[i] : ""; }
export function opCount(): i32 { return <i32>OP_CLOSE + 1; }
export function opName(i: i32): string { return i >= 0 && i < OP_NAMES.length ? OP_NAMES[i] : ""; }
