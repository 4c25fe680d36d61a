// Decoding the model's packed outcome word (layout in assembly/abi.ts).
import type { Catalogue, ErrorInfo, ProfileName, RuleInfo } from "./catalogue.js";

/** How an overlapped operation's completion is notified. */
export type Via = "none" | "event" | "routine";

/** The completion of an overlapped operation. */
export interface Completion {
  /** `complete`: the status is final and notified now; `pending`: completes later; `never`: never completes. */
  state: "complete" | "pending" | "never";
  /** How it is notified (routine before event, per WSAIoctl). */
  via: Via;
  /** The completion status (the error in the WSAOVERLAPPED, or the routine's dwError). */
  status: ErrorInfo;
  /** Bytes transferred (cbTransferred): always 0 for this code, which has no output. */
  transferred: number;
  /** The completion routine's dwFlags: 0 (observed:wine-8; wine:dlls/ws2_32/socket.c@wine-8.0 L926-930 passes 0). */
  flags: 0;
}

/** What one call does, for one profile, and why. */
export interface Outcome {
  profile: ProfileName;
  /** 0, -1 (SOCKET_ERROR), "crash" (the implementation faults on a bad pointer), "unavailable" (no such entry point), or "refused" (the model refused the request; see rule). */
  ret: 0 | -1 | "crash" | "unavailable" | "refused";
  /** The error reported (WSAGetLastError for WSAIoctl, *lpErrno for WSPIoctl); null when there is none (a success, a crash, a refusal). */
  error: ErrorInfo | null;
  /** The DWORD written through lpcbBytesReturned, "untouched", or "nonzero" (written, value unspecified but not 0). */
  bytesReturned: number | "untouched" | "nonzero";
  /** WSPIoctl: the value written through lpErrno, or "untouched". WSAIoctl: always "untouched". */
  errno: number | "untouched";
  /** The overlapped operation started by the call, or null for a synchronous call. */
  completion: Completion | null;
  /** The rule that decided, with its sources. */
  rule: RuleInfo;
}

const RET = [0, "crash", "unavailable", "refused"] as const;
const KIND = [null, "complete", "pending", "never"] as const;
const VIA: Via[] = ["none", "event", "routine", "none"];

/** Decode an outcome word. */
export function decodeOutcome(word: number, profile: ProfileName, cat: Catalogue): Outcome {
  const disp = word & 3;
  const failed = (word >>> 2) & 1;
  const error = cat.errors[(word >>> 3) & 31] ?? cat.errors[0];
  const br = (word >>> 8) & 3;
  const kind = KIND[(word >>> 10) & 3];
  const rule = cat.rules[(word >>> 20) & 127];
  const errnoWritten = (word >>> 19) & 1;
  const ret = disp === 0 ? (failed ? -1 : 0) : RET[disp];
  return {
    profile,
    ret,
    error: disp === 0 && error.code !== 0 ? error : null,
    bytesReturned: br === 0 ? "untouched" : br === 1 ? 0 : "nonzero",
    errno: errnoWritten ? error.code : "untouched",
    completion: kind === null ? null : {
      state: kind,
      via: VIA[(word >>> 12) & 3],
      status: cat.errors[(word >>> 14) & 31] ?? cat.errors[0],
      transferred: 0,
      flags: 0,
    },
    rule,
  };
}
