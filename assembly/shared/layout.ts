// The Wasm ABI, written once and compiled twice: by asc into the model and by
// tsc into the host (like AssemblyScript's own std/assembly/shared/), so the
// two sides cannot disagree. This file must stay portable: plain constants, no
// decorators, no AssemblyScript-only code (host/portable.d.ts gives tsc `u32`).
// Another host can use the .wasm with nothing but this file.
//
// How a call is described to the model in plain integers and how the outcome
// comes back packed in one u32. All exports take and return i32/u32; nothing allocates.
//
// ── evaluate(profile, flags, code, cbIn, inLen, inValue, cbOut, outLen) → outcome
//   profile  a profile's number (assembly/profiles.ts): 0 .. profileCount()-1, named in the
//            catalogue; another number is refused (D_MODEL_ERROR)
//   code     dwIoControlCode
//   cbIn     cbInBuffer, inLen: bytes the caller really handed over at lpvInBuffer
//   inValue  the first 4 bytes at lpvInBuffer as a little-endian u32 (the BOOL)
//   cbOut    cbOutBuffer, outLen: bytes really handed over at lpvOutBuffer
//
// flags (u32):
//  31   27 26     20 19 18 17 16 15 14 13 12 11 10 9  8 7  6  5  4  2  1  0
// ┌───────┬─────────┬─────┬─────┬─────┬─────┬─────┬────┬────┬──┬─────┬──┬──┐
// │   0   │ conds   │errno│thrId│rout.│ ovl │cbRet│out │ in │ O│hndl │ S│ A│
// └───────┴─────────┴─────┴─────┴─────┴─────┴─────┴────┴────┴──┴─────┴──┴──┘
//  A api (0 WSAIoctl, 1 WSPIoctl) · S WSAStartup done · hndl handle kind (H_*)
//  O socket created with WSA_FLAG_OVERLAPPED · pointers: P_NULL/P_VALID/P_INVALID
//  ovl: OV_NULL / OV_INVALID / OV_NOEVENT / OV_EVENT · conds: C_* bits

export const F_API: u32 = 0;
export const F_STARTUP: u32 = 1;
export const F_HANDLE: u32 = 2;
export const F_OVERLAPPED_ATTR: u32 = 5;
export const F_IN: u32 = 6;
export const F_OUT: u32 = 8;
export const F_BYTES_RETURNED: u32 = 10;
export const F_OVERLAPPED: u32 = 12;
export const F_ROUTINE: u32 = 14;
export const F_THREAD_ID: u32 = 16;
export const F_ERRNO: u32 = 18;
export const F_CONDITIONS: u32 = 20;
/** Masks of a field once shifted down: a pointer or lpOverlapped kind (2 bits), a handle kind (3 bits). */
export const M_POINTER: u32 = 3;
export const M_HANDLE: u32 = 7;

// Handle kinds.
export const H_TCP: u32 = 0;
export const H_UDP: u32 = 1;
export const H_NOT_SOCKET: u32 = 2;
export const H_CLOSED: u32 = 3;
/** INVALID_SOCKET (~0): not a socket, and the one value Wine's ntdll rejects up front. */
export const H_INVALID_SOCKET: u32 = 4;

// Pointer kinds.
export const P_NULL: u32 = 0;
export const P_VALID: u32 = 1;
export const P_INVALID: u32 = 2;

// lpOverlapped kinds.
export const OV_NULL: u32 = 0;
export const OV_INVALID: u32 = 1;
export const OV_NOEVENT: u32 = 2;
export const OV_EVENT: u32 = 3;

// Environment conditions no argument can create (bit numbers inside `conds`).
export const C_NETWORK_DOWN: u32 = 1;
export const C_BLOCKING_IN_PROGRESS: u32 = 2;
export const C_BLOCKING_CANCELLED: u32 = 4;
export const C_PROVIDER_UNSUPPORTED: u32 = 8;
export const C_PORT_RESERVATION_DENIED: u32 = 16;
export const C_IO_DEFERRED: u32 = 32;
/** A WFP callout for connection data (only the state machine reads it). */
export const C_WFP_CALLOUT: u32 = 64;

// ── outcome (u32):
//  31 29 28 27 26     20 19 18      14 13 12 11 10 9  8 7       3  2  1  0
// ┌─────┬──┬──┬─────────┬──┬──────────┬─────┬─────┬─────┬─────────┬──┬─────┐
// │  0  │+E│cF│  rule   │eW│ c.status │ via │ kind│cbRet│  error  │ F│disp │
// └─────┴──┴──┴─────────┴──┴──────────┴─────┴─────┴─────┴─────────┴──┴─────┘
//  disp  D_RETURNED / D_CRASH / D_UNAVAILABLE / D_MODEL_ERROR
//  F     1 = returned SOCKET_ERROR, 0 = returned 0
//  error index into errors.ts: WSAGetLastError for WSAIoctl, *lpErrno for WSPIoctl
//  cbRet BR_UNTOUCHED / BR_ZERO / BR_NONZERO (written, value unspecified but not 0)
//  kind  K_NONE / K_COMPLETE / K_PENDING / K_NEVER (overlapped operation)
//  via   V_NONE / V_EVENT / V_ROUTINE (how completion is notified)
//  c.status  error index of the completion status (0 = success)
//  eW    1 = *lpErrno written (WSPIoctl)
//  rule  index of the rule that decided (rules.ts)
//  cF    1 = delivering the completion faults the process (an invalid routine called as an APC)
//  +E    1 = hEvent is signalled too, after the routine (ReactOS calls both)

