// The call contract: what one WSAIoctl/WSPIoctl call with a given description
// returns, writes and completes. Pure and allocation-free.
import {
  F_API, F_HANDLE, F_OVERLAPPED_ATTR, F_OVERLAPPED, F_ROUTINE, F_ERRNO, F_CONDITIONS,
  H_NOT_SOCKET, H_CLOSED, H_INVALID_SOCKET, P_VALID, OV_NULL, OV_EVENT, C_IO_DEFERRED, SIO_FLUSH,
  O_FAILED, O_ERRNO_WRITTEN, O_BYTES_RETURNED, F_BYTES_RETURNED,
  D_RETURNED, D_CRASH, D_UNAVAILABLE, BR_UNTOUCHED, BR_ZERO, BR_NONZERO,
  K_NONE, K_COMPLETE, K_PENDING, K_NEVER, V_NONE, V_EVENT, V_ROUTINE,
} from "./abi";
import { E_NONE, E_IO_PENDING } from "./errors";
import { pack } from "./outcome";
import { P_DOCUMENTED, P_WINE, P_REACTOS } from "./profiles";
import {
  CL_PROLOG, CL_PARAM, CL_PARAM_ZERO, CL_UNSUPPORTED, CL_WSH, CL_CRASH, CL_UNAVAILABLE,
  faults, profileRows, rowOutcome,
} from "./precedence";
import {
  R_SUCCESS_SYNC, R_SUCCESS_OVERLAPPED, R_DEFERRED, R_OVERLAPPED_IGNORED,
  R_ERRNO_UNWRITABLE, R_FLUSH,
} from "./rules";

/**
 * How completion is notified for an overlapped call (wsaioctl#Remarks: a
 * completion routine takes precedence over hEvent). Wine, observed on 8.0:
 * the routine is called, but hEvent is signalled only when the handle is not
 * an open socket (a bogus or closed handle); for a real socket it never is.
 */
// @ts-ignore: decorator
@inline function via(profile: u32, ov: u32, rt: u32, handle: u32): u32 {
  if (rt == P_VALID) return V_ROUTINE;
  if (ov == OV_EVENT && (profile != P_WINE || handle == H_NOT_SOCKET || handle == H_CLOSED)) return V_EVENT;
  return V_NONE;
}

/** Evaluate one call; see abi.ts for the argument and outcome encodings. */
export function evaluate(
  profile: u32, flags: u32, code: u32, cbIn: u32, inLen: u32, inValue: u32, cbOut: u32, outLen: u32,
): u32 {
  profile &= 3;
  const ov = (flags >> F_OVERLAPPED) & 3;
  const rt = (flags >> F_ROUTINE) & 3;
  const attr = (flags >> F_OVERLAPPED_ATTR) & 1;
  // Wine and ReactOS use lpOverlapped whatever the socket's attribute (observed:wine-8;
  // reactos msafd dllmain.c L2583); documented/Windows only on overlapped sockets.
  const ovCall = profile >= P_WINE ? ov != OV_NULL : (attr != 0 && ov != OV_NULL);
  const handle = (flags >> F_HANDLE) & 7;
  const v = ovCall ? via(profile, ov, rt, handle) : V_NONE;
  const hits = faults(flags, code, cbIn, inLen, cbOut, outLen) & profileRows(profile);
  let out: u32;
  if (hits != 0) {
    const row = <u32>ctz(hits);
    const cell = rowOutcome(row, profile);
    const err = cell & 31;
    const cls = cell >> 5;
    if (cls == CL_CRASH) return pack(D_CRASH, 0, 0, 0, 0, 0, 0, row);
    if (cls == CL_UNAVAILABLE) return pack(D_UNAVAILABLE, 0, 0, 0, 0, 0, 0, row);
    if (cls == CL_PROLOG || cls == CL_PARAM) {
      out = pack(D_RETURNED, 1, err, BR_UNTOUCHED, K_NONE, V_NONE, 0, row);
    } else if (cls == CL_PARAM_ZERO) {
      out = pack(D_RETURNED, 1, err, ovCall ? BR_UNTOUCHED : BR_ZERO, K_NONE, V_NONE, 0, row);
    } else if (!ovCall) {
      out = pack(D_RETURNED, 1, err, BR_ZERO, K_NONE, V_NONE, 0, row);
    } else if (cls == CL_UNSUPPORTED) {
      // Wine: ntdll rejects INVALID_SOCKET before the fake completion runs (behavior.md 1.2).
      const never = profile == P_WINE && handle == H_INVALID_SOCKET;
      out = pack(D_RETURNED, 1, E_IO_PENDING, BR_UNTOUCHED, never ? K_NEVER : K_COMPLETE, never ? V_NONE : v,
        never ? E_IO_PENDING : err, row);
    } else { // CL_WSH, overlapped: returns 0, the completion carries the error
      out = pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_COMPLETE, v, err, row);
    }
  } else if (attr == 0 && ov != OV_NULL) {
    out = pack(D_RETURNED, 0, E_NONE, profile == P_DOCUMENTED ? BR_NONZERO : BR_ZERO,
      K_NONE, V_NONE, 0, code == SIO_FLUSH ? R_FLUSH : R_OVERLAPPED_IGNORED);
  } else if (ovCall) {
    if (((flags >> F_CONDITIONS) & C_IO_DEFERRED) != 0) {
      out = pack(D_RETURNED, 1, E_IO_PENDING, BR_UNTOUCHED, K_PENDING, v, E_IO_PENDING, R_DEFERRED);
    } else {
      const br = profile == P_DOCUMENTED || v == V_ROUTINE ? BR_ZERO : BR_UNTOUCHED;
      out = pack(D_RETURNED, 0, E_NONE, br, K_COMPLETE, v, 0,
        code == SIO_FLUSH ? R_FLUSH : R_SUCCESS_OVERLAPPED);
    }
  } else {
    out = pack(D_RETURNED, 0, E_NONE, profile == P_DOCUMENTED ? BR_NONZERO : BR_ZERO,
      K_NONE, V_NONE, 0, code == SIO_FLUSH ? R_FLUSH : R_SUCCESS_SYNC);
  }
  // Nothing is ever written through a NULL or invalid lpcbBytesReturned: the rows
  // above either fault on it first, crash on it, or never touch it.
  if (((flags >> F_BYTES_RETURNED) & 3) != P_VALID) out &= ~(3 << O_BYTES_RETURNED);
  // WSPIoctl reports an error only through *lpErrno (seed#Parameters/lpErrno); ReactOS's
  // msafd writes it on every synchronous return (dllmain.c L2599-2603).
  if (((flags >> F_API) & 1) != 0) {
    const failed = (out >> O_FAILED) & 1;
    const writes = failed != 0 || (profile == P_REACTOS && !ovCall);
    if (writes) {
      if (((flags >> F_ERRNO) & 3) != P_VALID) return pack(D_CRASH, 0, 0, 0, 0, 0, 0, R_ERRNO_UNWRITABLE);
      out |= 1 << O_ERRNO_WRITTEN;
    }
  }
  return out;
}
