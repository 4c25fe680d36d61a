// lfp lint on the corpus of real call sites (test/lint-corpus): every expected finding,
// nothing on the control files, and SARIF that validates against the SARIF 2.1.0 schema.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { createRequire } from "node:module";
import AjvDraft04Module from "ajv-draft-04";
import { root, lfp } from "./helpers.js";
import type { LintReport } from "../host/lint/types.js";

const corpus = join(root, "test/lint-corpus");
const expected = JSON.parse(readFileSync(join(corpus, "expected.json"), "utf8")) as Record<string, { line: number; stages: string[]; policy: string; findings: string[] }[]>;
delete (expected as Record<string, unknown>).$comment;

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [lfp, "lint", ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

// ajv-draft-04 is CommonJS with the class as `default`.
const AjvDraft04 = AjvDraft04Module.default ?? AjvDraft04Module;

/** The SARIF 2.1.0 schema shipped by @microsoft/jest-sarif (draft-04), compiled. */
function sarifValidator() {
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

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return corpusFiles(p);
    return /\.(c|h|cc|cpp|cs|py|pyi|go|rs)$/.test(n) ? [relative(corpus, p).split(sep).join("/")] : [];
  });
}

const t = suite("lfp lint on the corpus of real call sites");

t("expected.json covers every source file of the corpus", () => {
  assert.equal(corpusFiles(corpus).sort(), Object.keys(expected).sort());
});

t("--format json: the call sites, stages, policies and findings expected by reading the code", () => {
  const r = run("test/lint-corpus", "--format", "json");
  assert.is(r.code, 1, "error-level findings exist, so exit 1");
  const report = JSON.parse(r.out) as LintReport;
  assert.equal(report.problems, []);
  const got: Record<string, unknown[]> = Object.fromEntries(Object.keys(expected).map((f) => [f, []]));
  for (const s of report.sites) {
    const file = s.file.replace(/^test\/lint-corpus\//, "");
    (got[file] ??= []).push({
      line: s.start.line,
      stages: s.sockets.map((c) => c.stage),
      policy: s.errors.policy,
      findings: s.findings.map((f) => `${f.level} ${f.id}`),
    });
  }
  for (const file of Object.keys(expected)) assert.equal(got[file], expected[file], file);
  assert.equal(Object.keys(got).sort(), Object.keys(expected).sort());
});

t("--format sarif: valid SARIF 2.1.0, one result per expected finding, none on the controls", () => {
  const r = run("test/lint-corpus", "--format", "sarif");
  assert.is(r.code, 1);
  const log = JSON.parse(r.out);
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
  const run0 = log.runs[0];
  const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
  for (const rule of run0.tool.driver.rules) {
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text, rule.id);
    assert.ok(["error", "warning", "note"].includes(rule.defaultConfiguration.level), rule.id);
    assert.match(rule.help.text, /Sources: /);
  }
  const results = run0.results.map((x: { ruleId: string; level: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => {
    assert.is(ruleIds[x.ruleIndex], x.ruleId);
    const loc = x.locations[0].physicalLocation;
    return `${loc.artifactLocation.uri.replace(/^test\/lint-corpus\//, "")}:${loc.region.startLine} ${x.level} ${x.ruleId}`;
  }).sort();
  const want = Object.entries(expected).flatMap(([file, sites]) => sites.flatMap((s) => s.findings.map((f) => `${file}:${s.line} ${f}`))).sort();
  assert.equal(results, want);
  assert.not.ok(results.some((x: string) => x.startsWith("controls/")));
});

t("the SARIF check can fail: a wrong level and a missing ruleId are rejected by the schema", () => {
  const log = JSON.parse(run("test/lint-corpus/cpp/libzmq-tcp.cpp", "--format", "sarif").out);
  const validate = sarifValidator();
  assert.ok(validate(log));
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
