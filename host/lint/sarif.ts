// SARIF 2.1.0 output: one run, the rules in tool.driver.rules, one result per finding.
import type { LintReport } from "./types.js";
import { LINT_RULES, helpText } from "./rules.js";

/** The report as a SARIF 2.1.0 log: the rules in tool.driver.rules, one result per finding (paths as given, relative to where lfp ran). */
export function toSarif(report: LintReport, tool: { version: string; informationUri?: string }): object {
  const index = new Map(LINT_RULES.map((r, i) => [r.id, i]));
  const results = report.sites.flatMap((site) => site.findings.map((f) => ({
    ruleId: f.id,
    ruleIndex: index.get(f.id),
    level: f.level,
    message: { text: `${f.message}${f.fix ? ` Fix: ${f.fix}` : ""}` },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: toUri(f.file) },
        region: { startLine: f.start.line, startColumn: f.start.column, endLine: f.end.line, endColumn: f.end.column },
      },
      ...(site.function ? { logicalLocations: [{ name: site.function, kind: "function" }] } : {}),
    }],
    properties: {
      evidence: f.evidence,
      callShape: site.shape,
      sockets: site.sockets,
      errorPolicy: site.errors.policy,
    },
  })));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      tool: {
        driver: {
          name: "lfp lint",
          version: tool.version,
          ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
          rules: LINT_RULES.map((r) => ({
            id: r.id,
            name: r.id.replace(/^lfp\//, "").replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
            shortDescription: { text: r.short },
            fullDescription: { text: r.full },
            help: { text: helpText(r) },
            defaultConfiguration: { level: r.level },
          })),
        },
      },
      results,
      invocations: [{
        executionSuccessful: report.problems.length === 0,
        toolExecutionNotifications: report.problems.map((p) => ({
          level: "warning",
          message: { text: p.reason },
          locations: [{ physicalLocation: { artifactLocation: { uri: toUri(p.file) } } }],
        })),
      }],
    }],
  };
}

/** A relative path as a URI reference (forward slashes, each segment percent-encoded). */
function toUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join("/");
}
