// Reading an OVERLAPPED's Internal field: the NTSTATUS the system put there, as
// a Winsock error, or "pending" while it holds STATUS_PENDING or the sentinel.

/** Pre-filled into out-values so "untouched" is observable. */
export const SENTINEL = 0xdeadbeef;
const STATUS_PENDING = 0x103;

/** NTSTATUS values a completion can carry, as Winsock errors (ntstatus.h; Wine's NtStatusToWSAError). */
const NTSTATUS: Record<number, number> = {
  0: 0, 0xc00000bb: 10045, 0xc000000d: 10022, 0xc0000005: 10014, 0xc0000023: 10014, 0xc0000120: 995, 0xc0000008: 10038, 0xc0000024: 10038,
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
