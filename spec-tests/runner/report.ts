// Reporters: text (default), TAP, JSON and JUnit XML. Text and TAP stream one
// result at a time as cases finish; JSON and JUnit are written when the run ends.
// Every one ends with the counts.
import { caseName, type SuiteResult, type CaseResult } from "./run.js";
import { colourWanted, painter } from "../../host/colour.js";

export { colourWanted };

/** The report formats `lfp spec --reporter` knows. */
export const REPORTERS = ["text", "tap", "json", "junit"] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** A reporter: text for the start, for each result as it arrives, and for the end (null: nothing to print). */
export interface Reporter {
  /** `ownProfile`: a real target judged against other profiles than its own. */
  begin(target: string, profiles: readonly string[], ownProfile?: string): string | null;
  result(r: CaseResult): string | null;
  end(r: SuiteResult): string;
}

export interface ReporterOptions {
  /** text: list every case (default true); false: the failures and the summary only (`lfp spec --quiet`). */
  verbose?: boolean;
  /** text: ANSI colours (see `colourWanted`). */
  colour?: boolean;
}

/** The closing line every reporter prints. */
export function summaryLine(r: SuiteResult): string {
  const extra = [r.partial ? `${r.partial} partial (steps not run on this target)` : "", r.errors ? `${r.errors} harness errors (cases that never began)` : ""].filter(Boolean);
  return `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${extra.map((x) => `, ${x}`).join("")}${r.bailed ? " (stopped at the first failure: --bail)" : ""}`;
}

/** A partial case's steps that did not run, as one line: the first reason, and how many steps it covers. */
function skippedLine(c: CaseResult): string | null {
  const s = c.skippedSteps;
  if (!s?.length) return null;
  return `not run: step${s.length > 1 ? `s ${s.map((x) => x.step).join(", ")}` : ` ${s[0].step}`}: ${s[0].reason.replace(/^step \d+ /, "")}`;
}

/** The harness's line (targets with processes), and one line per harness failure. */
function harnessLines(r: SuiteResult): string[] {
  const h = r.harness;
  if (!h) return [];
  return [...h.notes, `harness: ${h.processes} processes, ${h.failures} harness failures, ${h.retries} retried`];
}

/** The first line of text reports: the target and what it is judged against. */
function headLine(target: string, profiles: readonly string[], ownProfile?: string): string {
  return ownProfile === undefined ? `target ${target}, profiles ${profiles.join(", ")}`
    : `target ${target} (its own profile: ${ownProfile}), judged against ${profiles.join(", ")}: a pass is a real answer that conforms to that profile, a FAIL one that does not`;
}

function failureLines(c: CaseResult): string[] {
  const lines = c.mismatches.map((m) => `step ${m.step} (${m.op}) ${m.field}: expected ${m.expected}, got ${m.actual}`);
  if (c.reason !== undefined) lines.push(c.reason);
  return lines;
}

const ms = (d: number | undefined) => (d === undefined ? "" : ` (${d < 10 ? d.toFixed(2) : Math.round(d)} ms)`);

function textReporter({ verbose = true, colour = false }: ReporterOptions): Reporter {
  const paint = painter(colour);
  return {
    begin: (target, profiles, ownProfile) => (verbose ? headLine(target, profiles, ownProfile) : null),
    result(c) {
      if (!verbose && c.status !== "fail" && c.status !== "error") return null;
      const tag = { pass: paint("pass", "pass"), partial: paint("partial", "part"), fail: paint("fail", "FAIL"), skip: paint("skip", "skip"), error: paint("harness", "ERROR") }[c.status];
      const out = [`${tag} ${caseName(c.id, c.profile)}${c.status === "skip" || c.status === "error" ? `: ${c.reason}` : ""}${paint("dim", ms(c.durationMs))}`];
      if (c.status === "fail") for (const l of failureLines(c)) out.push(`     ${l}   (${c.file})`);
      const skipped = skippedLine(c);
      if (skipped !== null && c.status !== "skip") out.push(`     ${skipped}`);
      for (const n of c.notes) out.push(`     note: ${n}`);
      return out.join("\n");
    },
    end: (r) => (verbose ? [...harnessLines(r), paint("dim", `ran in ${Math.round(r.durationMs)} ms`), summaryLine(r)] : [summaryLine(r)]).join("\n"),
  };
}

/** TAP version 13; the plan comes last, since results stream. */
function tapReporter(): Reporter {
  let n = 0;
  return {
    begin: () => "TAP version 13",
    result(c) {
      n++;
      const name = caseName(c.id, c.profile);
      if (c.status === "skip") return `ok ${n} - ${name} # SKIP ${c.reason}`;
      if (c.status === "error") return `not ok ${n} - ${name} # harness: ${c.reason}`;
      const out = c.status === "pass" ? [`ok ${n} - ${name}`, ...c.notes.map((x) => `# ${x}`)]
        : c.status === "partial" ? [`ok ${n} - ${name} # partial: ${skippedLine(c)}`, ...c.notes.map((x) => `# ${x}`)] : [`not ok ${n} - ${name}`];
      out.push("  ---", `  duration_ms: ${c.durationMs === undefined ? "~" : Number(c.durationMs.toFixed(3))}`);
      if (c.status === "fail") {
        out.push(`  file: ${JSON.stringify(c.file)}`, "  failures:");
        for (const l of failureLines(c)) out.push(`    - ${JSON.stringify(l)}`);
      }
      out.push("  ...");
      return out.join("\n");
    },
    end: (r) => [`1..${n}`, ...harnessLines(r).map((l) => `# ${l}`), `# ${summaryLine(r)}`].join("\n"),
  };
}

