// lfp observe: record what the real ws2_32 does with every vector that can run
// for real (on Windows, or under Wine), in one JSON file with the Windows build;
// then judge such a file against a profile and say which of the model's
// inferred or chosen answers the observations would turn into observed ones.
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { release, version as osVersion, arch } from "node:os";
import { spawnSync } from "node:child_process";
import { loadModel } from "../node.js";
import type { Model } from "../model.js";
import type { ProfileName } from "../catalogue.js";
import { LfpError } from "../errors.js";
import { readRegularText, showPath, writeFileAtomic } from "../fs-safe.js";
import { parseJson, showJsonProblem } from "../json.js";
import { loadVectors, loadKnownDivergences } from "../../spec-tests/runner/files.js";
import { plan, runSuite, stepsAt, type CaseResult, type KnownDivergence } from "../../spec-tests/runner/run.js";
import { ModelTarget } from "../../spec-tests/runner/model-target.js";
import type { CaseRun, PlannedCase, StepActual, Target } from "../../spec-tests/runner/target.js";
import type { LoadedCase } from "../../spec-tests/runner/vectors.js";
import { showError } from "../../spec-tests/runner/compare.js";
import { parse, choice, profilesArg, UsageError } from "./usage.js";
import { colourWanted, painter } from "../colour.js";
import { vectorsDir, knownDivergencesFile } from "../paths.js";
import { observeUsage } from "./observe-usage.js";

export { observeUsage };

/** Larger files are refused before reading (the whole suite records ≈ 100 KB). */
export const MAX_OBSERVATIONS_BYTES = 64 * 1024 * 1024;

/** The observation file's format name; a reader refuses others. */
export const OBSERVATIONS_FORMAT = "lfp-observations/1";

/**
 * One case as observed: the target's run of it (CaseRun). A step that did not run is null in
 * `steps` (the target lacked what it needs; `skipped` says why).
 */
export interface ObservedCase extends Omit<CaseRun, "steps"> { id: string; file: string; steps: (StepActual | null)[] }

/** What `lfp observe --target` writes. */
export interface Observations {
  format: typeof OBSERVATIONS_FORMAT;
  target: "native" | "wine";
  /** The profile of the target that recorded it (its own; absent in older files: the target's default). */
  profile?: string;
  /** The system the calls ran on. */
  system: { windows: string; build: number | null; wine: string | null; node: string; arch: string };
  recorded: string;
  cases: ObservedCase[];
}

/** The Windows version the calls ran on: this Windows, or the one the Wine prefix reports. */
async function systemOf(target: "native" | "wine"): Promise<Observations["system"]> {
  if (target === "native") {
    const build = /^\d+\.\d+\.(\d+)/.exec(release())?.[1];
    return { windows: `${osVersion()} ${release()}`, build: build ? Number(build) : null, wine: null, node: process.version, arch: arch() };
  }
  const [{ wineEnv }, { runChild }] = await Promise.all([import("../native/environment.js"), import("../native/lifetime.js")]);
  const ver = await runChild("wine", ["cmd", "/c", "ver"], { env: wineEnv(), timeoutMs: 60000 });
  const wine = spawnSync("wine", ["--version"], { encoding: "utf8" });
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(ver.stdout ?? "");
  return {
    windows: m ? `${m[0]} (as the Wine prefix reports it)` : "unknown (wine cmd /c ver gave nothing)",
    build: m ? Number(m[3]) : null, wine: wine.stdout?.trim() || null, node: "the Windows build under Wine", arch: arch(),
  };
}

