// The Wasm ABI: how a call is described to the model in plain integers and how
// the outcome comes back packed in one u32. Another host can use the .wasm with
// nothing but this file. All exports take and return i32/u32; nothing allocates.
//
// ── evaluate(profile, flags, code, cbIn, inLen, inValue, cbOut, outLen) → outcome
//   profile  0 documented · 1 windows · 2 wine · 3 reactos (see profiles.ts)
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

// @ts-ignore: decorator
@inline export const F_API = 0;
// @ts-ignore: decorator
@inline export const F_STARTUP = 1;
// @ts-ignore: decorator
@inline export const F_HANDLE = 2;
// @ts-ignore: decorator
@inline export const F_OVERLAPPED_ATTR = 5;
// @ts-ignore: decorator
@inline export const F_IN = 6;
// @ts-ignore: decorator
@inline export const F_OUT = 8;
// @ts-ignore: decorator
@inline export const F_BYTES_RETURNED = 10;
// @ts-ignore: decorator
@inline export const F_OVERLAPPED = 12;
// @ts-ignore: decorator
@inline export const F_ROUTINE = 14;
// @ts-ignore: decorator
@inline export const F_THREAD_ID = 16;
// @ts-ignore: decorator
@inline export const F_ERRNO = 18;
// @ts-ignore: decorator
@inline export const F_CONDITIONS = 20;

// Handle kinds.
// @ts-ignore: decorator
@inline export const H_TCP: u32 = 0;
// @ts-ignore: decorator
@inline export const H_UDP: u32 = 1;
// @ts-ignore: decorator
@inline export const H_NOT_SOCKET: u32 = 2;
// @ts-ignore: decorator
@inline export const H_CLOSED: u32 = 3;
/** INVALID_SOCKET (~0): not a socket, and the one value Wine's ntdll rejects up front. */
// @ts-ignore: decorator
@inline export const H_INVALID_SOCKET: u32 = 4;

// Pointer kinds.
// @ts-ignore: decorator
@inline export const P_NULL: u32 = 0;
// @ts-ignore: decorator
@inline export const P_VALID: u32 = 1;
// @ts-ignore: decorator
@inline export const P_INVALID: u32 = 2;

// lpOverlapped kinds.
// @ts-ignore: decorator
@inline export const OV_NULL: u32 = 0;
// @ts-ignore: decorator
@inline export const OV_INVALID: u32 = 1;
// @ts-ignore: decorator
@inline export const OV_NOEVENT: u32 = 2;
// @ts-ignore: decorator
@inline export const OV_EVENT: u32 = 3;

// Environment conditions no argument can create (bit numbers inside `conds`).
// @ts-ignore: decorator
@inline export const C_NETWORK_DOWN: u32 = 1;
// @ts-ignore: decorator
@inline export const C_BLOCKING_IN_PROGRESS: u32 = 2;
// @ts-ignore: decorator
@inline export const C_BLOCKING_CANCELLED: u32 = 4;
// @ts-ignore: decorator
@inline export const C_PROVIDER_UNSUPPORTED: u32 = 8;
// @ts-ignore: decorator
@inline export const C_PORT_RESERVATION_DENIED: u32 = 16;
// @ts-ignore: decorator
@inline export const C_IO_DEFERRED: u32 = 32;
/** A WFP callout for connection data (only the state machine reads it). */
// @ts-ignore: decorator
@inline export const C_WFP_CALLOUT: u32 = 64;

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

// @ts-ignore: decorator
@inline export const O_FAILED = 2;
// @ts-ignore: decorator
@inline export const O_ERROR = 3;
// @ts-ignore: decorator
@inline export const O_BYTES_RETURNED = 8;
// @ts-ignore: decorator
@inline export const O_KIND = 10;
// @ts-ignore: decorator
@inline export const O_VIA = 12;
// @ts-ignore: decorator
@inline export const O_STATUS = 14;
// @ts-ignore: decorator
@inline export const O_ERRNO_WRITTEN = 19;
// @ts-ignore: decorator
@inline export const O_RULE = 20;
// @ts-ignore: decorator
@inline export const O_COMPLETION_FAULTS = 27;
// @ts-ignore: decorator
@inline export const O_ALSO_EVENT = 28;

// @ts-ignore: decorator
@inline export const D_RETURNED: u32 = 0;
/** The call does not return: the implementation dereferences a bad pointer. */
// @ts-ignore: decorator
@inline export const D_CRASH: u32 = 1;
/** The implementation has no such entry point (WSPIoctl on Wine). */
// @ts-ignore: decorator
@inline export const D_UNAVAILABLE: u32 = 2;
/** The model refused the request (capacity, unknown socket); rule says which. */
// @ts-ignore: decorator
@inline export const D_MODEL_ERROR: u32 = 3;

// @ts-ignore: decorator
@inline export const BR_UNTOUCHED: u32 = 0;
// @ts-ignore: decorator
@inline export const BR_ZERO: u32 = 1;
// @ts-ignore: decorator
@inline export const BR_NONZERO: u32 = 2;

// @ts-ignore: decorator
@inline export const K_NONE: u32 = 0;
// @ts-ignore: decorator
@inline export const K_COMPLETE: u32 = 1;
// @ts-ignore: decorator
@inline export const K_PENDING: u32 = 2;
// @ts-ignore: decorator
@inline export const K_NEVER: u32 = 3;

// @ts-ignore: decorator
@inline export const V_NONE: u32 = 0;
// @ts-ignore: decorator
@inline export const V_EVENT: u32 = 1;
// @ts-ignore: decorator
@inline export const V_ROUTINE: u32 = 2;

/** dwIoControlCode values the model knows. */
// @ts-ignore: decorator
@inline export const SIO_LOOPBACK_FAST_PATH: u32 = 0x98000010;
// @ts-ignore: decorator
@inline export const SIO_FLUSH: u32 = 0x28000004;

// ── evidence grades (rules.ts GRADES, precedence.ts cells): how a claim is known.
/** The claim does not apply to the profile. */
// @ts-ignore: decorator
@inline export const G_NONE: u32 = 0;
/** Measured on a real implementation (Wine 8.0 here; Windows by a cited third party). */
// @ts-ignore: decorator
@inline export const G_OBSERVED: u32 = 1;
/** Read in an implementation's source code (file and line cited). */
// @ts-ignore: decorator
@inline export const G_SOURCE: u32 = 2;
/** The seed page or Microsoft's Winsock reference says it. */
// @ts-ignore: decorator
@inline export const G_DOCUMENTED: u32 = 3;
/** By analogy (the rule says from what). */
// @ts-ignore: decorator
@inline export const G_INFERRED: u32 = 4;
/** No source: the model's own pick (the rule names the alternatives it rejected). */
// @ts-ignore: decorator
@inline export const G_CHOICE: u32 = 5;
