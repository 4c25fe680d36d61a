// The linter's platform-neutral API (Node and browsers).
export { Linter, DEFAULT_LIMITS, type GrammarLoader, type LintLimits, type SourceResult } from "./engine.js";
export { LINT_RULES, lintRule, helpText, type LintRule } from "./rules.js";
export { languageOf, mayContainCall, EXTENSIONS, NEEDLES } from "./languages.js";
export { outcomeRow } from "./findings.js";
export { toSarif } from "./sarif.js";
export { formatText } from "./text.js";
export type * from "./types.js";