export const O_FAILED: u32 = 2;
export const O_ERROR: u32 = 3;
export const O_BYTES_RETURNED: u32 = 8;
export const O_KIND: u32 = 10;
export const O_VIA: u32 = 12;
export const O_STATUS: u32 = 14;
export const O_ERRNO_WRITTEN: u32 = 19;
export const O_RULE: u32 = 20;
export const O_COMPLETION_FAULTS: u32 = 27;
export const O_ALSO_EVENT: u32 = 28;
/** Masks of the 2-bit fields disp, cbRet, kind and via once shifted down. */
export const M_DISP: u32 = 3;
export const M_BYTES_RETURNED: u32 = 3;
export const M_KIND: u32 = 3;
export const M_VIA: u32 = 3;

export const D_RETURNED: u32 = 0;
/** The call does not return: the implementation dereferences a bad pointer. */
export const D_CRASH: u32 = 1;
/** The implementation has no such entry point (WSPIoctl on Wine). */
export const D_UNAVAILABLE: u32 = 2;
/** The model refused the request (capacity, unknown socket); rule says which. */
export const D_MODEL_ERROR: u32 = 3;

export const BR_UNTOUCHED: u32 = 0;
export const BR_ZERO: u32 = 1;
export const BR_NONZERO: u32 = 2;

export const K_NONE: u32 = 0;
export const K_COMPLETE: u32 = 1;
export const K_PENDING: u32 = 2;
export const K_NEVER: u32 = 3;

export const V_NONE: u32 = 0;
export const V_EVENT: u32 = 1;
export const V_ROUTINE: u32 = 2;

/** dwIoControlCode values the model knows. */
export const SIO_LOOPBACK_FAST_PATH: u32 = 0x98000010;
export const SIO_FLUSH: u32 = 0x28000004;

// ── evidence grades (rules.ts GRADES, precedence.ts cells): how a claim is known.
/** The claim does not apply to the profile. */
export const G_NONE: u32 = 0;
/** Measured on a real implementation (Wine 8.0 here; Windows by a cited third party). */
export const G_OBSERVED: u32 = 1;
/** Read in an implementation's source code (file and line cited). */
export const G_SOURCE: u32 = 2;
/** The seed page or Microsoft's Winsock reference says it. */
export const G_DOCUMENTED: u32 = 3;
/** By analogy (the rule says from what). */
export const G_INFERRED: u32 = 4;
/** No source: the model's own pick (the rule names the alternatives it rejected). */
export const G_CHOICE: u32 = 5;

// ── precedence cells (precedence.ts; exported by precedenceCell):
//  bits 0-7 the outcome (class << 5 | error index; 0 = the row does not apply), bit 8 MAYBE
//  (the row holds under one reading of the sources only), bits 9-16 an alternative outcome
//  that conforms too (0 = none), bits 17-19 its grade, bits 20-27 a second alternative
//  (0 = none), bits 28-30 its grade.
export const CELL_CLASS_SHIFT: u32 = 5;
export const CELL_MAYBE_BIT: u32 = 8;
export const CELL_ALT_SHIFT: u32 = 9;
export const CELL_ALT_GRADE_SHIFT: u32 = 17;
/** The second alternative and its grade: the first's two fields, 11 bits further up (contract.ts addRows reads both alike). */
export const CELL_ALT2_SHIFT: u32 = 20;
export const CELL_ALT2_GRADE_SHIFT: u32 = 28;
/** Masks of a cell's class (once shifted down by CELL_CLASS_SHIFT) and of a grade. */
export const M_CLASS: u32 = 7;
export const M_GRADE: u32 = 7;

// How a failing precedence row reports, per profile (a cell's class, CELL_CLASS_SHIFT bits up).
/** Fails before the provider runs: nothing written. */
export const CL_PROLOG: u32 = 0;
/** Provider rejects a parameter: synchronous failure, *lpcbBytesReturned untouched. */
export const CL_PARAM: u32 = 1;
/** As CL_PARAM, but a synchronous call gets *lpcbBytesReturned = 0 (Windows' set-ioctls). */
export const CL_PARAM_ZERO: u32 = 2;
/** Unsupported: synchronous → error and 0 written; overlapped → WSA_IO_PENDING, completion carries the error. */
export const CL_UNSUPPORTED: u32 = 3;
/** ReactOS WSHIoctl: synchronous → error and 0 written; overlapped → returns 0, completion carries the error. */
export const CL_WSH: u32 = 4;
/** The implementation dereferences the bad pointer: the call never returns. */
export const CL_CRASH: u32 = 5;
/** The entry point does not exist in this implementation. */
export const CL_UNAVAILABLE: u32 = 6;
/** As CL_UNSUPPORTED overlapped, but delivering the completion (an APC to the routine) faults. */
export const CL_APC_FAULT: u32 = 7;

// ── observe word (scenario.ts observe):
//  bits 0-2 state (transitions.ts), bit 3 fast path requested, bits 4-5 path (PATH_*),
//  bits 8-14 the rule that decided, bits 16-17 the path under the other reading of
//  path.listener-late (PATH_NONE: no other), bit 18 the request under that reading.
export const OBS_REQUESTED: u32 = 3;
export const OBS_PATH: u32 = 4;
export const OBS_RULE: u32 = 8;
export const OBS_OTHER_PATH: u32 = 16;
export const OBS_OTHER_REQUESTED: u32 = 18;
export const PATH_NONE: u32 = 0;
export const PATH_SLOW: u32 = 1;
export const PATH_FAST: u32 = 2;
/** What observe answers for a socket the scenario does not have. */
export const OBS_UNKNOWN: u32 = 0xffffffff;

// ── scenario live word (scenario.ts scenarioLive): open sockets, used connections << 8, used operation slots << 16.
export const LIVE_CONNECTIONS: u32 = 8;
export const LIVE_OPERATIONS: u32 = 16;
