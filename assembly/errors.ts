// Every Winsock error code, as one table. An outcome carries an index into
// this table (5 bits, see shared/layout.ts), so the errors the model can produce come
// first (indexes below PRODUCIBLE_ERRORS): those are the model's (hosts read
// their numbers from the exports `errorCount` and `errorCode`, their names from
// the model's packed catalogue, catalogue.ts). The rest are listed so vector
// files and hosts can name any Winsock error by name or number (winsock#Windows
// Sockets Error Codes); the model never reports them, so the build writes them
// to the explanations asset beside the model instead (catalogue/source.ts).

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
// @ts-ignore: decorator
@inline export const E_PROTONOSUPPORT: u32 = 22;
// @ts-ignore: decorator
@inline export const E_CONNABORTED: u32 = 23;
/** Not a Winsock error: what CancelIoEx reports when it finds nothing to cancel (win32#CancelIoEx/ERROR_NOT_FOUND). */
// @ts-ignore: decorator
@inline export const E_NOT_FOUND: u32 = 24;
/** Indexes below this fit an outcome word; the model never produces the others. */
// @ts-ignore: decorator
@inline export const PRODUCIBLE_ERRORS: u32 = 25;

/**
 * Winsock numbers of the errors the model produces, by index. 0..11 are the seed's table plus
 * WSANOTINITIALISED. Read by the build, which writes them into the model as bare static data
 * (catalogue.ts errorCode).
 */
// @ts-ignore: decorator
@lazy const CODES: StaticArray<u32> = [
  0, 997, 995, 10013, 10014, 10036, 10004, 10022, 10050, 10038, 10045, 10093,
  10042, 10057, 10056, 10061, 10047, 10051, 10049, 10035, 10054, 10041, 10043, 10053,
  1168,
];
// Read only by the build: never produced by the model, the rest of winsock#Windows Sockets Error Codes.
// @ts-ignore: decorator
@lazy const OTHER_CODES: StaticArray<u32> = [
  6, 8, 87, 996, 10009, 10024, 10037, 10039, 10040, 10044, 10046, 10048, 10052, 10055,
  10058, 10059, 10060, 10062, 10063, 10064, 10065, 10066, 10067, 10068, 10069, 10070,
  10071, 10091, 10092, 10101, 10102, 10103, 10104, 10105, 10106, 10107, 10108, 10109,
  10110, 10111, 10112, 11001, 11002, 11003, 11004, 11005, 11006, 11007, 11008, 11009,
  11010, 11011, 11012, 11013, 11014, 11015, 11016, 11017, 11018, 11019, 11020, 11021,
  11022, 11023, 11024, 11025, 11026, 11027, 11028, 11029, 11030, 11031,
];

// Read only by the build (assembly/catalogue/source.ts), which packs the names into the model.
// @ts-ignore: decorator
@lazy const NAMES: StaticArray<string> = [
  "0", "WSA_IO_PENDING", "WSA_OPERATION_ABORTED", "WSAEACCES", "WSAEFAULT",
  "WSAEINPROGRESS", "WSAEINTR", "WSAEINVAL", "WSAENETDOWN", "WSAENOTSOCK",
  "WSAEOPNOTSUPP", "WSANOTINITIALISED", "WSAENOPROTOOPT", "WSAENOTCONN",
  "WSAEISCONN", "WSAECONNREFUSED", "WSAEAFNOSUPPORT", "WSAENETUNREACH",
  "WSAEADDRNOTAVAIL", "WSAEWOULDBLOCK", "WSAECONNRESET", "WSAEPROTOTYPE",
  "WSAEPROTONOSUPPORT", "WSAECONNABORTED", "ERROR_NOT_FOUND",
  "WSA_INVALID_HANDLE", "WSA_NOT_ENOUGH_MEMORY", "WSA_INVALID_PARAMETER", "WSA_IO_INCOMPLETE",
  "WSAEBADF", "WSAEMFILE", "WSAEALREADY", "WSAEDESTADDRREQ", "WSAEMSGSIZE", "WSAESOCKTNOSUPPORT",
  "WSAEPFNOSUPPORT", "WSAEADDRINUSE", "WSAENETRESET", "WSAENOBUFS", "WSAESHUTDOWN",
  "WSAETOOMANYREFS", "WSAETIMEDOUT", "WSAELOOP", "WSAENAMETOOLONG", "WSAEHOSTDOWN",
  "WSAEHOSTUNREACH", "WSAENOTEMPTY", "WSAEPROCLIM", "WSAEUSERS", "WSAEDQUOT", "WSAESTALE",
  "WSAEREMOTE", "WSASYSNOTREADY", "WSAVERNOTSUPPORTED", "WSAEDISCON", "WSAENOMORE",
  "WSAECANCELLED", "WSAEINVALIDPROCTABLE", "WSAEINVALIDPROVIDER", "WSAEPROVIDERFAILEDINIT",
  "WSASYSCALLFAILURE", "WSASERVICE_NOT_FOUND", "WSATYPE_NOT_FOUND", "WSA_E_NO_MORE",
  "WSA_E_CANCELLED", "WSAEREFUSED", "WSAHOST_NOT_FOUND", "WSATRY_AGAIN", "WSANO_RECOVERY",
  "WSANO_DATA", "WSA_QOS_RECEIVERS", "WSA_QOS_SENDERS", "WSA_QOS_NO_SENDERS",
  "WSA_QOS_NO_RECEIVERS", "WSA_QOS_REQUEST_CONFIRMED", "WSA_QOS_ADMISSION_FAILURE",
  "WSA_QOS_POLICY_FAILURE", "WSA_QOS_BAD_STYLE", "WSA_QOS_BAD_OBJECT",
  "WSA_QOS_TRAFFIC_CTRL_ERROR", "WSA_QOS_GENERIC_ERROR", "WSA_QOS_ESERVICETYPE",
  "WSA_QOS_EFLOWSPEC", "WSA_QOS_EPROVSPECBUF", "WSA_QOS_EFILTERSTYLE", "WSA_QOS_EFILTERTYPE",
  "WSA_QOS_EFILTERCOUNT", "WSA_QOS_EOBJLENGTH", "WSA_QOS_EFLOWCOUNT", "WSA_QOS_EUNKOWNPSOBJ",
  "WSA_QOS_EPOLICYOBJ", "WSA_QOS_EFLOWDESC", "WSA_QOS_EPSFLOWSPEC", "WSA_QOS_EPSFILTERSPEC",
  "WSA_QOS_ESDMODEOBJ", "WSA_QOS_ESHAPERATEOBJ", "WSA_QOS_RESERVED_PETYPE",
];

/** The errors the model produces (build time; the model's own: catalogue.ts). */
export function errorCount(): i32 { return CODES.length; }
export function errorCode(i: i32): u32 { return i >= 0 && i < CODES.length ? unchecked(CODES[i]) : 0; }
/** Build-time (catalogue/source.ts): every Winsock error, those the model produces first. */
export function winsockErrorCount(): i32 { return CODES.length + OTHER_CODES.length; }
export function winsockErrorCode(i: i32): u32 { return i < CODES.length ? errorCode(i) : i < winsockErrorCount() ? OTHER_CODES[i - CODES.length] : 0; }
export function errorName(i: i32): string { return i >= 0 && i < NAMES.length ? NAMES[i] : ""; }
