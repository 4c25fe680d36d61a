// The catalogue of rules: for every rule its id, its sources and one line that
// says what it decides. A rule's index is what an outcome reports (abi.ts,
// `rule`). Rows 0..PRECEDENCE_ROWS-1 are the call contract's error precedence,
// in order (precedence.ts holds their predicates and per-profile outcomes);
// the rest decide successes and the socket state machine.
//
// Source notation (the vectors' `refs` use the same): seed#<section> (the page
// in shared/seed), wsaioctl#<section> (the general WSAIoctl contract),
// observed:wine-8 (measured here on Wine 8.0), wine:<file>@<tag> Lnn (Wine's
// source), wine-test:<file>@wine-8.0 Lnn (Wine's conformance tests: without
// todo_wine they pass on Windows), reactos:<file> Lnn, rfc:<n>, and "none" when
// no source says: the rule then states the model's own choice.

// ── call contract: the precedence rows (order matters, see precedence.ts)
// @ts-ignore: decorator
@inline export const R_WSP_UNAVAILABLE: u32 = 0;
// @ts-ignore: decorator
@inline export const R_WINE_BYTES_RETURNED_NULL: u32 = 1;
// @ts-ignore: decorator
@inline export const R_WINE_BYTES_RETURNED_INVALID: u32 = 2;
// @ts-ignore: decorator
@inline export const R_WINE_OVERLAPPED_INVALID: u32 = 3;
// @ts-ignore: decorator
@inline export const R_WINE_ROUTINE_INVALID: u32 = 4;
// @ts-ignore: decorator
@inline export const R_NOT_INITIALISED: u32 = 5;
// @ts-ignore: decorator
@inline export const R_BLOCKING_IN_PROGRESS: u32 = 6;
// @ts-ignore: decorator
@inline export const R_NOT_A_SOCKET: u32 = 7;
// @ts-ignore: decorator
@inline export const R_NETWORK_DOWN: u32 = 8;
// @ts-ignore: decorator
@inline export const R_REACTOS_BYTES_RETURNED_NULL: u32 = 9;
// @ts-ignore: decorator
@inline export const R_BYTES_RETURNED_POINTER: u32 = 10;
// @ts-ignore: decorator
@inline export const R_REACTOS_UNGUARDED_WRITE: u32 = 11;
// @ts-ignore: decorator
@inline export const R_OVERLAPPED_POINTER: u32 = 12;
// @ts-ignore: decorator
@inline export const R_ROUTINE_POINTER: u32 = 13;
// @ts-ignore: decorator
@inline export const R_THREAD_ID_POINTER: u32 = 14;
// @ts-ignore: decorator
@inline export const R_FLUSH_UNSUPPORTED: u32 = 15;
// @ts-ignore: decorator
@inline export const R_UNKNOWN_CODE: u32 = 16;
// @ts-ignore: decorator
@inline export const R_PROVIDER_UNSUPPORTED: u32 = 17;
// @ts-ignore: decorator
@inline export const R_NOT_TCP: u32 = 18;
// @ts-ignore: decorator
@inline export const R_IN_POINTER: u32 = 19;
// @ts-ignore: decorator
@inline export const R_IN_TOO_SMALL: u32 = 20;
// @ts-ignore: decorator
@inline export const R_OUT_POINTER: u32 = 21;
// @ts-ignore: decorator
@inline export const R_OUT_NONZERO: u32 = 22;
// @ts-ignore: decorator
@inline export const R_PORT_RESERVATION: u32 = 23;
// @ts-ignore: decorator
@inline export const R_BLOCKING_CANCELLED: u32 = 24;
// @ts-ignore: decorator
@inline export const R_WINE_UNIMPLEMENTED: u32 = 25;
// @ts-ignore: decorator
@inline export const R_REACTOS_WSHIOCTL: u32 = 26;
/** Number of precedence rows (rules 0..26). */
// @ts-ignore: decorator
@inline export const PRECEDENCE_ROWS: u32 = 27;

