// The report for people: one block per finding, the model's row per call site.
import type { LintReport } from "./types.js";
import { outcomeRow } from "./findings.js";

/** Text output: `file:line:col level id message`, then the model's outcome per profile, then a summary. */
export function formatText(report: LintReport): string {
  const lines: string[] = [];
  for (const site of report.sites) {
    const where = `${site.file}:${site.start.line}:${site.start.column}`;
    const ctx = site.sockets.map((c) => `${c.stage}/${c.type}`).join(", ");
    lines.push(`${where}  ${site.shape.api}${site.function ? ` in ${site.function}()` : ""}  socket: ${ctx}  errors: ${site.errors.policy}`);
    const verdicts = site.model.scenario ?? site.model.call;
    lines.push(`  model (${site.model.scenario ? `scenario: ${site.model.stage}` : "call check"}): ${outcomeRow(verdicts)}`);
    for (const f of site.findings) {
      const rules = [...new Set(f.evidence.flatMap((v) => [v.rule + (v.grade ? ` [${v.grade}]` : ""), ...(v.pathRule ? [`path: ${v.pathRule}`] : [])]))].join(", ");
      lines.push(`  ${f.level.padEnd(7)} ${f.id.padEnd(27)} ${f.message}${rules ? `  (model: ${rules})` : ""}`);
    }
  }
  for (const p of report.problems) lines.push(`${p.file}: ${p.reason}`);
  const count = (l: string) => report.sites.reduce((n, s) => n + s.findings.filter((f) => f.level === l).length, 0);
  const s = report.stats;
  lines.push(`${report.sites.length} call site(s), ${count("error")} error(s), ${count("warning")} warning(s), ${count("note")} note(s); ${s.files} file(s) looked at, ${s.parsed} parsed, ${(s.bytes / 1048576).toFixed(1)} MiB in ${s.ms} ms${report.problems.length ? `; ${report.problems.length} file(s) with a problem` : ""}`);
  return lines.join("\n");
}
