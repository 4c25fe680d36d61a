// Reporters: text (default), JSON and TAP. Every one ends with the counts.
import type { SuiteResult, CaseResult } from "./run.js";

/** The closing line every reporter prints. */
export function summaryLine(r: SuiteResult): string {
  return `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
}

function failureLines(c: CaseResult): string[] {
  const lines = c.mismatches.map((m) => `step ${m.step} (${m.op}) ${m.field}: expected ${m.expected}, got ${m.actual}`);
  if (c.reason !== undefined) lines.push(c.reason);
  return lines;
}

/** One line per result; failures indented below their case. */
export function textReport(r: SuiteResult, verbose = true): string {
  const out: string[] = [r.ownProfile === undefined ? `target ${r.target}, profiles ${r.profiles.join(", ")}`
    : `target ${r.target} (its own profile: ${r.ownProfile}), judged against ${r.profiles.join(", ")}: a pass is a real answer that conforms to that profile, a FAIL one that does not`];
  for (const c of r.results) {
    if (c.status === "pass" && !verbose && c.notes.length === 0) continue;
    const tag = c.status === "pass" ? "pass" : c.status === "fail" ? "FAIL" : "skip";
    out.push(`${tag} ${c.id} [${c.profile}]${c.status === "skip" ? `: ${c.reason}` : ""}`);
    if (c.status === "fail") for (const l of failureLines(c)) out.push(`     ${l}   (${c.file})`);
    for (const n of c.notes) out.push(`     note: ${n}`);
  }
  out.push(summaryLine(r));
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
    else {
      out.push(`not ok ${i + 1} - ${name}`, "  ---", `  file: ${JSON.stringify(c.file)}`, "  failures:");
      for (const l of failureLines(c)) out.push(`    - ${JSON.stringify(l)}`);
      out.push("  ...");
    }
  });
  out.push(`# ${summaryLine(r)}`);
  return out.join("\n");
}
