// The call contract: what one WSAIoctl/WSPIoctl call with a given description
// returns, writes and completes. `evaluate` gives the preferred outcome (pure,
// allocation-free); `conform` gives every outcome that conforms to the
// profile's sources, preferred first, into a fixed buffer read with
// `conformOutcome` and `conformGrade`.
import {
  F_API, F_STARTUP, F_HANDLE, F_OVERLAPPED_ATTR, F_IN, F_BYTES_RETURNED, F_OVERLAPPED, F_ROUTINE, F_ERRNO, F_CONDITIONS,
  H_NOT_SOCKET, H_CLOSED, H_INVALID_SOCKET, P_NULL, P_VALID, OV_NULL, OV_EVENT, C_IO_DEFERRED, SIO_FLUSH,
  SIO_LOOPBACK_FAST_PATH, O_FAILED, O_ERRNO_WRITTEN, O_BYTES_RETURNED, O_RULE, O_COMPLETION_FAULTS,
  O_ALSO_EVENT, D_RETURNED, D_CRASH, D_UNAVAILABLE, BR_UNTOUCHED, BR_ZERO,
  BR_NONZERO, K_NONE, K_COMPLETE, K_PENDING, K_NEVER, V_NONE, V_EVENT, V_ROUTINE,
  G_DOCUMENTED, G_CHOICE, CELL_ALT_SHIFT, CELL_ALT_GRADE_SHIFT, CELL_ALT2_SHIFT, CELL_CLASS_SHIFT, O_KIND,
  C_PROVIDER_UNSUPPORTED, P_INVALID,
  CL_PROLOG, CL_PARAM, CL_PARAM_ZERO, CL_UNSUPPORTED, CL_CRASH, CL_UNAVAILABLE, CL_APC_FAULT,
  M_POINTER, M_HANDLE, M_DISP, M_BYTES_RETURNED, M_KIND, M_VIA, M_CLASS, M_GRADE,
} from "./shared/layout";
import { WORD } from "./words";
import { E_NONE, E_IO_PENDING } from "./errors";
import { pack, refuse } from "./outcome";
import {
  P, T_OVERLAPPED_ANY_SOCKET, T_EVENT_NOT_FOR_SOCKETS, T_EVENT_AFTER_ROUTINE, T_INVALID_SOCKET_NEVER_COMPLETES,
  T_BYTES_AS_SEED, T_ERRNO_EVERY_RETURN, T_ERRNO_UNUSABLE_OPEN, T_CODE_UNKNOWN, T_ROUTINE_WITHOUT_OVERLAPPED, at, slots,
} from "./profiles";
import { faults, flagFaults, callFaults, alternativesHold, BOOL_BYTES, CELL_OUTCOME } from "./precedence";
import { profileRows, maybeRows, rowCell, minimalRows } from "./precedence/table";
import { R, PRECEDENCE_ROWS } from "./rules";
import { ruleGrade, traitsOf } from "./catalogue";

/** What a call with a profile number the model does not have gets (D_MODEL_ERROR). */
// @ts-ignore: decorator
@inline function unknownProfile(): u32 { return refuse(R.BAD_REFERENCE); }

/** `how` (see below) holds the notification in its low bits and, HOW_ALSO_EVENT up, whether hEvent is signalled too. */
// @ts-ignore: decorator
@inline const HOW_ALSO_EVENT: u32 = 2;

/**
 * How completion is notified for an overlapped call (wsaioctl#Remarks: a
 * completion routine takes precedence over hEvent). Wine, observed on 8.0:
 * the routine is called, but hEvent is signalled only when the handle is not
 * an open socket (a bogus or closed handle); for a real socket it never is.
 * ReactOS calls the routine and then signals hEvent too (reactos:dll/win32/
 * msafd/misc/dllmain.c, WSPIoctl's completion): the +E bit of the outcome.
 */
