// Decoding the model's packed outcome word (layout in assembly/abi.ts).
import type { Catalogue, ErrorInfo, Grade, ProfileName, RuleInfo } from "./catalogue.js";

/** How an overlapped operation's completion is notified. */
export type Via = "none" | "event" | "routine";

/** The completion of an overlapped operation. */
export interface Completion {
  /** `complete`: the status is final and notified now; `pending`: completes later; `never`: never completes. */
  state: "complete" | "pending" | "never";
  /** How it is notified first (routine before event, per WSAIoctl). */
  via: Via;
  /** Every channel that notifies it, in order (ReactOS calls the routine, then signals the event). */
  channels: Exclude<Via, "none">[];
  /** Delivering it faults the process (an invalid completion routine called as an APC at the next alertable wait). */
  faults: boolean;
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
  /** The error reported (WSAGetLastError for WSAIoctl, *lpErrno for WSPIoctl); the entry with code 0 when none. */
  error: ErrorInfo;
  /** The DWORD written through lpcbBytesReturned, "untouched", or "nonzero" (written, value unspecified but not 0). */
  bytesReturned: number | "untouched" | "nonzero";
  /** WSPIoctl: the value written through lpErrno, or "untouched". WSAIoctl: always "untouched". */
  errno: number | "untouched";
  /** The overlapped operation started by the call, or null for a synchronous call. */
  completion: Completion | null;
  /** The rule that decided, with its sources. */
  rule: RuleInfo;
  /** The evidence grade of the deciding rule for this profile. */
  grade: Grade | null;
}

/** One outcome that conforms to a profile's sources, with the grade of the evidence for it. */
export interface Member { outcome: Outcome; grade: Grade | null }

/**
 * Every outcome that conforms to a profile's sources for one call or step. `members[0]` is the
 * preferred one (the model's best supported answer, also `preferred`); where the sources fix one
 * outcome there is one member.
 */
export interface Conformance { profile: ProfileName; preferred: Outcome; members: Member[] }

const RET = [0, "crash", "unavailable", "refused"] as const;
const KIND = [null, "complete", "pending", "never"] as const;
const VIA: Via[] = ["none", "event", "routine", "none"];

function channels(via: Via, alsoEvent: number): Exclude<Via, "none">[] {
  if (via === "none") return [];
  return alsoEvent ? [via, "event"] : [via];
}

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
    error: disp === 0 ? error : cat.errors[0],
    bytesReturned: br === 0 ? "untouched" : br === 1 ? 0 : "nonzero",
    errno: errnoWritten ? error.code : "untouched",
    completion: kind === null ? null : {
      state: kind,
      via: VIA[(word >>> 12) & 3],
      channels: channels(VIA[(word >>> 12) & 3], (word >>> 28) & 1),
      faults: ((word >>> 27) & 1) === 1,
      status: cat.errors[(word >>> 14) & 31] ?? cat.errors[0],
      transferred: 0,
      flags: 0,
    },
    rule,
    grade: rule?.grades[profile] ?? null,
  };
}
