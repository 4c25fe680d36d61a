// A project's lint configuration (`.lfp-lint.json`, or the "lfp" key of package.json):
// what to ignore, each rule's level, the profiles the project runs on, the level that
// fails the run. Checked key by key; a mistake is reported with the file and the key.
import { isLintRuleId, LINT_RULES, type LintRuleId } from "./rules.js";
import type { Level } from "./types.js";

/** The level at which a run fails, or never. */
export type FailOn = Level | "none";
export const FAIL_ON: readonly FailOn[] = ["error", "warning", "note", "none"];

/** A rule's level in a project, or off. */
export type RuleSetting = Level | "off";

/** The configuration, checked. */
export interface LintConfig {
  /** gitignore-style patterns, relative to the folder of the file that declares them. */
  ignore: string[];
  rules: Partial<Record<LintRuleId, RuleSetting>>;
  /** The profiles the project runs on (null: every profile). */
  profiles: string[] | null;
  failOn: FailOn;
}

export const DEFAULT_CONFIG: LintConfig = { ignore: [], rules: {}, profiles: null, failOn: "error" };

/** A configuration that cannot be used: the message names the file and the key. */
export class LintConfigError extends Error {}

const KEYS = ["$schema", "ignore", "rules", "profiles", "failOn"];

/** The closest of `names` to `word` (edit distance ≤ 3), for "did you mean". */
function closest(word: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = 4;
  for (const n of names) {
    const d = distance(word, n);
    if (d < bestD) { bestD = d; best = n; }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

const suggest = (word: string, names: readonly string[]) => {
  const c = closest(word, names);
  return c ? ` (did you mean ${JSON.stringify(c)}?)` : "";
};

/**
 * Check a configuration object read from `where` (a file name, or `package.json "lfp"`)
 * against the rules and the profiles this linter knows.
 */
export function checkConfig(raw: unknown, where: string, profiles: readonly string[]): LintConfig {
  const fail = (key: string, msg: string): never => { throw new LintConfigError(`${where}: ${key ? `"${key}": ` : ""}${msg}`); };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail("", `expected an object, got ${Array.isArray(raw) ? "an array" : raw === null ? "null" : typeof raw}`);
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) fail(k, `unknown key; the keys are ${KEYS.slice(1).join(", ")}${suggest(k, KEYS)}`);
  const config: LintConfig = { ignore: [], rules: {}, profiles: null, failOn: "error" };
  if (o.ignore !== undefined) {
    if (!Array.isArray(o.ignore) || o.ignore.some((x) => typeof x !== "string" || x === "")) fail("ignore", "expected an array of non-empty strings (gitignore patterns)");
    config.ignore = o.ignore as string[];
  }
  if (o.rules !== undefined) {
    if (typeof o.rules !== "object" || o.rules === null || Array.isArray(o.rules)) fail("rules", `expected an object of rule ids to "error", "warning", "note" or "off"`);
    for (const [id, v] of Object.entries(o.rules as Record<string, unknown>)) {
      if (!isLintRuleId(id)) fail(`rules"."${id}`, `no such rule${suggest(id, LINT_RULES.map((r) => r.id))}`);
      if (v !== "error" && v !== "warning" && v !== "note" && v !== "off") fail(`rules"."${id}`, `expected "error", "warning", "note" or "off", got ${JSON.stringify(v)}`);
      config.rules[id as LintRuleId] = v as RuleSetting;
    }
  }
  if (o.profiles !== undefined) config.profiles = checkProfiles(o.profiles, profiles, (msg) => fail("profiles", msg));
  if (o.failOn !== undefined) {
    if (!FAIL_ON.includes(o.failOn as FailOn)) fail("failOn", `expected one of ${FAIL_ON.join(", ")}, got ${JSON.stringify(o.failOn)}`);
    config.failOn = o.failOn as FailOn;
  }
  return config;
}

/** A list of profile names, each one the linter knows, none twice, at least one. */
export function checkProfiles(value: unknown, known: readonly string[], fail: (msg: string) => never): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((x) => typeof x !== "string")) fail(`expected a non-empty array of profile names (${known.join(", ")})`);
  for (const p of value as string[]) if (!known.includes(p)) fail(`no profile ${JSON.stringify(p)}; the profiles are ${known.join(", ")}${suggest(p, known)}`);
  return [...new Set(value as string[])];
}

/** Does a finding at `level` fail a run that fails on `failOn`? */
export function fails(level: Level, failOn: FailOn): boolean {
  const rank: Record<Level, number> = { error: 3, warning: 2, note: 1 };
  return failOn !== "none" && rank[level] >= rank[failOn];
}
