// The catalogue of rules: for every rule its id, its evidence grade per
// profile, its sources and one line that says what it decides. A rule's index
// is what an outcome reports (shared/layout.ts, `rule`). The precedence rows come first,
// in order (precedence.ts holds their predicates and per-profile outcomes);
// the rest decide successes and the socket state machine. The enum numbers
// the rules; each `def` is one record, in any order.
//
// Source notation (the vectors' `refs` use the same): citation ids of
// docs/evidence/passages.json, which holds each one's quoted passage (grammar:
// docs/evidence/README.md): seed#<section>/<part>, wsaioctl#<section>/<row>,
// winsock#<page>/<row>, win32#<page>/<row>, observed:wine-8/<case>,
// wine:/wine-test:<file>@wine-8.0 Lnn, reactos:<file>@<commit> Lnn,
// github:<repo>@<commit> <file> Lnn, rfc:<n> <section>, hotfix#51, and "none"
// when no source says: the rule then states the model's own choice and the
// alternatives. test/evidence.test.ts checks that each resolves.
import { G_NONE, G_OBSERVED, G_SOURCE, G_DOCUMENTED, G_INFERRED, G_CHOICE } from "./shared/layout";
import { P, Grades, GRADES_ALL, grades } from "./profiles";

export const enum R {
  WSP_UNAVAILABLE,
  WINE_BYTES_RETURNED_NULL,
  WINE_BYTES_RETURNED_INVALID,
  WINE_OVERLAPPED_INVALID,
  WINE_ROUTINE_INVALID,
  NOT_INITIALISED,
  BLOCKING_IN_PROGRESS,
  NOT_A_SOCKET,
  NETWORK_DOWN,
  REACTOS_BYTES_RETURNED_NULL,
  BYTES_RETURNED_POINTER,
  REACTOS_UNGUARDED_WRITE,
  OVERLAPPED_POINTER,
  ROUTINE_POINTER,
  ROUTINE_POINTER_UNUSED,
  THREAD_ID_POINTER,
  FLUSH_UNSUPPORTED,
  UNKNOWN_CODE,
  PROVIDER_UNSUPPORTED,
  NOT_TCP,
  IN_POINTER,
  IN_TOO_SMALL,
  OUT_POINTER,
  OUT_NONZERO,
  PORT_RESERVATION,
  BLOCKING_CANCELLED,
  WINE_UNIMPLEMENTED,
  REACTOS_WSHIOCTL,
  SUCCESS_SYNC,
  SUCCESS_OVERLAPPED,
  DEFERRED,
  OVERLAPPED_IGNORED,
  ERRNO_UNWRITABLE,
  FLUSH,
  BOOL_VALUE,
  SOCKET,
  BIND,
  LISTEN,
  CONNECT,
  CONNECT_REFUSED,
  CONNECT_UNSPECIFIED,
  ACCEPT,
  ACCEPT_EMPTY,
  CLOSED_HANDLE,
  FP_REQUEST,
  FP_AFTER_CONNECT,
  PATH_BOTH,
  PATH_ONE_SIDE,
  PATH_NON_LOOPBACK,
  PATH_WFP,
  PATH_LIFETIME,
  LOOPBACK_V4,
  LOOPBACK_V6,
  LOOPBACK_MAPPED,
  LOOPBACK_MAPPED_V6ONLY,
  OPT_SUBSET,
  OPT_OUTSIDE_SUBSET,
  OPT_LEVEL,
  FLOW_SEND,
  FLOW_RECV,
  FLOW_RECV_EMPTY,
  FLOW_SLOW_PATH,
  FLOW_NOT_CONNECTED,
  CLOSE_ABORTS,
  FLUSH_ABORTS,
  WAIT_COMPLETE,
  WAIT_PENDING,
  CAP_SOCKETS,
  CAP_CONNECTIONS,
  CAP_OPERATIONS,
  CAP_BYTES,
  BAD_REFERENCE,
  OPT_RCVBUF,
  OPT_V6ONLY,
  REACTOS_ERRNO_GUARDED,
  CLOSE_PEER,
  CLOSE_BACKLOG_RESET,
  CANCEL_ABORTS,
  THREAD_EXIT_ABORTS,
  PATH_LISTENER_LATE,
  CLOSE_PEER_RESET,
  OPT_V6ONLY_AFTER_BIND,
  /** Not a rule: the number of rules. */
  COUNT
}

/** Rules 0..PRECEDENCE_ROWS-1 are the precedence rows (precedence.ts). */
// @ts-ignore: decorator
@inline export const PRECEDENCE_ROWS: u32 = <u32>R.SUCCESS_SYNC;

