// The error codes the model can report, as one table. An outcome carries an
// index into this table (5 bits, see abi.ts); hosts read names and numbers
// from the exports `errorCount`, `errorCode` and `errorName`.

// @ts-ignore: decorator
@inline export const E_NONE: u32 = 0;
// @ts-ignore: decorator
@inline export const E_IO_PENDING: u32 = 1;
// @ts-ignore: decorator
@inline export const E_OPERATION_ABORTED: u32 = 2;
// @ts-ignore: decorator
@inline export const E_ACCES: u32 = 3;
// @ts-ignore: decorator
@inline export const E_FAULT: u32 = 4;
// @ts-ignore: decorator
@inline export const E_INPROGRESS: u32 = 5;
// @ts-ignore: decorator
@inline export const E_INTR: u32 = 6;
// @ts-ignore: decorator
@inline export const E_INVAL: u32 = 7;
// @ts-ignore: decorator
@inline export const E_NETDOWN: u32 = 8;
// @ts-ignore: decorator
@inline export const E_NOTSOCK: u32 = 9;
// @ts-ignore: decorator
@inline export const E_OPNOTSUPP: u32 = 10;
// @ts-ignore: decorator
@inline export const E_NOTINITIALISED: u32 = 11;
// @ts-ignore: decorator
@inline export const E_NOPROTOOPT: u32 = 12;
// @ts-ignore: decorator
@inline export const E_NOTCONN: u32 = 13;
// @ts-ignore: decorator
@inline export const E_ISCONN: u32 = 14;
// @ts-ignore: decorator
@inline export const E_CONNREFUSED: u32 = 15;
// @ts-ignore: decorator
@inline export const E_AFNOSUPPORT: u32 = 16;
// @ts-ignore: decorator
@inline export const E_NETUNREACH: u32 = 17;
// @ts-ignore: decorator
@inline export const E_ADDRNOTAVAIL: u32 = 18;
// @ts-ignore: decorator
@inline export const E_WOULDBLOCK: u32 = 19;
// @ts-ignore: decorator
@inline export const E_CONNRESET: u32 = 20;
// @ts-ignore: decorator
@inline export const E_PROTOTYPE: u32 = 21;

/** Winsock numbers, by index. 0..11 are the seed's table plus WSANOTINITIALISED. */
const CODES: StaticArray<u32> = [
  0, 997, 995, 10013, 10014, 10036, 10004, 10022, 10050, 10038, 10045, 10093,
  10042, 10057, 10056, 10061, 10047, 10051, 10049, 10035, 10054, 10041,
];

const NAMES: StaticArray<string> = [
  "0", "WSA_IO_PENDING", "WSA_OPERATION_ABORTED", "WSAEACCES", "WSAEFAULT",
  "WSAEINPROGRESS", "WSAEINTR", "WSAEINVAL", "WSAENETDOWN", "WSAENOTSOCK",
  "WSAEOPNOTSUPP", "WSANOTINITIALISED", "WSAENOPROTOOPT", "WSAENOTCONN",
  "WSAEISCONN", "WSAECONNREFUSED", "WSAEAFNOSUPPORT", "WSAENETUNREACH",
  "WSAEADDRNOTAVAIL", "WSAEWOULDBLOCK", "WSAECONNRESET", "WSAEPROTOTYPE",
];

export function errorCount(): i32 { return CODES.length; }
export function errorCode(i: i32): u32 { return i >= 0 && i < CODES.length ? CODES[i] : 0; }
export function errorName(i: i32): string { return i >= 0 && i < NAMES.length ? NAMES[i] : ""; }
