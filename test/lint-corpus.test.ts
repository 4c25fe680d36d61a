// lfp lint on the corpus of real call sites (test/lint-corpus, one folder per project,
// each linted on its own): every expected finding, nothing on the control files, and
// SARIF that validates against the SARIF 2.1.0 schema.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { model, root, lfp, setUp } from "./helpers.js";
import { lintPaths, nodeLinter } from "../host/lint/node.js";
import { toSarif } from "../host/lint/sarif.js";
import type { LintReport } from "../host/lint/types.js";
import { sarifValidator } from "./sarif-check.js";

const corpus = join(root, "test/lint-corpus");
const expected = JSON.parse(readFileSync(join(corpus, "expected.json"), "utf8")) as Record<string, { line: number; stages: string[]; policy: string; findings: string[]; notReached?: string[] }[]>;
delete (expected as Record<string, unknown>).$comment;

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [lfp, "lint", ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: "1" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return corpusFiles(p);
    return /\.(c|h|cc|cpp|cs|py|pyi|go|rs)$/.test(n) ? [relative(corpus, p).split(sep).join("/")] : [];
  });
}

const t = suite("lfp lint on the corpus of real call sites");
/** The project folders (each linted on its own, as a user lints one project). */
const projects = readdirSync(corpus).filter((n) => statSync(join(corpus, n)).isDirectory()).sort();
let reports: { project: string; report: LintReport; sarif: ReturnType<typeof toSarif> }[] = [];

setUp(t, async () => {
  const linter = nodeLinter(await model());
  for (const project of projects) {
    const report = await lintPaths(linter, [join(corpus, project)], root);
    reports.push({ project, report, sarif: toSarif(report, { version: "test" }) });
  }
});

t("expected.json covers every source file of the corpus", () => {
  assert.equal(corpusFiles(corpus).sort(), Object.keys(expected).sort());
});

t("each project: the call sites, stages, policies and findings expected by reading the code", () => {
  const got: Record<string, unknown[]> = Object.fromEntries(Object.keys(expected).map((f) => [f, []]));
  for (const { report } of reports) {
    assert.equal(report.problems, []);
    for (const s of report.sites) {
      (got[s.file.replace(/^test\/lint-corpus\//, "")] ??= []).push({
        line: s.start.line,
        stages: s.sockets.map((c) => c.stage),
        policy: s.errors.policy,
        findings: s.findings.map((f) => `${f.level} ${f.id}`),
        ...(s.model.notReached ? { notReached: s.model.notReached.map((p) => p.profile) } : {}),
      });
    }
  }
  for (const file of Object.keys(expected)) assert.equal(got[file], expected[file], file);
  assert.equal(Object.keys(got).sort(), Object.keys(expected).sort());
});

t("each project as SARIF: valid SARIF 2.1.0, one result per expected finding, none on the controls", () => {
  const validate = sarifValidator();
  const results: string[] = [];
  for (const { project, sarif } of reports) {
    assert.ok(validate(sarif), `${project}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    const run0 = (sarif as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }).runs[0];
    for (const rule of run0.tool.driver.rules) {
      assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text, rule.id);
      assert.ok(["error", "warning", "note"].includes(rule.defaultConfiguration.level), rule.id);
      assert.match(rule.help.text, /Sources: /);
    }
    for (const x of run0.results) {
      assert.is(run0.tool.driver.rules[x.ruleIndex].id, x.ruleId);
      const loc = x.locations[0].physicalLocation;
      // URIs are relative to the project root: each corpus folder is one (it has a .lfp-lint.json).
      results.push(`${project}/${loc.artifactLocation.uri}:${loc.region.startLine} ${x.level} ${x.ruleId}`);
    }
  }
  const want = Object.entries(expected).flatMap(([file, sites]) => sites.flatMap((s) => s.findings.map((f) => `${file}:${s.line} ${f}`)));
  assert.equal(results.sort(), want.sort());
  assert.not.ok(results.some((x) => x.startsWith("controls/")));
});

t("the CLI on a project: --format sarif validates, exit 1 with an error-level finding; the SARIF check can fail", () => {
  const r = run("test/lint-corpus/libzmq", "--format", "sarif");
  assert.is(r.code, 1);
  const log = JSON.parse(r.out);
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId), ["lfp/after-connect", "lfp/rejects-einval", "lfp/deprecated"]);
  const bad = structuredClone(log);
  bad.runs[0].results[0].level = "fatal";
  assert.not.ok(validate(bad));
  const bad2 = structuredClone(log);
  bad2.version = "2.0.0";
  assert.not.ok(validate(bad2));
});

t("the controls alone: no call site, exit 0", () => {
  const r = run("test/lint-corpus/controls");
  assert.is(r.code, 0, r.out + r.err);
  assert.match(r.out, /^0 call site\(s\), 0 error\(s\)/m);
});

t.run();
