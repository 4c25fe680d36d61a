// docs/evidence/reread.md, generated from reread.json and passages.json (issue 19 §2): the count of
// verdicts, the corrections applied since, every finding with its quoted passages, and the notes of
// the targets that hold. `npm run docs` writes it; test/docs.test.ts fails when it differs.

/** One verdict of the re-read: a rule, a precedence cell or a following profile's grade, read against its passages. */
export interface RereadEntry {
  target: string; passages: string[]; verdict: string; note: string;
  /** The date this target was read, where it is not the file's `read` (a later re-read). */
  read?: string;
}
/** docs/evidence/reread.json (`lfp-reread/1`). */
export interface Reread { format: string; read: string; corrections: string[]; entries: RereadEntry[] }
/** The part of a passages.json entry the page quotes. */
export interface QuotedPassage { where: string; quote?: string }

/** The verdicts, in the order the page counts them. */
export const VERDICTS = ["holds", "wrong", "over-graded", "under-graded", "unsupported"] as const;
/** How much of a quote a finding shows: the page is a summary, passages.json holds the whole passage. */
const QUOTE_CHARS = 400;

/** The markdown of reread.md for this re-read. */
export function rereadMarkdown(reread: Reread, passages: Record<string, QuotedPassage>): string {
  const { entries, read } = reread;
  const of = (kind: string) => entries.filter((e) => e.target.startsWith(`${kind}:`));
  const [rules, cells, grades] = [of("rule"), of("cell"), of("grade")];
  const n = (list: RereadEntry[], k: string) => list.filter((e) => e.verdict === k).length;
  const later = [...new Set(entries.flatMap((e) => (e.read && e.read !== read ? [e.read] : [])))].sort();
  let md = `# Re-read of every rule and precedence cell against its passages\n\n`;
  md += `Read by someone who did not write the rules (issue 19 §2): every target on ${read}`;
  md += later.length ? `, and those changed since again on ${later.join(", ")} (their entries carry the date).\n` : `.\n`;
  md += `Each rule (\`rule:<id>\`) and each precedence cell (\`cell:<rule id>/<profile>\`) was read against the passages it\n`;
  md += `cites (\`passages.json\`, grammar in \`README.md\`). A profile that follows another (\`windows-7\` follows \`windows\`) has\n`;
  md += `its cells (its own and those it keeps) and its grades (\`grade:<rule id>/<profile>\`: the ones it names and the ones\n`;
  md += `it keeps) read too. The verdicts are in \`reread.json\`; this page is generated from it by \`scripts/reread-md.ts\`\n`;
  md += `(\`npm run docs\`). A verdict records what the reading found: the corrections made since are listed under\n`;
  md += `"Corrections applied".\n\n`;
  md += `| verdict | rules (${rules.length}) | cells (${cells.length}) | windows-7 grades (${grades.length}) |\n| --- | --- | --- | --- |\n`;
  for (const k of VERDICTS) md += `| ${k} | ${n(rules, k)} | ${n(cells, k)} | ${n(grades, k)} |\n`;
  md += `\n- **wrong**: a set or outcome the passages contradict (too wide, too narrow, another error).\n`;
  md += `- **over-graded** / **under-graded**: the grade claims more / less than the passage carries.\n`;
  md += `- **unsupported**: no cited passage says it (the rule must cite one, or grade it choice).\n\n`;
  md += `## Corrections applied\n\n${reread.corrections.map((line) => `${line}\n`).join("")}\n`;
  md += `## Model errors found\n\n`;
  md += `Each item: the target, what is wrong, the passages (id, then the quoted text), and the correct reading, with\n`;
  md += `whether it was corrected. A windows-7 grade that keeps a windows error says so and points at the rule's item.\n\n`;
  let i = 0;
  for (const e of entries) {
    if (e.verdict === "holds") continue;
    md += `### ${++i}. \`${e.target}\` — ${e.verdict}${e.read && e.read !== read ? ` (read ${e.read})` : ""}\n\n${e.note}\n\n`;
    for (const id of e.passages) {
      const p = passages[id];
      md += p?.quote ? `- \`${id}\` (${p.where}): “${p.quote.replace(/\s+/g, " ").slice(0, QUOTE_CHARS)}”\n` : `- \`${id}\`\n`;
    }
    md += `\n`;
  }
  md += `## Notes on targets that hold\n\n`;
  for (const e of entries) if (e.verdict === "holds" && e.note) md += `- \`${e.target}\`${e.read && e.read !== read ? ` (read ${e.read})` : ""}: ${e.note}\n`;
  return md;
}
