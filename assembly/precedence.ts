// The error precedence of the call contract: one ordered table. Row i is rule
// i of rules.ts (id, grades, sources and text live there); `faults` computes
// every row's predicate at once as bit i. The preferred outcome is the first
// row that holds and applies to the profile: the table order *is* the bit
// order. Which other rows also conform is a partial order per profile
// (`beatenBy`): Wine and ReactOS follow their source code, so their order is
// total (trait T_ORDER_TOTAL); the seed gives no order between errors, so in
// `documented` every row that holds conforms; in `windows` only the orders
// observed on Windows hold. Cells and orders are declared per profile by name
// (`cells` below); a profile that follows another has its cells and orders
// unless it names them. The build resolves the declarations into static tables
// (assembly/catalogue/source.ts runs `cells` and `resolve`), which the model
// reads through profiles.ts `at` (precedence/table.ts): nothing is built at start.
import {
  F_API, F_STARTUP, F_HANDLE, F_OVERLAPPED_ATTR, F_IN, F_OUT, F_BYTES_RETURNED,
  F_OVERLAPPED, F_ROUTINE, F_THREAD_ID, F_CONDITIONS,
  H_UDP, H_NOT_SOCKET, H_INVALID_SOCKET, P_NULL, P_VALID, P_INVALID, OV_NULL, OV_INVALID,
  C_NETWORK_DOWN, C_BLOCKING_IN_PROGRESS, C_BLOCKING_CANCELLED,
  C_PROVIDER_UNSUPPORTED, C_PORT_RESERVATION_DENIED,
  SIO_LOOPBACK_FAST_PATH, SIO_FLUSH, G_DOCUMENTED, G_INFERRED,
  CELL_MAYBE_BIT, CELL_CLASS_SHIFT, CELL_ALT_SHIFT, CELL_ALT_GRADE_SHIFT, CELL_ALT2_SHIFT, CELL_ALT2_GRADE_SHIFT, M_CLASS, M_POINTER, M_HANDLE,
  CL_PROLOG, CL_PARAM, CL_PARAM_ZERO, CL_UNSUPPORTED, CL_WSH, CL_CRASH, CL_UNAVAILABLE, CL_APC_FAULT,
} from "./shared/layout";
import {
  E_ACCES, E_FAULT, E_INPROGRESS, E_INTR, E_INVAL, E_NETDOWN, E_NOTSOCK,
  E_OPNOTSUPP, E_NOTINITIALISED, E_NOPROTOOPT,
} from "./errors";
import { P, NO_BASE, T_CODE_UNKNOWN, at, on } from "./profiles";
import { R, PRECEDENCE_ROWS } from "./rules";

// A cell: bits 0-7 the outcome (class << 5 | error; 0 = the row does not apply),
// bit 8 MAYBE (the row holds under one reading of the sources only: both its
// outcome and what follows without it conform; never preferred), bits 9-16 an
// alternative outcome that conforms too (0 = none), bits 17-19 its grade, bits
// 20-27 a second alternative, bits 28-30 its grade.
// @ts-ignore: decorator
@inline const NA: u32 = 0;
// @ts-ignore: decorator
@inline export const CELL_MAYBE: u32 = 1 << CELL_MAYBE_BIT;
/** The bits of a cell that hold its outcome (0: the row does not apply). */
// @ts-ignore: decorator
@inline export const CELL_OUTCOME: u32 = (1 << CELL_MAYBE_BIT) - 1;
// @ts-ignore: decorator
@inline function c(cls: u32, err: u32): u32 { return (cls << CELL_CLASS_SHIFT) | err; }
// @ts-ignore: decorator
@inline function alt(cls: u32, err: u32, grade: u32): u32 { return (((cls << CELL_CLASS_SHIFT) | err) << CELL_ALT_SHIFT) | (grade << CELL_ALT_GRADE_SHIFT); }
// @ts-ignore: decorator
@inline function alt2(cls: u32, err: u32, grade: u32): u32 { return (((cls << CELL_CLASS_SHIFT) | err) << CELL_ALT2_SHIFT) | (grade << CELL_ALT2_GRADE_SHIFT); }

/** One declaration: row `r` reports `value` in the profiles of `profiles` (a set of `on`). */
export type CellRecord = (r: R, value: u32, profiles: u32) => void;
/** One order a source fixes: in profile `p`, row `first` precedes row `then`. */
export type OrderRecord = (p: P, first: R, then: R) => void;