// ── call contract: outcomes when no row applies
// @ts-ignore: decorator
@inline export const R_SUCCESS_SYNC: u32 = 27;
// @ts-ignore: decorator
@inline export const R_SUCCESS_OVERLAPPED: u32 = 28;
// @ts-ignore: decorator
@inline export const R_DEFERRED: u32 = 29;
// @ts-ignore: decorator
@inline export const R_OVERLAPPED_IGNORED: u32 = 30;
// @ts-ignore: decorator
@inline export const R_ERRNO_UNWRITABLE: u32 = 31;
// @ts-ignore: decorator
@inline export const R_FLUSH: u32 = 32;
// @ts-ignore: decorator
@inline export const R_BOOL_VALUE: u32 = 33;
// @ts-ignore: decorator
@inline export const R_OUT_TOO_SMALL: u32 = 34;

// ── the socket state machine of the Remarks (scenario.ts and friends)
// @ts-ignore: decorator
@inline export const R_SOCKET: u32 = 35;
// @ts-ignore: decorator
@inline export const R_BIND: u32 = 36;
// @ts-ignore: decorator
@inline export const R_LISTEN: u32 = 37;
// @ts-ignore: decorator
@inline export const R_CONNECT: u32 = 38;
// @ts-ignore: decorator
@inline export const R_CONNECT_REFUSED: u32 = 39;
// @ts-ignore: decorator
@inline export const R_CONNECT_UNSPECIFIED: u32 = 40;
// @ts-ignore: decorator
@inline export const R_ACCEPT: u32 = 41;
// @ts-ignore: decorator
@inline export const R_ACCEPT_EMPTY: u32 = 42;
// @ts-ignore: decorator
@inline export const R_CLOSED_HANDLE: u32 = 43;
// @ts-ignore: decorator
@inline export const R_FP_REQUEST: u32 = 44;
// @ts-ignore: decorator
@inline export const R_FP_AFTER_CONNECT: u32 = 45;
// @ts-ignore: decorator
@inline export const R_PATH_BOTH: u32 = 46;
// @ts-ignore: decorator
@inline export const R_PATH_ONE_SIDE: u32 = 47;
// @ts-ignore: decorator
@inline export const R_PATH_NON_LOOPBACK: u32 = 48;
// @ts-ignore: decorator
@inline export const R_PATH_WFP: u32 = 49;
// @ts-ignore: decorator
@inline export const R_PATH_LIFETIME: u32 = 50;
// @ts-ignore: decorator
@inline export const R_LOOPBACK_V4: u32 = 51;
// @ts-ignore: decorator
@inline export const R_LOOPBACK_V6: u32 = 52;
// @ts-ignore: decorator
@inline export const R_LOOPBACK_MAPPED: u32 = 53;
// @ts-ignore: decorator
@inline export const R_LOOPBACK_MAPPED_V6ONLY: u32 = 54;
// @ts-ignore: decorator
@inline export const R_OPT_SUBSET: u32 = 55;
// @ts-ignore: decorator
@inline export const R_OPT_OUTSIDE_SUBSET: u32 = 56;
// @ts-ignore: decorator
@inline export const R_OPT_LEVEL: u32 = 57;
// @ts-ignore: decorator
@inline export const R_FLOW_SEND: u32 = 58;
// @ts-ignore: decorator
@inline export const R_FLOW_RECV: u32 = 59;
// @ts-ignore: decorator
@inline export const R_FLOW_RECV_EMPTY: u32 = 60;
// @ts-ignore: decorator
@inline export const R_FLOW_SLOW_PATH: u32 = 61;
// @ts-ignore: decorator
@inline export const R_FLOW_NOT_CONNECTED: u32 = 62;
// @ts-ignore: decorator
@inline export const R_CLOSE_ABORTS: u32 = 63;
// @ts-ignore: decorator
@inline export const R_FLUSH_ABORTS: u32 = 64;
// @ts-ignore: decorator
@inline export const R_WAIT_COMPLETE: u32 = 65;
// @ts-ignore: decorator
@inline export const R_WAIT_PENDING: u32 = 66;
// @ts-ignore: decorator
@inline export const R_CAP_SOCKETS: u32 = 67;
// @ts-ignore: decorator
@inline export const R_CAP_CONNECTIONS: u32 = 68;
// @ts-ignore: decorator
@inline export const R_CAP_OPERATIONS: u32 = 69;
// @ts-ignore: decorator
@inline export const R_CAP_BYTES: u32 = 70;
// @ts-ignore: decorator
@inline export const R_BAD_REFERENCE: u32 = 71;
// @ts-ignore: decorator
@inline export const R_OPT_RCVBUF: u32 = 72;
// @ts-ignore: decorator
@inline export const R_OPT_V6ONLY: u32 = 73;

