// A WSAIoctl/WSPIoctl call described in plain data (the fields of a vector's
// `ioctl` step), checked and encoded into the model's integer ABI
// (assembly/shared/layout.ts).
import { LfpError } from "./errors.js";
import { isObject, show } from "./show.js";
import {
  F_API, F_STARTUP, F_HANDLE, F_OVERLAPPED_ATTR, F_IN, F_OUT, F_BYTES_RETURNED, F_OVERLAPPED, F_ROUTINE,
  F_THREAD_ID, F_ERRNO, F_CONDITIONS, H_TCP, H_UDP, H_NOT_SOCKET, H_CLOSED, H_INVALID_SOCKET,
  P_NULL, P_VALID, P_INVALID, OV_INVALID, OV_NOEVENT, OV_EVENT,
  C_NETWORK_DOWN, C_BLOCKING_IN_PROGRESS, C_BLOCKING_CANCELLED, C_PROVIDER_UNSUPPORTED,
  C_PORT_RESERVATION_DENIED, C_IO_DEFERRED, C_WFP_CALLOUT, SIO_LOOPBACK_FAST_PATH as CODE,
} from "../assembly/shared/layout.js";

/** A pointer argument: a valid pointer, NULL, or one outside the user address space. */
export type PointerArg = "valid" | null | "invalid";
/** A buffer argument: NULL, an invalid pointer, or bytes handed over. */
export type BufferArg = null | "invalid" | { bool: number } | { u32: number } | { bytes: string };
/** lpOverlapped: NULL, an invalid pointer, or a valid WSAOVERLAPPED with or without hEvent. */
export type OverlappedArg = null | "invalid" | { event: boolean };
/** What the descriptor `s` is. */
export type HandleKind = "tcp" | "udp" | "not-a-socket" | "closed" | "invalid-socket";

/** Environment conditions no argument can create. */
export interface Conditions {
  networkDown?: boolean;
  blockingCallInProgress?: boolean;
  blockingCallCancelled?: boolean;
  providerUnsupported?: boolean;
  portReservationDenied?: boolean;
  ioDeferred?: boolean;
  wfpCallout?: boolean;
}

/** One call. Every field is optional; the defaults are the typical real-world call. */
export interface Call {
  /** Default `WSAIoctl`. */
  api?: "WSAIoctl" | "WSPIoctl";
  /** Default `tcp`. */
  handle?: HandleKind;
  /** The socket was created with WSA_FLAG_OVERLAPPED. Default true. */
  overlappedSocket?: boolean;
  /** WSAStartup has been called. Default true. */
  startup?: boolean;
  /** dwIoControlCode. Default 0x98000010. */
  code?: number;
  /** lpvInBuffer. Default `{ bool: 1 }`. */
  in?: BufferArg;
  /** cbInBuffer. Default: the length of `in` (0 for NULL or invalid). */
  cbIn?: number;
  /** lpvOutBuffer. Default NULL. */
  out?: BufferArg;
  /** cbOutBuffer. Default 0. */
  cbOut?: number;
  /** lpcbBytesReturned. Default valid. */
  bytesReturned?: PointerArg;
  /** lpOverlapped. Default NULL. */
  overlapped?: OverlappedArg;
  /** lpCompletionRoutine. Default NULL. */
  completionRoutine?: PointerArg;
  /** lpThreadId (WSPIoctl). Default valid. */
  threadId?: PointerArg;
  /** lpErrno (WSPIoctl). Default valid. */
  errno?: PointerArg;
  /** Environment conditions. Default none. */
  conditions?: Conditions;
}

/** SIO_LOOPBACK_FAST_PATH = _WSAIOW(IOC_VENDOR, 16). */
export const SIO_LOOPBACK_FAST_PATH: number = CODE;

/** The integer arguments of the model's `evaluate`, less the profile. */
export interface EncodedCall { flags: number; code: number; cbIn: number; inLen: number; inValue: number; cbOut: number; outLen: number }