/**
 * Every cell and order of the table. The model never calls this: the build runs it in a
 * build-time module (assembly/catalogue/source.ts), then `resolve`, and packs the result into
 * the model as static tables (precedence/table.ts).
 */
export function cells(row: CellRecord, before: OrderRecord): void {
// Per row, how it reports in the profiles it names. A profile that follows none has no cell
// where it is not named (the row does not apply to it); one that follows another has that
// profile's cell unless it is named. Sources and grades: rules.ts.
row(R.WSP_UNAVAILABLE, c(CL_UNAVAILABLE, 0), on(P.WINE));
row(R.WINE_BYTES_RETURNED_NULL, c(CL_PROLOG, E_FAULT), on(P.WINE));
row(R.WINE_BYTES_RETURNED_INVALID, c(CL_CRASH, 0), on(P.WINE));
row(R.WINE_OVERLAPPED_INVALID, c(CL_CRASH, 0), on(P.WINE));
row(R.WINE_ROUTINE_INVALID, c(CL_APC_FAULT, E_OPNOTSUPP), on(P.WINE));
row(R.NOT_INITIALISED, c(CL_PROLOG, E_NOTINITIALISED), on(P.DOCUMENTED) | on(P.WINDOWS) | on(P.REACTOS));
// Windows: only a Winsock 1.1 application can still meet a blocking hook (winsock#WSASetBlockingHook).
row(R.BLOCKING_IN_PROGRESS, c(CL_PROLOG, E_INPROGRESS), on(P.DOCUMENTED));
row(R.BLOCKING_IN_PROGRESS, c(CL_PROLOG, E_INPROGRESS) | CELL_MAYBE, on(P.WINDOWS));
row(R.NOT_A_SOCKET, c(CL_PROLOG, E_NOTSOCK), on(P.DOCUMENTED) | on(P.WINDOWS) | on(P.REACTOS));
row(R.NETWORK_DOWN, c(CL_PARAM, E_NETDOWN), on(P.DOCUMENTED));
row(R.NETWORK_DOWN, c(CL_PARAM_ZERO, E_NETDOWN), on(P.WINDOWS));
row(R.REACTOS_BYTES_RETURNED_NULL, c(CL_PROLOG, E_FAULT), on(P.REACTOS));
row(R.BYTES_RETURNED_POINTER, c(CL_PROLOG, E_FAULT), on(P.DOCUMENTED) | on(P.WINDOWS));
row(R.REACTOS_UNGUARDED_WRITE, c(CL_CRASH, 0), on(P.REACTOS));
row(R.OVERLAPPED_POINTER, c(CL_PARAM, E_FAULT), on(P.DOCUMENTED) | on(P.WINDOWS));
row(R.ROUTINE_POINTER, c(CL_PARAM, E_FAULT), on(P.DOCUMENTED) | on(P.WINDOWS));
row(R.ROUTINE_POINTER_UNUSED, c(CL_PARAM, E_FAULT) | CELL_MAYBE, on(P.DOCUMENTED) | on(P.WINDOWS));
row(R.THREAD_ID_POINTER, c(CL_PARAM, E_FAULT), on(P.DOCUMENTED) | on(P.WINDOWS));
row(R.FLUSH_UNSUPPORTED, c(CL_UNSUPPORTED, E_OPNOTSUPP), on(P.WINDOWS));
row(R.UNKNOWN_CODE, c(CL_PARAM, E_INVAL) | alt(CL_PARAM, E_OPNOTSUPP, G_DOCUMENTED), on(P.DOCUMENTED));
row(R.UNKNOWN_CODE, c(CL_UNSUPPORTED, E_OPNOTSUPP), on(P.WINDOWS));
row(R.PROVIDER_UNSUPPORTED, c(CL_PARAM, E_OPNOTSUPP), on(P.DOCUMENTED));
row(R.PROVIDER_UNSUPPORTED, c(CL_UNSUPPORTED, E_OPNOTSUPP), on(P.WINDOWS));
// wsaioctl#Return value/WSAENOPROTOOPT: "the TCP SIO_KEEPALIVE_VALS IOCTL was made on a datagram socket".
row(R.NOT_TCP, c(CL_PARAM, E_INVAL) | alt(CL_PARAM, E_OPNOTSUPP, G_DOCUMENTED) | alt2(CL_PARAM, E_NOPROTOOPT, G_DOCUMENTED), on(P.DOCUMENTED));
row(R.NOT_TCP, c(CL_UNSUPPORTED, E_OPNOTSUPP) | alt(CL_PARAM_ZERO, E_INVAL, G_DOCUMENTED) | alt2(CL_PARAM_ZERO, E_NOPROTOOPT, G_DOCUMENTED), on(P.WINDOWS));
row(R.IN_POINTER, c(CL_PARAM, E_FAULT), on(P.DOCUMENTED));
// Windows: SIO_KEEPALIVE_VALS gives WSAEFAULT with 0 written (L5416-5421); SIO_ROUTING_INTERFACE_QUERY WSAEINVAL with nothing written (L9720-9724).
row(R.IN_POINTER, c(CL_PARAM_ZERO, E_FAULT) | alt(CL_PARAM, E_INVAL, G_INFERRED), on(P.WINDOWS));
// wsaioctl#Return value/WSAEFAULT: "or the cbInBuffer or cbOutBuffer parameter is too small".
row(R.IN_TOO_SMALL, c(CL_PARAM, E_INVAL) | alt(CL_PARAM, E_FAULT, G_DOCUMENTED), on(P.DOCUMENTED));
row(R.IN_TOO_SMALL, c(CL_PARAM_ZERO, E_FAULT) | alt(CL_PARAM, E_INVAL, G_INFERRED), on(P.WINDOWS));
row(R.OUT_POINTER, c(CL_PARAM, E_FAULT), on(P.DOCUMENTED));
row(R.OUT_POINTER, c(CL_PARAM, E_FAULT) | CELL_MAYBE, on(P.WINDOWS));
row(R.OUT_NONZERO, c(CL_PARAM, E_INVAL), on(P.DOCUMENTED));
row(R.OUT_NONZERO, c(CL_PARAM, E_INVAL) | CELL_MAYBE, on(P.WINDOWS));
row(R.PORT_RESERVATION, c(CL_PARAM, E_ACCES), on(P.DOCUMENTED));
row(R.PORT_RESERVATION, c(CL_PARAM_ZERO, E_ACCES), on(P.WINDOWS));
row(R.BLOCKING_CANCELLED, c(CL_PARAM, E_INTR), on(P.DOCUMENTED));
row(R.BLOCKING_CANCELLED, c(CL_PARAM_ZERO, E_INTR), on(P.WINDOWS));
row(R.WINE_UNIMPLEMENTED, c(CL_UNSUPPORTED, E_OPNOTSUPP), on(P.WINE));
row(R.REACTOS_WSHIOCTL, c(CL_WSH, E_INVAL), on(P.REACTOS));
// windows-7: the provider does not know the code (hotfix#51), so it checks none of the code's
// parameters and no port reservation, as Windows does for a code it does not know (code.unknown).
row(R.NOT_TCP, NA, on(P.WINDOWS_7));
row(R.IN_POINTER, NA, on(P.WINDOWS_7));
row(R.IN_TOO_SMALL, NA, on(P.WINDOWS_7));
row(R.OUT_POINTER, NA, on(P.WINDOWS_7));
row(R.OUT_NONZERO, NA, on(P.WINDOWS_7));
row(R.PORT_RESERVATION, NA, on(P.WINDOWS_7));

// Orders a source fixes in a profile that is not totally ordered.
// wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5530-5532 (passes on Windows): a NULL
// lpcbBytesReturned gives WSAEFAULT for codes Windows does not support.
before(P.WINDOWS, R.BYTES_RETURNED_POINTER, R.UNKNOWN_CODE);
before(P.WINDOWS, R.BYTES_RETURNED_POINTER, R.FLUSH_UNSUPPORTED);
// `documented`: the seed orders nothing, so no `before` for it.
}

