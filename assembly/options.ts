// Socket options the scenarios know: name, level, optname (Winsock numbers, so
// a native driver can pass them on) and whether the seed lists the option as
// supported on a fast-path socket (seed#Remarks). Hosts read the table through
// `optionCount`, `optionLevel`, `optionNumber`, `optionInSubset`; the numbers and the names reach
// the model through the build (catalogue.ts).

// Read only by the build (assembly/catalogue/source.ts), which packs the names into the model.
// @ts-ignore: decorator
@lazy const NAMES: StaticArray<string> = [
  // the seed's list
  "IP_TTL", "IP_UNICAST_IF", "IPV6_UNICAST_HOPS", "IPV6_UNICAST_IF", "IPV6_V6ONLY",
  "SO_CONDITIONAL_ACCEPT", "SO_EXCLUSIVEADDRUSE", "SO_PORT_SCALABILITY", "SO_RCVBUF",
  "SO_REUSEADDR", "TCP_BSDURGENT",
  // common options outside it
  "SO_KEEPALIVE", "TCP_NODELAY", "SO_SNDBUF", "SO_LINGER", "SO_DONTLINGER",
  "SO_OOBINLINE", "SO_BROADCAST", "IP_TOS", "TCP_KEEPALIVE", "IPV6_TCLASS",
];
/** level, optname; from ws2def.h / ws2ipdef.h / mstcpip.h. Read by the build, which writes them into the model (catalogue.ts). */
// @ts-ignore: decorator
@lazy const NUMBERS: StaticArray<u32> = [
  0, 4, 0, 31, 41, 4, 41, 31, 41, 27,
  0xffff, 0x3002, 0xffff, 0xfffffffb, 0xffff, 0x3006, 0xffff, 0x1002,
  0xffff, 4, 6, 0x7000,
  0xffff, 8, 6, 1, 0xffff, 0x1001, 0xffff, 0x80, 0xffff, 0xffffff7f,
  0xffff, 0x100, 0xffff, 0x20, 0, 3, 6, 3, 41, 39,
];
// @ts-ignore: decorator
@inline export const SUBSET_SIZE: i32 = 11;
// @ts-ignore: decorator
@inline export const O_IPV6_V6ONLY: i32 = 4;
// @ts-ignore: decorator
@inline export const O_SO_RCVBUF: i32 = 8;

export function optionCount(): i32 { return NUMBERS.length >> 1; }
export function optionName(i: i32): string { return i >= 0 && i < NAMES.length ? NAMES[i] : ""; }
export function optionLevel(i: i32): u32 { return i >= 0 && i < optionCount() ? unchecked(NUMBERS[i * 2]) : 0; }
export function optionNumber(i: i32): u32 { return i >= 0 && i < optionCount() ? unchecked(NUMBERS[i * 2 + 1]) : 0; }
export function optionInSubset(i: i32): bool { return i >= 0 && i < SUBSET_SIZE; }
// @ts-ignore: decorator
@inline const O_SO_CONDITIONAL_ACCEPT: i32 = 5;
// @ts-ignore: decorator
@inline const O_TCP_BSDURGENT: i32 = 10;
/** Listed options Wine 8.0's setsockopt does not implement (observed: WSAENOPROTOOPT). Not a model export. */
// @ts-ignore: decorator
@inline export function optionWineLacks(i: i32): bool { return i == O_SO_CONDITIONAL_ACCEPT || i == O_TCP_BSDURGENT; }

// @ts-ignore: decorator
@lazy const LEVEL_NAMES: StaticArray<string> = ["SOL_SOCKET", "IPPROTO_IP", "IPPROTO_IPV6", "IPPROTO_TCP"];
// @ts-ignore: decorator
@lazy const LEVEL_NUMBERS: StaticArray<u32> = [0xffff, 0, 41, 6];
export function levelCount(): i32 { return LEVEL_NUMBERS.length; }
export function levelName(i: i32): string { return i >= 0 && i < LEVEL_NAMES.length ? LEVEL_NAMES[i] : ""; }
export function levelNumber(i: i32): u32 { return i >= 0 && i < LEVEL_NUMBERS.length ? unchecked(LEVEL_NUMBERS[i]) : 0; }
