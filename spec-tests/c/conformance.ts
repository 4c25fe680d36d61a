// What the Wine-style test checks, read from the model (never hand-copied): for
// each step of a case that runs on Windows, every field the vector's windows
// expectation checks, with
//   accepted: the values of that field over the windows profile's conformance set
//             (the model target's outcome and its alternatives, as the runner compares them),
//   broken:   the values an older Windows gives that Windows 8+ does not (Windows 7: the
//             provider does not support the code; the windows-7 profile once the model has one),
//   wine:     the values the wine profile predicts, which decide todo_wine.
import type { Model } from "../../host/model.js";
import type { ProfileName } from "../../host/catalogue.js";
import { ModelTarget } from "../runner/model-target.js";
import { expectationFor } from "../runner/compare.js";
import { stepsAt, type KnownDivergence } from "../runner/run.js";
import type { StepActual } from "../runner/target.js";
import type { Expectation, LoadedCase, Step } from "../runner/vectors.js";

/** A field's value in one outcome; ABSENT where the outcome has no such field (a completion's status when no operation started). */
export const ABSENT = "(absent)";
export type Value = string | number | boolean | null;

/** The fields a step's expectation may check, in the order they are checked, and how each is read from an outcome. */
export const FIELDS: { name: string; checked: (e: Expectation) => boolean; of: (a: StepActual) => Value }[] = [
  { name: "ret", checked: (e) => e.ret !== undefined, of: (a) => a.ret ?? ABSENT },
  { name: "error", checked: (e) => e.error !== undefined, of: (a) => a.error ?? ABSENT },
  { name: "bytesReturned", checked: (e) => e.bytesReturned !== undefined, of: (a) => a.bytesReturned ?? ABSENT },
  { name: "completion", checked: (e) => e.completion !== undefined, of: (a) => (a.completion ? "operation" : null) },
  { name: "completion.via", checked: (e) => e.completion?.via !== undefined, of: (a) => a.completion?.via ?? ABSENT },
  { name: "completion.status", checked: (e) => e.completion?.status !== undefined, of: (a) => a.completion?.status ?? ABSENT },
  { name: "completion.transferred", checked: (e) => e.completion?.transferred !== undefined, of: (a) => a.completion?.transferred ?? ABSENT },
  { name: "completion.flags", checked: (e) => e.completion?.flags !== undefined, of: (a) => (a.completion ? a.completion.flags ?? 0 : ABSENT) },
  {
    name: "completion.channels", checked: (e) => e.completion?.channels !== undefined,
    of: (a) => (a.completion ? (a.completion.channels ?? (a.completion.via === "none" ? [] : [a.completion.via])).join(",") : ABSENT),
  },
  { name: "completion.faults", checked: (e) => e.completion?.faults !== undefined, of: (a) => (a.completion ? a.completion.faults ?? false : ABSENT) },
  { name: "completed", checked: (e) => e.completed !== undefined, of: (a) => a.completed ?? ABSENT },
  { name: "received", checked: (e) => e.received !== undefined, of: (a) => a.received ?? ABSENT },
];

/** Whether a field's value `v` is one of `accepted` ("nonzero" admits any number but 0, as the runner reads it). */
export function admits(accepted: Value[], v: Value): boolean {
  return accepted.some((x) => x === v || (x === "nonzero" && typeof v === "number" && v !== 0));
}

/** One ok() of the test. */
export interface Check {
  field: string;
  accepted: Value[];
  /** Values an older Windows gives (each not in accepted): accepted with broken(). */
  broken: Value[];
  /** The wine profile's values; todo under Wine when none is accepted. */
  wine: Value[];
  /** Wine's recorded answer differs from the windows profile: the wine profile answers otherwise, or a known divergence of the Wine target says so. */
  todoWine: boolean;
  /** The known divergence (spec-tests/known-divergences.json) that makes it todo, if one does. */
  known: string | null;
}

