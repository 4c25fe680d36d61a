// The call contract: what one WSAIoctl/WSPIoctl call with a given description
// returns, writes and completes. `evaluate` gives the preferred outcome (pure,
// allocation-free); `conform` gives every outcome that conforms to the
// profile's sources, preferred first, into a fixed buffer read with
// `conformOutcome` and `conformGrade`.
import {
  F_API, F_HANDLE, F_OVERLAPPED_ATTR, F_OVERLAPPED, F_ROUTINE, F_ERRNO, F_CONDITIONS,
  H_NOT_SOCKET, H_CLOSED, H_INVALID_SOCKET, P_NULL, P_VALID, OV_NULL, OV_EVENT, C_IO_DEFERRED, SIO_FLUSH,
  SIO_LOOPBACK_FAST_PATH, O_FAILED, O_ERRNO_WRITTEN, O_BYTES_RETURNED, O_RULE, O_COMPLETION_FAULTS,
  O_ALSO_EVENT, F_BYTES_RETURNED, D_RETURNED, D_CRASH, D_UNAVAILABLE, BR_UNTOUCHED, BR_ZERO,
  BR_NONZERO, K_NONE, K_COMPLETE, K_PENDING, K_NEVER, V_NONE, V_EVENT, V_ROUTINE,
  G_DOCUMENTED, G_CHOICE,
} from "./abi";
import { E_NONE, E_IO_PENDING } from "./errors";
import { pack } from "./outcome";
import { P_DOCUMENTED, P_WINDOWS, P_WINE, P_REACTOS } from "./profiles";
import {
  CL_PROLOG, CL_PARAM, CL_PARAM_ZERO, CL_UNSUPPORTED, CL_CRASH, CL_UNAVAILABLE, CL_APC_FAULT,
  faults, profileRows, maybeRows, rowCell, minimalRows,
} from "./precedence";
import { R } from "./rules";
import { ruleGrade } from "./catalogue";

/**
 * How completion is notified for an overlapped call (wsaioctl#Remarks: a
 * completion routine takes precedence over hEvent). Wine, observed on 8.0:
 * the routine is called, but hEvent is signalled only when the handle is not
 * an open socket (a bogus or closed handle); for a real socket it never is.
 * ReactOS calls the routine and then signals hEvent too (reactos:dll/win32/
 * msafd/misc/dllmain.c, WSPIoctl's completion): the +E bit of the outcome.
 */
// @ts-ignore: decorator
@inline function via(profile: u32, ov: u32, rt: u32, handle: u32): u32 {
  if (rt == P_VALID) {
    return profile == P_REACTOS && ov == OV_EVENT ? V_ROUTINE | 4 : V_ROUTINE; // 4: +E
  }
  if (ov == OV_EVENT && (profile != P_WINE || handle == H_NOT_SOCKET || handle == H_CLOSED)) return V_EVENT;
  return V_NONE;
}

// The call as the helpers below need it, set once per evaluation (no allocation).
let cFlags: u32 = 0;
let cCode: u32 = 0;
let cValue: u32 = 0;
let cOvCall = false;
let cVia: u32 = V_NONE;

function setCall(profile: u32, flags: u32, code: u32, inValue: u32): void {
  const ov = (flags >> F_OVERLAPPED) & 3;
  const attr = (flags >> F_OVERLAPPED_ATTR) & 1;
  cFlags = flags;
  cCode = code;
  cValue = inValue;
  // Wine and ReactOS use lpOverlapped whatever the socket's attribute (observed:wine-8;
  // reactos msafd dllmain.c); documented/Windows only on overlapped sockets.
  cOvCall = profile >= P_WINE ? ov != OV_NULL : (attr != 0 && ov != OV_NULL);
  cVia = cOvCall ? via(profile, ov, (flags >> F_ROUTINE) & 3, (flags >> F_HANDLE) & 7) : V_NONE;
}

/** The outcome of precedence row `row` reporting `cell` (class << 5 | error). */
function rowWord(profile: u32, row: u32, cell: u32): u32 {
  const err = cell & 31;
  const cls = (cell >> 5) & 7;
  const v = cVia & 3;
  const extra = (cVia >> 2) << O_ALSO_EVENT;
  if (cls == CL_CRASH) return pack(D_CRASH, 0, 0, 0, 0, 0, 0, row);
  if (cls == CL_UNAVAILABLE) return pack(D_UNAVAILABLE, 0, 0, 0, 0, 0, 0, row);
  if (cls == CL_PROLOG || cls == CL_PARAM) return pack(D_RETURNED, 1, err, BR_UNTOUCHED, K_NONE, V_NONE, 0, row);
  if (cls == CL_PARAM_ZERO) return pack(D_RETURNED, 1, err, cOvCall ? BR_UNTOUCHED : BR_ZERO, K_NONE, V_NONE, 0, row);
  if (!cOvCall) return pack(D_RETURNED, 1, err, BR_ZERO, K_NONE, V_NONE, 0, row);
  if (cls == CL_APC_FAULT) {
    // wine.routine-invalid: returns WSA_IO_PENDING; the APC that calls the routine faults at the next alertable wait.
    return pack(D_RETURNED, 1, E_IO_PENDING, BR_UNTOUCHED, K_COMPLETE, V_ROUTINE, err, row) | (1 << O_COMPLETION_FAULTS);
  }
  if (cls == CL_UNSUPPORTED) {
    // Wine: ntdll rejects INVALID_SOCKET before the fake completion runs (behavior.md 1.2).
    const never = profile == P_WINE && ((cFlags >> F_HANDLE) & 7) == H_INVALID_SOCKET;
    return pack(D_RETURNED, 1, E_IO_PENDING, BR_UNTOUCHED, never ? K_NEVER : K_COMPLETE, never ? V_NONE : v,
      never ? E_IO_PENDING : err, row) | (never ? 0 : extra);
  }
  // CL_WSH, overlapped: returns 0, the completion carries the error.
  return pack(D_RETURNED, 0, E_NONE, BR_UNTOUCHED, K_COMPLETE, v, err, row) | extra;
}

