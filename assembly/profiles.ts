// Behaviour profiles: one body of behaviour each (vector-format.md "Profiles"). A profile is
// declared here and nowhere else: its number (its place in `P`), its record in `profiles`
// (name, the profile it follows, traits, what it is), and, where its sources say so, its own
// precedence cells (precedence.ts) and grades (rules.ts), which name it. A profile that follows
// another inherits that profile's cells, orders of errors, grades and traits except what it
// declares itself; a profile that follows none has no cell and no grade it does not declare.
// Every per-profile table is indexed through `at` below, so that nothing else knows how many
// profiles there are.

/** The profiles, in model order: a profile's number is its place here (the ABI's `profile`). */
export const enum P {
  DOCUMENTED,
  WINDOWS,
  WINE,
  REACTOS,
  WINDOWS_7,
  /** Not a profile: the number of profiles. */
  COUNT
}

/** `follows` of a profile that follows no other. */
// @ts-ignore: decorator
@inline export const NO_BASE: i32 = -1;

/**
 * The slot of `profile` in row `row` of a table with a slot per profile in each row (precedence
 * cells and orders, grades, the outcome tables built from them). Every such table is read and
 * written through this, so that its width is the profile count and nothing else; a table of one
 * value per profile (traits, bases, the rows a profile has) is row 0 of such a table.
 */
// @ts-ignore: decorator
@inline export function at(row: u32, profile: u32): i32 {
  assert(profile < <u32>P.COUNT, "profile out of range");
  return <i32>(row * <u32>P.COUNT + profile);
}

/** Profile `p` as a member of a set of profiles (a u32: at most 32 profiles). */
// @ts-ignore: decorator
@inline export function on(p: P): u32 { return 1 << <u32>p; }

/** How many slots a per-profile table of `rows` rows has. */
// @ts-ignore: decorator
@inline export function slots(rows: u32): i32 { return <i32>(rows * <u32>P.COUNT); }

// ── traits: how a profile behaves where profiles differ by more than a cell of the precedence
// table. One bit each; a profile that follows another has its traits plus the ones it lists,
// less the ones it lists with `not`.
/** lpOverlapped is used whatever the socket's overlapped attribute (Wine, observed:wine-8; ReactOS msafd). Without: only on a socket created with WSA_FLAG_OVERLAPPED (seed#Parameters/lpvOverlapped). */
// @ts-ignore: decorator
@inline export const T_OVERLAPPED_ANY_SOCKET: u32 = 0x001;
/** hEvent is signalled only for a handle that is no open socket (observed:wine-8). */
// @ts-ignore: decorator
@inline export const T_EVENT_NOT_FOR_SOCKETS: u32 = 0x002;
/** After the completion routine, hEvent is signalled too (reactos:dll/win32/msafd/misc/dllmain.c L2583-2598). */
// @ts-ignore: decorator
@inline export const T_EVENT_AFTER_ROUTINE: u32 = 0x004;
/** An overlapped call on INVALID_SOCKET never completes: ntdll rejects it before the completion (behavior.md 1.2). */
// @ts-ignore: decorator
@inline export const T_INVALID_SOCKET_NEVER_COMPLETES: u32 = 0x008;
/** *lpcbBytesReturned after a success as the seed reads it ("cannot be zero"; overlapped "may be zero"). Without: as Windows' set-ioctls (0; overlapped untouched unless a routine is given). */
// @ts-ignore: decorator
@inline export const T_BYTES_AS_SEED: u32 = 0x010;
/** WSPIoctl writes *lpErrno on every synchronous return, guarded against NULL only (rule reactos.errno-guarded). */
// @ts-ignore: decorator
@inline export const T_ERRNO_EVERY_RETURN: u32 = 0x020;
/** No source says what an unusable lpErrno does: a fault and writing nothing both conform (rule wsp.errno-unwritable). */
// @ts-ignore: decorator
@inline export const T_ERRNO_UNUSABLE_OPEN: u32 = 0x040;
/** Its order of errors is total: read in source code, every earlier row of the precedence table wins. */
// @ts-ignore: decorator
@inline export const T_ORDER_TOTAL: u32 = 0x080;
/** Its provider does not know SIO_LOOPBACK_FAST_PATH: env.provider-unsupported holds for every call with the code. */
// @ts-ignore: decorator
@inline export const T_CODE_UNKNOWN: u32 = 0x100;
/** A protocol that does not go with the socket type gives WSAEPROTONOSUPPORT only (rule state.socket). */
// @ts-ignore: decorator
@inline export const T_PROTONOSUPPORT_ONLY: u32 = 0x200;
/** On a fast-path socket an option outside the seed's subset is refused (WSAENOPROTOOPT). Without: accepted and not applied, refusing conforms too (rule options.outside-subset). */
// @ts-ignore: decorator
@inline export const T_OPTIONS_OUTSIDE_REFUSED: u32 = 0x400;
/** The opt-in on a connected socket may answer WSAEINVAL with 0 written, as a third party reports for Windows. Without: WSAEINVAL as the seed's "not applicable" (rule fastpath.after-connect). */
// @ts-ignore: decorator
@inline export const T_AFTER_CONNECT_AS_REPORTED: u32 = 0x800;
/** A completion routine given without lpOverlapped is queued all the same, and runs at the next alertable wait (wine:dlls/ws2_32/socket.c@wine-8.0 L2256-2261; rule wine.routine-invalid). */
// @ts-ignore: decorator
@inline export const T_ROUTINE_WITHOUT_OVERLAPPED: u32 = 0x1000;
/** The completion routine is called inside the call, not at a later alertable wait (reactos:dll/win32/msafd/misc/dllmain.c@0985665e L2583-2603). */
// @ts-ignore: decorator
@inline export const T_ROUTINE_INLINE: u32 = 0x2000;
/** Socket calls answer as Wine 8.0 does over Linux where Windows documents otherwise (observed): bind of another family WSAEOPNOTSUPP, listen when connected WSAEINVAL, send when not connected WSAECONNRESET, connect to 0.0.0.0 WSAECONNREFUSED, IPV6_V6ONLY once bound WSAEINVAL, SO_CONDITIONAL_ACCEPT and TCP_BSDURGENT WSAENOPROTOOPT, and a receive after a reset the end of the stream (its server reads SO_ERROR). */
// @ts-ignore: decorator
@inline export const T_WINE_SOCKETS: u32 = 0x4000;
/** Traits fit the lower half of a word; `not` moves one to the upper half. */
// @ts-ignore: decorator
@inline export const TRAIT_BITS: u32 = 16;
/** In a profile that follows another: the trait `t` of its base does not hold. */
// @ts-ignore: decorator
@inline export function not(t: u32): u32 { return t << TRAIT_BITS; }