// Grades by profile: `G(P.WINDOWS, O, P.WINE, S)` names each profile it gives a grade; `ALL`
// stands for every profile that follows no other, and a pair after it overrides it for that
// profile. A profile that follows another has that profile's grade unless it is named; a
// profile that follows none and is not named has none (the rule does not apply to it).
//
// windows-7 follows windows and keeps its grade where that grade's evidence reaches Windows 7:
// Microsoft's Winsock reference, Wine's conformance tests (the Wine testbot runs them on its
// Windows 7 VMs too, beside Windows 8 to 11: wine-bug:52075#c2 in docs/evidence/passages.json;
// the ones cited here have no broken() for any version), hotfix#51 (observed on Windows 7), and the model's
// own inferences and choices. A windows grade that rests on an observation of Windows 8 or later
// only is `inferred` here, not `observed`: it names that (options.v6only-after-bind, a report of Windows 10). It names N where the rule cannot
// decide anything on Windows 7: the code never succeeds there, so neither the rules of a
// successful call nor those of the code's parameters or of the fast path itself apply.
// @ts-ignore: decorator
@inline const N = G_NONE;
// @ts-ignore: decorator
@inline const O = G_OBSERVED;
// @ts-ignore: decorator
@inline const S = G_SOURCE;
// @ts-ignore: decorator
@inline const D = G_DOCUMENTED;
// @ts-ignore: decorator
@inline const I = G_INFERRED;
// @ts-ignore: decorator
@inline const C = G_CHOICE;
/** Every profile that follows no other (in G). */
// @ts-ignore: decorator
@inline export const ALL: i32 = GRADES_ALL;
function G(p0: i32, g0: u32, p1: i32 = -1, g1: u32 = 0, p2: i32 = -1, g2: u32 = 0, p3: i32 = -1, g3: u32 = 0, p4: i32 = -1, g4: u32 = 0): Grades {
  return grades(grades(grades(grades(grades(0, p0, g0), p1, g1), p2, g2), p3, g3), p4, g4);
}

/** One rule's record: its id, grades, sources and text (see the notation above). */
export type RuleRecord = (r: R, id: string, grades: Grades, source: string, text: string) => void;

/**
 * Every rule's record, in any order. The model itself never calls this: the
 * build (scripts/pack-catalogue.ts) runs it in a build-time module
 * (assembly/catalogue/source.ts) and packs the ids, sources and texts into
 * the model as compressed UTF-8, the grades as a table (assembly/catalogue.ts).
 */
