// lfp lint's SARIF as GitHub code scanning reads it: valid SARIF 2.1.0, every documented
// upload requirement met, fingerprints that follow a finding when lines move, URIs under
// %SRCROOT% whatever folder the command runs from, the call that set the stage as a related
// location, help pages that exist in the repository and ship in the package.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { lfp, root } from "./helpers.js";
import { githubProblems, sarifValidator } from "./sarif-check.js";
import { LINT_RULES, ruleSlug } from "../host/lint/rules.js";
import { FINGERPRINT_KEY } from "../host/lint/fingerprint.js";

const t = suite("lfp lint: SARIF for code scanning");

type Log = { version: string; runs: { tool: { driver: { version: string; semanticVersion: string; informationUri: string; rules: { id: string; helpUri: string; help: { markdown: string }; properties: { tags: string[]; precision: string } }[] } }; originalUriBaseIds: Record<string, { uri: string }>; results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[]; relatedLocations?: { id: number; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message: { text: string } }[]; message: { text: string } }[] }[] };

const env = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: "1" };
const sarifOf = (cwd: string, ...args: string[]): Log => JSON.parse(spawnSync(process.execPath, [lfp, "lint", ...args, "--format", "sarif"], { cwd, encoding: "utf8", env, maxBuffer: 64 << 20 }).stdout);

const HELPER = "#include <winsock2.h>\nvoid tune(SOCKET s)\n{\n    int one = 1;\n    DWORD n = 0;\n    if (WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, sizeof one, NULL, 0, &n, NULL, NULL) == SOCKET_ERROR && WSAGetLastError() != WSAEOPNOTSUPP)\n        abort();\n}\n";
const CALLER = "#include <winsock2.h>\nvoid pair(const struct sockaddr *a)\n{\n    SOCKET w = socket(AF_INET, SOCK_STREAM, 0);\n    connect(w, a, 16);\n    tune(w);\n}\n";

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "lfp-sarif-"));
  mkdirSync(join(dir, ".git"));
  mkdirSync(join(dir, "src", "net"), { recursive: true });
  writeFileSync(join(dir, "src", "net", "tune.c"), HELPER);
  writeFileSync(join(dir, "src", "pair.c"), CALLER);
  return dir;
}

t("valid SARIF 2.1.0 that meets GitHub's documented upload requirements; the schema check can fail", () => {
  const dir = project();
  const log = sarifOf(dir, ".");
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(githubProblems(log as unknown as Record<string, unknown>), []);
  const broken = structuredClone(log) as unknown as { runs: { results: { locations: unknown[]; partialFingerprints?: unknown }[]; originalUriBaseIds?: unknown }[] };
  broken.runs[0].results[0].locations = [];
  delete broken.runs[0].results[0].partialFingerprints;
  delete broken.runs[0].originalUriBaseIds;
  const problems = githubProblems(broken as unknown as Record<string, unknown>);
  assert.ok(problems.some((p) => /1 to 1,000 locations/.test(p)) && problems.some((p) => /partialFingerprints/.test(p)) && problems.some((p) => /uriBaseId defined/.test(p)), problems.join("; "));
  rmSync(dir, { recursive: true, force: true });
});

t("tool.driver: the package version, informationUri, and per rule helpUri, help.markdown, tags and precision; the help pages exist and ship", () => {
  const dir = project();
  const driver = sarifOf(dir, ".").runs[0].tool.driver;
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; homepage: string; files: string[] };
  assert.is(driver.version, pkg.version);
  assert.is(driver.semanticVersion, pkg.version);
  assert.is(driver.informationUri, `${pkg.homepage.replace(/#.*$/, "")}#lint-your-code`);
  assert.equal(driver.rules.map((r) => r.id), LINT_RULES.map((r) => r.id));
  for (const r of driver.rules) {
    const slug = ruleSlug(r.id as (typeof LINT_RULES)[number]["id"]);
    assert.is(r.helpUri, `${pkg.homepage.replace(/#.*$/, "")}/blob/main/docs/lint/${slug}.md`);
    assert.ok(existsSync(join(root, "docs", "lint", `${slug}.md`)), `docs/lint/${slug}.md is in the repository`);
    assert.match(r.help.markdown, new RegExp(`^# \`${r.id}\``));
    assert.ok(r.properties.tags.length >= 1 && r.properties.tags.length <= 20);
    assert.ok(["very-high", "high", "medium", "low"].includes(r.properties.precision));
  }
  assert.ok(pkg.files.includes("docs/"), "docs/ (and docs/lint/) ship in the package");
  rmSync(dir, { recursive: true, force: true });
});

t("URIs are relative to the project root under %SRCROOT%, whatever folder lfp runs from and whichever file is named", () => {
  const dir = project();
  const fromRoot = sarifOf(dir, ".");
  const fromSub = sarifOf(join(dir, "src", "net"), "tune.c");
  for (const log of [fromRoot, fromSub]) {
    assert.equal(log.runs[0].originalUriBaseIds["%SRCROOT%"].uri, pathToFileURL(dir).href + "/");
    const locs = log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation);
    assert.ok(locs.every((l) => l.uri === "src/net/tune.c" && l.uriBaseId === "%SRCROOT%"), JSON.stringify(locs));
  }
  const fp = (l: Log) => l.runs[0].results.map((r) => `${r.ruleId} ${r.partialFingerprints[FINGERPRINT_KEY]}`);
  assert.equal(fp(fromSub), fp(fromRoot), "the same findings, the same fingerprints");
  rmSync(dir, { recursive: true, force: true });
});

t("the call that set the stage is a related location, in another file when the caller is there", () => {
  const dir = project();
  const log = sarifOf(dir, ".");
  const ac = log.runs[0].results.find((r) => r.ruleId === "lfp/after-connect")!;
  assert.ok(ac, "lfp/after-connect is reported");
  assert.equal(ac.relatedLocations!.map((r) => [r.id, r.physicalLocation.artifactLocation.uri, r.physicalLocation.region.startLine]), [[1, "src/pair.c", 5]]);
  assert.match(ac.relatedLocations![0].message.text, /`connect\(w, a, 16\)` sets the socket's stage \(connected\)/);
  assert.match(ac.message.text, /Stage set by \[this call\]\(1\)\./, "the message links the related location");
  rmSync(dir, { recursive: true, force: true });
});

t("partialFingerprints follow a finding when lines are inserted above it, and tell two identical calls apart", () => {
  const dir = project();
  const before = sarifOf(dir, ".");
  writeFileSync(join(dir, "src", "net", "tune.c"), `// Copyright\n// more lines\n\n${HELPER}`);
  const after = sarifOf(dir, ".");
  const fp = (l: Log) => l.runs[0].results.map((r) => [r.ruleId, r.partialFingerprints[FINGERPRINT_KEY]]);
  assert.equal(fp(after), fp(before));
  assert.not.equal(after.runs[0].results[0].locations[0].physicalLocation.region.startLine, before.runs[0].results[0].locations[0].physicalLocation.region.startLine);
  writeFileSync(join(dir, "src", "net", "tune.c"), HELPER + HELPER.replace("void tune", "void tune_b").replace("#include <winsock2.h>\n", ""));
  const two = sarifOf(dir, ".").runs[0].results.filter((r) => r.ruleId === "lfp/deprecated").map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
  assert.is(two.length, 2);
  assert.not.equal(two[0], two[1], "different enclosing functions");
  rmSync(dir, { recursive: true, force: true });
});

t.run();
