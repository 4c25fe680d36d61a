// Inline suppressions, read from the comments of the parsed file (so a `//` inside a
// string is not one): `lfp-ignore-next-line <id>[, <id>…] -- <reason>` hides those
// findings on the next line, `lfp-ignore-file [<id>…] [-- <reason>]` in the whole file.
// A suppressed finding stays in the report (SARIF suppressions[], kind inSource); a
// comment that suppresses nothing, or names no rule, is itself reported.
import type { Node } from "web-tree-sitter";
import type { Finding, Position } from "./types.js";
import { isLintRuleId, lintRule, type LintRuleId } from "./rules.js";
import { endOf, startOf } from "./syntax.js";

/** One suppression comment. */
export interface Directive {
  kind: "next-line" | "file";
  /** The ids as written (valid or not). */
  ids: string[];
  /** The text after ` -- `, or "". */
  reason: string;
  file: string;
  start: Position;
  end: Position;
  /** next-line: the line it applies to (the line after the comment's last line). */
  line: number;
}

const COMMENT_TYPES = ["comment", "line_comment", "block_comment"];
const DIRECTIVE = /^lfp-ignore-(next-line|file)(?![\w-])([\s\S]*)$/;

/** The text of a comment without its delimiters (`//`, `///`, `/* … *\/`, `#`). */
function commentBody(text: string): string {
  return text.replace(/^(\/\/+!?|\/\*+!?|#+)/, "").replace(/\*+\/$/, "").trim();
}

/** The suppression comments of a parsed file. */
export function directivesIn(root: Node, file: string): Directive[] {
  const out: Directive[] = [];
  for (const c of root.descendantsOfType(COMMENT_TYPES)) {
    if (!c || !c.text.includes("lfp-ignore-")) continue;
    const m = DIRECTIVE.exec(commentBody(c.text));
    if (!m) continue;
    const rest = m[2];
    const sep = rest.search(/\s--(\s|$)/);
    const idsPart = sep >= 0 ? rest.slice(0, sep) : rest;
    const reason = sep >= 0 ? rest.slice(sep).replace(/^\s--/, "").replace(/\s+/g, " ").trim() : "";
    const end = endOf(c);
    out.push({
      kind: m[1] as Directive["kind"], ids: idsPart.split(/[\s,]+/).filter(Boolean), reason, file,
      start: startOf(c), end, line: end.line + 1,
    });
  }
  return out;
}

function note(id: LintRuleId, d: Directive, message: string): Finding {
  const r = lintRule(id);
  return { id, level: r.level, message, file: d.file, start: d.start, end: d.end, evidence: [], ...(r.fix ? { fix: r.fix } : {}) };
}

/**
 * Mark the findings the directives suppress (each finding keeps its place and gains
 * `suppressed`), and return the findings about the directives themselves: ids that are
 * no rule, and ids that suppress nothing.
 */
export function applyDirectives(findings: Finding[], directives: Directive[]): Finding[] {
  const out: Finding[] = [];
  for (const d of directives) {
    const unknown = d.ids.filter((id) => !isLintRuleId(id));
    const ids = d.ids.filter(isLintRuleId);
    const where = d.kind === "file" ? "lfp-ignore-file" : "lfp-ignore-next-line";
    if (unknown.length) out.push(note("lfp/unknown-suppression", d, `${where} names ${unknown.map((x) => JSON.stringify(x)).join(", ")}: not a rule of lfp lint; it suppresses nothing`));
    if (d.kind === "next-line" && d.ids.length === 0) {
      out.push(note("lfp/unknown-suppression", d, `lfp-ignore-next-line names no rule: write the ids to suppress, e.g. "lfp-ignore-next-line lfp/after-connect -- <reason>"`));
      continue;
    }
    if (unknown.length && !ids.length) continue;
    const used = new Set<string>();
    for (const f of findings) {
      if (f.file !== d.file || f.suppressed) continue;
      if (d.kind === "next-line" && f.start.line !== d.line) continue;
      if (ids.length ? !ids.includes(f.id) : false) continue;
      f.suppressed = { justification: d.reason, at: d.start };
      used.add(f.id);
    }
    if (d.kind === "file" && ids.length === 0) {
      if (!used.size) out.push(note("lfp/unused-suppression", d, "lfp-ignore-file suppresses nothing: the file has no finding"));
      continue;
    }
    const unused = ids.filter((id) => !used.has(id));
    if (unused.length) {
      const place = d.kind === "file" ? "in this file" : `on line ${d.line}`;
      out.push(note("lfp/unused-suppression", d, `${where} ${unused.join(", ")} suppresses nothing: ${unused.length > 1 ? "they are" : "it is"} not reported ${place}`));
    }
  }
  return out;
}
