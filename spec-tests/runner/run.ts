// Running a suite on a target and judging each (case, profile): pass, fail or skip.
import type { Catalogue, ProfileName } from "../../host/catalogue.js";
import type { CaseRun, HarnessReport, PlannedCase, Target } from "./target.js";
import type { LoadedCase } from "./vectors.js";
import { compareStep, type Mismatch } from "./compare.js";

/** The verdict for one case under one profile. */
export interface CaseResult {
  id: string;
  file: string;
  profile: ProfileName;
  /**
   * pass: every step ran and matched; partial: every step that ran matched, some could not
   * run on this target (`skippedSteps` says which and why); fail: a mismatch or a problem;
   * skip: nothing could run; error: the harness failed before the case began (not the case's fault).
   */
  status: "pass" | "partial" | "fail" | "skip" | "error";
  /** fail: what did not match; skip: empty. */
  mismatches: Mismatch[];
  /** skip: why; fail: a problem that stopped the case (crash, timeout), if any; error: what the harness hit. */
  reason?: string;
  /** partial (and a failing partial case): the steps not run, with the reason. */
  skippedSteps?: { step: number; reason: string }[];
  /** The rules that decided each step (the model target only), for coverage. */
  rules: string[];
  /** Notes the target attached to steps, shown in reports. */
  notes: string[];
}

/** A whole run. */
export interface SuiteResult {
  target: string; profiles: ProfileName[]; results: CaseResult[]; passed: number; failed: number; skipped: number; partial: number; errors: number;
  harness?: HarnessReport;
  /** A real target judged against profiles other than its own (each case run once): its own profile. */
  ownProfile?: ProfileName;
}

/** The (case, profile) pairs to run: each selected profile the case applies to. */
export function plan(cases: LoadedCase[], profiles: ProfileName[]): PlannedCase[] {
  const out: PlannedCase[] = [];
  for (const c of cases) for (const p of profiles) if (!c.profiles || c.profiles.includes(p)) out.push({ case: c, profile: p });
  return out;
}

/**
 * A difference between a target and the model that is known and explained
 * (spec-tests/known-divergences.json). `at` names the step it concerns by its fields (like
 * Wine's todo_wine, written at the check), not by its position: it must match exactly one
 * step of the case.
 */
export interface KnownDivergence { target: string; case: string; at: Record<string, unknown>; fields: string[]; reason: string }

/** The steps of `c` whose fields include every field of `at`. */
export function stepsAt(c: LoadedCase, at: Record<string, unknown>): number[] {
  return c.steps.flatMap((s, i) => (Object.entries(at).every(([k, v]) => JSON.stringify((s as unknown as Record<string, unknown>)[k]) === JSON.stringify(v)) ? [i] : []));
}

/**
 * Apply the known divergences: a failure whose every mismatch is listed becomes
 * a skip with the listed reasons (never a pass); a listed divergence that did
 * not occur is a failure, so the list cannot go stale; so is one whose `at` does
 * not name exactly one step.
 */
export function applyKnown(r: CaseResult, target: string, known: KnownDivergence[], c: LoadedCase): CaseResult {
  const mine = known.filter((k) => k.target === target && k.case === r.id);
  if (mine.length === 0) return r;
  const located = mine.map((k) => ({ k, steps: stepsAt(c, k.at) }));
  const stale = located.filter((x) => x.steps.length !== 1);
  if (stale.length) {
    return { ...r, status: "fail", mismatches: stale.map((x) => ({ step: -1, op: "(listed)", field: JSON.stringify(x.k.at), expected: "one step of the case", actual: `${x.steps.length} steps match: fix the known divergence` })) };
  }
  const listed = (m: { step: number; field: string }) => located.some((x) => x.steps[0] === m.step && x.k.fields.includes(m.field));
  if (r.status === "fail" && r.reason === undefined && r.mismatches.every(listed)) {
    return { ...r, status: "skip", mismatches: [], reason: `known divergence: ${[...new Set(mine.map((k) => k.reason))].join(" ")}` };
  }
  if (r.status === "pass" || r.status === "partial") {
    return { ...r, status: "fail", mismatches: located.map((x) => ({ step: x.steps[0], op: "(listed)", field: x.k.fields.join(","), expected: "the listed divergence", actual: "none: remove it from the known divergences" })) };
  }
  return r;
}

/** Judge one run. */
export function judge(p: PlannedCase, run: CaseRun, cat: Catalogue): CaseResult {
  const base = {
    id: p.case.id, file: p.case.file, profile: p.profile,
    rules: run.steps.map((s) => s?.rule).filter((r): r is string => r !== undefined),
    notes: run.steps.flatMap((s, i) => (s?.note === undefined ? [] : [`step ${i}: ${s.note}`])),
  };
  if (run.harness !== undefined) return { ...base, status: "error", mismatches: [], reason: `harness failure: ${run.harness}` };
  if (run.skip !== undefined) return { ...base, status: "skip", mismatches: [], reason: run.skip };
  // Steps not run are holes in run.steps: only the steps that ran are compared.
  const mismatches = run.steps.flatMap((a, i) => (a === undefined ? [] : compareStep(i, p.case.steps[i], a, p.profile, cat)));
  const partial = run.skipped?.length ? { skippedSteps: run.skipped } : {};
  if (run.problem !== undefined) return { ...base, ...partial, status: "fail", mismatches, reason: run.problem };
  return { ...base, ...partial, status: mismatches.length ? "fail" : run.skipped?.length ? "partial" : "pass", mismatches };
}

/**
 * Run `cases` on `target` for `profiles`. A target bound to one profile runs each case once, for
 * its own profile; with `judgeAgainst` its real answers are judged against those profiles'
 * expectations instead (which of them conform), known divergences applying only to its own.
 */
export async function runSuite(cases: LoadedCase[], target: Target, profiles: ProfileName[], cat: Catalogue, known: KnownDivergence[] = [],
  judgeAgainst?: ProfileName[]): Promise<SuiteResult> {
  const own = target.profile;
  const use = own === null ? profiles : judgeAgainst ?? [own];
  const planned = plan(cases, own === null ? use : [own]);
  const runs = await target.run(planned);
  const results: CaseResult[] = [];
  for (const p of use) {
    planned.forEach((pc, i) => {
      if (own !== null && pc.case.profiles && !pc.case.profiles.includes(p)) return;
      if (own === null && pc.profile !== p) return;
      const r = judge({ case: pc.case, profile: p }, runs[i], cat);
      results.push(p === own || own === null ? applyKnown(r, target.name, known, pc.case) : r);
    });
  }
  return {
    target: target.name,
    profiles: use,
    ...(own !== null && judgeAgainst ? { ownProfile: own } : {}),
    results,
    passed: results.filter((r) => r.status === "pass").length,
    failed: results.filter((r) => r.status === "fail").length,
    skipped: results.filter((r) => r.status === "skip").length,
    partial: results.filter((r) => r.status === "partial").length,
    errors: results.filter((r) => r.status === "error").length,
    ...(target.harness ? { harness: target.harness } : {}),
  };
}