/** The rule that decides a success: SIO_FLUSH, a BOOL other than 0/1, or the plain `rule`. */
// @ts-ignore: decorator
@inline function successRule(rule: R): u32 {
  if (cCode == SIO_FLUSH) return R.FLUSH;
  return cCode == SIO_LOOPBACK_FAST_PATH && cValue > 1 ? <u32>R.BOOL_VALUE : <u32>rule;
}

/** The preferred success outcome (no row holds). */
function successWord(profile: u32): u32 {
  const attr = (cFlags >> F_OVERLAPPED_ATTR) & 1;
  const ov = (cFlags >> F_OVERLAPPED) & 3;
  const v = cVia & 3;
  const extra = (cVia >> 2) << O_ALSO_EVENT;
  if (attr == 0 && ov != OV_NULL && !cOvCall) {
    return pack(D_RETURNED, 0, E_NONE, profile == P_DOCUMENTED ? BR_NONZERO : BR_ZERO,
      K_NONE, V_NONE, 0, cCode == SIO_FLUSH ? <u32>R.FLUSH : <u32>R.OVERLAPPED_IGNORED);
  }
  if (cOvCall) {
    if (((cFlags >> F_CONDITIONS) & C_IO_DEFERRED) != 0) {
      return pack(D_RETURNED, 1, E_IO_PENDING, BR_UNTOUCHED, K_PENDING, v, E_IO_PENDING, R.DEFERRED) | extra;
    }
    const br = profile == P_DOCUMENTED || v == V_ROUTINE ? BR_ZERO : BR_UNTOUCHED;
    return pack(D_RETURNED, 0, E_NONE, br, K_COMPLETE, v, 0, successRule(R.SUCCESS_OVERLAPPED)) | extra;
  }
  return pack(D_RETURNED, 0, E_NONE, profile == P_DOCUMENTED ? BR_NONZERO : BR_ZERO,
    K_NONE, V_NONE, 0, successRule(R.SUCCESS_SYNC));
}

/**
 * What is written through lpcbBytesReturned and lpErrno, last. Nothing is ever
 * written through a NULL or invalid lpcbBytesReturned: the rows either fault on
 * it first, crash on it, or never touch it. WSPIoctl reports an error only
 * through *lpErrno (seed#Parameters/lpErrno); ReactOS's msafd writes it on every
 * synchronous return and guards it against NULL (rule reactos.errno-guarded).
 */
function finish(profile: u32, out: u32): u32 {
  if ((out & 3) != D_RETURNED) return out;
  if (((cFlags >> F_BYTES_RETURNED) & 3) != P_VALID) out &= ~(3 << O_BYTES_RETURNED);
  if (((cFlags >> F_API) & 1) != 0) {
    const failed = (out >> O_FAILED) & 1;
    if (failed != 0 || (profile == P_REACTOS && !cOvCall)) {
      const ep = (cFlags >> F_ERRNO) & 3;
      if (ep == P_VALID) return out | (1 << O_ERRNO_WRITTEN);
      if (profile == P_REACTOS && ep == P_NULL) return (out & ~(127 << O_RULE)) | (<u32>R.REACTOS_ERRNO_GUARDED << O_RULE);
      return pack(D_CRASH, 0, 0, 0, 0, 0, 0, R.ERRNO_UNWRITABLE);
    }
  }
  return out;
}

/** The rows that hold and apply to `profile`. */
// @ts-ignore: decorator
@inline function hitsOf(profile: u32, flags: u32, code: u32, cbIn: u32, inLen: u32, cbOut: u32, outLen: u32): u32 {
  return faults(flags, code, cbIn, inLen, cbOut, outLen) & profileRows(profile);
}

/** The preferred outcome of one call; see abi.ts for the argument and outcome encodings. */
export function evaluate(
  profile: u32, flags: u32, code: u32, cbIn: u32, inLen: u32, inValue: u32, cbOut: u32, outLen: u32,
): u32 {
  profile &= 3;
  setCall(profile, flags, code, inValue);
  const definite = hitsOf(profile, flags, code, cbIn, inLen, cbOut, outLen) & ~maybeRows(profile);
  if (definite == 0) return finish(profile, successWord(profile));
  const row = <u32>ctz(definite);
  return finish(profile, rowWord(profile, row, rowCell(row, profile) & 0xff));
}