const HANDLES: Record<HandleKind, number> = { tcp: H_TCP, udp: H_UDP, "not-a-socket": H_NOT_SOCKET, closed: H_CLOSED, "invalid-socket": H_INVALID_SOCKET };
/** Condition bits (assembly/shared/layout.ts C_*). */
export const CONDITION_BITS: Record<keyof Conditions, number> = {
  networkDown: C_NETWORK_DOWN, blockingCallInProgress: C_BLOCKING_IN_PROGRESS, blockingCallCancelled: C_BLOCKING_CANCELLED,
  providerUnsupported: C_PROVIDER_UNSUPPORTED, portReservationDenied: C_PORT_RESERVATION_DENIED, ioDeferred: C_IO_DEFERRED,
  wfpCallout: C_WFP_CALLOUT,
};
/** The condition names, in bit order. */
export const CONDITION_NAMES = Object.keys(CONDITION_BITS) as (keyof Conditions)[];
/**
 * The fields of a call that an ioctl step (a vector, the playground's form) writes: the rest of
 * Call (the handle kind, the socket's overlapped attribute, WSAStartup, conditions) comes from the
 * scenario. One list: the vector schema's ioctl properties are checked against it by a test.
 */
export const IOCTL_FIELDS = ["api", "code", "in", "cbIn", "out", "cbOut", "bytesReturned", "overlapped", "completionRoutine", "threadId", "errno"] as const satisfies readonly (keyof Call)[];
/** Every field of a Call. */
export const CALL_FIELDS = [...IOCTL_FIELDS, "handle", "overlappedSocket", "startup", "conditions"] as const satisfies readonly (keyof Call)[];
/** The call an ioctl step makes: its IOCTL_FIELDS. */
export type IoctlCall = Pick<Call, (typeof IOCTL_FIELDS)[number]>;

/** The call fields of an object that has them (an ioctl step, a form), and nothing else. */
export function ioctlCallOf(o: Partial<Record<(typeof IOCTL_FIELDS)[number], unknown>>): IoctlCall {
  const call: Record<string, unknown> = {};
  for (const k of IOCTL_FIELDS) if (o[k] !== undefined) call[k] = o[k];
  return call as IoctlCall;
}

function bad(field: string, why: string): never {
  throw new LfpError("LFP_BAD_CALL", `${field}: ${why}`);
}

/** An unsigned 32-bit count, or the default. */
export function u32(v: unknown, field: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    bad(field, `expected an unsigned 32-bit integer (0 to 4294967295), got ${show(v)}`);
  }
  return v;
}

/** Pointer kind, bytes handed over, the first 4 bytes as a little-endian u32, and the bytes themselves when given as hex. */
export function buffer(v: unknown, field: string): { kind: number; len: number; value: number; bytes: Uint8Array | null } {
  if (v === null) return { kind: P_NULL, len: 0, value: 0, bytes: null };
  if (v === "invalid") return { kind: P_INVALID, len: 0, value: 0, bytes: null };
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const o = v as Record<string, unknown>;
      if ("bool" in o || "u32" in o) {
        return { kind: P_VALID, len: 4, value: u32(o.bool ?? o.u32, `${field}.${keys[0]}`, 0), bytes: null };
      }
      if ("bytes" in o) {
        if (typeof o.bytes !== "string" || !/^([0-9a-fA-F]{2})*$/.test(o.bytes)) {
          bad(`${field}.bytes`, `expected hex digits in pairs, got ${show(o.bytes)}`);
        }
        const bytes = new Uint8Array(o.bytes.length / 2);
        for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(o.bytes.slice(i * 2, i * 2 + 2), 16);
        let value = 0;
        for (let i = Math.min(4, bytes.length) - 1; i >= 0; i--) value = (value * 256) + bytes[i];
        return { kind: P_VALID, len: bytes.length, value: value >>> 0, bytes };
      }
    }
  }
  return bad(field, `expected null, "invalid", {"bool": n}, {"u32": n} or {"bytes": "<hex>"}, got ${show(v)}`);
}

/** Encode the condition flags; unknown names are an error. */
export function encodeConditions(c: unknown, field = "conditions"): number {
  if (c === undefined) return 0;
  if (!isObject(c)) bad(field, `expected an object of booleans, got ${show(c)}`);
  let bits = 0;
  for (const [k, v] of Object.entries(c as Record<string, unknown>)) {
    if (!(k in CONDITION_BITS)) bad(`${field}.${k}`, `unknown condition; known: ${Object.keys(CONDITION_BITS).join(", ")}`);
    if (typeof v !== "boolean") bad(`${field}.${k}`, `expected true or false, got ${show(v)}`);
    if (v) bits |= CONDITION_BITS[k as keyof Conditions];
  }
  return bits;
}

/** Is `key` the object's only own enumerable key? (No allocation, unlike Object.keys.) */
function onlyKey(o: object, key: string): boolean {
  for (const k in o) if (k !== key) return false;
  return true;
}

