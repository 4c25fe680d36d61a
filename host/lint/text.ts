// The report for people: per call site, its shape and the model's row, then each finding
// with its fix and the call that set the stage; files not linted; a summary per rule.
// Colours by level when asked; long lines wrapped to the terminal's width.
import type { Finding, Level, LintReport } from "./types.js";
import { outcomeRow } from "./findings.js";
import { guardText } from "./guard.js";
import { painter } from "../colour.js";

/** How the text is laid out. */
export interface TextOptions {
  /** ANSI colours: error red, warning yellow, note cyan. */
  colour?: boolean;
  /** Wrap lines at this width (a terminal's columns); undefined: no wrapping. */
  width?: number;
  /** Only error-level findings (the summary still counts what was left out). */
  quiet?: boolean;
}


const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "").length;

/** Split a line at spaces into lines of at most `width` visible columns, continuation lines indented by `indent`. */
export function wrap(line: string, width: number | undefined, indent: number): string[] {
  if (width === undefined || width < 40 || visible(line) <= width) return [line];
  const lead = /^ */.exec(line)![0];
  const words = line.slice(lead.length).split(" ");
  const out: string[] = [];
  let cur = lead;
  let curLen = lead.length;
  let empty = true;
  for (const w of words) {
    const len = visible(w);
    if (!empty && curLen + 1 + len > width) {
      out.push(cur);
      cur = " ".repeat(indent) + w;
      curLen = indent + len;
    } else {
      cur += (empty ? "" : " ") + w;
      curLen += (empty ? 0 : 1) + len;
    }
    empty = false;
  }
  out.push(cur);
  return out;
}

/** Text output: `file:line:col api in function()`, the model's row, each finding, then files and a summary per rule. */
export function formatText(report: LintReport, options: TextOptions = {}): string {
  const paint = painter(options.colour === true); // the colours every lfp command uses (host/colour.ts)
  const lines: string[] = [];
  const push = (line: string, indent: number) => lines.push(...wrap(line, options.width, indent));
  const shown = (f: Finding) => !f.suppressed && f.baselineState !== "unchanged" && (!options.quiet || f.level === "error");
  const levelTag = (l: Level) => paint(l, l.padEnd(7));
  const findingLines = (f: Finding, indent: string) => {
    const rules = [...new Set(f.evidence.flatMap((v) => [v.rule + (v.grade ? ` [${v.grade}]` : ""), ...(v.pathRule ? [`path: ${v.pathRule}`] : [])]))].join(", ");
    push(`${indent}${levelTag(f.level)} ${f.id.padEnd(27)} ${f.message}${rules ? paint("dim", `  (model: ${rules})`) : ""}`, indent.length + 8);
    const pad = " ".repeat(indent.length + 8);
    for (const r of f.related ?? []) push(`${pad}${paint("dim", `${r.kind ?? "stage"}:`)} ${r.file}:${r.start.line}:${r.start.column} ${r.message}`, pad.length + 7);
    if (f.fix) push(`${pad}${paint("dim", "fix:")} ${f.fix}`, pad.length + 5);
  };
  for (const site of report.sites) {
    const visible = site.findings.filter(shown);
    if (!visible.length && (options.quiet || site.findings.length)) continue; // all suppressed, in the baseline, or below --quiet
    const where = `${site.file}:${site.start.line}:${site.start.column}`;
    const ctx = site.sockets.map((c) => `${c.stage}/${c.type}`).join(", ");
    push(`${paint("bold", where)}  ${site.shape.api}${site.function ? ` in ${site.function}()` : ""}  socket: ${ctx}  errors: ${site.errors.policy}`, 2);
    const verdicts = site.model.scenario ?? site.model.call;
    const unreached = (site.model.notReached ?? []).map((p) => ` | ${p.profile} not reached`).join("");
    push(`  model (${site.model.scenario ? `scenario: ${site.model.stage}` : "call check"}): ${outcomeRow(verdicts)}${unreached}`, 4);
    if (site.guard && site.model.notReached?.length) push(`  guard: ${guardText(site.guard, site.model.notReached.map((p) => p.profile))}`, 4);
    for (const f of visible) findingLines(f, "  ");
  }
  for (const f of (report.extra ?? []).filter(shown)) {
    push(`${paint("bold", `${f.file}:${f.start.line}:${f.start.column}`)}  suppression comment`, 2);
    findingLines(f, "  ");
  }
  for (const p of report.problems) push(`${paint("bold", p.file)}: ${paint("error", "not linted:")} ${p.reason.replace(/^not linted: /, "")}`, 4);
  if (!options.quiet) {
    for (const p of report.notLinted ?? []) push(`${paint("bold", p.file)}: not linted: ${p.language} (it mentions SIO_LOOPBACK_FAST_PATH; lfp lint reads C/C++, C#, Python, Go and Rust)`, 4);
    for (const p of report.notes ?? []) push(`${paint("bold", p.file)}: ${paint("note", "note:")} ${p.reason}`, 4);
  }
  // The summary per rule, then the totals.
  const all = [...report.sites.flatMap((s) => s.findings), ...(report.extra ?? [])];
  const active = all.filter((f) => !f.suppressed && f.baselineState !== "unchanged");
  const byRule = new Map<string, { level: Level; n: number }>();
  for (const f of active) {
    const k = `${f.id}\0${f.level}`;
    const e = byRule.get(k) ?? { level: f.level, n: 0 };
    e.n++;
    byRule.set(k, e);
  }
  const rank: Record<Level, number> = { error: 0, warning: 1, note: 2 };
  const rows = [...byRule.entries()].sort((a, b) => rank[a[1].level] - rank[b[1].level] || (a[0] < b[0] ? -1 : 1));
  if (rows.length) {
    lines.push("");
    for (const [k, e] of rows) lines.push(`${k.split("\0")[0].padEnd(29)} ${paint(e.level, `${e.n} ${e.level}${e.n === 1 ? "" : "s"}`)}`);
  }
  const count = (l: Level) => active.filter((f) => f.level === l).length;
  const s = report.stats;
  const suppressed = all.filter((f) => f.suppressed).length;
  const unchanged = all.filter((f) => !f.suppressed && f.baselineState === "unchanged").length;
  const extras = [
    suppressed ? `${suppressed} suppressed` : "",
    unchanged ? `${unchanged} in the baseline` : "",
    report.problems.length ? `${report.problems.length} file(s) not linted` : "",
    report.notLinted?.length ? `${report.notLinted.length} file(s) in other languages` : "",
  ].filter(Boolean);
  push(`${report.sites.length} call site(s), ${count("error")} error(s), ${count("warning")} warning(s), ${count("note")} note(s)${extras.length ? ` (${extras.join(", ")})` : ""}; ${s.files} file(s) looked at, ${s.parsed} parsed, ${(s.bytes / 1048576).toFixed(1)} MiB in ${s.ms} ms`, 2);
  return lines.join("\n");
}
