// What a target (the model, Wine, native Windows) gives back for a case: one
// actual per step, in the runner's neutral terms. Targets plug in here.
import type { ProfileName } from "../../host/catalogue.js";
import type { LoadedCase } from "./vectors.js";
import type { Feature } from "./features.js";

/** What one step did on a target. Fields the step does not produce stay undefined. */
export interface StepActual {
  ret?: 0 | -1 | "crash" | "unavailable" | "refused";
  /** The error code reported (0 for none). */
  error?: number;
  bytesReturned?: number | "untouched" | "nonzero";
  errno?: number | "untouched";
  completion?: {
    via: "event" | "routine" | "none"; status: number; transferred: number; flags?: number;
    /** Every channel that notified it, in order. */
    channels?: ("event" | "routine")[];
    /** Delivering it faulted the process. */
    faults?: boolean;
  } | null;
  completed?: boolean;
  received?: number;
  fastPath?: "requested" | "off";
  path?: "fast" | "slow" | "none";
  /** Something the report should show even when the step passes (e.g. a bounded wait that timed out). */
  note?: string;
  /** The rule that decided (the model target only). */
  rule?: string;
  /**
   * The model target only (always set there, empty when the set has one member): the other outcomes that conform to
   * the profile's sources. With it the step is judged as a set: each checked field must admit exactly the values the set gives.
   */
  alternatives?: StepActual[];
  /** The step could not run (e.g. it needs a socket an earlier step failed to create): the case fails here. */
  problem?: string;
}

/** A case as run on a target. */
export interface CaseRun {
  steps: StepActual[];
  /** The case cannot run for real on this target, and why. */
  skip?: string;
  /** The case could not be completed (crash, timeout), and why. */
  problem?: string;
  /** Steps the target did not run (it lacks a feature they need), each with the reason: the case is partial. */
  skipped?: { step: number; reason: string }[];
  /** The harness failed before the case began (the process never started it): neither a pass nor a fail of the case. */
  harness?: string;
  /** How long the case took, when the target times its cases itself. */
  durationMs?: number;
}

/** A case to run, with the profile it is run for. */
export interface PlannedCase { case: LoadedCase; profile: ProfileName }

/** A place vectors run: the Wasm model, ws2_32 under Wine, ws2_32 on Windows. */
export interface Target {
  readonly name: string;
  /** The single profile this target is compared against (wine: "wine"); null: each selected profile (the model). */
  readonly profile: ProfileName | null;
  /** What the target can do beyond plain calls (features.ts); absent: everything (the model). */
  readonly capabilities?: ReadonlySet<Feature>;
  /** What the last run's harness went through (processes, failures before a case began, retries), for targets that have one. */
  readonly harness?: HarnessReport;
  /**
   * Run the cases; one CaseRun each, in order. A target that can should call `onCase` with each
   * case's index and run as soon as it has finished, so that reports stream.
   */
  run(cases: PlannedCase[], onCase?: (index: number, run: CaseRun) => void): Promise<CaseRun[]>;
  /** Run one case synchronously, when the target can (the model): the runner then times and reports each case. */
  runOne?(p: PlannedCase): CaseRun;
}

/** A harness's own record of a run: never a case's pass or fail. */
export interface HarnessReport { processes: number; failures: number; retries: number; notes: string[] }