// ── grades as rules.ts declares them (build time only; the build resolves them into a table
// read through `at`): a field of GRADE_FIELD_BITS a profile, the grade and a bit saying the
// profile was named; field GRADES_ALL stands for every profile that follows no other.
export type Grades = u64;
// @ts-ignore: decorator
@inline const GRADE_FIELD_BITS: u64 = 4;
// @ts-ignore: decorator
@inline const GRADE_NAMED: u64 = 8;
// @ts-ignore: decorator
@inline const GRADE_VALUE: u64 = 7;
/** The field of `G(ALL, …)`: every profile that follows no other (the build checks P.COUNT stays below it). */
// @ts-ignore: decorator
@inline export const GRADES_ALL: i32 = 15;
/** `g` with `grade` named for profile `p` (or GRADES_ALL); a negative `p` names nothing. */
export function grades(g: Grades, p: i32, grade: u32): Grades {
  if (p < 0) return g;
  assert(p == GRADES_ALL || p < <i32>P.COUNT, "a rule's grades name a profile that does not exist");
  assert(namedGrade(g, p) < 0, "a rule's grades name a profile twice");
  return g | ((GRADE_NAMED | (<u64>grade & GRADE_VALUE)) << (<u64>p * GRADE_FIELD_BITS));
}
/** The grade `g` names for profile `p` (or GRADES_ALL), or -1 where it names none. */
export function namedGrade(g: Grades, p: i32): i32 {
  const field = (g >> (<u64>p * GRADE_FIELD_BITS)) & (GRADE_NAMED | GRADE_VALUE);
  return (field & GRADE_NAMED) != 0 ? <i32>(field & GRADE_VALUE) : -1;
}

/** One profile's record: its number, name, the profile it follows (NO_BASE), traits and what it is. */
export type ProfileRecord = (p: P, name: string, follows: i32, traits: u32, about: string) => void;

/**
 * Every profile's record. The model never calls this: the build (scripts/pack-catalogue.ts) runs
 * it in a build-time module (assembly/catalogue/source.ts), packs the names and texts into the
 * catalogue and the bases and traits (inheritance resolved) into tables (assembly/catalogue.ts).
 */
export function profiles(def: ProfileRecord): void {
  def(P.DOCUMENTED, "documented", NO_BASE, T_BYTES_AS_SEED | T_ERRNO_UNUSABLE_OPEN | T_OPTIONS_OUTSIDE_REFUSED,
    "the seed page and the general WSAIoctl contract taken literally");
  def(P.WINDOWS, "windows", NO_BASE, T_ERRNO_UNUSABLE_OPEN | T_PROTONOSUPPORT_ONLY | T_AFTER_CONNECT_AS_REPORTED,
    "Windows 8 and later: observed where anything is, else the closest analogue Wine's tests show passing on Windows (marked inferred)");
  def(P.WINE, "wine", NO_BASE,
    T_OVERLAPPED_ANY_SOCKET | T_EVENT_NOT_FOR_SOCKETS | T_INVALID_SOCKET_NEVER_COMPLETES | T_ORDER_TOTAL | T_PROTONOSUPPORT_ONLY
      | T_ROUTINE_WITHOUT_OVERLAPPED | T_WINE_SOCKETS,
    "Wine's ws2_32 (6.11 to 9.7) as observed on wine-8.0: the code is unknown to it");
  def(P.REACTOS, "reactos", NO_BASE, T_OVERLAPPED_ANY_SOCKET | T_EVENT_AFTER_ROUTINE | T_ERRNO_EVERY_RETURN | T_ORDER_TOTAL | T_ROUTINE_INLINE,
    "ReactOS's ws2_32, msafd and wshtcpip source, as on ReactOS master (Aug 2023; Windivs-Devs/windivs@0985665e)");
  // hotfix#51 (observed on Windows 7) and the MSDN text it quotes: the code is unknown before Windows 8.
  def(P.WINDOWS_7, "windows-7", P.WINDOWS, T_CODE_UNKNOWN,
    "Windows 7 / Server 2008 R2 and earlier: as windows, but the provider does not know the code (WSAEOPNOTSUPP, hotfix#51)");
}

/** The number of profiles (the build checks that `profiles` gives each a record). */
export function profileCount(): i32 { return P.COUNT; }