export function rules(def: RuleRecord): void {
  def(R.WSP_UNAVAILABLE, "entry.wsp-unavailable", G(P.WINE, O),
    "observed:wine-8/entry.wsp-unavailable/typical-call; observed:wine-8.md/WSPStartup",
    "Wine has no service provider interface: no provider's WSPStartup hands out a WSPIoctl, so it cannot be called there.");
  def(R.WINE_BYTES_RETURNED_NULL, "wine.bytes-returned-null", G(P.WINE, O),
    "wine:dlls/ws2_32/socket.c@wine-8.0 L2297-2301; observed:wine-8/wine.bytes-returned-null/before-handle-and-startup",
    "Wine checks lpcbBytesReturned before anything else: NULL gives SOCKET_ERROR and WSAEFAULT, for every code and handle.");
  def(R.WINE_BYTES_RETURNED_INVALID, "wine.bytes-returned-invalid", G(P.WINE, O),
    "wine:dlls/ws2_32/socket.c@wine-8.0 L2644-2665; observed:wine-8/wine.bytes-returned-invalid/bogus-handle; observed:wine-8.md/lpcbBytesReturned 0x10",
    "Wine writes *lpcbBytesReturned without a guard: an invalid pointer takes an access violation.");
  def(R.WINE_OVERLAPPED_INVALID, "wine.overlapped-invalid", G(P.WINE, O),
    "observed:wine-8/wine.overlapped-invalid/udp; wine:dlls/ws2_32/socket.c@wine-8.0 L2245-2250",
    "Wine uses lpOverlapped without a guard: an invalid pointer takes an access violation.");
  def(R.WINE_ROUTINE_INVALID, "wine.routine-invalid", G(P.WINE, O),
    "wine:dlls/ws2_32/socket.c@wine-8.0 L2256-2261 (queued as an APC whenever a routine is given); wine:dlls/ws2_32/socket.c@wine-8.0 L926-930; wine:dlls/ntdll/unix/socket.c@wine-8.0 L1425-1435; observed:wine-8.md/routine 0x10; observed:wine-8/wine.routine-invalid/without-overlapped",
    "Wine queues any lpCompletionRoutine as an APC, with or without lpOverlapped (overlapped: WSA_IO_PENDING; without: WSAEOPNOTSUPP, 0 written); at the next alertable wait the APC calls the invalid routine and the process faults. On INVALID_SOCKET nothing is queued.");
  def(R.NOT_INITIALISED, "startup.not-initialised", G(P.DOCUMENTED, D, P.WINDOWS, D, P.REACTOS, S),
    "wsaioctl#Return value/WSAEINVAL; winsock#Windows Sockets Error Codes/WSANOTINITIALISED; reactos:dll/win32/ws2_32/src/ioctl.c@0985665e L63; reactos:dll/win32/ws2_32/inc/ws2_32p.h@0985665e L898-911",
    "WSAIoctl before a successful WSAStartup fails with WSANOTINITIALISED, before anything else is looked at (WSPIoctl is below WSAStartup and has no such check).");
  def(R.BLOCKING_IN_PROGRESS, "env.blocking-in-progress", G(P.DOCUMENTED, D, P.WINDOWS, D),
    "seed#Return value/WSAEINPROGRESS; winsock#Blocking Routines and EINPROGRESS/nesting; winsock#WSASetBlockingHook/removed",
    "While a blocking Winsock call is in progress in the thread the call fails with WSAEINPROGRESS. The seed lists it; Microsoft's Winsock 2.2 reference removed the blocking hooks that made it arise, so on Windows it applies only to applications that negotiated Winsock 1.1.");
  def(R.NOT_A_SOCKET, "handle.not-a-socket", G(P.DOCUMENTED, D, P.WINDOWS, I, P.REACTOS, S),
    "seed#Return value/WSAENOTSOCK; seed#Parameters/s; reactos:dll/win32/ws2_32/src/ioctl.c@0985665e L66-90; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L8223-8225",
    "A descriptor that is not an open socket (never one, INVALID_SOCKET, or closed) gives WSAENOTSOCK.");
  def(R.NETWORK_DOWN, "env.network-down", G(P.DOCUMENTED, D, P.WINDOWS, I),
    "seed#Return value/WSAENETDOWN; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5409-5414 (for windows: a failure of a set-ioctl writes 0)",
    "When the network subsystem has failed the call fails with WSAENETDOWN.");
  def(R.REACTOS_BYTES_RETURNED_NULL, "reactos.bytes-returned-null", G(P.REACTOS, S),
    "reactos:dll/win32/msafd/misc/dllmain.c@0985665e L2388-2393",
    "ReactOS's msafd rejects a NULL lpcbBytesReturned with WSAEFAULT only when lpOverlapped is NULL too (after the handle check).");
  def(R.BYTES_RETURNED_POINTER, "pointer.bytes-returned", G(P.DOCUMENTED, D, P.WINDOWS, I),
    "seed#Return value/WSAEFAULT; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5431-5437, L5530-5532, L5565-5567",
    "lpcbBytesReturned NULL or outside the user address space gives WSAEFAULT, synchronous and overlapped alike.");
  def(R.REACTOS_UNGUARDED_WRITE, "reactos.unguarded-write", G(P.REACTOS, S),
    "reactos:dll/win32/msafd/misc/dllmain.c@0985665e L2583-2603",
    "ReactOS guards lpcbBytesReturned and lpErrno against NULL only, and uses lpOverlapped and calls lpCompletionRoutine without a check: an invalid (non-NULL) pointer crashes the caller.");
  def(R.OVERLAPPED_POINTER, "pointer.overlapped", G(P.DOCUMENTED, D, P.WINDOWS, C),
    "seed#Return value/WSAEFAULT; seed#Parameters/lpvOverlapped; none (for windows: WSAEFAULT or an access violation)",
    "On an overlapped socket an lpOverlapped outside the user address space gives WSAEFAULT (on other sockets it is ignored).");
  def(R.ROUTINE_POINTER, "pointer.completion-routine", G(P.DOCUMENTED, D, P.WINDOWS, C),
    "seed#Return value/WSAEFAULT; seed#Parameters/lpCompletionRoutine; wsaioctl#Return value/WSAEFAULT; none (for windows: WSAEFAULT or an access violation when the routine is called)",
    "For an overlapped call an lpCompletionRoutine outside the user address space gives WSAEFAULT (ignored for non-overlapped sockets).");
  def(R.ROUTINE_POINTER_UNUSED, "pointer.completion-routine-unused", G(P.DOCUMENTED, D, P.WINDOWS, C),
    "seed#Return value/WSAEFAULT; seed#Parameters/lpCompletionRoutine; none (the two passages read against each other: WSAEFAULT or the routine ignored)",
    "An invalid lpCompletionRoutine with lpOverlapped NULL on an overlapped socket: the WSAEFAULT row lists the routine without a condition, so WSAEFAULT conforms; the routine is not used by a synchronous call, so ignoring it conforms too (the model prefers ignoring it).");
  def(R.THREAD_ID_POINTER, "pointer.thread-id", G(P.DOCUMENTED, C, P.WINDOWS, C),
    "seed#Parameters/lpThreadId; none (no source names an error; the alternatives: WSAEFAULT, a fault when WPUQueueApc runs, the pointer ignored)",
    "WSPIoctl with a completion routine needs lpThreadId for WPUQueueApc; the model's choice: NULL or invalid gives WSAEFAULT like the other pointers.");
  def(R.FLUSH_UNSUPPORTED, "code.flush-unsupported", G(P.WINDOWS, O),
    "wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5521, L5534-5539, L5541-5558",
    "Windows does not support SIO_FLUSH on TCP sockets: WSAEOPNOTSUPP like any unsupported code.");
  def(R.UNKNOWN_CODE, "code.unknown", G(P.DOCUMENTED, D, P.WINDOWS, O),
    "seed#Return value/WSAEINVAL; seed#Return value/WSAEOPNOTSUPP; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5521, L5534-5539, L5541-5558, L5569-5581",
    "A dwIoControlCode that is neither SIO_LOOPBACK_FAST_PATH nor SIO_FLUSH: documented, WSAEINVAL (not a valid command, preferred) or WSAEOPNOTSUPP (command not supported) both conform; Windows reports WSAEOPNOTSUPP and, overlapped, pends and completes with it.");
  def(R.PROVIDER_UNSUPPORTED, "env.provider-unsupported", G(P.DOCUMENTED, D, P.WINDOWS, I, P.WINDOWS_7, O),
    "seed#Return value/WSAEOPNOTSUPP; winsock#SIO_LOOPBACK_FAST_PATH 2017/WSAEOPNOTSUPP; hotfix#51; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5541-5558",
    "A transport provider without the code (Windows 7, Server 2008 R2: the windows-7 profile, for every call with the code) gives WSAEOPNOTSUPP; Windows reports it overlapped through the completion.");
  def(R.NOT_TCP, "socket.not-tcp", G(P.DOCUMENTED, D, P.WINDOWS, I, P.WINDOWS_7, N),
    "seed#Remarks/tcp-only; seed#Return value/WSAEINVAL; seed#Return value/WSAEOPNOTSUPP; wsaioctl#Return value/WSAENOPROTOOPT; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5717-5722 (windows, inferred)",
    "The code applies to TCP sockets only: WSAEINVAL (not applicable to the socket type, preferred), WSAEOPNOTSUPP (not supported by the provider) or WSAENOPROTOOPT (the WSAIoctl reference's row for a TCP ioctl on a datagram socket). Windows, inferred from a TCP-only ioctl on UDP: WSAEOPNOTSUPP preferred.");
  def(R.IN_POINTER, "in.pointer", G(P.DOCUMENTED, D, P.WINDOWS, I, P.WINDOWS_7, N),
    "seed#Return value/WSAEFAULT; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5416-5421, L9720-9724 (windows, inferred; WSAEINVAL for NULL only)",
    "lpvInBuffer NULL, outside the user address space, or shorter than cbInBuffer, with cbInBuffer > 0: WSAEFAULT (zero bytes are never probed). Windows' analogues: WSAEFAULT, 0 written (SIO_KEEPALIVE_VALS, preferred), or, for a NULL lpvInBuffer only, WSAEINVAL, nothing written (SIO_ROUTING_INTERFACE_QUERY).");
  def(R.IN_TOO_SMALL, "in.too-small", G(P.DOCUMENTED, D, P.WINDOWS, D, P.WINDOWS_7, N),
    "seed#Parameters/lpvInBuffer; seed#Return value/WSAEINVAL; wsaioctl#Return value/WSAEFAULT; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5409-5414, L5443-5445, L5320-5322 (windows: WSAEFAULT, 0 written); wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L9714-9718 (windows, inferred: WSAEINVAL, nothing written)",
    "cbInBuffer < 4 cannot hold the BOOL: WSAEINVAL (input not acceptable) or WSAEFAULT (the WSAIoctl reference: cbInBuffer too small) both conform. Windows: WSAEFAULT, as SIO_KEEPALIVE_VALS and FIONBIO show (preferred), or WSAEINVAL, as SIO_ROUTING_INTERFACE_QUERY. Larger buffers are accepted.");
  def(R.OUT_POINTER, "out.pointer", G(P.DOCUMENTED, D, P.WINDOWS, I, P.WINDOWS_7, N),
    "seed#Return value/WSAEFAULT; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5334-5336, L9758-9762",
    "Documented: lpvOutBuffer NULL, outside the user address space or shorter than cbOutBuffer, with cbOutBuffer > 0, gives WSAEFAULT. Windows: ignoring the unused output (preferred, like FIONBIO) and WSAEFAULT both conform.");
  def(R.OUT_NONZERO, "out.cb-nonzero", G(P.DOCUMENTED, D, P.WINDOWS, I, P.WINDOWS_7, N),
    "seed#Parameters/cbOutBuffer; seed#Return value/WSAEINVAL; seed#Parameters/lpcbBytesReturned; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5334-5336",
    "Documented: cbOutBuffer must be zero, any other value gives WSAEINVAL (the seed's too-small-output sentence cannot apply to a code with no output). Windows: ignoring it (preferred, like FIONBIO) and WSAEINVAL both conform.");
  def(R.PORT_RESERVATION, "env.port-reservation-denied", G(P.DOCUMENTED, D, P.WINDOWS, I, P.WINDOWS_7, N),
    "seed#Return value/WSAEACCES",
    "A persistent port reservation the user lacks the privileges for gives WSAEACCES.");
  def(R.BLOCKING_CANCELLED, "env.blocking-cancelled", G(P.DOCUMENTED, D, P.WINDOWS, C),
    "seed#Return value/WSAEINTR; winsock#WSACancelBlockingCall/removed; none (for windows: the set-ioctl never blocks; alternatives: WSAEINTR as documented, or no error at all)",
    "A blocking (non-overlapped) call interrupted fails with WSAEINTR. The seed names WSACancelBlockingCall, which Winsock 2.2 removed; Windows still interrupts a blocking call with WSAEINTR when the socket is closed under it (inferred).");
  def(R.WINE_UNIMPLEMENTED, "wine.unimplemented", G(P.WINE, O),
    "wine:dlls/ws2_32/socket.c@wine-8.0 L2644-2665; observed:wine-8/wine.unimplemented/nothing-checked; observed:wine-8/handle.not-a-socket/overlapped-bogus-handle; observed:wine-8/code.unknown/overlapped-event; observed:wine-8/handle.not-a-socket/overlapped-invalid-socket",
    "Wine does not know the code: SOCKET_ERROR and WSAEOPNOTSUPP with *lpcbBytesReturned = 0, whatever the handle, buffers or startup. Overlapped (even on a non-overlapped socket): WSA_IO_PENDING, status WSAEOPNOTSUPP, the routine is called, hEvent is signalled only for a handle that is no open socket; on INVALID_SOCKET it never completes.");
  def(R.REACTOS_WSHIOCTL, "reactos.wshioctl", G(P.REACTOS, S),
    "reactos:dll/win32/wshtcpip/wshtcpip.c@0985665e L366-370; reactos:dll/win32/msafd/misc/dllmain.c@0985665e L2564-2603",
    "ReactOS hands the code to WSHIoctl, which gives WSAEINVAL; overlapped, the call returns 0 and the completion carries WSAEINVAL: the routine is called inline, then hEvent is signalled, then the completion port is posted.");
  def(R.SUCCESS_SYNC, "success.sync", G(P.DOCUMENTED, D, P.WINDOWS, I, P.WINDOWS_7, N),
    "seed#Parameters/lpcbBytesReturned; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5423-5429, L5324-5329",
    "A valid call returns 0. *lpcbBytesReturned: documented, \"cannot be zero\" (preferred, value unspecified) or 0 (no data is stored) both conform; Windows, like SIO_KEEPALIVE_VALS, 0 (preferred, inferred) or a nonzero value (documented).");
  def(R.SUCCESS_OVERLAPPED, "success.overlapped", G(P.DOCUMENTED, D, P.WINDOWS, I, P.WINDOWS_7, N),
    "seed#Parameters/lpcbBytesReturned; wsaioctl#Remarks/completes-at-once; wsaioctl#Remarks/routine-or-event; wsaioctl#Remarks/alertable; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5454-5464, L5495-5506, L5339-5344 (windows)",
    "An overlapped call that completes at once returns 0 and completes now: the routine if given (run at the next alertable wait), else the event. *lpcbBytesReturned: documented 0 (\"updated with the number of bytes in the output buffer\", none: the seed's \"may be zero\" is said of operations that cannot complete at once); Windows untouched (preferred) or 0 (\"updated\"), 0 with a routine.");
  def(R.DEFERRED, "overlapped.deferred", G(P.DOCUMENTED, D, P.WINDOWS, D, P.WINDOWS_7, N),
    "seed#Return value/WSA_IO_PENDING; seed#Parameters/lpvOverlapped",
    "An overlapped call the provider cannot complete at once returns SOCKET_ERROR with WSA_IO_PENDING, *lpcbBytesReturned untouched; completion comes later.");
  def(R.OVERLAPPED_IGNORED, "overlapped.ignored", G(P.DOCUMENTED, D, P.WINDOWS, D, P.WINDOWS_7, N),
    "seed#Parameters/lpvOverlapped; seed#Parameters/lpCompletionRoutine",
    "On a socket created without the overlapped attribute lpOverlapped and lpCompletionRoutine are ignored: the call runs synchronously.");
  def(R.ERRNO_UNWRITABLE, "wsp.errno-unwritable", G(P.DOCUMENTED, C, P.WINDOWS, C, P.REACTOS, S),
    "seed#Parameters/lpErrno; reactos:dll/win32/msafd/misc/dllmain.c@0985665e L2599-2600; none (for documented and windows: no source names what a bad lpErrno does; alternatives: a fault, nothing written)",
    "WSPIoctl reports failures only through *lpErrno. ReactOS guards the write against NULL only: an invalid non-NULL lpErrno faults. Documented and Windows: no source says; the model prefers a fault and lets writing nothing conform too.");
  def(R.FLUSH, "code.flush", G(P.DOCUMENTED, D),
    "seed#Return value/WSA_OPERATION_ABORTED",
    "Documented: SIO_FLUSH succeeds and aborts the socket's pending overlapped operations with WSA_OPERATION_ABORTED.");
  def(R.BOOL_VALUE, "in.bool-value", G(P.DOCUMENTED, I, P.WINDOWS, I, P.WINDOWS_7, N),
    "seed#Parameters/lpvInBuffer; winsock#setsockopt/Boolean options",
    "The BOOL is read as Win32 does: 0 is FALSE (off), every other value TRUE (on); this rule decides a successful call whose value is neither 0 nor 1. Callers pass 1, 0 and 0xFFFFFFFF.");
  def(R.SOCKET, "state.socket", G(P.DOCUMENTED, D, P.WINDOWS, O, P.WINE, O, P.REACTOS, D),
    "winsock#socket/WSAEPROTONOSUPPORT; winsock#socket/WSAEPROTOTYPE; wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L3029; wine:server/sock.c@wine-8.0 L1832-1838; observed:wine-8/state.socket/kinds",
    "socket() makes a TCP (stream/tcp) or UDP (dgram/udp) socket; before WSAStartup WSANOTINITIALISED. A protocol that does not go with the type: documented and ReactOS, WSAEPROTOTYPE (preferred) or WSAEPROTONOSUPPORT (winsock#socket lists both); Windows and Wine 8: WSAEPROTONOSUPPORT.");
  def(R.BIND, "state.bind", G(ALL, D, P.WINE, O),
    "winsock#bind/WSAEINVAL; winsock#bind/WSAEFAULT; observed:wine-8/state.bind/other-family",
    "bind() gives an unbound socket its local address; a second bind gives WSAEINVAL, an address of the other family WSAEFAULT (Wine 8.0: WSAEOPNOTSUPP). Non-loopback addresses are simulated.");
  def(R.LISTEN, "state.listen", G(ALL, D, P.WINE, O),
    "winsock#listen/WSAEINVAL; winsock#listen/WSAEOPNOTSUPP; winsock#listen/WSAEISCONN; winsock#listen/listening-again; observed:wine-8.md/listen connected",
    "listen() needs a bound TCP socket: unbound gives WSAEINVAL, UDP WSAEOPNOTSUPP, connected WSAEISCONN (Wine 8.0: WSAEINVAL); listening again is allowed.");
  def(R.CONNECT, "state.connect", G(ALL, D),
    "winsock#connect/WSAEISCONN; winsock#connect/WSAEINVAL; seed#Remarks/before-connect",
    "connect() joins a listener of the scenario (by name, or by its address) or a simulated remote peer; connected gives WSAEISCONN, listening WSAEINVAL.");
  def(R.CONNECT_REFUSED, "state.connect-refused", G(ALL, D),
    "winsock#connect/WSAECONNREFUSED",
    "A loopback destination where no socket of the scenario listens refuses the connection: WSAECONNREFUSED.");
  def(R.CONNECT_UNSPECIFIED, "state.connect-unspecified", G(ALL, D, P.WINE, O),
    "winsock#connect/WSAEADDRNOTAVAIL; observed:wine-8/state.connect-unspecified/any-address",
    "The unspecified address (0.0.0.0, ::) is not a destination: WSAEADDRNOTAVAIL (Wine 8.0: WSAECONNREFUSED, as on Linux 0.0.0.0 is a local destination).");
  def(R.ACCEPT, "state.accept", G(ALL, D),
    "seed#Remarks/before-accept; winsock#accept/same-properties",
    "accept() hands over the oldest pending connection as a new socket that inherits the listener's fast-path request, as it was when the connection was established (so both ends agree with the connection's path), and SO_RCVBUF.");
  def(R.ACCEPT_EMPTY, "state.accept-empty", G(ALL, C),
    "winsock#accept/WSAEINVAL; winsock#accept/WSAEWOULDBLOCK; none (the model never blocks; the alternative: blocking)",
    "accept() on a socket that is not listening gives WSAEINVAL; with no pending connection it would block: the model answers WSAEWOULDBLOCK.");
  def(R.CLOSED_HANDLE, "state.closed-handle", G(ALL, D),
    "seed#Return value/WSAENOTSOCK; winsock#closesocket/descriptor-reuse",
    "After closesocket the descriptor is no socket: every call on it gives WSAENOTSOCK.");
  def(R.FP_REQUEST, "fastpath.request", G(ALL, D),
    "seed#Remarks/disabled-by-default; seed#Remarks/before-connect; seed#Remarks/before-accept; seed#Parameters/lpvInBuffer",
    "A successful call sets the socket's request from the BOOL (nonzero on, 0 off); it is off by default and can be switched until the socket connects.");
  def(R.FP_AFTER_CONNECT, "fastpath.after-connect", G(P.DOCUMENTED, C, P.WINDOWS, C, P.WINDOWS_7, N),
    "seed#Remarks/lifetime; seed#Remarks/before-connect; github:Memurai/memurai-cli@527a149a src/Win32_Interop/Win32_FDAPI.cpp L120-122; github:zeromq/libzmq@6b708e4a src/ip.cpp L321-330, L449-457; none (for the result: success without effect or WSAEINVAL)",
    "On a connected or accepted socket the call never changes the connection's path. It returns success without effect (the model's choice, preferred) or WSAEINVAL (a third party's report for Windows; documented \"not applicable\"), after which the request is unchanged.");
  def(R.PATH_BOTH, "path.both-sides", G(ALL, D, P.WINDOWS_7, N),
    "seed#Remarks/both-sides",
    "A loopback connection takes the fast path when the connecting socket and the listener both requested it when it was established.");
  def(R.PATH_ONE_SIDE, "path.one-side", G(ALL, D),
    "seed#Remarks/both-sides",
    "When only one side (or neither) requested it, the connection takes the ordinary (slow) loopback path.");
  def(R.PATH_NON_LOOPBACK, "path.non-loopback", G(ALL, D),
    "seed#Remarks/non-loopback",
    "A request on a socket that connects to a non-loopback address has no effect: slow path.");
  def(R.PATH_WFP, "path.wfp", G(ALL, D),
    "seed#Remarks/wfp",
    "With a WFP callout for connection data present when the connection is established, it takes the slow path even if both sides opted in.");
  def(R.PATH_LIFETIME, "path.lifetime", G(ALL, D, P.WINDOWS_7, N),
    "seed#Remarks/lifetime",
    "The path is fixed when the connection is established: a request changed afterwards (or a WFP change) never switches it; this rule decides what a socket shows when its request differs from the one its connection was established with.");
  def(R.LOOPBACK_V4, "loopback.ipv4", G(ALL, D),
    "seed#Remarks/loopback-interfaces; rfc:1122 3.2.1.3",
    "Every address of 127.0.0.0/8 is IPv4 loopback, not only 127.0.0.1.");
  def(R.LOOPBACK_V6, "loopback.ipv6", G(ALL, D),
    "seed#Remarks/loopback-interfaces; rfc:4291 2.5.3",
    "::1 is the IPv6 loopback address; no other IPv6 address is (fe80::1 and :: are not).");
  def(R.LOOPBACK_MAPPED, "loopback.mapped", G(ALL, D),
    "winsock#Dual-Stack Sockets/mapped-format; winsock#Dual-Stack Sockets/IPV6_V6ONLY",
    "An IPv4-mapped loopback address (::ffff:127.0.0.0/104) on a dual-stack socket (IPV6_V6ONLY off) carries IPv4 loopback traffic: it counts as loopback.");
  def(R.LOOPBACK_MAPPED_V6ONLY, "loopback.mapped-v6only", G(ALL, C),
    "winsock#Dual-Stack Sockets/IPV6_V6ONLY; winsock#Dual-Stack Sockets/v6only-fails; none (for the error; alternatives: WSAENETUNREACH, WSAEAFNOSUPPORT, WSAEADDRNOTAVAIL)",
    "An IPv6 socket is IPv6-only by default: an IPv4-mapped destination is unreachable on it; the model's choice of error: WSAENETUNREACH.");
  def(R.OPT_SUBSET, "options.subset", G(ALL, D, P.WINE, O),
    "seed#Remarks/option-subset; observed:wine-8.md/options unsupported",
    "On a fast-path socket the listed options (IP_TTL ... TCP_BSDURGENT) are supported as usual. Wine 8.0 implements neither SO_CONDITIONAL_ACCEPT nor TCP_BSDURGENT: WSAENOPROTOOPT.");
  def(R.OPT_OUTSIDE_SUBSET, "options.outside-subset", G(P.DOCUMENTED, D, P.WINDOWS, C, P.WINDOWS_7, N),
    "seed#Remarks/option-subset; winsock#setsockopt/WSAENOPROTOOPT; none (for windows: accepted and not applied, or WSAENOPROTOOPT)",
    "On a socket whose request is on (an accepted socket's as it was at the connection), an option outside the list is unsupported: documented WSAENOPROTOOPT; Windows (no observation): accepted and not applied (preferred) or WSAENOPROTOOPT both conform.");
  def(R.OPT_LEVEL, "options.level", G(ALL, C),
    "winsock#setsockopt/optname; winsock#setsockopt/WSAENOPROTOOPT; none (the page leaves it undefined; alternatives: WSAENOPROTOOPT, WSAEINVAL)",
    "An option named at a level it does not belong to is unknown there: WSAENOPROTOOPT.");
  def(R.FLOW_SEND, "flow.send", G(ALL, D, P.WINDOWS_7, N),
    "seed#Remarks/flow-control; winsock#SOL_SOCKET Socket Options/SO_RCVBUF",
    "On the fast path a send completes when its bytes fit in the receiver's SO_RCVBUF; otherwise it waits in a FIFO queue until receives drain the buffer.");
  def(R.FLOW_RECV, "flow.recv", G(ALL, D),
    "seed#Remarks/flow-control",
    "A receive takes up to the requested bytes from the buffer, then moves queued sends in order into the room it made; a send completes when all its bytes have moved.");
  def(R.FLOW_RECV_EMPTY, "flow.recv-empty", G(ALL, C),
    "winsock#recv/WSAEWOULDBLOCK; none (the model never blocks; the alternative: blocking)",
    "A receive with nothing buffered would block: the model answers WSAEWOULDBLOCK, as a non-blocking socket does.");
  def(R.FLOW_SLOW_PATH, "flow.slow-path", G(ALL, C),
    "none (TCP's own flow control is outside the seed; the alternative: simulating TCP windows)",
    "Off the fast path sends complete at once; the model does not simulate TCP windows.");
  def(R.FLOW_NOT_CONNECTED, "flow.not-connected", G(ALL, D, P.WINE, O),
    "winsock#send/WSAENOTCONN; winsock#recv/WSAENOTCONN; observed:wine-8.md/send unconnected",
    "send and recv need a connected socket: WSAENOTCONN (Wine 8.0 answers a send on an unconnected TCP socket with WSAECONNRESET).");
  def(R.CLOSE_ABORTS, "close.aborts", G(ALL, D),
    "seed#Return value/WSA_OPERATION_ABORTED; winsock#closesocket/pending-overlapped",
    "Closing a socket completes its pending overlapped operations with WSA_OPERATION_ABORTED (what it does to the peer: close.peer, close.backlog-reset).");
  def(R.FLUSH_ABORTS, "flush.aborts", G(P.DOCUMENTED, D),
    "seed#Return value/WSA_OPERATION_ABORTED",
    "Documented: SIO_FLUSH completes the socket's pending overlapped operations with WSA_OPERATION_ABORTED.");
  def(R.WAIT_COMPLETE, "wait.complete", G(ALL, C),
    "seed#Parameters/lpvOverlapped; none (for when a deferred call completes; the alternative: completing at once)",
    "Waiting for an operation gives its completion; a deferred call completes, and takes effect, when it is waited for.");
  def(R.WAIT_PENDING, "wait.pending", G(ALL, C, P.WINDOWS_7, N),
    "none (the model never blocks; the alternative: blocking)",
    "Waiting for a send still in the queue reports it pending instead of blocking.");
  def(R.CAP_SOCKETS, "capacity.sockets", G(ALL, C),
    "none (a model limit, not an implementation's; the alternative: a larger table)",
    "A scenario may hold at most 64 sockets.");
  def(R.CAP_CONNECTIONS, "capacity.connections", G(ALL, C),
    "none (a model limit, not an implementation's; the alternative: a larger table)",
    "A scenario may hold at most 32 connections.");
  def(R.CAP_OPERATIONS, "capacity.operations", G(ALL, C),
    "none (a model limit, not an implementation's; the alternative: a larger table)",
    "At most 64 operations may be pending at once.");
  def(R.CAP_BYTES, "capacity.bytes", G(ALL, C),
    "none (a model limit, not an implementation's; the alternative: a wider counter)",
    "A direction of a connection may hold at most 2^32-1 bytes buffered plus queued.");
  def(R.BAD_REFERENCE, "scenario.bad-reference", G(ALL, C),
    "none (a scenario's own error; the alternative: ignoring the step)",
    "The step names a socket or operation the scenario does not have (or, on the raw ABI, a profile number the model does not have).");
  def(R.OPT_RCVBUF, "options.rcvbuf", G(ALL, D),
    "winsock#SOL_SOCKET Socket Options/SO_RCVBUF; none (for the default, the model's 65536; the alternative: another default)",
    "SO_RCVBUF sizes the receive buffer the fast path's flow control uses; the model's default is 65536 bytes.");
  def(R.OPT_V6ONLY, "options.v6only", G(ALL, D, P.WINE, O),
    "winsock#Dual-Stack Sockets/IPV6_V6ONLY; observed:wine-8/options.v6only/cleared-before-bind-makes-dual-stack",
    "IPV6_V6ONLY: on (the default for IPv6 sockets) the socket is IPv6-only; 0 before it is bound makes it dual-stack.");
  def(R.OPT_V6ONLY_AFTER_BIND, "options.v6only-after-bind", G(ALL, I, P.WINDOWS, O, P.WINDOWS_7, I, P.WINE, O),
    "winsock#Dual-Stack Sockets/IPV6_V6ONLY; github:microsoft/WSL#982 (on Windows 10; the other profiles infer from it); observed:wine-8.md/v6only accepted; observed:wine-8/options.v6only-after-bind/cleared-after-bind-stays-ipv6-only",
    "IPV6_V6ONLY set once the socket is bound changes nothing. The call succeeds, as a third party reports for Windows; Wine 8.0 answers WSAEINVAL.");
  def(R.REACTOS_ERRNO_GUARDED, "reactos.errno-guarded", G(P.REACTOS, S),
    "reactos:dll/win32/msafd/misc/dllmain.c@0985665e L2383-2384, L2390-2391, L2599-2600; reactos:reactos/dll/win32/msafd/misc/dllmain.c@81eb620c L2190, L2198",
    "ReactOS's WSPIoctl guards lpErrno: with a NULL lpErrno a failure returns SOCKET_ERROR and nothing is written, on a socket and on a bad handle alike. The profile follows ReactOS master; releases before October 2016 (0.4.2 and older) wrote *lpErrno unguarded and would fault.");
  def(R.CLOSE_PEER, "close.peer", G(ALL, D, P.WINE, O),
    "winsock#recv/graceful-close; observed:wine-8/close.peer/recv-after-graceful-close",
    "After the other end closed gracefully, a receive with nothing buffered and no reset returns 0: the end of the stream.");
  def(R.CLOSE_PEER_RESET, "close.peer-reset", G(ALL, I, P.WINE, O),
    "rfc:793 3.9; rfc:793 3.4; rfc:1122 4.2.2.13; winsock#recv/reset; winsock#send/WSAECONNRESET; wine:server/sock.c@wine-8.0 L1335-1336, L816; observed:wine-8/close.peer-reset/send-after-peer-closed; observed:wine-8/close.peer-reset/closed-with-unread-data-resets",
    "After the other end closed, the first send is taken; the closed end answers data with a reset that later sends and receives may meet (WSAECONNRESET), and sends queued to it fail. An end closed with data unread resets at once. Wine: a receive after a reset sees the end of the stream.");
  def(R.CLOSE_BACKLOG_RESET, "close.backlog-reset", G(ALL, I, P.WINE, O),
    "rfc:793 3.9; winsock#recv/reset; none (a connection waiting in a listener's backlog has no owner once the listener closes: inferred); wine:server/sock.c@wine-8.0 L1335-1336, L816; observed:wine-8/close.backlog-reset/recv-after-listener-closed",
    "Closing a listener resets the connections it had not accepted: their clients' queued and later sends and their receives fail with WSAECONNRESET (Wine: a receive reports the end of the stream).");
  def(R.CANCEL_ABORTS, "cancel.aborts", G(ALL, D),
    "seed#Return value/WSA_OPERATION_ABORTED (an application request); win32#CancelIoEx/canceled; win32#CancelIoEx/three-statuses; win32#CancelIoEx/ERROR_NOT_FOUND; win32#CancelIo/calling-thread",
    "CancelIoEx on a pending operation of the socket completes it with WSA_OPERATION_ABORTED, or normally if the cancel came too late; otherwise it fails with ERROR_NOT_FOUND. CancelIo aborts what the calling thread issued for the socket.");
  def(R.THREAD_EXIT_ABORTS, "thread-exit.aborts", G(ALL, D),
    "seed#Return value/WSA_OPERATION_ABORTED (a thread exit); wsaioctl#Remarks/thread-exit; wsaioctl#Remarks/alertable",
    "When the thread that issued overlapped operations exits, its pending operations complete with WSA_OPERATION_ABORTED, and a completion routine not run yet never runs (it runs only in an alertable wait of its thread; ReactOS calls it in the call).");
  def(R.PATH_LISTENER_LATE, "path.listener-late", G(ALL, D, P.WINDOWS_7, N),
    "seed#Remarks/before-accept; seed#Remarks/lifetime",
    "The listener changed its request after the client connected but before accept. The seed allows two readings: the listener's request counts when the connection is established (connect: the model's preference) or when it is accepted. Both paths conform; the accepted socket's request follows the same reading.");
}
