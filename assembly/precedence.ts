// The error precedence of the call contract: one ordered table. Row i is rule i
// of rules.ts (id, sources and text live there); the first row whose predicate
// holds and which applies to the profile decides. `faults` computes every
// row's predicate at once as bit i, so the winner is the lowest set bit of
// (faults & rows of the profile): the table order *is* the bit order.
import {
  F_API, F_STARTUP, F_HANDLE, F_OVERLAPPED_ATTR, F_IN, F_OUT, F_BYTES_RETURNED,
  F_OVERLAPPED, F_ROUTINE, F_THREAD_ID, F_ERRNO, F_CONDITIONS,
  H_UDP, H_NOT_SOCKET, P_NULL, P_VALID, P_INVALID, OV_NULL, OV_INVALID,
  C_NETWORK_DOWN, C_BLOCKING_IN_PROGRESS, C_BLOCKING_CANCELLED,
  C_PROVIDER_UNSUPPORTED, C_PORT_RESERVATION_DENIED,
  SIO_LOOPBACK_FAST_PATH, SIO_FLUSH,
} from "./abi";
import {
  E_ACCES, E_FAULT, E_INPROGRESS, E_INTR, E_INVAL, E_NETDOWN, E_NOTSOCK,
  E_OPNOTSUPP, E_NOTINITIALISED,
} from "./errors";
import { PROFILE_COUNT } from "./profiles";
import { PRECEDENCE_ROWS } from "./rules";

// How a failing row reports, per profile (3 bits above the 5-bit error index).
/** Fails before the provider runs: nothing written. */
// @ts-ignore: decorator
@inline export const CL_PROLOG: u32 = 0;
/** Provider rejects a parameter: synchronous failure, *lpcbBytesReturned untouched. */
// @ts-ignore: decorator
@inline export const CL_PARAM: u32 = 1;
/** As CL_PARAM, but a synchronous call gets *lpcbBytesReturned = 0 (Windows' set-ioctls). */
// @ts-ignore: decorator
@inline export const CL_PARAM_ZERO: u32 = 2;
/** Unsupported: synchronous → error and 0 written; overlapped → WSA_IO_PENDING, completion carries the error. */
// @ts-ignore: decorator
@inline export const CL_UNSUPPORTED: u32 = 3;
/** ReactOS WSHIoctl: synchronous → error and 0 written; overlapped → returns 0, completion carries the error. */
// @ts-ignore: decorator
@inline export const CL_WSH: u32 = 4;
/** The implementation dereferences the bad pointer: the call never returns. */
// @ts-ignore: decorator
@inline export const CL_CRASH: u32 = 5;
/** The entry point does not exist in this implementation. */
// @ts-ignore: decorator
@inline export const CL_UNAVAILABLE: u32 = 6;

// @ts-ignore: decorator
@inline function o(cls: u32, err: u32): u16 { return <u16>((cls << 5) | err); }
// @ts-ignore: decorator
@inline const NA: u16 = 0;

/** Per row, per profile (documented, windows, wine, reactos): class and error; 0 = row does not apply. */
const ROWS: StaticArray<u16> = [
  /*  0 entry.wsp-unavailable      */ NA, NA, o(CL_UNAVAILABLE, 0), NA,
  /*  1 wine.bytes-returned-null   */ NA, NA, o(CL_PROLOG, E_FAULT), NA,
  /*  2 wine.bytes-returned-invalid*/ NA, NA, o(CL_CRASH, 0), NA,
  /*  3 wine.overlapped-invalid    */ NA, NA, o(CL_CRASH, 0), NA,
  /*  4 wine.routine-invalid       */ NA, NA, o(CL_CRASH, 0), NA,
  /*  5 startup.not-initialised    */ o(CL_PROLOG, E_NOTINITIALISED), o(CL_PROLOG, E_NOTINITIALISED), NA, o(CL_PROLOG, E_NOTINITIALISED),
  /*  6 env.blocking-in-progress   */ o(CL_PROLOG, E_INPROGRESS), o(CL_PROLOG, E_INPROGRESS), NA, NA,
  /*  7 handle.not-a-socket        */ o(CL_PROLOG, E_NOTSOCK), o(CL_PROLOG, E_NOTSOCK), NA, o(CL_PROLOG, E_NOTSOCK),
  /*  8 env.network-down           */ o(CL_PARAM, E_NETDOWN), o(CL_PARAM_ZERO, E_NETDOWN), NA, NA,
  /*  9 reactos.bytes-returned-null*/ NA, NA, NA, o(CL_PROLOG, E_FAULT),
  /* 10 pointer.bytes-returned     */ o(CL_PROLOG, E_FAULT), o(CL_PROLOG, E_FAULT), NA, NA,
  /* 11 reactos.unguarded-write    */ NA, NA, NA, o(CL_CRASH, 0),
  /* 12 pointer.overlapped         */ o(CL_PARAM, E_FAULT), o(CL_PARAM, E_FAULT), NA, NA,
  /* 13 pointer.completion-routine */ o(CL_PARAM, E_FAULT), o(CL_PARAM, E_FAULT), NA, NA,
  /* 14 pointer.thread-id          */ o(CL_PARAM, E_FAULT), o(CL_PARAM, E_FAULT), NA, NA,
  /* 15 code.flush-unsupported     */ NA, o(CL_UNSUPPORTED, E_OPNOTSUPP), NA, NA,
  /* 16 code.unknown               */ o(CL_PARAM, E_INVAL), o(CL_UNSUPPORTED, E_OPNOTSUPP), NA, NA,
  /* 17 env.provider-unsupported   */ o(CL_PARAM, E_OPNOTSUPP), o(CL_UNSUPPORTED, E_OPNOTSUPP), NA, NA,
  /* 18 socket.not-tcp             */ o(CL_PARAM, E_INVAL), o(CL_UNSUPPORTED, E_OPNOTSUPP), NA, NA,
  /* 19 in.pointer                 */ o(CL_PARAM, E_FAULT), o(CL_PARAM_ZERO, E_FAULT), NA, NA,
  /* 20 in.too-small               */ o(CL_PARAM, E_INVAL), o(CL_PARAM_ZERO, E_FAULT), NA, NA,
  /* 21 out.pointer                */ o(CL_PARAM, E_FAULT), NA, NA, NA,
  /* 22 out.cb-nonzero             */ o(CL_PARAM, E_INVAL), NA, NA, NA,
  /* 23 env.port-reservation-denied*/ o(CL_PARAM, E_ACCES), o(CL_PARAM_ZERO, E_ACCES), NA, NA,
  /* 24 env.blocking-cancelled     */ o(CL_PARAM, E_INTR), o(CL_PARAM_ZERO, E_INTR), NA, NA,
  /* 25 wine.unimplemented         */ NA, NA, o(CL_UNSUPPORTED, E_OPNOTSUPP), NA,
  /* 26 reactos.wshioctl           */ NA, NA, NA, o(CL_WSH, E_INVAL),
];