// Three strings per rule: id, sources, what it decides.
const RULES: StaticArray<string> = [
  // 0
  "entry.wsp-unavailable", "observed:wine-8 (mswsock.dll's WSPStartup is an unimplemented stub that aborts the process)",
  "Wine has no service provider interface: no provider's WSPStartup hands out a WSPIoctl, so it cannot be called there.",
  // 1
  "wine.bytes-returned-null", "wine:dlls/ws2_32/socket.c@wine-8.0 L2297-2301; observed:wine-8",
  "Wine checks lpcbBytesReturned before anything else: NULL gives SOCKET_ERROR and WSAEFAULT, for every code and handle.",
  // 2
  "wine.bytes-returned-invalid", "observed:wine-8; wine:dlls/ws2_32/socket.c@wine-8.0 L2644-2665",
  "Wine writes *lpcbBytesReturned without a guard: an invalid pointer takes an access violation.",
  // 3
  "wine.overlapped-invalid", "observed:wine-8",
  "Wine uses lpOverlapped without a guard: an invalid pointer takes an access violation.",
  // 4
  "wine.routine-invalid", "wine:dlls/ws2_32/socket.c@wine-8.0 L926-930; observed:wine-8 (the routine is called as an APC)",
  "Wine queues an APC that calls lpCompletionRoutine, whatever the socket: an invalid routine crashes the process at its next alertable wait.",
  // 5
  "startup.not-initialised", "wsaioctl#Return value; reactos:dll/win32/ws2_32/src/ioctl.c L63, wsautil.c L91-105",
  "WSAIoctl before a successful WSAStartup fails with WSANOTINITIALISED, before anything else is looked at (WSPIoctl is below WSAStartup and has no such check).",
  // 6
  "env.blocking-in-progress", "seed#Return value/WSAEINPROGRESS",
  "While a blocking Winsock call is in progress in the thread the call fails with WSAEINPROGRESS.",
  // 7
  "handle.not-a-socket", "seed#Return value/WSAENOTSOCK; seed#Parameters/s; reactos:dll/win32/ws2_32/src/ioctl.c L66-90",
  "A descriptor that is not an open socket (never one, INVALID_SOCKET, or closed) gives WSAENOTSOCK.",
  // 8
  "env.network-down", "seed#Return value/WSAENETDOWN",
  "When the network subsystem has failed the call fails with WSAENETDOWN.",
  // 9
  "reactos.bytes-returned-null", "reactos:dll/win32/msafd/misc/dllmain.c L2388-2393",
  "ReactOS's msafd rejects a NULL lpcbBytesReturned with WSAEFAULT only when lpOverlapped is NULL too.",
  // 10
  "pointer.bytes-returned", "seed#Return value/WSAEFAULT; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5431-5437, L5530-5532, L5565-5567",
  "lpcbBytesReturned NULL or outside the user address space gives WSAEFAULT, synchronous and overlapped alike.",
  // 11
  "reactos.unguarded-write", "reactos:dll/win32/msafd/misc/dllmain.c L2583-2603",
  "ReactOS writes through lpcbBytesReturned, lpOverlapped, lpErrno and calls lpCompletionRoutine without a guard: an invalid pointer crashes the caller.",
  // 12
  "pointer.overlapped", "seed#Return value/WSAEFAULT; seed#Parameters/lpvOverlapped",
  "On an overlapped socket an lpOverlapped outside the user address space gives WSAEFAULT (on other sockets it is ignored).",
  // 13
  "pointer.completion-routine", "seed#Return value/WSAEFAULT; seed#Parameters/lpCompletionRoutine",
  "For an overlapped call an lpCompletionRoutine outside the user address space gives WSAEFAULT (ignored for non-overlapped sockets).",
  // 14
  "pointer.thread-id", "none (seed#Parameters/lpThreadId says the provider stores the structure; no source names an error)",
  "WSPIoctl with a completion routine needs lpThreadId for WPUQueueApc; the model's choice: NULL or invalid gives WSAEFAULT like the other pointers.",
  // 15
  "code.flush-unsupported", "wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5521, L5534-5539",
  "Windows does not support SIO_FLUSH on TCP sockets: WSAEOPNOTSUPP like any unsupported code.",
  // 16
  "code.unknown", "seed#Return value/WSAEINVAL (documented); wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5511-5586 (windows)",
  "A dwIoControlCode that is neither SIO_LOOPBACK_FAST_PATH nor SIO_FLUSH: WSAEINVAL as the seed says; Windows reports WSAEOPNOTSUPP and, overlapped, pends and completes with it.",
  // 17
  "env.provider-unsupported", "seed#Return value/WSAEOPNOTSUPP; hotfix#51 (Windows 7 observed); wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5541-5581",
  "A transport provider without the code (Windows 7, Server 2008 R2) gives WSAEOPNOTSUPP; Windows reports it overlapped through the completion.",
  // 18
  "socket.not-tcp", "seed#Remarks (TCP only); seed#Return value/WSAEINVAL (documented); wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5717-5722 (windows, inferred)",
  "The code applies to TCP sockets only. Documented: WSAEINVAL (not applicable to the socket type). Windows, inferred from a TCP-only ioctl on UDP: WSAEOPNOTSUPP.",
  // 19
  "in.pointer", "seed#Return value/WSAEFAULT; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5416-5421 (windows)",
  "lpvInBuffer NULL, outside the user address space, or shorter than cbInBuffer, with cbInBuffer > 0: WSAEFAULT (zero bytes are never probed).",
  // 20
  "in.too-small", "seed#Parameters/lpvInBuffer + seed#Return value/WSAEINVAL (documented); wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5409-5414, L5443-5445, L5320-5322 (windows, inferred)",
  "cbInBuffer < 4 cannot hold the BOOL. Documented: WSAEINVAL (input not acceptable). Windows, like SIO_KEEPALIVE_VALS and FIONBIO: WSAEFAULT. Larger buffers are accepted.",
  // 21
  "out.pointer", "seed#Return value/WSAEFAULT",
  "Documented: lpvOutBuffer NULL, outside the user address space or shorter than cbOutBuffer, with cbOutBuffer > 0, gives WSAEFAULT. Windows ignores the unused output (inferred from FIONBIO, wine-test sock.c L5334-5336).",
  // 22
  "out.cb-nonzero", "seed#Parameters/cbOutBuffer",
  "Documented: cbOutBuffer must be zero, any other value gives WSAEINVAL. Windows ignores it (inferred from FIONBIO, wine-test sock.c L5334-5336).",
  // 23
  "env.port-reservation-denied", "seed#Return value/WSAEACCES",
  "A persistent port reservation the user lacks the privileges for gives WSAEACCES.",
  // 24
  "env.blocking-cancelled", "seed#Return value/WSAEINTR",
  "A blocking (non-overlapped) call interrupted by WSACancelBlockingCall fails with WSAEINTR.",
  // 25
  "wine.unimplemented", "wine:dlls/ws2_32/socket.c@wine-8.0 L2644-2665; observed:wine-8",
  "Wine does not know the code: SOCKET_ERROR and WSAEOPNOTSUPP with *lpcbBytesReturned = 0, whatever the handle, buffers or startup. Overlapped (even on a non-overlapped socket): WSA_IO_PENDING, status WSAEOPNOTSUPP, the routine is called, hEvent is signalled only for a handle that is no open socket; on INVALID_SOCKET it never completes.",
  // 26
  "reactos.wshioctl", "reactos:dll/win32/wshtcpip/wshtcpip.c L339-371; reactos:dll/win32/msafd/misc/dllmain.c L2564-2603",
  "ReactOS hands the code to WSHIoctl, which gives WSAEINVAL; overlapped, the call returns 0 and the completion carries WSAEINVAL (the routine is called inline).",
  // 27
  "success.sync", "seed#Parameters/lpcbBytesReturned (documented: cannot be zero); wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5423-5429 (windows, inferred: set-ioctls write 0)",
  "A valid call returns 0. Documented: *lpcbBytesReturned cannot be zero (value unspecified). Windows, like SIO_KEEPALIVE_VALS: 0 and the last error cleared.",
  // 28
  "success.overlapped", "seed#Parameters/lpcbBytesReturned; wsaioctl#Remarks (routine takes precedence over hEvent); wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5454-5464, L5495-5506 (windows)",
  "An overlapped call that completes at once returns 0 and notifies now (routine if given, else event). Documented: *lpcbBytesReturned may be zero. Windows: left untouched, written 0 with a routine.",
  // 29
  "overlapped.deferred", "seed#Return value/WSA_IO_PENDING; seed#Parameters/lpvOverlapped",
  "An overlapped call the provider cannot complete at once returns SOCKET_ERROR with WSA_IO_PENDING, *lpcbBytesReturned untouched; completion comes later.",
  // 30
  "overlapped.ignored", "seed#Parameters/lpvOverlapped; seed#Parameters/lpCompletionRoutine",
  "On a socket created without the overlapped attribute lpOverlapped and lpCompletionRoutine are ignored: the call runs synchronously.",
  // 31
  "wsp.errno-unwritable", "seed#Parameters/lpErrno; none (no source names what happens with a bad lpErrno)",
  "WSPIoctl reports failures only through *lpErrno; when it is NULL or invalid the provider's write faults (model's choice).",
  // 32
  "code.flush", "seed#Return value/WSA_OPERATION_ABORTED",
  "Documented: SIO_FLUSH succeeds and aborts the socket's pending overlapped operations with WSA_OPERATION_ABORTED.",
  // 33
  "in.bool-value", "seed#Parameters/lpvInBuffer (a Boolean value); none for values other than 0 and 1",
  "The BOOL is read as Win32 does: 0 is FALSE (off), every other value TRUE (on). Callers pass 1, 0 and 0xFFFFFFFF.",
  // 34
  "out.too-small", "seed#Parameters/lpcbBytesReturned",
  "The seed's too-small-output sentence (WSAEINVAL, *lpcbBytesReturned = 0) can never apply: the code returns no output.",
  // 35
  "state.socket", "winsock#socket; winsock#WSASocketW; wine:dlls/ws2_32/socket.c@wine-8.0 L3841-3845",
  "socket() makes a TCP (stream/tcp) or UDP (dgram/udp) socket; another pairing gives WSAEPROTOTYPE, before WSAStartup WSANOTINITIALISED.",
  // 36
  "state.bind", "winsock#bind",
  "bind() gives an unbound socket its local address; a second bind gives WSAEINVAL, an address of the other family WSAEAFNOSUPPORT. Non-loopback addresses are simulated.",
  // 37
  "state.listen", "winsock#listen",
  "listen() needs a bound TCP socket: unbound gives WSAEINVAL, UDP WSAEOPNOTSUPP, connected WSAEISCONN; listening again is allowed.",
  // 38
  "state.connect", "winsock#connect; seed#Remarks",
  "connect() joins a listener of the scenario (by name, or by its address) or a simulated remote peer; connected gives WSAEISCONN, listening WSAEINVAL.",
  // 39
  "state.connect-refused", "winsock#connect",
  "A loopback destination where no socket of the scenario listens refuses the connection: WSAECONNREFUSED.",
  // 40
  "state.connect-unspecified", "winsock#connect",
  "The unspecified address (0.0.0.0, ::) is not a destination: WSAEADDRNOTAVAIL.",
  // 41
  "state.accept", "seed#Remarks",
  "accept() hands over the oldest pending connection as a new socket that inherits the listener's fast-path setting and SO_RCVBUF.",
  // 42
  "state.accept-empty", "winsock#accept; none (the model never blocks)",
  "accept() on a socket that is not listening gives WSAEINVAL; with no pending connection it would block: the model answers WSAEWOULDBLOCK.",
  // 43
  "state.closed-handle", "winsock#closesocket; seed#Return value/WSAENOTSOCK",
  "After closesocket the descriptor is no socket: every call on it gives WSAENOTSOCK.",
  // 44
  "fastpath.request", "seed#Remarks (disabled by default; apply before connect / before accept); seed#Parameters/lpvInBuffer",
  "A successful call sets the socket's request from the BOOL (nonzero on, 0 off); it is off by default and can be switched until the socket connects.",
  // 45
  "fastpath.after-connect", "seed#Remarks (lifetime); none (no source says what a call after connect or accept returns)",
  "On a connected or accepted socket the call returns as the contract says and changes the request flag, but never the connection's path.",
  // 46
  "path.both-sides", "seed#Remarks (must be used on both sides)",
  "A loopback connection takes the fast path when the connecting socket and the listener both requested it when it was established.",
  // 47
  "path.one-side", "seed#Remarks (must be used on both sides)",
  "When only one side (or neither) requested it, the connection takes the ordinary (slow) loopback path.",
  // 48
  "path.non-loopback", "seed#Remarks (no effect on a non-loopback path)",
  "A request on a socket that connects to a non-loopback address has no effect: slow path.",
  // 49
  "path.wfp", "seed#Remarks (WFP callout forces the slow path)",
  "With a WFP callout for connection data present when the connection is established, it takes the slow path even if both sides opted in.",
  // 50
  "path.lifetime", "seed#Remarks (once established on the fast path, for the lifetime of the connection)",
  "The path is fixed when the connection is established (connect): later requests, WFP changes or option changes never switch it.",
  // 51
  "loopback.ipv4", "seed#Remarks (IPv4 loopback interface); rfc:1122 3.2.1.3",
  "Every address of 127.0.0.0/8 is IPv4 loopback, not only 127.0.0.1.",
  // 52
  "loopback.ipv6", "seed#Remarks (IPv6 loopback interface); rfc:4291 2.5.3",
  "::1 is the IPv6 loopback address; no other IPv6 address is (fe80::1 and :: are not).",
  // 53
  "loopback.mapped", "rfc:4291 2.5.5.2; winsock#Dual-Stack Sockets",
  "An IPv4-mapped loopback address (::ffff:127.0.0.0/104) on a dual-stack socket (IPV6_V6ONLY off) carries IPv4 loopback traffic: it counts as loopback.",
  // 54
  "loopback.mapped-v6only", "winsock#Dual-Stack Sockets (IPV6_V6ONLY on by default); none for the error",
  "An IPv6 socket is IPv6-only by default: an IPv4-mapped destination is unreachable on it; the model's choice of error: WSAENETUNREACH.",
  // 55
  "options.subset", "seed#Remarks (supported options)",
  "On a fast-path socket the listed options (IP_TTL ... TCP_BSDURGENT) are supported as usual.",
  // 56
  "options.outside-subset", "seed#Remarks (only a subset is supported); winsock#setsockopt (WSAENOPROTOOPT) for documented; none for windows",
  "On a fast-path socket an option outside the list is unsupported: documented WSAENOPROTOOPT; windows (no observation): accepted and not applied.",
  // 57
  "options.level", "winsock#setsockopt",
  "An option named at a level it does not belong to is unknown there: WSAENOPROTOOPT.",
  // 58
  "flow.send", "seed#Remarks (flow control by queued send requests)",
  "On the fast path a send completes when its bytes fit in the receiver's SO_RCVBUF; otherwise it waits in a FIFO queue until receives drain the buffer.",
  // 59
  "flow.recv", "seed#Remarks (the queue is serviced)",
  "A receive takes up to the requested bytes from the buffer, then moves queued sends in order into the room it made; a send completes when all its bytes have moved.",
  // 60
  "flow.recv-empty", "none (the model never blocks)",
  "A receive with nothing buffered would block: the model answers WSAEWOULDBLOCK, as a non-blocking socket does.",
  // 61
  "flow.slow-path", "none (TCP's own flow control is outside the seed)",
  "Off the fast path sends complete at once; the model does not simulate TCP windows.",
  // 62
  "flow.not-connected", "winsock#send; winsock#recv",
  "send and recv need a connected socket: WSAENOTCONN.",
  // 63
  "close.aborts", "seed#Return value/WSA_OPERATION_ABORTED; none for the peer's sends (WSAECONNRESET is the model's choice)",
  "Closing a socket completes its pending overlapped operations with WSA_OPERATION_ABORTED; sends queued towards it fail with WSAECONNRESET.",
  // 64
  "flush.aborts", "seed#Return value/WSA_OPERATION_ABORTED",
  "Documented: SIO_FLUSH completes the socket's pending overlapped operations with WSA_OPERATION_ABORTED.",
  // 65
  "wait.complete", "seed#Parameters/lpvOverlapped (completion indicated later); none for when a deferred call completes",
  "Waiting for an operation gives its completion; a deferred call completes, and takes effect, when it is waited for.",
  // 66
  "wait.pending", "none (the model never blocks)",
  "Waiting for a send still in the queue reports it pending instead of blocking.",
  // 67
  "capacity.sockets", "none (model limit: 64 sockets a scenario)",
  "A scenario may hold at most 64 sockets.",
  // 68
  "capacity.connections", "none (model limit: 32 connections a scenario)",
  "A scenario may hold at most 32 connections.",
  // 69
  "capacity.operations", "none (model limit: 64 pending operations a scenario)",
  "At most 64 operations may be pending at once.",
  // 70
  "capacity.bytes", "none (model limit: 2^32-1 bytes buffered or queued a direction)",
  "A direction of a connection may hold at most 2^32-1 bytes buffered plus queued.",
  // 71
  "scenario.bad-reference", "none",
  "The step names a socket or operation the scenario does not have.",
  // 72
  "options.rcvbuf", "winsock#SOL_SOCKET Socket Options (SO_RCVBUF); none for the default",
  "SO_RCVBUF sizes the receive buffer the fast path's flow control uses; the model's default is 65536 bytes.",
  // 73
  "options.v6only", "winsock#Dual-Stack Sockets",
  "IPV6_V6ONLY: on (the default for IPv6 sockets) the socket is IPv6-only; 0 makes it dual-stack.",
];

export function ruleCount(): i32 { return RULES.length / 3; }
export function ruleId(i: i32): string { return i >= 0 && i * 3 < RULES.length ? RULES[i * 3] : ""; }
export function ruleSource(i: i32): string { return i >= 0 && i * 3 < RULES.length ? RULES[i * 3 + 1] : ""; }
export function ruleText(i: i32): string { return i >= 0 && i * 3 < RULES.length ? RULES[i * 3 + 2] : ""; }
