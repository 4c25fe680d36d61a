// Reporters: text (default), JSON and TAP. Every one ends with the counts.
import type { SuiteResult, CaseResult } from "./run.js";

/** The closing line every reporter prints. */
export function summaryLine(r: SuiteResult): string {
  const extra = [r.partial ? `${r.partial} partial (steps not run on this target)` : "", r.errors ? `${r.errors} harness errors (cases that never began)` : ""].filter(Boolean);
  return `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${extra.map((x) => `, ${x}`).join("")}`;
}

function failureLines(c: CaseResult): string[] {
  const lines = c.mismatches.map((m) => `step ${m.step} (${m.op}) ${m.field}: expected ${m.expected}, got ${m.actual}`);
  if (c.reason !== undefined) lines.push(c.reason);
  return lines;
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

/** One line per result; failures indented below their case. */
export function textReport(r: SuiteResult, verbose = true): string {
  const out: string[] = [r.ownProfile === undefined ? `target ${r.target}, profiles ${r.profiles.join(", ")}`
    : `target ${r.target} (its own profile: ${r.ownProfile}), judged against ${r.profiles.join(", ")}: a pass is a real answer that conforms to that profile, a FAIL one that does not`];
  for (const c of r.results) {
    if (c.status === "pass" && !verbose && c.notes.length === 0) continue;
    const tag = { pass: "pass", partial: "part", fail: "FAIL", skip: "skip", error: "ERROR" }[c.status];
    out.push(`${tag} ${c.id} [${c.profile}]${c.status === "skip" || c.status === "error" ? `: ${c.reason}` : ""}`);
    if (c.status === "fail") for (const l of failureLines(c)) out.push(`     ${l}   (${c.file})`);
    const skipped = skippedLine(c);
    if (skipped !== null && c.status !== "skip") out.push(`     ${skipped}`);
    for (const n of c.notes) out.push(`     note: ${n}`);
  }
  out.push(...harnessLines(r), summaryLine(r));
  return out.join("\n");
}

/** The whole result as one JSON object. */
export function jsonReport(r: SuiteResult): string {
  return JSON.stringify({
    target: r.target,
    profiles: r.profiles,
    passed: r.passed,
    failed: r.failed,
    skipped: r.skipped,
    partial: r.partial,
    errors: r.errors,
    harness: r.harness,
    results: r.results.map(({ rules: _rules, ...c }) => c),
  }, null, 1);
}

/** TAP version 13. */
export function tapReport(r: SuiteResult): string {
  const out = ["TAP version 13", `1..${r.results.length}`];
  r.results.forEach((c, i) => {
    const name = `${c.id} [${c.profile}]`;
    if (c.status === "skip") out.push(`ok ${i + 1} - ${name} # SKIP ${c.reason}`);
    else if (c.status === "pass") out.push(`ok ${i + 1} - ${name}`, ...c.notes.map((n) => `# ${n}`));
    else if (c.status === "partial") out.push(`ok ${i + 1} - ${name} # partial: ${skippedLine(c)}`, ...c.notes.map((n) => `# ${n}`));
    else if (c.status === "error") out.push(`not ok ${i + 1} - ${name} # harness: ${c.reason}`);
    else {
      out.push(`not ok ${i + 1} - ${name}`, "  ---", `  file: ${JSON.stringify(c.file)}`, "  failures:");
      for (const l of failureLines(c)) out.push(`    - ${JSON.stringify(l)}`);
      out.push("  ...");
    }
  });
  out.push(...harnessLines(r).map((l) => `# ${l}`), `# ${summaryLine(r)}`);
  return out.join("\n");
}
