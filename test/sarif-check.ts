// SARIF checks shared by the lint tests: the SARIF 2.1.0 schema (from
// @microsoft/jest-sarif, draft-04, compiled with ajv), and what GitHub code scanning
// documents for an upload, as a list of broken requirements.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import AjvDraft04Module from "ajv-draft-04";

// ajv-draft-04 is CommonJS with the class as `default`.
const AjvDraft04 = AjvDraft04Module.default ?? AjvDraft04Module;

/** The SARIF 2.1.0 schema shipped by @microsoft/jest-sarif (draft-04), compiled. */
export function sarifValidator() {
  const require = createRequire(import.meta.url);
  const schemaPath = join(require.resolve("@microsoft/jest-sarif/package.json"), "..", "lib/schemas/sarif-2.1.0-rtm.5.json");
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, logger: false });
  // The schema names these formats; ajv-draft-04 knows none of them.
  ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:\S*$/i);
  ajv.addFormat("uri-reference", /^\S*$/);
  ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
  // A plain boolean (no type narrowing of the argument), with the errors of the last call.
  const check = (log: unknown): boolean => validate(log) as boolean;
  return Object.assign(check, { get errors() { return validate.errors; } });
}


/**
 * What GitHub documents for SARIF uploaded to code scanning, checked on a log; returns the
 * requirements it breaks (none: []). Sources, read 2026-12: docs.github.com "SARIF support
 * for code scanning" (supported properties of runs, tool.driver, reportingDescriptor,
 * result, location; partialFingerprints; relative URIs with uriBaseId) and "SARIF results
 * exceed one or more limits" (runs per file 20, results per run 25,000, rules per run
 * 25,000, locations per result 1,000, tags per rule 20) and "SARIF file is too large"
 * (10 MB gzip).
 */
export function githubProblems(log: Record<string, unknown>): string[] {
  const out: string[] = [];
  const need = (ok: unknown, what: string) => { if (!ok) out.push(what); };
  need(log.version === "2.1.0", "version is 2.1.0");
  need(typeof log.$schema === "string", "$schema is given");
  const runs = log.runs as Record<string, unknown>[];
  need(Array.isArray(runs) && runs.length >= 1 && runs.length <= 20, "1 to 20 runs");
  need(gzipSync(JSON.stringify(log)).length <= 10 * 1024 * 1024, "at most 10 MB gzipped");
  for (const run of runs ?? []) {
    const driver = (run.tool as { driver: Record<string, unknown> })?.driver;
    need(typeof driver?.name === "string", "tool.driver.name");
    need(typeof driver?.version === "string" || typeof driver?.semanticVersion === "string", "tool.driver.version or semanticVersion");
    const rules = (driver?.rules ?? []) as Record<string, unknown>[];
    need(rules.length <= 25000, "at most 25,000 rules");
    const ruleIds = new Set<string>();
    for (const r of rules) {
      need(typeof r.id === "string", "rule id");
      ruleIds.add(r.id as string);
      need(typeof (r.shortDescription as { text?: string })?.text === "string", `${r.id}: shortDescription.text`);
      need(typeof (r.fullDescription as { text?: string })?.text === "string", `${r.id}: fullDescription.text`);
      need(typeof (r.help as { text?: string })?.text === "string", `${r.id}: help.text`);
      need(["none", "note", "warning", "error"].includes((r.defaultConfiguration as { level?: string })?.level ?? "warning"), `${r.id}: defaultConfiguration.level`);
      const props = (r.properties ?? {}) as { tags?: unknown[]; precision?: string; "problem.severity"?: string };
      need(!props.tags || (Array.isArray(props.tags) && props.tags.length <= 20 && props.tags.every((x) => typeof x === "string")), `${r.id}: at most 20 string tags`);
      need(!props.precision || ["very-high", "high", "medium", "low"].includes(props.precision), `${r.id}: precision very-high|high|medium|low`);
      need(!props["problem.severity"] || ["error", "warning", "recommendation"].includes(props["problem.severity"]), `${r.id}: problem.severity error|warning|recommendation`);
    }
    const bases = (run.originalUriBaseIds ?? {}) as Record<string, { uri?: string }>;
    for (const [k, v] of Object.entries(bases)) need(typeof v.uri === "string" && /^file:\/\/.*\/$/.test(v.uri), `originalUriBaseIds.${k} is a file: URI ending in /`);
    const results = (run.results ?? []) as Record<string, unknown>[];
    need(results.length <= 25000, "at most 25,000 results per run");
    const checkLocation = (loc: { physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string }; region?: { startLine?: number } } }, what: string) => {
      const a = loc.physicalLocation?.artifactLocation;
      need(typeof a?.uri === "string", `${what}: artifactLocation.uri`);
      const absolute = /^[a-z][a-z0-9+.-]*:/i.test(a?.uri ?? "");
      need(absolute || (a?.uriBaseId !== undefined && Object.hasOwn(bases, a.uriBaseId)), `${what}: a relative uri has a uriBaseId defined in originalUriBaseIds`);
      need(!(a?.uri ?? "").includes("\\") && !(a?.uri ?? "").startsWith("./"), `${what}: uri uses / and no ./`);
      if (loc.physicalLocation?.region) need(Number.isInteger(loc.physicalLocation.region.startLine) && loc.physicalLocation.region.startLine! >= 1, `${what}: region.startLine >= 1`);
    };
    for (const [i, res] of results.entries()) {
      const what = `result ${i} (${res.ruleId})`;
      need(typeof res.ruleId === "string" && ruleIds.has(res.ruleId), `${what}: ruleId names a rule of tool.driver.rules`);
      need(typeof (res.message as { text?: string })?.text === "string", `${what}: message.text`);
      const locs = (res.locations ?? []) as Parameters<typeof checkLocation>[0][];
      need(locs.length >= 1 && locs.length <= 1000, `${what}: 1 to 1,000 locations`);
      for (const l of locs) checkLocation(l, what);
      need(res.partialFingerprints && Object.keys(res.partialFingerprints as object).length >= 1, `${what}: partialFingerprints`);
      const rel = (res.relatedLocations ?? []) as (Parameters<typeof checkLocation>[0] & { id?: number })[];
      need(rel.length <= 1000, `${what}: at most 1,000 related locations`);
      for (const l of rel) { checkLocation(l, `${what} related`); need(Number.isInteger(l.id), `${what}: related location id`); }
      for (const sup of (res.suppressions ?? []) as { kind?: string }[]) need(sup.kind === "inSource" || sup.kind === "external", `${what}: suppression kind`);
    }
  }
  return out;
}