/**
 * Build time (assembly/catalogue/source.ts), after `cells`: what a profile inherits from the one
 * it follows (`BASES`, NO_BASE for none), and the orders T_CODE_UNKNOWN implies (`TRAITS`,
 * inheritance resolved; T_ORDER_TOTAL needs no table: precedence/table.ts). CELLS and BEATEN_BY
 * (bit `first` of slot `then`: `before`) are laid out by `at`; DECLARED says which cells a
 * profile named. A base comes before the profiles that follow it (the build checks), so it is
 * resolved first.
 */
export function resolve(
  CELLS: StaticArray<u32>, DECLARED: StaticArray<bool>, BEATEN_BY: StaticArray<u32>, BASES: StaticArray<i32>, TRAITS: StaticArray<u32>,
): void {
for (let p: u32 = 0; p < <u32>P.COUNT; p++) {
  const base = BASES[p];
  const traits = TRAITS[p];
  for (let r: u32 = 0; r < PRECEDENCE_ROWS; r++) {
    const i = at(r, p);
    if (base != NO_BASE) {
      if (!DECLARED[i]) CELLS[i] = CELLS[at(r, <u32>base)];
      BEATEN_BY[i] |= BEATEN_BY[at(r, <u32>base)];
    }
  }
  if ((traits & T_CODE_UNKNOWN) != 0) {
    // A provider that does not know the code answers only once it is called: every row that
    // fails before the provider runs (class prolog) precedes its answer.
    for (let r: u32 = 0; r < PRECEDENCE_ROWS; r++) {
      const value = CELLS[at(r, p)];
      if ((value & CELL_OUTCOME) != 0 && ((value >> CELL_CLASS_SHIFT) & M_CLASS) == CL_PROLOG) {
        BEATEN_BY[at(<u32>R.PROVIDER_UNSUPPORTED, p)] |= 1 << r;
      }
    }
  }
}
}