async function record(model: Model, target: "native" | "wine", cases: LoadedCase[], out: string, print: (s: string) => void): Promise<number> {
  // Said before the cases run, not after: a recording takes a while.
  const folder = dirname(resolve(out));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--out: the folder ${JSON.stringify(folder)} does not exist`);
  const { nativeTarget } = await import("../../spec-tests/runner/targets/native/target.js");
  const t = nativeTarget(target, model);
  const planned = plan(cases, [t.profile]);
  const runs = await t.run(planned);
  const obs: Observations = {
    format: OBSERVATIONS_FORMAT, target, profile: t.profile, system: await systemOf(target), recorded: new Date().toISOString(),
    cases: planned.map((p, i) => ({ id: p.case.id, file: p.case.file, ...runs[i], steps: Array.from(runs[i].steps, (a) => a ?? null) })),
  };
  const count = (f: (c: ObservedCase) => boolean) => obs.cases.filter(f).length;
  const ran = count((c) => c.skip === undefined && c.harness === undefined);
  const partial = count((c) => (c.skipped?.length ?? 0) > 0);
  const harness = count((c) => c.harness !== undefined);
  const what = `observed ${ran} of ${obs.cases.length} cases on ${obs.system.windows}${obs.system.wine ? `, ${obs.system.wine}` : ""} (${partial} of them in part; ${obs.cases.length - ran - harness} cannot run for real, each says why${harness ? `; ${harness} not begun: harness failures` : ""})`;
  // A recording is written beside FILE and renamed over it, so FILE is never half written; one
  // that observed nothing, or left cases unbegun, never replaces it.
  if (ran === 0) {
    process.stderr.write(`lfp observe: ${what}: nothing was observed; ${showPath(out)} is left as it was${harness ? `\n${firstHarness(obs)}` : ""}\n`);
    return 2;
  }
  if (harness > 0) {
    const aside = `${out}.incomplete`;
    writeFileAtomic(aside, JSON.stringify(obs, null, 1) + "\n");
    process.stderr.write(`lfp observe: ${what}: the recording is incomplete; written to ${showPath(aside)}, ${showPath(out)} is left as it was\n${firstHarness(obs)}\n`);
    return 1;
  }
  writeFileAtomic(out, JSON.stringify(obs, null, 1) + "\n");
  print(`${what}; written to ${showPath(out)}`);
  return 0;
}

/** The first harness failure of a recording, as a line for the user. */
function firstHarness(obs: Observations): string {
  const c = obs.cases.find((x) => x.harness !== undefined);
  return c ? `first harness failure (${c.id}): ${c.harness}` : "";
}

/** Read and check an observation file; a clear error naming the file and field otherwise. */
export function readObservations(path: string): Observations {
  const name = showPath(path);
  // Only a regular file, its size checked first: /dev/zero or a FIFO would read without end.
  const parsed = parseJson(readRegularText(path, { maxBytes: MAX_OBSERVATIONS_BYTES, name, kind: "an observation file" }));
  if (parsed.problem) throw new LfpError("LFP_BAD_ARGUMENT", showJsonProblem(name, parsed.problem));
  const o = parsed.value;
  const bad = (field: string, why: string): never => { throw new LfpError("LFP_BAD_ARGUMENT", `${name}: field "${field}": ${why}`); };
  if (typeof o !== "object" || o === null || Array.isArray(o)) bad("(top)", "expected an object");
  const obs = o as Record<string, unknown>;
  if (obs.format !== OBSERVATIONS_FORMAT) bad("format", `expected "${OBSERVATIONS_FORMAT}", got ${JSON.stringify(obs.format)}`);
  if (obs.target !== "native" && obs.target !== "wine") bad("target", `expected "native" or "wine", got ${JSON.stringify(obs.target)}`);
  if (obs.profile !== undefined && typeof obs.profile !== "string") bad("profile", `expected a profile name, got ${JSON.stringify(obs.profile)}`);
  if (typeof obs.system !== "object" || obs.system === null || typeof (obs.system as { windows?: unknown }).windows !== "string") bad("system.windows", "expected the Windows version as a string");
  if (!Array.isArray(obs.cases)) bad("cases", "expected an array");
  (obs.cases as unknown[]).forEach((c, i) => {
    const k = c as Record<string, unknown>;
    if (typeof c !== "object" || c === null || typeof k.id !== "string") bad(`cases[${i}].id`, "expected a string");
    if (!Array.isArray(k.steps) || !k.steps.every((s) => s === null || (typeof s === "object" && !Array.isArray(s)))) bad(`cases[${i}].steps`, "expected an array of objects (null for a step not run)");
  });
  return obs as unknown as Observations;
}

/**
 * The evidence grade the catalogue gives a rule (per profile, `grades`) or a precedence cell
 * (`grade`), if it gives any: a model from before the grades has neither.
 */
function gradeOf(x: unknown, profile: ProfileName): string | null {
  if (typeof x !== "object" || x === null) return null;
  const perProfile = (x as { grades?: Record<string, unknown> }).grades?.[profile];
  const g = perProfile ?? (x as { grade?: unknown }).grade;
  return typeof g === "string" ? g : null;
}

/** One graded thing an observation bears on: a rule, or a rule's cell for the profile. */
interface Evidence { what: string; grade: string | null; cases: string[] }

/** The judgement of one observation file. */
export interface Comparison {
  target: string;
  system: Observations["system"];
  profile: ProfileName;
  cases: { id: string; status: "conforms" | "differs" | "not observed" | "unknown case"; detail: string[] }[];
  /** Rules and cells that decided a step every observation of it agrees with. */
  supported: Evidence[];
  /** Those of them graded inferred or choice; null when the catalogue carries no grades. */
  wouldBecomeObserved: Evidence[] | null;
  /** Rules and cells that decided a step the observation contradicts. */
  contradicted: Evidence[];
  gradesNote: string | null;
  /** Where the profile came from: the recording (its target's own) or --profile (set by the command). */
  profileFrom?: "recording" | "--profile";
}

/** Judge observations against `profile`: per case, and per graded rule and cell. */
export async function compareObservations(obs: Observations, model: Model, cases: LoadedCase[], profile: ProfileName, known: KnownDivergence[] = []): Promise<Comparison> {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const observed = obs.cases.filter((c) => byId.has(c.id));
  const recorded = new Map(observed.map((c) => [c.id, c]));
  // The recorded runs, replayed as a target so the runner judges them exactly as it judges a live one.
  const replay: Target = {
    name: obs.target, profile,
    run: async (planned: PlannedCase[]): Promise<CaseRun[]> => planned.map((p) => {
      const { id: _id, file: _file, steps, ...run } = recorded.get(p.case.id)!;
      // A step not run is a hole for the runner, as the live target leaves it.
      const holes: StepActual[] = [];
      steps.forEach((a, j) => { if (a !== null) holes[j] = a; });
      return { ...run, steps: holes };
    }),
  };
  const suite = await runSuite(observed.map((c) => byId.get(c.id)!).filter((c) => !c.profiles || c.profiles.includes(profile)), replay, [profile], model.catalogue);
  const results = new Map<string, CaseResult>(suite.results.map((r) => [r.id, r]));
  const cat = model.catalogue;
  const p = model.profileIndex(profile);
  const graded = cat.rules.some((r) => gradeOf(r, profile) !== null) || cat.precedence.some((row) => gradeOf(row.cells[p], profile) !== null);
  const evidence = new Map<string, Evidence>();
  const contradicted = new Map<string, Evidence>();
  const note = (into: Map<string, Evidence>, what: string, grade: string | null, id: string) => {
    const e = into.get(what) ?? { what, grade, cases: [] };
    if (!e.cases.includes(id)) e.cases.push(id);
    into.set(what, e);
  };
  const modelTarget = new ModelTarget(model);
  const out: Comparison["cases"] = [];
  for (const c of obs.cases) {
    const r = results.get(c.id);
    if (!byId.has(c.id)) { out.push({ id: c.id, status: "unknown case", detail: ["not in these vectors (recorded from another version?)"] }); continue; }
    if (r === undefined) { out.push({ id: c.id, status: "not observed", detail: [`the case does not apply to the ${profile} profile`] }); continue; }
    if (r.status === "skip" || r.status === "error") { out.push({ id: c.id, status: "not observed", detail: [r.reason ?? ""] }); continue; }
    // The rules the model says decide each step, and the cells they fill for this profile.
    const expected = modelTarget.runOne({ case: byId.get(c.id)!, profile }).steps;
    const wrongSteps = new Set(r.mismatches.map((m) => m.step));
    expected.forEach((s, j) => {
      const a = c.steps[j];
      if (s.rule === undefined || a === null || a === undefined || a.problem !== undefined) return;
      const rule = cat.rules.find((x) => x.id === s.rule);
      const cell = cat.precedence.find((row) => row.rule.id === s.rule)?.cells[p];
      const into = wrongSteps.has(j) ? contradicted : evidence;
      note(into, `rule ${s.rule}`, gradeOf(rule, profile), c.id);
      if (!cell) return;
      // Where the cell admits another outcome and the system gave that one, the evidence is for the alternative.
      const alt = a.error !== cell.error.code ? cell.alternatives.find((x) => a.error === x.error.code) : undefined;
      const chosen = alt ? { ...alt, what: "alternative " } : { ...cell, what: "" };
      note(into, `cell ${s.rule} × ${profile} (${chosen.what}${showError(chosen.error.code, cat)}, ${chosen.reports})`, gradeOf(chosen, profile), c.id);
    });
    const notRun = (r.skippedSteps ?? []).map((x) => `step ${x.step} not run: ${x.reason}`);
    if (r.status === "pass" || r.status === "partial") out.push({ id: c.id, status: "conforms", detail: notRun });
    else {
      // A difference the project lists as known and explained (not about this control code) says so; it still differs.
      const listed = [...new Set(known.filter((k) => k.target === obs.target && k.case === c.id
        && r.mismatches.some((m) => stepsAt(byId.get(c.id)!, k.at).includes(m.step) && k.fields.includes(m.field))).map((k) => `known divergence: ${k.reason}`))];
      out.push({ id: c.id, status: "differs", detail: [...(r.reason ? [r.reason] : []), ...r.mismatches.map((m) => `step ${m.step} (${m.op}) ${m.field}: expected ${m.expected}, got ${m.actual}`), ...listed, ...notRun] });
    }
  }
  for (const e of contradicted.keys()) evidence.delete(e); // one contradiction outweighs any number of agreements
  const supported = [...evidence.values()];
  return {
    target: obs.target, system: obs.system, profile, cases: out, supported,
    wouldBecomeObserved: graded ? supported.filter((e) => e.grade === "inferred" || e.grade === "choice") : null,
    contradicted: [...contradicted.values()],
    gradesNote: graded ? null : "this model's catalogue carries no evidence grades (rule.grades, cell.grade), so which inferred or choice answers these observations would turn into observed cannot be said; the rules and cells they bear on are listed instead",
  };
}

const STATUS_LEVEL = { conforms: "pass", differs: "fail", "not observed": "skip", "unknown case": "skip" } as const;

function compareText(c: Comparison): string {
  const paint = painter(colourWanted(process.stdout));
  const lines = [`observations from ${c.target} on ${c.system.windows}${c.system.wine ? ` (${c.system.wine})` : ""}, judged against the ${c.profile} profile${c.profileFrom === "recording" ? " (the recording target's own; --profile to choose another)" : ""}`];
  for (const k of c.cases) lines.push(`${paint(STATUS_LEVEL[k.status], k.status.padEnd(12))} ${k.id}${k.detail.length ? `\n             ${k.detail.join("\n             ")}` : ""}`);
  const count = (s: string) => c.cases.filter((k) => k.status === s).length;
  lines.push("", `${count("conforms")} conform, ${count("differs")} differ, ${count("not observed")} not observed, ${count("unknown case")} unknown`);
  const list = (title: string, es: Evidence[]) => {
    lines.push("", `${title} (${es.length}):`);
    for (const e of es) lines.push(`  ${e.what}${e.grade ? ` [${e.grade}]` : ""}: ${e.cases.length} case(s), e.g. ${e.cases[0]}`);
  };
  if (c.wouldBecomeObserved) {
    const byGrade = new Map<string, number>();
    for (const e of c.supported) byGrade.set(e.grade ?? "ungraded", (byGrade.get(e.grade ?? "ungraded") ?? 0) + 1);
    lines.push("", `rules and cells the observations agree with: ${c.supported.length} (${[...byGrade].map(([g, n]) => `${n} ${g}`).join(", ") || "none"})`);
    list(`inferred or choice answers these observations would make observed on ${c.system.windows}`, c.wouldBecomeObserved);
  }
  else {
    lines.push("", `note: ${c.gradesNote}`);
    list("rules and cells the conforming observations support", c.supported);
  }
  list("rules and cells an observation contradicts", c.contradicted);
  return lines.join("\n");
}

export async function observe(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parse({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: "string" },
      out: { type: "string", default: "observations.json" },
      compare: { type: "string" },
      profile: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) { out(observeUsage); return 0; }
  if ((values.target === undefined) === (values.compare === undefined)) throw new UsageError("give either --target native|wine (record) or --compare FILE (judge a recording)");
  const model = await loadModel();
  const cases = await loadVectors(positionals.length ? positionals : [vectorsDir], model.catalogue);
  if (values.target !== undefined) return record(model, choice(values.target, "--target", ["native", "wine"] as const), cases, values.out!, out);
  if (values.profile === "all") throw new UsageError("--profile: compare against one profile, not all");
  const asked = values.profile === undefined ? undefined : profilesArg(values.profile, model.profiles)[0] as ProfileName;
  const obs = readObservations(values.compare!);
  // Unless told otherwise, a recording is judged against the profile of the target that made it.
  const { nativeProfile } = await import("../../spec-tests/runner/targets/native/target.js");
  const own: string = obs.profile ?? nativeProfile(obs.target);
  if (asked === undefined && !(model.profiles as readonly string[]).includes(own)) {
    throw new LfpError("LFP_BAD_ARGUMENT", `${values.compare}: recorded by a target whose profile is ${JSON.stringify(own)}, which this model does not have; choose one with --profile (${model.profiles.join(", ")})`);
  }
  const profile = asked ?? own as ProfileName;
  const c: Comparison = { ...await compareObservations(obs, model, cases, profile, await loadKnownDivergences(knownDivergencesFile)), profileFrom: asked === undefined ? "recording" : "--profile" };
  out(values.json ? JSON.stringify(c) : compareText(c));
  if (c.cases.some((k) => k.status === "differs")) return 1;
  if (!c.cases.some((k) => k.status === "conforms")) {
    // Nothing to judge is no conformance: a recording of nothing (or of none of these vectors) must not pass.
    const count = (s: string) => c.cases.filter((k) => k.status === s).length;
    process.stderr.write(`lfp observe: ${showPath(values.compare!)}: nothing was observed to judge (${c.cases.length} recorded case(s): ${count("not observed")} not observed, ${count("unknown case")} unknown)\n`);
    return 2;
  }
  return 0;
}