function via(traits: u32, ov: u32, rt: u32, handle: u32): u32 {
  // Bitwise rather than && and ||: no branch on a batch's mixed calls.
  const event = <u32>(ov == OV_EVENT);
  const routine = V_ROUTINE | ((<u32>((traits & T_EVENT_AFTER_ROUTINE) != 0) & event) << HOW_ALSO_EVENT);
  const signalled = event & (<u32>((traits & T_EVENT_NOT_FOR_SOCKETS) == 0) | <u32>(handle == H_NOT_SOCKET) | <u32>(handle == H_CLOSED));
  return rt == P_VALID ? routine : signalled != 0 ? V_EVENT : V_NONE;
}

// The helpers below take the profile's traits (profiles.ts T_*) and the call as
// arguments (flags, code, inValue) plus two facts derived from it once: `ov`
// (lpOverlapped is used, an overlapped call) and `how` (the notification, via |
// +E << HOW_ALSO_EVENT). No module state: evaluate stays pure and
// allocation-free, and conform can pass a changed lpErrno.

/** Is lpOverlapped used? On any socket (T_OVERLAPPED_ANY_SOCKET), else only on an overlapped socket. */
// @ts-ignore: decorator
@inline function ovCallOf(traits: u32, flags: u32): bool {
  const given = ((flags >> F_OVERLAPPED) & M_POINTER) != OV_NULL;
  return (traits & T_OVERLAPPED_ANY_SOCKET) != 0 ? given : given && ((flags >> F_OVERLAPPED_ATTR) & 1) != 0;
}

/** The call as the profile meets it: a provider that does not know the code (T_CODE_UNKNOWN) is an environment condition of every call with it. */
// @ts-ignore: decorator
@inline function profileFlags(traits: u32, flags: u32, code: u32): u32 {
  const unknown = <u32>((traits & T_CODE_UNKNOWN) != 0) & <u32>(code == SIO_LOOPBACK_FAST_PATH);
  return flags | ((unknown * C_PROVIDER_UNSUPPORTED) << F_CONDITIONS);
}

/** How an overlapped call's completion is notified (`via` above), or V_NONE for a blocking call. */
// @ts-ignore: decorator
@inline function howOf(traits: u32, flags: u32, ov: bool): u32 {
  const how = via(traits, (flags >> F_OVERLAPPED) & M_POINTER, (flags >> F_ROUTINE) & M_POINTER, (flags >> F_HANDLE) & M_HANDLE);
  return ov ? how : V_NONE;
}

/** The outcome of precedence row `row` reporting `cell` (class << 5 | error). */
function rowWord(traits: u32, flags: u32, ov: bool, how: u32, row: u32, cell: u32): u32 {
  const err = cell & 31;
  const cls = (cell >> CELL_CLASS_SHIFT) & M_CLASS;
  const v = how & M_VIA;
  const extra = (how >> HOW_ALSO_EVENT) << O_ALSO_EVENT;
  if (cls == CL_CRASH) return pack(D_CRASH, 0, 0, 0, 0, 0, 0, row);
  if (cls == CL_UNAVAILABLE) return pack(D_UNAVAILABLE, 0, 0, 0, 0, 0, 0, row);
  if (cls == CL_PROLOG || cls == CL_PARAM) return pack(D_RETURNED, 1, err, BR_UNTOUCHED, K_NONE, V_NONE, 0, row);
  if (cls == CL_PARAM_ZERO) return pack(D_RETURNED, 1, err, ov ? BR_UNTOUCHED : BR_ZERO, K_NONE, V_NONE, 0, row);
  if (!ov) {
    // Wine queues a completion routine as an APC with or without lpOverlapped (wine:dlls/ws2_32/socket.c@wine-8.0
    // L2256-2261), unless ntdll refused INVALID_SOCKET first: the call fails synchronously and the routine runs at
    // the next alertable wait; an invalid one faults there (wine.routine-invalid). What a valid one is passed as its
    // status is read from the call's IO_STATUS_BLOCK after the call returned: the model gives the value written there.
    const rt = (flags >> F_ROUTINE) & M_POINTER;
    const queued = (traits & T_ROUTINE_WITHOUT_OVERLAPPED) != 0 && rt != P_NULL && ((flags >> F_HANDLE) & M_HANDLE) != H_INVALID_SOCKET;
    if (cls == CL_APC_FAULT || (queued && cls == CL_UNSUPPORTED)) {
      return pack(D_RETURNED, 1, err, BR_ZERO, K_COMPLETE, V_ROUTINE, err, row) | (<u32>(cls == CL_APC_FAULT) << O_COMPLETION_FAULTS);
    }
    return pack(D_RETURNED, 1, err, BR_ZERO, K_NONE, V_NONE, 0, row);
  }
  if (cls == CL_APC_FAULT) {
    // wine.routine-invalid: returns WSA_IO_PENDING; the APC that calls the routine faults at the next alertable wait.
    return pack(D_RETURNED, 1, E_IO_PENDING, BR_UNTOUCHED, K_COMPLETE, V_ROUTINE, err, row) | (1 << O_COMPLETION_FAULTS);
  }
  if (cls == CL_UNSUPPORTED) {
    // Wine: ntdll rejects INVALID_SOCKET before the fake completion runs (behavior.md 1.2).
    const never = (traits & T_INVALID_SOCKET_NEVER_COMPLETES) != 0 && ((flags >> F_HANDLE) & M_HANDLE) == H_INVALID_SOCKET;
    return pack(D_RETURNED, 1, E_IO_PENDING, BR_UNTOUCHED, never ? K_NEVER : K_COMPLETE, never ? V_NONE : v,
      never ? E_IO_PENDING : err, row) | (never ? 0 : extra);
  }
  // CL_WSH, overlapped: returns 0, the completion carries the error.
  return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_COMPLETE, v, err, row) | extra;
}

