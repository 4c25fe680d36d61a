// Decoding the model's packed outcome word (layout in assembly/shared/layout.ts).
import type { Catalogue, ErrorInfo, Grade, ProfileName, RuleInfo } from "./catalogue.js";
import {
  D_RETURNED, D_CRASH, D_UNAVAILABLE, D_MODEL_ERROR, O_FAILED, O_ERROR, O_BYTES_RETURNED, O_KIND, O_VIA, O_STATUS,
  O_ERRNO_WRITTEN, O_RULE, O_COMPLETION_FAULTS, O_ALSO_EVENT, BR_UNTOUCHED, BR_ZERO, K_NONE, K_COMPLETE, K_PENDING, K_NEVER,
  V_NONE, V_EVENT, V_ROUTINE,
} from "../assembly/shared/layout.js";

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

const RET: Record<number, Outcome["ret"]> = { [D_RETURNED]: 0, [D_CRASH]: "crash", [D_UNAVAILABLE]: "unavailable", [D_MODEL_ERROR]: "refused" };
const KIND: Record<number, Completion["state"] | null> = { [K_NONE]: null, [K_COMPLETE]: "complete", [K_PENDING]: "pending", [K_NEVER]: "never" };
const VIA: Record<number, Via> = { [V_NONE]: "none", [V_EVENT]: "event", [V_ROUTINE]: "routine" };

function channels(via: Via, alsoEvent: number): Exclude<Via, "none">[] {
  if (via === "none") return [];
  return alsoEvent ? [via, "event"] : [via];
}

/** Decode an outcome word (layout in assembly/shared/layout.ts). */
export function decodeOutcome(word: number, profile: ProfileName, cat: Catalogue): Outcome {
  const disp = word & 3;
  const failed = (word >>> O_FAILED) & 1;
  const error = cat.errors[(word >>> O_ERROR) & 31] ?? cat.errors[0];
  const br = (word >>> O_BYTES_RETURNED) & 3;
  const kind = KIND[(word >>> O_KIND) & 3];
  const rule = cat.rules[(word >>> O_RULE) & 127];
  const errnoWritten = (word >>> O_ERRNO_WRITTEN) & 1;
  const ret = disp === D_RETURNED ? (failed ? -1 : 0) : RET[disp];
  const via = VIA[(word >>> O_VIA) & 3] ?? "none";
  return {
    profile,
    ret,
    error: disp === D_RETURNED && error.code !== 0 ? error : null,
    bytesReturned: br === BR_UNTOUCHED ? "untouched" : br === BR_ZERO ? 0 : "nonzero",
    errno: errnoWritten ? error.code : "untouched",
    completion: kind === null ? null : {
      state: kind,
      via,
      channels: channels(via, (word >>> O_ALSO_EVENT) & 1),
      faults: ((word >>> O_COMPLETION_FAULTS) & 1) === 1,
      status: cat.errors[(word >>> O_STATUS) & 31] ?? cat.errors[0],
      transferred: 0,
      flags: 0,
    },
    rule,
    grade: rule?.grades[profile] ?? null,
  };
}