/**
 * Build time, after `resolve`: the rows of profile `p` whose cell has an outcome (bit i: row i
 * applies to the profile), or with `maybe`, those whose cell is MAYBE.
 */
export function rowsOf(CELLS: StaticArray<u32>, p: u32, maybe: bool): u32 {
  let m: u32 = 0;
  for (let r: u32 = 0; r < PRECEDENCE_ROWS; r++) {
    if ((CELLS[at(r, p)] & (maybe ? CELL_MAYBE : CELL_OUTCOME)) != 0) m |= 1 << r;
  }
  return m;
}

/**
 * Whether the alternatives of `row`'s cell hold for this call. in.pointer's WSAEINVAL (windows) rests on
 * SIO_ROUTING_INTERFACE_QUERY with a NULL lpvInBuffer (wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L9720-9724):
 * no source shows it for a pointer that is not NULL, which seed#Return value/WSAEFAULT decides.
 */
// @ts-ignore: decorator
@inline export function alternativesHold(row: u32, flags: u32): bool {
  return row != <u32>R.IN_POINTER || ((flags >> F_IN) & M_POINTER) == P_NULL;
}

/** Bytes of the BOOL the input buffer holds. */
// @ts-ignore: decorator
@inline export const BOOL_BYTES: u32 = 4;

// @ts-ignore: decorator
@inline function b(cond: bool, row: R): u32 { return (<u32>cond) << <u32>row; }

/**
 * The predicate of every row, as bit `row`. Read it next to rules.ts. flagFaults and callFaults
 * are functions, not inlined: evaluate and conform share one copy of the predicates (the
 * validator's size, issue 25), and the common call (contract.ts COMMON) does not reach them.
 */
// @ts-ignore: decorator
@inline export function faults(flags: u32, code: u32, cbIn: u32, inLen: u32, cbOut: u32, outLen: u32): u32 {
  return flagFaults(flags) | callFaults(flags, code, cbIn, inLen, cbOut, outLen);
}

/**
 * Rows below FLAG_ROWS read the flags alone, and come before every other row: when one of
 * them decides, the others need not be computed (contract.ts evaluate).
 */
// @ts-ignore: decorator
@inline export const FLAG_ROWS: u32 = <u32>R.FLUSH_UNSUPPORTED;

