// The linter's generated documentation, from its rule table (host/lint/rules.ts): README's
// table of rule ids, and one page per rule in docs/lint/ (the SARIF helpUri of each rule
// points there; docs/ ships in the package). `npm run docs` writes them; a test fails when
// they differ from what this prints.
import { LINT_RULES, helpMarkdown, ruleSlug } from "../host/lint/rules.js";

/** README's table: id (linked to its page), default level, when it reports. */
export function lintRulesMarkdown(): string {
  const rows = LINT_RULES.map((r) => `| [\`${r.id}\`](docs/lint/${ruleSlug(r.id)}.md) | ${r.level} | ${r.when} |`);
  return ["| id | level | when |", "| --- | --- | --- |", ...rows].join("\n");
}

/** docs/lint/<slug>.md for every rule, and docs/lint/README.md listing them; file name → content. */
export function lintRulePages(): Record<string, string> {
  const pages: Record<string, string> = {};
  for (const r of LINT_RULES) pages[`${ruleSlug(r.id)}.md`] = `${helpMarkdown(r)}\n\n<!-- generated from host/lint/rules.ts by npm run docs -->\n`;
  pages["README.md"] = [
    "# lfp lint rules",
    "",
    "One page per rule of `lfp lint` (SARIF `helpUri`). Generated from `host/lint/rules.ts` by `npm run docs`.",
    "",
    "| id | level | short |",
    "| --- | --- | --- |",
    ...LINT_RULES.map((r) => `| [\`${r.id}\`](${ruleSlug(r.id)}.md) | ${r.level} | ${r.short} |`),
    "",
  ].join("\n");
  return pages;
}
