// loopback-fast-path/runner: read, check and run lfp-vectors/1 files from your own code
// or test runner. `vectorTests` gives one function per (case, profile), for node:test,
// uvu, mocha or any runner that takes a name and a function.
import { AssertionError } from "node:assert";
import type { Model } from "../../host/model.js";
import type { ProfileName, Catalogue } from "../../host/catalogue.js";
import { LfpError } from "../../host/errors.js";
import { loadVectors } from "./files.js";
import { applyKnown, caseName, judge, plan, type KnownDivergence } from "./run.js";
import { ModelTarget } from "./model-target.js";
import type { Target } from "./target.js";
import type { Mismatch } from "./compare.js";
import { renderReport } from "./report.js";
import { vectorsDir } from "../../host/paths.js";

export { parseVectorText } from "./parse.js";
export { loadVectors, loadKnownDivergences } from "./files.js";
export { runSuite, plan, judge, caseName, type CaseResult, type SuiteResult, type RunOptions, type KnownDivergence } from "./run.js";
export { makeReporter, renderReport, colourWanted, summaryLine, REPORTERS, type Reporter, type ReporterName, type ReporterOptions } from "./report.js";
export { ModelTarget } from "./model-target.js";
export type { Target, CaseRun, StepActual, PlannedCase } from "./target.js";
export type { Case, LoadedCase, Step, Expectation, VectorFile, OneOf } from "./vectors.js";
export type { Mismatch } from "./compare.js";
export { LfpError, type LfpErrorCode } from "../../host/errors.js";
/** The folder of the vectors shipped with the package. */
export { vectorsDir };

/** One (case, profile) of a vector suite, as a test a test runner can host. */
export interface VectorTest {
  /** `<case id> [<profile>]`: unique within a suite. */
  name: string;
  id: string;
  profile: ProfileName;
  /** The vector file it comes from. */
  file: string;
  /**
   * Run the case. Resolves with `{ skipped: reason }` when the target cannot run it for real (call your
   * runner's skip with the reason: a skip is not a pass); rejects with a VectorFailure (an LfpError,
   * code LFP_VECTOR_FAILED) when the target disagrees with the vector: its message lists every
   * mismatch, and it carries `expected` and `actual` as an assertion does, so runners show a diff.
   * `partial`: the steps that ran matched, others could not run on this target (which, and why).
   * A harness failure (the target's process never began the case) rejects with LFP_NATIVE.
   */
  run(): Promise<{ skipped?: string; partial?: string }>;
}

export interface VectorTestOptions {
  /** Vector files or folders (default: the package's vectors). */
  paths?: string[];
  /** Profiles to check (default: every profile of the model; a target bound to one profile uses only that one). */
  profiles?: ProfileName[];
  /** Where to run (default: the model itself). */
  target?: Target;
  /** Only names matching this. */
  grep?: RegExp;
  /** Known divergences of a native target. */
  known?: KnownDivergence[];
}

/**
 * The vectors as one test function per (case, profile). With node:test:
 *
 * ```ts
 * for (const t of await vectorTests(model)) test(t.name, async (ctx) => { const r = await t.run(); if (r.skipped) ctx.skip(r.skipped); });
 * ```
 */
export async function vectorTests(model: Model, options: VectorTestOptions = {}): Promise<VectorTest[]> {
  const cat: Catalogue = model.catalogue;
  const target = options.target ?? new ModelTarget(model);
  const cases = await loadVectors(options.paths ?? [vectorsDir], cat);
  const profiles = target.profile !== null ? [target.profile] : options.profiles ?? [...model.profiles];
  return plan(cases, profiles)
    .filter((p) => options.grep === undefined || options.grep.test(caseName(p.case.id, p.profile)))
    .map((p) => ({
      name: caseName(p.case.id, p.profile),
      id: p.case.id,
      profile: p.profile,
      file: p.case.file,
      async run() {
        const run = target.runOne ? target.runOne(p) : (await target.run([p]))[0];
        const r = applyKnown(judge(p, run, cat), target.name, options.known ?? [], p.case);
        if (r.status === "skip") return { skipped: r.reason ?? "skipped" };
        if (r.status === "error") throw new LfpError("LFP_NATIVE", `${caseName(p.case.id, p.profile)}: ${r.reason}`);
        if (r.status === "partial") return { partial: (r.skippedSteps ?? []).map((x) => `step ${x.step}: ${x.reason}`).join("; ") };
        if (r.status === "fail") {
          const suite = { target: target.name, profiles, results: [r], passed: 0, failed: 1, skipped: 0, partial: 0, errors: 0, durationMs: 0, bailed: false };
          throw new VectorFailure(renderReport("text", suite).split("\n").slice(1, -1).join("\n"), r.mismatches);
        }
        return {};
      },
    }));
}

/**
 * A vector that did not hold, as a test runner wants an assertion: an LfpError (LFP_VECTOR_FAILED)
 * with `expected` and `actual` (per step, the fields that differ) and `operator`, as node:assert's
 * AssertionError has them, and a message that ends with their diff. node:test, mocha and others
 * show the diff.
 */
export class VectorFailure extends LfpError {
  readonly expected: Record<string, Record<string, string>>;
  readonly actual: Record<string, Record<string, string>>;
  readonly operator = "deepStrictEqual";
  constructor(report: string, mismatches: Mismatch[]) {
    const side = (k: "expected" | "actual") => {
      const o: Record<string, Record<string, string>> = {};
      for (const m of mismatches) (o[`step ${m.step} (${m.op})`] ??= {})[m.field] = m[k];
      return o;
    };
    const expected = side("expected");
    const actual = side("actual");
    super("LFP_VECTOR_FAILED", mismatches.length ? `${report}\n${new AssertionError({ actual, expected, operator: "deepStrictEqual" }).message}` : report);
    this.expected = expected;
    this.actual = actual;
  }
}
