// Running a suite on a target and judging each (case, profile): pass, fail or skip.
import type { Catalogue, ProfileName } from "../../host/catalogue.js";
import type { CaseRun, PlannedCase, Target } from "./target.js";
import type { LoadedCase } from "./vectors.js";
import { compareStep, type Mismatch } from "./compare.js";

/** The verdict for one case under one profile. */
export interface CaseResult {
  id: string;
  file: string;
  profile: ProfileName;
  status: "pass" | "fail" | "skip";
  /** fail: what did not match; skip: empty. */
  mismatches: Mismatch[];
  /** skip: why; fail: a problem that stopped the case (crash, timeout), if any. */
  reason?: string;
  /** The rules that decided each step (the model target only), for coverage. */
  rules: string[];
}

/** A whole run. */
export interface SuiteResult { target: string; profiles: ProfileName[]; results: CaseResult[]; passed: number; failed: number; skipped: number }

/** The (case, profile) pairs to run: each selected profile the case applies to. */
export function plan(cases: LoadedCase[], profiles: ProfileName[]): PlannedCase[] {
  const out: PlannedCase[] = [];
  for (const c of cases) for (const p of profiles) if (!c.profiles || c.profiles.includes(p)) out.push({ case: c, profile: p });
  return out;
}

/** Judge one run. */
export function judge(p: PlannedCase, run: CaseRun, cat: Catalogue): CaseResult {
  const base = { id: p.case.id, file: p.case.file, profile: p.profile, rules: run.steps.map((s) => s.rule).filter((r): r is string => r !== undefined) };
  if (run.skip !== undefined) return { ...base, status: "skip", mismatches: [], reason: run.skip };
  const mismatches = run.steps.flatMap((a, i) => compareStep(i, p.case.steps[i], a, p.profile, cat));
  if (run.problem !== undefined) return { ...base, status: "fail", mismatches, reason: run.problem };
  return { ...base, status: mismatches.length ? "fail" : "pass", mismatches };
}

/** Run `cases` on `target` for `profiles` (a target bound to one profile uses only that one). */
export async function runSuite(cases: LoadedCase[], target: Target, profiles: ProfileName[], cat: Catalogue): Promise<SuiteResult> {
  const use = target.profile === null ? profiles : [target.profile];
  const planned = plan(cases, use);
  const runs = await target.run(planned);
  const results = planned.map((p, i) => judge(p, runs[i], cat));
  return {
    target: target.name,
    profiles: use,
    results,
    passed: results.filter((r) => r.status === "pass").length,
    failed: results.filter((r) => r.status === "fail").length,
    skipped: results.filter((r) => r.status === "skip").length,
  };
}
