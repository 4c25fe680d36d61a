// The linter's generated documentation (scripts/lint-docs.ts, written by npm run docs):
// docs/lint/ has exactly one page per rule of the table, each as generated; the rule ids
// are a typed union derived from the table (a wrong id does not compile).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./helpers.js";
import { lintRulePages, lintRulesMarkdown } from "../scripts/lint-docs.js";
import { isLintRuleId, LINT_RULES, lintRule, type LintRuleId } from "../host/lint/rules.js";

const t = suite("lint rule documentation");

t("docs/lint/ holds exactly the generated pages (run npm run docs)", () => {
  const pages = lintRulePages();
  assert.equal(readdirSync(join(root, "docs/lint")).sort(), Object.keys(pages).sort());
  for (const [name, text] of Object.entries(pages)) assert.fixture(readFileSync(join(root, "docs/lint", name), "utf8"), text, name);
});

t("README's rule table is the generated one, one row per rule", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  assert.ok(readme.includes(lintRulesMarkdown()));
  assert.is(lintRulesMarkdown().split("\n").length, LINT_RULES.length + 2);
});

t("rule ids: a typed union of the table's ids, checked at run time too", () => {
  const ok: LintRuleId = "lfp/after-connect";
  assert.is(lintRule(ok).id, ok);
  // @ts-expect-error — not an id of the table: the union rejects it when this file compiles.
  const bad: LintRuleId = "lfp/after-conect";
  assert.not.ok(isLintRuleId(bad));
  assert.is(new Set(LINT_RULES.map((r) => r.id)).size, LINT_RULES.length, "ids are unique");
});

t.run();