/** Bit i set = row i applies to the profile. Derived from ROWS, never written by hand. */
const PROFILE_ROWS = new StaticArray<u32>(PROFILE_COUNT);
for (let p: u32 = 0; p < PROFILE_COUNT; p++) {
  let m: u32 = 0;
  for (let r: u32 = 0; r < PRECEDENCE_ROWS; r++) if (ROWS[r * PROFILE_COUNT + p] != 0) m |= 1 << r;
  PROFILE_ROWS[p] = m;
}

// @ts-ignore: decorator
@inline export function profileRows(profile: u32): u32 { return unchecked(PROFILE_ROWS[profile & 3]); }
// @ts-ignore: decorator
@inline export function rowOutcome(row: u32, profile: u32): u32 {
  return <u32>unchecked(ROWS[(row << 2) | (profile & 3)]);
}

// @ts-ignore: decorator
@inline function b(cond: bool, row: u32): u32 { return (<u32>cond) << row; }

/** The predicate of every row, as bit `row`. Read it next to rules.ts: same order. */
// @ts-ignore: decorator
@inline export function faults(flags: u32, code: u32, cbIn: u32, inLen: u32, cbOut: u32, outLen: u32): u32 {
  const wsp = (flags >> F_API) & 1;
  const startup = (flags >> F_STARTUP) & 1;
  const handle = (flags >> F_HANDLE) & 7;
  const attr = (flags >> F_OVERLAPPED_ATTR) & 1;
  const inP = (flags >> F_IN) & 3;
  const outP = (flags >> F_OUT) & 3;
  const br = (flags >> F_BYTES_RETURNED) & 3;
  const ov = (flags >> F_OVERLAPPED) & 3;
  const rt = (flags >> F_ROUTINE) & 3;
  const tid = (flags >> F_THREAD_ID) & 3;
  const ep = (flags >> F_ERRNO) & 3;
  const conds = flags >> F_CONDITIONS;
  const lfp = code == SIO_LOOPBACK_FAST_PATH;
  const flush = code == SIO_FLUSH;
  const ovGiven = ov != OV_NULL;
  // Documented/Windows: lpOverlapped counts only on an overlapped socket (seed#Parameters/lpvOverlapped).
  const ovCall = attr != 0 && ovGiven;
  return b(wsp != 0, 0)
    | b(br == P_NULL, 1)
    | b(br == P_INVALID && !ovGiven, 2)
    | b(ov == OV_INVALID, 3)
    | b(ovGiven && rt == P_INVALID, 4)
    | b(wsp == 0 && startup == 0, 5)
    | b((conds & C_BLOCKING_IN_PROGRESS) != 0, 6)
    | b(handle >= H_NOT_SOCKET, 7)
    | b((conds & C_NETWORK_DOWN) != 0, 8)
    | b(br == P_NULL && !ovGiven, 9)
    | b(br != P_VALID, 10)
    | b((br == P_INVALID && !ovGiven) || ov == OV_INVALID || (ovGiven && rt == P_INVALID)
        || (wsp != 0 && ep != P_VALID && !ovGiven), 11)
    | b(attr != 0 && ov == OV_INVALID, 12)
    | b(ovCall && rt == P_INVALID, 13)
    | b(wsp != 0 && ovCall && rt != P_NULL && tid != P_VALID, 14)
    | b(flush, 15)
    | b(!lfp && !flush, 16)
    | b((conds & C_PROVIDER_UNSUPPORTED) != 0, 17)
    | b(lfp && handle == H_UDP, 18)
    | b(lfp && cbIn > 0 && (inP != P_VALID || inLen < cbIn), 19)
    | b(lfp && cbIn < 4, 20)
    | b(lfp && cbOut > 0 && (outP != P_VALID || outLen < cbOut), 21)
    | b(lfp && cbOut != 0, 22)
    | b((conds & C_PORT_RESERVATION_DENIED) != 0, 23)
    | b((conds & C_BLOCKING_CANCELLED) != 0 && !ovCall, 24)
    | (1 << 25)
    | (1 << 26);
}

/** The table as data for hosts: rows, and each row's cell (class << 5 | error index) per profile; 0 = does not apply. */
export function precedenceRowCount(): i32 { return PRECEDENCE_ROWS; }
export function precedenceCell(row: i32, profile: i32): u32 {
  return row >= 0 && row < <i32>PRECEDENCE_ROWS && profile >= 0 && profile < <i32>PROFILE_COUNT ? rowOutcome(row, profile) : 0;
}