/** One step of the test: its checks, and whether a profile predicts it cannot run (the case stops there). */
export interface TestStep { index: number; step: Step; checks: Check[]; wineCannot: string | null; windowsCannot: string | null }

/** Where the process ends, by a profile's prediction: the step, and how. */
export interface Ending { at: number | null; how: string | null }

const uniq = (vs: Value[]) => [...new Set(vs)];

/** The outcomes a step's conformance set holds: the model's outcome and its alternatives. */
function members(a: StepActual | undefined): StepActual[] {
  return a === undefined || a.problem !== undefined ? [] : [a, ...(a.alternatives ?? [])];
}

/** Where an outcome ends the process (a crash, an entry point that is not there, a completion whose delivery faults). */
export function endsProcess(a: StepActual): string | null {
  if (a.ret === "crash") return "the call crashes";
  if (a.ret === "unavailable") return "the entry point is not there";
  if (a.completion?.faults) return "delivering the completion faults";
  return null;
}

/**
 * The model's run of the steps `indices` of case `c` for a profile, by step index. The steps a real
 * target does not run are left out (those among the indices' predecessors are read-only: observe, a
 * wait on a queued send), so the model runs what the test runs.
 */
function run(model: Model, c: LoadedCase, indices: number[], profile: ProfileName, before: Step[] = []): Map<number, StepActual> {
  const steps = new ModelTarget(model).runOne({ case: { ...c, steps: [...before, ...indices.map((j) => c.steps[j])] }, profile }).steps.slice(before.length);
  return new Map(indices.map((j, k) => [j, steps[k]]));
}

/**
 * The answers of Windows 7 and Server 2008 R2 (hotfix#51: the provider does not support the
 * code): the windows-7 profile where the model has one, else the windows profile with the
 * provider-unsupported condition from the first step (the rule env.provider-unsupported).
 */
export function windows7Run(model: Model, c: LoadedCase, indices: number[]): Map<number, StepActual> {
  if ((model.profiles as readonly string[]).includes("windows-7")) return run(model, c, indices, "windows-7" as ProfileName);
  return run(model, c, indices, "windows", [{ op: "condition", providerUnsupported: true }]);
}

/** The checks of case `c`'s steps `indices` (the steps Windows runs), and where each profile predicts the process ends. */
export function caseChecks(model: Model, c: LoadedCase, indices: number[], known: KnownDivergence[] = []): { steps: TestStep[]; wineEnds: Ending; windowsEnds: Ending } {
  const windows = run(model, c, indices, "windows");
  const wine = run(model, c, indices, "wine");
  const win7 = windows7Run(model, c, indices);
  const ending = (runs: Map<number, StepActual>): Ending => {
    for (const j of indices) {
      const why = members(runs.get(j)).map(endsProcess).find((x) => x !== null);
      if (why) return { at: j, how: why };
    }
    return { at: null, how: null };
  };
  const steps = indices.map((j): TestStep => {
    const e = expectationFor(c.steps[j], "windows", model.catalogue) ?? {};
    const checks = FIELDS.filter((f) => f.checked(e)).map((f): Check => {
      const accepted = uniq(members(windows.get(j)).map(f.of));
      const old = uniq(members(win7.get(j)).map(f.of)).filter((v) => !admits(accepted, v));
      const predicted = uniq(members(wine.get(j)).map(f.of));
      const listed = known.find((k) => k.target === "wine" && k.case === c.id && k.fields.includes(f.name) && stepsAt(c, k.at).includes(j));
      return {
        field: f.name, accepted, broken: old, wine: predicted, known: listed?.reason ?? null,
        todoWine: listed !== undefined || predicted.every((v) => !admits(accepted, v)),
      };
    });
    return { index: j, step: c.steps[j], checks, wineCannot: wine.get(j)?.problem ?? null, windowsCannot: windows.get(j)?.problem ?? null };
  });
  return { steps, wineEnds: ending(wine), windowsEnds: ending(windows) };
}
