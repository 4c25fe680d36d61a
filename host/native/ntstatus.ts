// Reading an OVERLAPPED's Internal field: the NTSTATUS the system put there, as
// a Winsock error, or "pending" while it holds STATUS_PENDING or the sentinel.
import { WSAEFAULT, WSAEINVAL, WSAENOTSOCK, WSAEOPNOTSUPP, WSA_OPERATION_ABORTED } from "./ws2_32.js";

/** Pre-filled into out-values so "untouched" is observable. */
export const SENTINEL = 0xdeadbeef;
// ntstatus.h
const STATUS_SUCCESS = 0;
const STATUS_PENDING = 0x103;
const STATUS_ACCESS_VIOLATION = 0xc0000005;
const STATUS_INVALID_HANDLE = 0xc0000008;
const STATUS_INVALID_PARAMETER = 0xc000000d;
const STATUS_BUFFER_TOO_SMALL = 0xc0000023;
const STATUS_OBJECT_TYPE_MISMATCH = 0xc0000024;
const STATUS_NOT_SUPPORTED = 0xc00000bb;
const STATUS_CANCELLED = 0xc0000120;

/** NTSTATUS values a completion can carry, as Winsock errors (Wine's NtStatusToWSAError). */
const NTSTATUS: Record<number, number> = {
  [STATUS_SUCCESS]: 0, [STATUS_NOT_SUPPORTED]: WSAEOPNOTSUPP, [STATUS_INVALID_PARAMETER]: WSAEINVAL,
  [STATUS_ACCESS_VIOLATION]: WSAEFAULT, [STATUS_BUFFER_TOO_SMALL]: WSAEFAULT, [STATUS_CANCELLED]: WSA_OPERATION_ABORTED,
  [STATUS_INVALID_HANDLE]: WSAENOTSOCK, [STATUS_OBJECT_TYPE_MISMATCH]: WSAENOTSOCK,
};

/**
 * The completion status in `internal`: a Winsock error (0 for success), "pending", or null
 * for an NTSTATUS this table does not know. ReactOS stores a Winsock code there directly
 * (msafd dllmain.c L2583-2598), which passes through.
 */
export function completionStatus(internal: number): number | "pending" | null {
  if (internal === SENTINEL || internal === STATUS_PENDING) return "pending";
  if (internal in NTSTATUS) return NTSTATUS[internal];
  return internal < 0x10000 ? internal : null;
}
