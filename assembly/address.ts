// What counts as loopback. Addresses arrive as a family (4 or 6) and four u32
// words, each the big-endian value of 4 bytes (an IPv4 address is word 0).
import { R } from "./rules";

// @ts-ignore: decorator
@inline export const A_UNSPECIFIED: u32 = 0;
// @ts-ignore: decorator
@inline export const A_LOOPBACK_V4: u32 = 1;
// @ts-ignore: decorator
@inline export const A_LOOPBACK_V6: u32 = 2;
/** ::ffff:127.x.y.z — loopback only through a dual-stack socket. */
// @ts-ignore: decorator
@inline export const A_MAPPED_LOOPBACK: u32 = 3;
// @ts-ignore: decorator
@inline export const A_OTHER: u32 = 4;
/** ::ffff:a.b.c.d with a non-loopback IPv4 address. */
// @ts-ignore: decorator
@inline export const A_MAPPED_OTHER: u32 = 5;

/** The class of an address (A_*). */
export function classify(family: u32, w0: u32, w1: u32, w2: u32, w3: u32): u32 {
  if (family == 4) {
    if (w0 == 0) return A_UNSPECIFIED;
    return (w0 >>> 24) == 127 ? A_LOOPBACK_V4 : A_OTHER; // rfc:1122 3.2.1.3: all of 127/8
  }
  if ((w0 | w1) == 0) {
    if (w2 == 0 && w3 == 0) return A_UNSPECIFIED;
    if (w2 == 0 && w3 == 1) return A_LOOPBACK_V6; // rfc:4291 2.5.3: ::1 only
    if (w2 == 0xffff) return (w3 >>> 24) == 127 ? A_MAPPED_LOOPBACK : A_MAPPED_OTHER; // rfc:4291 2.5.5.2
  }
  return A_OTHER;
}

/** Is a destination of class `cls` loopback for a socket that is (or is not) dual-stack? */
export function isLoopback(cls: u32, dualStack: bool): bool {
  return cls == A_LOOPBACK_V4 || cls == A_LOOPBACK_V6 || (cls == A_MAPPED_LOOPBACK && dualStack);
}

/** The rule that says whether `cls` is loopback. */
export function loopbackRule(cls: u32): u32 {
  if (cls == A_LOOPBACK_V4) return R.LOOPBACK_V4;
  if (cls == A_LOOPBACK_V6) return R.LOOPBACK_V6;
  if (cls == A_MAPPED_LOOPBACK) return R.LOOPBACK_MAPPED;
  return R.PATH_NON_LOOPBACK;
}