// ── conformance sets
// @ts-ignore: decorator
@inline export const SET_CAPACITY: i32 = 32;
const SET = new StaticArray<u32>(SET_CAPACITY);
const SET_GRADE = new StaticArray<u32>(SET_CAPACITY);
let setSize: i32 = 0;

/** Start a set with the preferred outcome and its grade. */
export function setBegin(word: u32, grade: u32): void {
  setSize = 0;
  setAdd(word, grade);
}

/** Add a conforming outcome (ignored when already there). */
export function setAdd(word: u32, grade: u32): void {
  for (let i = 0; i < setSize; i++) if (unchecked(SET[i]) == word) return;
  if (setSize >= SET_CAPACITY) return;
  unchecked(SET[setSize] = word);
  unchecked(SET_GRADE[setSize] = grade);
  setSize++;
}

/** The grade of an outcome word's rule for `profile`. */
export function gradeOf(word: u32, profile: u32): u32 { return ruleGrade(<i32>((word >> O_RULE) & 127), <i32>profile); }

/** Add the outcomes of the success reading: the preferred one and the values of *lpcbBytesReturned the sources leave open. */
function addSuccess(profile: u32): void {
  const w = finish(profile, successWord(profile));
  setAdd(w, gradeOf(w, profile));
  if ((w & 3) != D_RETURNED || ((w >> O_FAILED) & 1) != 0 || ((w >> O_BYTES_RETURNED) & 3) == BR_UNTOUCHED) return;
  if (((cFlags >> F_BYTES_RETURNED) & 3) != P_VALID) return;
  const brMask = ~(3 << O_BYTES_RETURNED);
  if (profile == P_DOCUMENTED) {
    // seed#Parameters/lpcbBytesReturned "cannot be zero" against "the size of the data stored": no data is stored.
    setAdd((w & brMask) | (BR_ZERO << O_BYTES_RETURNED), G_DOCUMENTED);
    if (((w >> O_BYTES_RETURNED) & 3) == BR_ZERO) setAdd((w & brMask) | (BR_NONZERO << O_BYTES_RETURNED), G_DOCUMENTED);
  } else if (profile == P_WINDOWS && ((w >> 10) & 3) == K_NONE) {
    // Windows' set-ioctls write 0 (inferred); the seed says it cannot be zero.
    setAdd((w & brMask) | (BR_NONZERO << O_BYTES_RETURNED), G_DOCUMENTED);
  }
}

/** Add every row of `rows` with its alternative. */
function addRows(profile: u32, rows: u32): void {
  while (rows != 0) {
    const row = <u32>ctz(rows);
    rows &= rows - 1;
    const cell = rowCell(row, profile);
    const w = finish(profile, rowWord(profile, row, cell & 0xff));
    setAdd(w, gradeOf(w, profile));
    const other = (cell >> 9) & 0xff;
    if (other != 0) {
      const a = finish(profile, rowWord(profile, row, other));
      setAdd(a, (w & 3) == D_RETURNED ? (cell >> 17) & 7 : gradeOf(a, profile));
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
  profile &= 3;
  const preferred = evaluate(profile, flags, code, cbIn, inLen, inValue, cbOut, outLen);
  setBegin(preferred, gradeOf(preferred, profile));
  // No source says what a provider does with an unusable lpErrno (wsp.errno-unwritable): in
  // documented and windows each failure conforms as a fault and as a failure with nothing written.
  const errnoOpen = ((flags >> F_API) & 1) != 0 && ((flags >> F_ERRNO) & 3) != P_VALID && profile <= P_WINDOWS;
  if (errnoOpen) cFlags = (cFlags & ~(3 << F_ERRNO)) | (P_VALID << F_ERRNO);
  const first = setSize;
  const hits = hitsOf(profile, flags, code, cbIn, inLen, cbOut, outLen);
  const definite = hits & ~maybeRows(profile);
  if (definite == 0) addSuccess(profile);
  addRows(profile, minimalRows(definite, profile));
  addRows(profile, minimalRows(hits, profile));
  if (errnoOpen) {
    const end = setSize;
    let anyFailed = false;
    for (let i = first; i < end; i++) {
      const w = unchecked(SET[i]);
      if ((w & 3) == D_RETURNED && ((w >> O_FAILED) & 1) != 0) {
        unchecked(SET[i] = w & ~(1 << O_ERRNO_WRITTEN));
        unchecked(SET_GRADE[i] = G_CHOICE);
        anyFailed = true;
      }
    }
    if (anyFailed) setAdd(pack(D_CRASH, 0, 0, 0, 0, 0, 0, R.ERRNO_UNWRITABLE), G_CHOICE);
  }
  return setSize;
}

export function conformCount(): i32 { return setSize; }
export function conformOutcome(i: i32): u32 { return i >= 0 && i < setSize ? SET[i] : 0; }
export function conformGrade(i: i32): u32 { return i >= 0 && i < setSize ? SET_GRADE[i] : 0; }
