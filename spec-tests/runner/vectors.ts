// The shapes of an lfp-vectors/1 file (docs/vector-format.md, with the
// project's extensions documented in spec-tests/FORMAT.md).
import type { Conditions, IoctlCall, OverlappedArg } from "../../host/call.js";
import type { SocketRef } from "./socket-ref.js";

export type OneOf<T> = T | { oneOf: T[] };

/** What a step is expected to do; a field left out is not checked. */
export interface Expectation {
  ret?: OneOf<0 | -1 | "crash" | "unavailable" | "refused">;
  error?: OneOf<string | number>;
  bytesReturned?: OneOf<number | "untouched" | "nonzero">;
  errno?: OneOf<string | number>;
  completion?: null | {
    via?: OneOf<"event" | "routine" | "none">; status?: OneOf<string | number>; transferred?: OneOf<number>; flags?: OneOf<number>;
    /** Every channel that notifies the completion, in order (a project extension; `via` is the first). */
    channels?: OneOf<("event" | "routine")[]>;
    /** Delivering the completion faults the process (a project extension). */
    faults?: OneOf<boolean>;
  };
  completed?: OneOf<boolean>;
  received?: OneOf<number>;
  fastPath?: OneOf<"requested" | "off">;
  path?: OneOf<"fast" | "slow" | "none">;
}

/** The ops a step may have (the schema's discriminator lists the same; a test checks it). */
export const OPS = ["socket", "bind", "listen", "connect", "accept", "ioctl", "setsockopt", "send", "recv", "close", "condition", "observe", "wait", "cancel", "exitThread"] as const;

/**
 * One step; which fields apply depends on `op` (see the schema). An ioctl step's call fields are
 * the Call's (host/call.ts IOCTL_FIELDS) and a condition step's are the Conditions: one definition each.
 */
export interface Step extends Omit<IoctlCall, "overlapped">, Conditions {
  op: (typeof OPS)[number];
  expect?: Expectation;
  expectBy?: Record<string, Expectation>;
  note?: string;
  as?: string;
  socket?: string;
  /** An ioctl step's `socket`, read by the parser (not written in files). */
  ref?: SocketRef;
  family?: "inet" | "inet6";
  type?: "stream" | "dgram";
  protocol?: "tcp" | "udp";
  /** socket: WSA_FLAG_OVERLAPPED; ioctl: lpOverlapped. */
  overlapped?: boolean | OverlappedArg;
  address?: string;
  to?: string;
  level?: string;
  name?: string;
  value?: number;
  bytes?: number;
  operation?: string;
}

/** One case. */
export interface Case {
  id: string;
  title: string;
  refs: string[];
  profiles?: string[];
  startup?: boolean;
  steps: Step[];
}

/** A file of cases. */
export interface VectorFile { format: "lfp-vectors/1"; description?: string; cases: Case[] }

/** A case with where it came from. */
export interface LoadedCase extends Case { file: string }
