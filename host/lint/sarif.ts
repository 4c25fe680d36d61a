// SARIF 2.1.0 output, shaped for code scanning (GitHub's "SARIF support for code
// scanning"): the rules with help, help URIs, tags and precision; each result with a
// partialFingerprint that survives line shifts, URIs relative to the project root under
// %SRCROOT%, the call that set the socket's stage as a related location, inline
// suppressions and the baseline state.
import type { Finding, LintReport, Position } from "./types.js";
import { LINT_RULES, helpMarkdown, helpText, ruleSlug, type LintRule } from "./rules.js";
import { FINGERPRINT_KEY, fingerprinted } from "./fingerprint.js";

/** The tool's identity in the log. */
export interface SarifTool {
  /** The package version (tool.driver.version). */
  version: string;
  /** The tool's documentation (tool.driver.informationUri). */
  informationUri?: string;
  /** Where the per-rule pages are: `${helpBase}${slug}.md` (rules[].helpUri). */
  helpBase?: string;
}

/** A path relative to the root as a URI reference (forward slashes, each segment percent-encoded). */
export function toUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join("/");
}

/** An absolute folder as a file: URI ending in a slash (originalUriBaseIds). */
export function folderUri(abs: string): string {
  const p = abs.replace(/\\/g, "/");
  const withSlash = p.endsWith("/") ? p : `${p}/`;
  const segments = withSlash.split("/").map((seg) => (/^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg)));
  return `file://${withSlash.startsWith("/") ? "" : "/"}${segments.join("/")}`;
}

const region = (start: Position, end?: Position) => ({
  startLine: start.line, startColumn: start.column,
  ...(end ? { endLine: end.line, endColumn: end.column } : {}),
});

/** GitHub shows `problem.severity` for results that are not security alerts. */
const SEVERITY = { error: "error", warning: "warning", note: "recommendation" } as const;

function ruleDescriptor(r: LintRule, tool: SarifTool) {
  return {
    id: r.id,
    name: ruleSlug(r.id).replace(/(^|-)(\w)/g, (_, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: r.short },
    fullDescription: { text: r.full },
    help: { text: helpText(r), markdown: helpMarkdown(r) },
    ...(tool.helpBase ? { helpUri: `${tool.helpBase}${ruleSlug(r.id)}.md` } : {}),
    defaultConfiguration: { level: r.level },
    properties: { tags: [...r.tags], precision: r.precision, "problem.severity": SEVERITY[r.level] },
  };
}

/**
 * The report as a SARIF 2.1.0 log. `uris` maps each file as shown in the report to its path
 * relative to `report.root`; files not in it are given as shown.
 */
export function toSarif(report: LintReport & { uris?: Record<string, string> }, tool: SarifTool): object {
  const index = new Map(LINT_RULES.map((r, i) => [r.id, i]));
  const uriOf = (file: string) => toUri(report.uris?.[file] ?? file);
  const base = report.root ? { uriBaseId: "%SRCROOT%" } : {};
  const location = (file: string, start: Position, end?: Position) => ({
    physicalLocation: { artifactLocation: { uri: uriOf(file), ...base }, region: region(start, end) },
  });
  const results = fingerprinted(report).map(({ finding: f, site, fingerprint }) => {
    const related = (f.related ?? []).map((r, i) => ({ id: i + 1, ...location(r.file, r.start, r.end), message: { text: r.message }, kind: r.kind ?? "stage" }));
    const stages = related.filter((r) => r.kind === "stage"), guards = related.filter((r) => r.kind === "guard");
    const links = (stages.length ? ` Stage set by ${stages.map((r) => `[this call](${r.id})`).join(", ")}.` : "")
      + (guards.length ? ` Guarded by [this version check](${guards[0].id}).` : "");
    return {
      ruleId: f.id,
      ruleIndex: index.get(f.id),
      level: f.level,
      message: { text: `${f.message}${f.fix ? ` Fix: ${f.fix}` : ""}${links}` },
      locations: [{
        ...location(f.file, f.start, f.end),
        ...(site?.function ? { logicalLocations: [{ name: site.function, kind: "function" }] } : {}),
      }],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
      ...(related.length ? { relatedLocations: related.map(({ kind: _k, ...r }) => r) } : {}),
      ...(f.suppressed ? { suppressions: [{ kind: "inSource", ...(f.suppressed.justification ? { justification: f.suppressed.justification } : {}) }] } : {}),
      ...(f.baselineState ? { baselineState: f.baselineState } : {}),
      properties: site ? {
        evidence: f.evidence,
        callShape: site.shape,
        sockets: site.sockets,
        errorPolicy: site.errors.policy,
        ...(site.guard ? { versionGuard: site.guard } : {}),
        ...(site.model.notReached ? { notReached: site.model.notReached } : {}),
      } : {},
    };
  });
  const notification = (level: "error" | "warning" | "note", file: string, text: string) => ({
    level, message: { text }, locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(file), ...base } } }],
  });
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      tool: {
        driver: {
          name: "lfp lint",
          version: tool.version,
          semanticVersion: tool.version,
          ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
          rules: LINT_RULES.map((r) => ruleDescriptor(r, tool)),
        },
      },
      ...(report.root ? { originalUriBaseIds: { "%SRCROOT%": { uri: folderUri(report.root), description: { text: "The project root: the nearest folder with .git or an lfp lint configuration." } } } } : {}),
      columnKind: "utf16CodeUnits",
      results,
      invocations: [{
        executionSuccessful: report.problems.length === 0,
        toolExecutionNotifications: [
          ...report.problems.map((p) => notification("error", p.file, p.reason)),
          ...(report.notes ?? []).map((p) => notification("note", p.file, p.reason)),
          ...(report.notLinted ?? []).map((p) => notification("note", p.file, `not linted: ${p.language} (it mentions SIO_LOOPBACK_FAST_PATH; lfp lint reads C/C++, C#, Python, Go and Rust)`)),
        ],
      }],
    }],
  };
}

/** The findings a SARIF log lists, by `${uri}\0${ruleId}\0${fingerprint}` (for --baseline). */
export function sarifKeys(log: unknown): Set<string> {
  const keys = new Set<string>();
  const runs = (log as { runs?: unknown })?.runs;
  if (!Array.isArray(runs)) throw new Error("not a SARIF log: no runs[]");
  for (const run of runs) {
    for (const r of (run as { results?: unknown[] })?.results ?? []) {
      const res = r as { ruleId?: string; partialFingerprints?: Record<string, string>; locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[] };
      const fp = res.partialFingerprints?.[FINGERPRINT_KEY];
      const uri = res.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
      if (res.ruleId && fp && uri !== undefined) keys.add(`${uri}\0${res.ruleId}\0${fp}`);
    }
  }
  return keys;
}

/** Mark every finding new or unchanged against a baseline's keys; returns how many are unchanged. */
export function applyBaseline(report: LintReport & { uris?: Record<string, string> }, keys: Set<string>): number {
  let unchanged = 0;
  for (const { finding, fingerprint } of fingerprinted(report)) {
    const k = `${toUri(report.uris?.[finding.file] ?? finding.file)}\0${finding.id}\0${fingerprint}`;
    finding.baselineState = keys.has(k) ? "unchanged" : "new";
    if (finding.baselineState === "unchanged") unchanged++;
  }
  return unchanged;
}

/** The findings of a report that count (not suppressed, not in the baseline). */
export function activeFindings(report: LintReport): Finding[] {
  return [...report.sites.flatMap((s) => s.findings), ...(report.extra ?? [])].filter((f) => !f.suppressed && f.baselineState !== "unchanged");
}