/** The predicates of rows 0 .. FLAG_ROWS-1. */
export function flagFaults(flags: u32): u32 {
  const wsp = (flags >> F_API) & 1;
  const startup = (flags >> F_STARTUP) & 1;
  const handle = (flags >> F_HANDLE) & M_HANDLE;
  const attr = (flags >> F_OVERLAPPED_ATTR) & 1;
  const br = (flags >> F_BYTES_RETURNED) & M_POINTER;
  const ov = (flags >> F_OVERLAPPED) & M_POINTER;
  const rt = (flags >> F_ROUTINE) & M_POINTER;
  const tid = (flags >> F_THREAD_ID) & M_POINTER;
  const conds = flags >> F_CONDITIONS;
  const ovGiven = ov != OV_NULL;
  // Documented/Windows: lpOverlapped counts only on an overlapped socket (seed#Parameters/lpvOverlapped).
  const ovCall = attr != 0 && ovGiven;
  return b(wsp != 0, R.WSP_UNAVAILABLE)
    | b(br == P_NULL, R.WINE_BYTES_RETURNED_NULL)
    | b(br == P_INVALID && !ovGiven, R.WINE_BYTES_RETURNED_INVALID)
    | b(ov == OV_INVALID, R.WINE_OVERLAPPED_INVALID)
    // Queued as an APC with or without lpOverlapped (wine:dlls/ws2_32/socket.c@wine-8.0 L2256-2261); ntdll
    // rejects INVALID_SOCKET before any APC is queued (wine:dlls/ntdll/unix/file.c@wine-8.0 L5943-5944).
    | b(rt == P_INVALID && handle != H_INVALID_SOCKET, R.WINE_ROUTINE_INVALID)
    | b(wsp == 0 && startup == 0, R.NOT_INITIALISED)
    | b((conds & C_BLOCKING_IN_PROGRESS) != 0, R.BLOCKING_IN_PROGRESS)
    | b(handle >= H_NOT_SOCKET, R.NOT_A_SOCKET)
    | b((conds & C_NETWORK_DOWN) != 0, R.NETWORK_DOWN)
    | b(br == P_NULL && !ovGiven, R.REACTOS_BYTES_RETURNED_NULL)
    | b(br != P_VALID, R.BYTES_RETURNED_POINTER)
    | b((br == P_INVALID && !ovGiven) || ov == OV_INVALID || (ovGiven && rt == P_INVALID), R.REACTOS_UNGUARDED_WRITE)
    | b(attr != 0 && ov == OV_INVALID, R.OVERLAPPED_POINTER)
    | b(ovCall && rt == P_INVALID, R.ROUTINE_POINTER)
    | b(attr != 0 && !ovGiven && rt == P_INVALID, R.ROUTINE_POINTER_UNUSED)
    | b(wsp != 0 && ovCall && rt != P_NULL && tid != P_VALID, R.THREAD_ID_POINTER);
}

/** The predicates of rows FLAG_ROWS and after. */
export function callFaults(flags: u32, code: u32, cbIn: u32, inLen: u32, cbOut: u32, outLen: u32): u32 {
  const handle = (flags >> F_HANDLE) & M_HANDLE;
  const attr = (flags >> F_OVERLAPPED_ATTR) & 1;
  const inP = (flags >> F_IN) & M_POINTER;
  const outP = (flags >> F_OUT) & M_POINTER;
  const conds = flags >> F_CONDITIONS;
  const lfp = code == SIO_LOOPBACK_FAST_PATH;
  const flush = code == SIO_FLUSH;
  const ovCall = attr != 0 && ((flags >> F_OVERLAPPED) & M_POINTER) != OV_NULL;
  return b(flush, R.FLUSH_UNSUPPORTED)
    | b(!lfp && !flush, R.UNKNOWN_CODE)
    | b((conds & C_PROVIDER_UNSUPPORTED) != 0, R.PROVIDER_UNSUPPORTED)
    | b(lfp && handle == H_UDP, R.NOT_TCP)
    | b(lfp && cbIn > 0 && (inP != P_VALID || inLen < cbIn), R.IN_POINTER)
    | b(lfp && cbIn < BOOL_BYTES, R.IN_TOO_SMALL)
    | b(lfp && cbOut > 0 && (outP != P_VALID || outLen < cbOut), R.OUT_POINTER)
    | b(lfp && cbOut != 0, R.OUT_NONZERO)
    | b((conds & C_PORT_RESERVATION_DENIED) != 0, R.PORT_RESERVATION)
    | b((conds & C_BLOCKING_CANCELLED) != 0 && !ovCall, R.BLOCKING_CANCELLED)
    | b(true, R.WINE_UNIMPLEMENTED)
    | b(true, R.REACTOS_WSHIOCTL);
}