/** The rule that decides a success: SIO_FLUSH, a BOOL other than 0/1, or the plain `rule`. */
// @ts-ignore: decorator
@inline function successRule(code: u32, inValue: u32, rule: R): u32 {
  if (code == SIO_FLUSH) return R.FLUSH;
  return code == SIO_LOOPBACK_FAST_PATH && inValue > 1 ? <u32>R.BOOL_VALUE : <u32>rule;
}

/** The preferred success outcome (no row holds). */
function successWord(traits: u32, flags: u32, code: u32, inValue: u32, ov: bool, how: u32): u32 {
  const attr = (flags >> F_OVERLAPPED_ATTR) & 1;
  const v = how & M_VIA;
  const extra = (how >> HOW_ALSO_EVENT) << O_ALSO_EVENT;
  const seed = (traits & T_BYTES_AS_SEED) != 0;
  if (attr == 0 && ((flags >> F_OVERLAPPED) & M_POINTER) != OV_NULL && !ov) {
    return pack(D_RETURNED, 0, E_NONE, seed ? BR_NONZERO : BR_ZERO,
      K_NONE, V_NONE, 0, code == SIO_FLUSH ? <u32>R.FLUSH : <u32>R.OVERLAPPED_IGNORED);
  }
  if (ov) {
    if (((flags >> F_CONDITIONS) & C_IO_DEFERRED) != 0) {
      return pack(D_RETURNED, 1, E_IO_PENDING, BR_UNTOUCHED, K_PENDING, v, E_IO_PENDING, R.DEFERRED) | extra;
    }
    const br = seed || v == V_ROUTINE ? BR_ZERO : BR_UNTOUCHED;
    return pack(D_RETURNED, 0, E_NONE, br, K_COMPLETE, v, 0, successRule(code, inValue, R.SUCCESS_OVERLAPPED)) | extra;
  }
  return pack(D_RETURNED, 0, E_NONE, seed ? BR_NONZERO : BR_ZERO,
    K_NONE, V_NONE, 0, successRule(code, inValue, R.SUCCESS_SYNC));
}

/**
 * What is written through lpcbBytesReturned and lpErrno, last. Nothing is ever
 * written through a NULL or invalid lpcbBytesReturned: the rows either fault on
 * it first, crash on it, or never touch it. WSPIoctl reports an error only
 * through *lpErrno (seed#Parameters/lpErrno); ReactOS's msafd writes it on every
 * synchronous return and guards it against NULL (rule reactos.errno-guarded).
 */