/** The whole result as one JSON object. */
function jsonReporter(): Reporter {
  return {
    begin: () => null,
    result: () => null,
    end: (r) => JSON.stringify({
      target: r.target,
      profiles: r.profiles,
      passed: r.passed,
      failed: r.failed,
      skipped: r.skipped,
      partial: r.partial,
      errors: r.errors,
      harness: r.harness,
      durationMs: r.durationMs,
      bailed: r.bailed,
      results: r.results.map(({ rules: _rules, ...c }) => c),
    }, null, 1),
  };
}

const xml = (s: string) => s.replace(/[&<>"]/g, (ch) => `&${({ "&": "amp", "<": "lt", ">": "gt", '"': "quot" } as Record<string, string>)[ch]};`)
  // Characters XML 1.0 cannot hold at all.
  .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, "\ufffd");
const seconds = (d: number | undefined) => ((d ?? 0) / 1000).toFixed(3);

/** JUnit XML as CI servers read it: one <testsuite> per vector file, one <testcase> per (case, profile). */
function junitReporter(): Reporter {
  return {
    begin: () => null,
    result: () => null,
    end(r) {
      const byFile = new Map<string, CaseResult[]>();
      for (const c of r.results) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
      const out = ['<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="lfp spec (target ${xml(r.target)})" tests="${r.results.length}" failures="${r.failed}" errors="${r.errors}" skipped="${r.skipped}" time="${seconds(r.durationMs)}">`];
      let id = 0;
      for (const [file, cases] of byFile) {
        const count = (s: CaseResult["status"]) => cases.filter((c) => c.status === s).length;
        const time = cases.reduce((t, c) => t + (c.durationMs ?? 0), 0);
        out.push(`  <testsuite name="${xml(file)}" id="${id++}" package="${xml(r.target)}" tests="${cases.length}" failures="${count("fail")}" errors="${count("error")}" skipped="${count("skip")}" time="${seconds(time)}">`);
        for (const c of cases) {
          const open = `    <testcase name="${xml(caseName(c.id, c.profile))}" classname="${xml(file.replace(/\.json$/, "").replace(/[/\\]/g, "."))}" time="${seconds(c.durationMs)}"`;
          // A partial case passed the steps that ran: a pass, with the steps not run in its output.
          const notes = [...(c.status === "partial" ? [skippedLine(c) ?? ""] : []), ...c.notes];
          if ((c.status === "pass" || c.status === "partial") && notes.length === 0) { out.push(`${open}/>`); continue; }
          out.push(`${open}>`);
          if (c.status === "fail") {
            const lines = failureLines(c);
            out.push(`      <failure message="${xml(lines[0] ?? "failed")}" type="mismatch">${xml(lines.join("\n"))}</failure>`);
          } else if (c.status === "error") out.push(`      <error message="${xml(c.reason ?? "harness failure")}" type="harness"/>`);
          else if (c.status === "skip") out.push(`      <skipped message="${xml(c.reason ?? "skipped")}"/>`);
          if (notes.length) out.push(`      <system-out>${xml(notes.join("\n"))}</system-out>`);
          out.push("    </testcase>");
        }
        out.push("  </testsuite>");
      }
      out.push("</testsuites>");
      return out.join("\n");
    },
  };
}

/** The reporter of that name. */
export function makeReporter(name: ReporterName, options: ReporterOptions = {}): Reporter {
  return name === "text" ? textReporter(options) : name === "tap" ? tapReporter() : name === "json" ? jsonReporter() : junitReporter();
}

/** A finished run as one report (what the streaming reporter would have printed, joined). */
export function renderReport(name: ReporterName, r: SuiteResult, options: ReporterOptions = {}): string {
  const rep = makeReporter(name, options);
  return [rep.begin(r.target, r.profiles, r.ownProfile), ...r.results.map((c) => rep.result(c)), rep.end(r)].filter((s): s is string => s !== null).join("\n");
}

/** One line per result, failures indented below their case (verbose false: the failures and the summary only). */
export const textReport = (r: SuiteResult, verbose = true): string => renderReport("text", r, { verbose });
/** The whole result as one JSON object. */
export const jsonReport = (r: SuiteResult): string => renderReport("json", r);
/** TAP version 13. */
export const tapReport = (r: SuiteResult): string => renderReport("tap", r);
/** JUnit XML. */
export const junitReport = (r: SuiteResult): string => renderReport("junit", r);
