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
  /** Notes the target attached to steps, shown in reports. */
  notes: string[];
  /** How long the case took on the target, in milliseconds (undefined when the target ran it in a batch it does not time). */
  durationMs?: number;
}

/** A whole run. */
export interface SuiteResult {
  target: string;
  profiles: ProfileName[];
  results: CaseResult[];
  passed: number;
  failed: number;
  skipped: number;
  /** Wall time of the run, in milliseconds. */
  durationMs: number;
  /** --bail: the run stopped after its first failure; cases after it were not reported. */
  bailed: boolean;
}

/** What to run and how to hear about it. */
export interface RunOptions {
  /** Divergences of a native target that are known and explained. */
  known?: KnownDivergence[];
  /** Run only the (case, profile) pairs whose name `<id> [<profile>]` matches. */
  grep?: RegExp;
  /** Stop at the first failure. */
  bail?: boolean;
  /** Called with each result as soon as its case has finished. */
  onResult?: (result: CaseResult) => void;
}

/** The name a (case, profile) pair has in reports and for --grep. */
export function caseName(id: string, profile: string): string {
  return `${id} [${profile}]`;
}

/** The (case, profile) pairs to run: each selected profile the case applies to. */
export function plan(cases: LoadedCase[], profiles: ProfileName[]): PlannedCase[] {
  const out: PlannedCase[] = [];
  for (const c of cases) for (const p of profiles) if (!c.profiles || c.profiles.includes(p)) out.push({ case: c, profile: p });
  return out;
}

/** A difference between a target and the model that is known and explained (spec-tests/known-divergences.json). */
export interface KnownDivergence { target: string; case: string; step: number; fields: string[]; reason: string }

/**
 * Apply the known divergences: a failure whose every mismatch is listed becomes
 * a skip with the listed reasons (never a pass); a listed divergence that did
 * not occur is a failure, so the list cannot go stale.
 */
export function applyKnown(r: CaseResult, target: string, known: KnownDivergence[]): CaseResult {
  const mine = known.filter((k) => k.target === target && k.case === r.id);
  if (mine.length === 0) return r;
  const listed = (m: { step: number; field: string }) => mine.some((k) => k.step === m.step && k.fields.includes(m.field));
  if (r.status === "fail" && r.reason === undefined && r.mismatches.every(listed)) {
    return { ...r, status: "skip", mismatches: [], reason: `known divergence: ${[...new Set(mine.map((k) => k.reason))].join(" ")}` };
  }
  if (r.status === "pass") {
    return { ...r, status: "fail", mismatches: mine.map((k) => ({ step: k.step, op: "(listed)", field: k.fields.join(","), expected: "the listed divergence", actual: "none: remove it from the known divergences" })) };
  }
  return r;
}

/** Judge one run. */
export function judge(p: PlannedCase, run: CaseRun, cat: Catalogue): CaseResult {
  const base = {
    id: p.case.id, file: p.case.file, profile: p.profile,
    rules: run.steps.map((s) => s.rule).filter((r): r is string => r !== undefined),
    notes: run.steps.flatMap((s, i) => (s.note === undefined ? [] : [`step ${i}: ${s.note}`])),
  };
  if (run.skip !== undefined) return { ...base, status: "skip", mismatches: [], reason: run.skip };
  const mismatches = run.steps.flatMap((a, i) => compareStep(i, p.case.steps[i], a, p.profile, cat));
  if (run.problem !== undefined) return { ...base, status: "fail", mismatches, reason: run.problem };
  return { ...base, status: mismatches.length ? "fail" : "pass", mismatches };
}

/**
 * Run `cases` on `target` for `profiles` (a target bound to one profile uses only that one).
 * Results are reported through `onResult` as cases finish; the returned suite holds them in plan order.
 */
export async function runSuite(cases: LoadedCase[], target: Target, profiles: ProfileName[], cat: Catalogue, options: RunOptions | KnownDivergence[] = {}): Promise<SuiteResult> {
  const { known = [], grep, bail = false, onResult } = Array.isArray(options) ? { known: options } : options;
  const use = target.profile === null ? profiles : [target.profile];
  const planned = plan(cases, use).filter((p) => grep === undefined || grep.test(caseName(p.case.id, p.profile)));
  const started = performance.now();
  const results: CaseResult[] = [];
  let bailed = false;
  const finish = (i: number, run: CaseRun, durationMs: number | undefined): boolean => {
    const r = applyKnown(judge(planned[i], run, cat), target.name, known);
    if (durationMs !== undefined) r.durationMs = durationMs;
    results[i] = r;
    onResult?.(r);
    return r.status === "fail" && bail;
  };
  if (target.runOne) {
    // One case at a time: each is timed and reported at once, and --bail stops the run.
    for (let i = 0; i < planned.length && !bailed; i++) {
      const t0 = performance.now();
      const run = target.runOne(planned[i]);
      bailed = finish(i, run, performance.now() - t0);
    }
  } else {
    const reported = new Set<number>();
    let last = started;
    const runs = await target.run(planned, (i, run) => {
      if (bailed || reported.has(i)) return;
      reported.add(i);
      const now = performance.now();
      bailed = finish(i, run, run.durationMs ?? now - last);
      last = now;
    });
    // Cases the target did not report as they finished (a target without progress, or skips): in order.
    for (let i = 0; i < planned.length && !bailed; i++) if (!reported.has(i)) bailed = finish(i, runs[i], runs[i].durationMs);
  }
  const done = results.filter((r): r is CaseResult => r !== undefined);
  if (bailed) {
    const firstFail = done.findIndex((r) => r.status === "fail");
    done.splice(firstFail + 1);
  }
  return {
    target: target.name,
    profiles: use,
    results: done,
    passed: done.filter((r) => r.status === "pass").length,
    failed: done.filter((r) => r.status === "fail").length,
    skipped: done.filter((r) => r.status === "skip").length,
    durationMs: performance.now() - started,
    bailed,
  };
}