// @ts-ignore: decorator
@inline function finish(traits: u32, flags: u32, ov: bool, out: u32): u32 {
  if ((out & M_DISP) != D_RETURNED) return out;
  // Written as selects rather than branches: on mixed calls (a batch) these conditions are
  // unpredictable, and a mispredicted branch costs more than computing both sides.
  out = ((flags >> F_BYTES_RETURNED) & M_POINTER) == P_VALID ? out : out & ~(M_BYTES_RETURNED << O_BYTES_RETURNED);
  const everyReturn = <u32>((traits & T_ERRNO_EVERY_RETURN) != 0);
  // WSPIoctl reports through lpErrno when it fails, and some providers on every synchronous return.
  const reports = (flags >> F_API) & ((out >> O_FAILED) | (everyReturn & <u32>!ov)) & 1;
  const ep = (flags >> F_ERRNO) & M_POINTER;
  const guarded = (out & ~(127 << O_RULE)) | (<u32>R.REACTOS_ERRNO_GUARDED << O_RULE);
  const unwritable = (everyReturn & <u32>(ep == P_NULL)) != 0 ? guarded : pack(D_CRASH, 0, 0, 0, 0, 0, 0, R.ERRNO_UNWRITABLE);
  const through = ep == P_VALID ? out | (1 << O_ERRNO_WRITTEN) : unwritable;
  return reports != 0 ? through : out;
}

/** `finish` as a function of its own, for the conformance sets (`evaluate` inlines it: its hot path). */
function finishWord(traits: u32, flags: u32, ov: bool, out: u32): u32 { return finish(traits, flags, ov, out); }

/** The rows that hold and apply to `profile`. */
// @ts-ignore: decorator
@inline function hitsOf(profile: u32, flags: u32, code: u32, cbIn: u32, inLen: u32, cbOut: u32, outLen: u32): u32 {
  return faults(flags, code, cbIn, inLen, cbOut, outLen) & profileRows(profile);
}

// Each row's outcome per profile before `finish`, built once from rowWord so that the hot path
// takes it from a table instead of branching on the row's class: per (row, profile), for a
// blocking call (row ROW_BLOCKING) and an overlapped call (ROW_OVERLAPPED). A word is
// ASK_ROW_WORD when it depends on the call's notification or handle (an overlapped CL_UNSUPPORTED
// or CL_WSH; a blocking one where a routine is queued without lpOverlapped); evaluate then asks
// rowWord itself.
// @ts-ignore: decorator
@inline const ASK_ROW_WORD: u32 = 1 << 31;
// @ts-ignore: decorator
@inline const ROW_BLOCKING: u32 = 0;
// @ts-ignore: decorator
@inline const ROW_OVERLAPPED: u32 = 1;
/** The table row of precedence row `row` for a blocking (`ov` false) or overlapped call. */
// @ts-ignore: decorator
@inline function rowWordRow(row: u32, ov: bool): u32 { return (row << 1) | (ov ? ROW_OVERLAPPED : ROW_BLOCKING); }
const ROW_WORDS = memory.data(<i32>(PRECEDENCE_ROWS << 1) * <i32>P.COUNT * WORD, WORD); // slots(PRECEDENCE_ROWS << 1) words
for (let p: u32 = 0; p < <u32>P.COUNT; p++) {
  const traits = traitsOf(p);
  for (let row: u32 = 0; row < PRECEDENCE_ROWS; row++) {
    const cell = rowCell(row, p) & CELL_OUTCOME;
    // A blocking word depends on the call where a routine is queued without lpOverlapped: then rowWord decides.
    const blocking = rowWord(traits, 0, false, V_NONE, row, cell);
    const withRoutine = rowWord(traits, P_VALID << F_ROUTINE, false, V_NONE, row, cell);
    const withBadRoutine = rowWord(traits, P_INVALID << F_ROUTINE, false, V_NONE, row, cell);
    store<u32>(<usize>at(rowWordRow(row, false), p) * WORD, blocking == withRoutine && blocking == withBadRoutine ? blocking : ASK_ROW_WORD, ROW_WORDS);
    const plain = rowWord(traits, 0, true, V_NONE, row, cell);
    const notified = rowWord(traits, 0, true, V_ROUTINE | (1 << HOW_ALSO_EVENT), row, cell);
    const invalidHandle = rowWord(traits, H_INVALID_SOCKET << F_HANDLE, true, V_NONE, row, cell);
    store<u32>(<usize>at(rowWordRow(row, true), p) * WORD, plain == notified && plain == invalidHandle ? plain : ASK_ROW_WORD, ROW_WORDS);
  }
}