/** The pointer kind of a PointerArg (P_NULL, P_VALID, P_INVALID), or -1 if it is not one. */
function pointerKind(v: unknown): number {
  return v === "valid" ? P_VALID : v === null ? P_NULL : v === "invalid" ? P_INVALID : -1;
}

/** The flags of the typical call: WSAStartup done, an overlapped socket, and every pointer valid. */
const TYPICAL_FLAGS = (1 << F_STARTUP) | (1 << F_OVERLAPPED_ATTR) | (P_VALID << F_IN) | (P_VALID << F_BYTES_RETURNED)
  | (P_VALID << F_THREAD_ID) | (P_VALID << F_ERRNO);
const POINTER_SHIFT: Record<string, number> = { bytesReturned: F_BYTES_RETURNED, completionRoutine: F_ROUTINE, threadId: F_THREAD_ID, errno: F_ERRNO };

/** Check a call description and encode it for the model. Throws LfpError (LFP_BAD_CALL) naming the field. */
export function encodeCall(call: Call): EncodedCall {
  if (!isObject(call)) bad("call", `expected an object, got ${show(call)}`);
  // One pass over the fields; no allocation on the common path.
  let flags = TYPICAL_FLAGS;
  let code = SIO_LOOPBACK_FAST_PATH;
  let cbIn = -1;
  let cbOut = 0;
  let inLen = 4;
  let inValue = 1;
  let outLen = 0;
  for (const k in call) {
    const v = (call as Record<string, unknown>)[k];
    if (v === undefined) continue;
    switch (k) {
      case "api":
        if (v === "WSPIoctl") flags |= 1 << F_API;
        else if (v !== "WSAIoctl") bad("api", `expected "WSAIoctl" or "WSPIoctl", got ${show(v)}`);
        break;
      case "handle": {
        // Only a string is looked up: any other key would be converted (a cycle or a deep array throws).
        const h = typeof v === "string" && Object.hasOwn(HANDLES, v) ? HANDLES[v as HandleKind] : undefined;
        if (h === undefined) bad("handle", `expected one of ${Object.keys(HANDLES).join(", ")}, got ${show(v)}`);
        flags |= h << F_HANDLE;
        break;
      }
      case "overlappedSocket":
      case "startup":
        if (typeof v !== "boolean") bad(k, `expected true or false, got ${show(v)}`);
        if (!v) flags &= ~(k === "startup" ? 1 << F_STARTUP : 1 << F_OVERLAPPED_ATTR);
        break;
      case "code": code = u32(v, "code", 0); break;
      case "cbIn": cbIn = u32(v, "cbIn", 0); break;
      case "cbOut": cbOut = u32(v, "cbOut", 0); break;
      case "in": {
        if (typeof v === "object" && v !== null && "bool" in v && onlyKey(v, "bool")) { // the typical call, without building a buffer
          inValue = u32((v as { bool: unknown }).bool, "in.bool", 0);
          break;
        }
        const b = buffer(v, "in");
        flags = (flags & ~(3 << F_IN)) | (b.kind << F_IN);
        inLen = b.len;
        inValue = b.value;
        break;
      }
      case "out": {
        const b = buffer(v, "out");
        flags |= b.kind << F_OUT;
        outLen = b.len;
        break;
      }
      case "bytesReturned":
      case "completionRoutine":
      case "threadId":
      case "errno": {
        const kind = pointerKind(v);
        if (kind < 0) bad(k, `expected "valid", null or "invalid", got ${show(v)}`);
        const shift = POINTER_SHIFT[k];
        flags = (flags & ~(3 << shift)) | (kind << shift);
        break;
      }
      case "overlapped":
        if (v === null) break;
        if (v === "invalid") flags |= OV_INVALID << F_OVERLAPPED;
        else if (isObject(v) && Object.keys(v).length === 1 && typeof v.event === "boolean") flags |= (v.event ? OV_EVENT : OV_NOEVENT) << F_OVERLAPPED;
        else bad("overlapped", `expected null, "invalid" or {"event": true|false}, got ${show(v)}`);
        break;
      case "conditions": flags |= encodeConditions(v) << F_CONDITIONS; break;
      default: bad(k, `unknown field; known: ${CALL_FIELDS.join(", ")}`);
    }
  }
  if (call.in === null || call.in === "invalid") inLen = 0;
  return { flags: flags >>> 0, code, cbIn: cbIn < 0 ? inLen : cbIn, inLen, inValue, cbOut, outLen };
}