/** rowWord for a definite row, from ROW_WORDS where the table has it. */
// @ts-ignore: decorator
@inline function definiteRowWord(profile: u32, traits: u32, flags: u32, ov: bool, how: u32, row: u32): u32 {
  const w = load<u32>(<usize>at(rowWordRow(row, ov), profile) * WORD, ROW_WORDS);
  return w != ASK_ROW_WORD ? w : rowWord(traits, flags, ov, how, row, rowCell(row, profile) & CELL_OUTCOME);
}

/** The preferred outcome by the whole table: the first definite row that holds, else the success. */
function evaluateByTable(
  profile: u32, flags: u32, code: u32, cbIn: u32, inLen: u32, inValue: u32, cbOut: u32, outLen: u32,
): u32 {
  const traits = traitsOf(profile);
  flags = profileFlags(traits, flags, code);
  const ov = ovCallOf(traits, flags);
  const how = howOf(traits, flags, ov);
  const rows = profileRows(profile) & ~maybeRows(profile);
  // The rows that read the flags alone come first: when one of them holds, it decides.
  let definite = flagFaults(flags) & rows;
  if (definite == 0) definite = callFaults(flags, code, cbIn, inLen, cbOut, outLen) & rows;
  const out = definite == 0 ? successWord(traits, flags, code, inValue, ov, how) : definiteRowWord(profile, traits, flags, ov, how, <u32>ctz(definite));
  return finish(traits, flags, ov, out);
}

// The common call: WSAIoctl after WSAStartup on a TCP socket, a valid 4-byte (or longer)
// input, no output buffer, a valid lpcbBytesReturned, no lpOverlapped and no routine, no
// environment condition. Then no row's predicate depends on anything else (the socket's
// overlapped attribute, lpThreadId, lpErrno, lpvOutBuffer are read only with lpOverlapped,
// WSPIoctl or cbOutBuffer > 0): its outcome per profile and BOOL (0/1 or other, the table's
// two rows) is taken from the table once, at start, so evaluate answers it without computing
// every predicate.
// @ts-ignore: decorator
@inline const COMMON_MASK: u32 = 0xfff00000 | (M_POINTER << F_ROUTINE) | (M_POINTER << F_OVERLAPPED) | (M_POINTER << F_BYTES_RETURNED)
  | (M_POINTER << F_IN) | (M_HANDLE << F_HANDLE) | (1 << F_STARTUP) | (1 << F_API);
// @ts-ignore: decorator
@inline const COMMON_FLAGS: u32 = (P_VALID << F_BYTES_RETURNED) | (P_VALID << F_IN) | (1 << F_STARTUP);
const COMMON = memory.data(2 * <i32>P.COUNT * WORD, WORD); // slots(2) words
for (let p: u32 = 0; p < <u32>P.COUNT; p++) {
  for (let b: u32 = 0; b < 2; b++) {
    store<u32>(<usize>at(b, p) * WORD, evaluateByTable(p, COMMON_FLAGS, SIO_LOOPBACK_FAST_PATH, BOOL_BYTES, BOOL_BYTES, b + 1, 0, 0), COMMON);
  }
}

/** The preferred outcome of one call; see shared/layout.ts for the argument and outcome encodings. */
export function evaluate(
  profile: u32, flags: u32, code: u32, cbIn: u32, inLen: u32, inValue: u32, cbOut: u32, outLen: u32,
): u32 {
  return evaluateInline(profile, flags, code, cbIn, inLen, inValue, cbOut, outLen);
}

/** `evaluate`, inlined where it is called in a loop (batch.ts). */
// @ts-ignore: decorator
@inline export function evaluateInline(
  profile: u32, flags: u32, code: u32, cbIn: u32, inLen: u32, inValue: u32, cbOut: u32, outLen: u32,
): u32 {
  if (profile >= <u32>P.COUNT) return unknownProfile();
  if ((flags & COMMON_MASK) == COMMON_FLAGS && code == SIO_LOOPBACK_FAST_PATH && cbIn >= BOOL_BYTES && inLen >= cbIn && cbOut == 0) {
    return load<u32>(<usize>at(<u32>(inValue > 1), profile) * WORD, COMMON);
  }
  return evaluateByTable(profile, flags, code, cbIn, inLen, inValue, cbOut, outLen);
}

// ── conformance sets
// @ts-ignore: decorator
@inline export const SET_CAPACITY: i32 = 32;
const SET = memory.data(SET_CAPACITY * WORD, WORD);
const SET_GRADE = memory.data(SET_CAPACITY * WORD, WORD);
let setSize: i32 = 0;

/** Start a set with the preferred outcome and its grade. */
export function setBegin(word: u32, grade: u32): void {
  setSize = 0;
  setAdd(word, grade);
}

/** Add a conforming outcome (ignored when already there). */
export function setAdd(w: u32, grade: u32): void {
  for (let i = 0; i < setSize; i++) if (load<u32>(<usize>i * WORD, SET) == w) return;
  if (setSize >= SET_CAPACITY) return;
  store<u32>(<usize>setSize * WORD, w, SET);
  store<u32>(<usize>setSize * WORD, grade, SET_GRADE);
  setSize++;
}

/** The grade of an outcome word's rule for `profile`. */
export function gradeOf(word: u32, profile: u32): u32 { return ruleGrade(<i32>((word >> O_RULE) & 127), <i32>profile); }

/** Add the outcomes of the success reading: the preferred one and the values of *lpcbBytesReturned the sources leave open. */
function addSuccess(profile: u32, traits: u32, flags: u32, code: u32, inValue: u32, ov: bool, how: u32): void {
  const w = finishWord(traits, flags, ov, successWord(traits, flags, code, inValue, ov, how));
  setAdd(w, gradeOf(w, profile));
  if ((w & M_DISP) != D_RETURNED || ((w >> O_FAILED) & 1) != 0) return;
  if (((flags >> F_BYTES_RETURNED) & M_POINTER) != P_VALID) return;
  const brMask = ~(M_BYTES_RETURNED << O_BYTES_RETURNED);
  if (((w >> O_BYTES_RETURNED) & M_BYTES_RETURNED) == BR_UNTOUCHED) {
    // success.overlapped, as Windows' set-ioctls: SIO_KEEPALIVE_VALS leaves the count untouched (wine-test L5454-5457,
    // todo_wine), FIONBIO writes 0 (L5339-5344, no todo_wine), and wsaioctl#Remarks/completes-at-once says it "is updated".
    if ((traits & T_BYTES_AS_SEED) == 0 && ((w >> O_KIND) & M_KIND) == K_COMPLETE) setAdd((w & brMask) | (BR_ZERO << O_BYTES_RETURNED), G_DOCUMENTED);
    return;
  }
  if ((traits & T_BYTES_AS_SEED) != 0) {
    // seed#Parameters/lpcbBytesReturned "cannot be zero" against "the size of the data stored": no data is stored.
    setAdd((w & brMask) | (BR_ZERO << O_BYTES_RETURNED), G_DOCUMENTED);
    // "Cannot be zero" is said "if lpOverlapped is NULL", "may be zero" of operations that "cannot be completed
    // immediately": an overlapped call that completes at once has only wsaioctl#Remarks/completes-at-once, the count
    // "updated with the number of bytes in the output buffer" (none), so no nonzero value there.
    if (((w >> O_BYTES_RETURNED) & M_BYTES_RETURNED) == BR_ZERO && ((w >> O_KIND) & M_KIND) == K_NONE) {
      setAdd((w & brMask) | (BR_NONZERO << O_BYTES_RETURNED), G_DOCUMENTED);
    }
  } else if (((w >> O_KIND) & M_KIND) == K_NONE) {
    // Windows' set-ioctls write 0 (inferred); the seed says it cannot be zero.
    setAdd((w & brMask) | (BR_NONZERO << O_BYTES_RETURNED), G_DOCUMENTED);
  }
}

/** Add every row of `rows` with its alternatives. */
function addRows(profile: u32, traits: u32, flags: u32, ov: bool, how: u32, rows: u32): void {
  while (rows != 0) {
    const row = <u32>ctz(rows);
    rows &= rows - 1;
    const cell = rowCell(row, profile);
    const w = finishWord(traits, flags, ov, rowWord(traits, flags, ov, how, row, cell & CELL_OUTCOME));
    setAdd(w, gradeOf(w, profile));
    // The alternatives: the first at CELL_ALT_SHIFT, the second CELL_ALT2_SHIFT - CELL_ALT_SHIFT bits further up (layout.ts).
    if (!alternativesHold(row, flags)) continue;
    for (let k: u32 = 0; k < 2; k++) {
      const up = k * (CELL_ALT2_SHIFT - CELL_ALT_SHIFT);
      const other = (cell >> (CELL_ALT_SHIFT + up)) & CELL_OUTCOME;
      if (other == 0) continue;
      const a = finishWord(traits, flags, ov, rowWord(traits, flags, ov, how, row, other));
      setAdd(a, (w & M_DISP) == D_RETURNED ? (cell >> (CELL_ALT_GRADE_SHIFT + up)) & M_GRADE : gradeOf(a, profile));
    }
  }
}

/**
 * Every outcome of one call that conforms to `profile`'s sources, preferred
 * first; returns how many (read them with conformOutcome / conformGrade).
 * Reading 1: the MAYBE rows do not hold; reading 2: they do. In each, every
 * row that no other holding row precedes conforms, with its alternative.
 */
export function conform(
  profile: u32, flags: u32, code: u32, cbIn: u32, inLen: u32, inValue: u32, cbOut: u32, outLen: u32,
): i32 {
  if (profile >= <u32>P.COUNT) {
    setBegin(unknownProfile(), G_CHOICE);
    return setSize;
  }
  const preferred = evaluate(profile, flags, code, cbIn, inLen, inValue, cbOut, outLen);
  setBegin(preferred, gradeOf(preferred, profile));
  const traits = traitsOf(profile);
  flags = profileFlags(traits, flags, code);
  // Where no source says what a provider does with an unusable lpErrno (wsp.errno-unwritable),
  // each failure conforms as a fault and as a failure with nothing written.
  const errnoOpen = ((flags >> F_API) & 1) != 0 && ((flags >> F_ERRNO) & M_POINTER) != P_VALID && (traits & T_ERRNO_UNUSABLE_OPEN) != 0;
  // Read as if lpErrno were valid; the failures are then changed below.
  const read = errnoOpen ? (flags & ~(M_POINTER << F_ERRNO)) | (P_VALID << F_ERRNO) : flags;
  const ov = ovCallOf(traits, flags);
  const how = howOf(traits, flags, ov);
  const first = setSize;
  const hits = hitsOf(profile, flags, code, cbIn, inLen, cbOut, outLen);
  const definite = hits & ~maybeRows(profile);
  if (definite == 0) addSuccess(profile, traits, read, code, inValue, ov, how);
  addRows(profile, traits, read, ov, how, minimalRows(definite, profile));
  addRows(profile, traits, read, ov, how, minimalRows(hits, profile));
  if (errnoOpen) {
    const end = setSize;
    let anyFailed = false;
    for (let i = first; i < end; i++) {
      const w = load<u32>(<usize>i * WORD, SET);
      if ((w & M_DISP) == D_RETURNED && ((w >> O_FAILED) & 1) != 0) {
        store<u32>(<usize>i * WORD, w & ~(1 << O_ERRNO_WRITTEN), SET);
        store<u32>(<usize>i * WORD, G_CHOICE, SET_GRADE);
        anyFailed = true;
      }
    }
    if (anyFailed) setAdd(pack(D_CRASH, 0, 0, 0, 0, 0, 0, R.ERRNO_UNWRITABLE), G_CHOICE);
  }
  return setSize;
}

export function conformCount(): i32 { return setSize; }
export function conformOutcome(i: i32): u32 { return i >= 0 && i < setSize ? load<u32>(<usize>i * WORD, SET) : 0; }
export function conformGrade(i: i32): u32 { return i >= 0 && i < setSize ? load<u32>(<usize>i * WORD, SET_GRADE) : 0; }
