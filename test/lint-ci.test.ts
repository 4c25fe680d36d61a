// Where users run lfp lint: the GitHub Action (action.yml) and the pre-commit hook
// (.pre-commit-hooks.yaml). The Action's shell steps are run here as GitHub runs them
// (bash -eo pipefail, inputs and step outputs through GITHUB_OUTPUT), the upload step is
// checked for what it uploads; the hook's entry is run on files as pre-commit passes them.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lfp, root } from "./helpers.js";
import { parseYaml } from "./yaml-lite.js";
import { githubProblems, sarifValidator } from "./sarif-check.js";
import { EXTENSIONS } from "../host/lint/languages.js";
import { codeBlocks } from "./markdown.js";
import { checkConfig } from "../host/lint/config.js";

const t = suite("lfp lint in CI: the Action and the pre-commit hook");

type Step = { name: string; id?: string; if?: string; shell?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> };
type Action = { name: string; inputs: Record<string, { default?: string }>; outputs: Record<string, { value: string }>; runs: { using: string; steps: Step[] } };
type Hook = { id: string; name: string; entry: string; language: string; types_or: string[]; require_serial: boolean; pass_filenames?: boolean };

const action = parseYaml(readFileSync(join(root, "action.yml"), "utf8")) as unknown as Action;
const hooks = parseYaml(readFileSync(join(root, ".pre-commit-hooks.yaml"), "utf8")) as unknown as Hook[];
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; peerDependencies?: Record<string, string>; dependencies?: Record<string, string> };
const range = (n: string) => pkg.peerDependencies?.[n] ?? pkg.dependencies?.[n];
const env = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: "1" };

const FINDING = "#include <winsock2.h>\nstatic void tune(SOCKET s)\n{\n    int one = 1;\n    DWORD n = 0;\n    if (WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, sizeof one, NULL, 0, &n, NULL, NULL) == SOCKET_ERROR && WSAGetLastError() != WSAEOPNOTSUPP)\n        abort();\n}\nvoid pair(const struct sockaddr *a)\n{\n    SOCKET w = socket(AF_INET, SOCK_STREAM, 0);\n    connect(w, a, 16);\n    tune(w);\n}\n";

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "lfp-ci-"));
  spawnSync("git", ["init", "-q", dir]);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** `${{ ... }}` as GitHub evaluates the ones the Action uses: inputs (or their defaults), github.action_path, step outputs. */
function expand(text: string, ctx: { inputs: Record<string, string>; outputs: Record<string, Record<string, string>> }): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    let m = /^inputs\.([\w-]+)$/.exec(expr);
    if (m) return ctx.inputs[m[1]] ?? action.inputs[m[1]]?.default ?? "";
    if (expr === "github.action_path") return root.replace(/\/$/, "");
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (m) return ctx.outputs[m[1]]?.[m[2]] ?? "";
    throw new Error(`the test does not evaluate \${{ ${expr} }}`);
  });
}

/** Run one shell step as GitHub does; returns its exit status and its outputs. */
function runStep(step: Step, cwd: string, ctx: { inputs: Record<string, string>; outputs: Record<string, Record<string, string>> }) {
  assert.is(step.shell, "bash", `${step.name}: shell bash`);
  const dir = mkdtempSync(join(tmpdir(), "lfp-step-"));
  const script = join(dir, "step.sh");
  const out = join(dir, "output");
  writeFileSync(script, expand(step.run!, ctx));
  writeFileSync(out, "");
  const stepEnv: Record<string, string | undefined> = { ...env, GITHUB_OUTPUT: out, GITHUB_ACTION_PATH: root };
  for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = expand(v, ctx);
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd, env: stepEnv, encoding: "utf8", timeout: 120_000 });
  const outputs = Object.fromEntries(readFileSync(out, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  rmSync(dir, { recursive: true, force: true });
  if (step.id) ctx.outputs[step.id] = outputs;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

const step = (name: string) => {
  const s = action.runs.steps.find((x) => x.name === name);
  assert.ok(s, `action.yml has the step "${name}"`);
  return s!;
};

t("action.yml: a composite action whose steps are resolve, lint, upload to code scanning, fail", () => {
  assert.is(action.runs.using, "composite");
  assert.equal(action.runs.steps.map((s) => s.name), ["Resolve the lfp command", "lfp lint", "Upload to code scanning", "Fail on findings"]);
  const upload = step("Upload to code scanning");
  assert.match(upload.uses ?? "", /^github\/codeql-action\/upload-sarif@v\d+$/);
  assert.is(upload.with?.sarif_file, "${{ inputs.sarif-file }}");
  assert.match(upload.if ?? "", /always\(\) && inputs\.upload == 'true'/, "uploaded also when lint found something");
  assert.is(step("Fail on findings").if, "${{ steps.lint.outputs.exit-code != '0' }}");
  assert.is(action.outputs["exit-code"].value, "${{ steps.lint.outputs.exit-code }}");
});

t("the YAML reader agrees with PyYAML where Python has it", () => {
  const py = spawnSync("python3", ["-c", "import sys, json, yaml; print(json.dumps([yaml.safe_load(open(p)) for p in sys.argv[1:]]))", join(root, "action.yml"), join(root, ".pre-commit-hooks.yaml")], { encoding: "utf8" });
  const ours = [action, hooks];
  if (py.status === 0) assert.equal(ours, JSON.parse(py.stdout));
  // Without PyYAML, the reader's own checks stand: it throws on anything outside its subset.
  assert.throws(() => parseYaml("a: {b: 1}\n"), /flow mappings/);
  assert.throws(() => parseYaml("a: >\n  folded\n"), /block scalar/);
});

t("the Action's resolve step names this version and the parser packages' ranges from package.json", () => {
  const ctx = { inputs: {}, outputs: {} };
  const r = runStep(step("Resolve the lfp command"), root, ctx);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.outputs.command, `npx --yes --package loopback-fast-path@${pkg.version} --package web-tree-sitter@${range("web-tree-sitter")} --package @vscode/tree-sitter-wasm@${range("@vscode/tree-sitter-wasm")} lfp`);
  const given = runStep(step("Resolve the lfp command"), root, { inputs: { command: "npx lfp" }, outputs: {} });
  assert.is(given.outputs.command, "npx lfp");
});

t("the Action's lint and fail steps: the log, a SARIF log code scanning accepts, the job failed by fail-on", () => {
  const dir = workspace({ "src/pair.c": FINDING });
  const command = `node ${lfp}`;
  const ctx = { inputs: { command }, outputs: {} as Record<string, Record<string, string>> };
  runStep(step("Resolve the lfp command"), dir, ctx);
  const lint = runStep(step("lfp lint"), dir, ctx);
  assert.is(lint.code, 0, `the lint step itself passes, the fail step decides: ${lint.stderr}`);
  assert.is(lint.outputs["exit-code"], "1");
  assert.match(lint.stdout, /lfp\/rejects-einval/);
  const sarif = JSON.parse(readFileSync(join(dir, "lfp-lint.sarif"), "utf8"));
  assert.ok(sarifValidator()(sarif));
  assert.equal(githubProblems(sarif), []);
  assert.ok(sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === "lfp/rejects-einval"));
  const fail = runStep(step("Fail on findings"), dir, ctx);
  assert.is(fail.code, 1, "the job fails");
  // fail-on none: the job passes, the SARIF still has the findings.
  const ctx2 = { inputs: { command, "fail-on": "none", "sarif-file": "out/x.sarif" }, outputs: {} as Record<string, Record<string, string>> };
  mkdirSync(join(dir, "out"));
  runStep(step("Resolve the lfp command"), dir, ctx2);
  const lint2 = runStep(step("lfp lint"), dir, ctx2);
  assert.is(lint2.outputs["exit-code"], "0");
  assert.ok(existsSync(join(dir, "out/x.sarif")));
  // The project's configuration alone can make it pass.
  writeFileSync(join(dir, ".lfp-lint.json"), JSON.stringify({ profiles: ["documented", "windows", "wine"] }));
  const ctx3 = { inputs: { command }, outputs: {} as Record<string, Record<string, string>> };
  runStep(step("Resolve the lfp command"), dir, ctx3);
  assert.is(runStep(step("lfp lint"), dir, ctx3).outputs["exit-code"], "0");
  // A configuration error stops the lint step with exit 2.
  writeFileSync(join(dir, ".lfp-lint.json"), JSON.stringify({ profiles: ["solaris"] }));
  const ctx4 = { inputs: { command }, outputs: {} as Record<string, Record<string, string>> };
  runStep(step("Resolve the lfp command"), dir, ctx4);
  const bad = runStep(step("lfp lint"), dir, ctx4);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /"profiles": no profile "solaris"/);
  rmSync(dir, { recursive: true, force: true });
});

/** The identify tags pre-commit gives files by extension (pre-commit/identify, identify/extensions.py). */
const IDENTIFY: Record<string, string[]> = {
  ".c": ["c"], ".h": ["header", "c", "c++"], ".cc": ["c++"], ".cpp": ["c++"], ".cxx": ["c++"], ".c++": ["c++"], ".hpp": ["header", "c++"], ".hh": ["header", "c++"], ".hxx": ["header", "c++"],
  ".h++": ["header", "c++"], ".inl": ["c++"], ".ipp": ["c++"], ".tcc": ["c++"], ".cs": ["c#"], ".py": ["python"], ".pyw": ["python"], ".pyi": ["pyi"], ".go": ["go"], ".rs": ["rust"],
};

t(".pre-commit-hooks.yaml: this version of lfp lint with the parser packages at package.json's ranges, on the files pre-commit selects", () => {
  assert.is(hooks.length, 1);
  const h = hooks[0];
  const npx = `npx --yes --package loopback-fast-path@${pkg.version} --package web-tree-sitter@${range("web-tree-sitter")} --package @vscode/tree-sitter-wasm@${range("@vscode/tree-sitter-wasm")} lfp`;
  assert.equal([h.id, h.entry, h.language, h.require_serial], ["lfp-lint", `${npx} lint`, "system", true]);
  // Every extension lint reads is selected by one of the hook's types (.pyi's tag is pyi, a python type in identify).
  for (const ext of Object.keys(EXTENSIONS)) {
    const tags = IDENTIFY[ext];
    assert.ok(tags, `the test knows identify's tags for ${ext}`);
    assert.ok(tags.some((x) => h.types_or.includes(x)) || tags.includes("pyi"), `${ext} (${tags.join(", ")}) is selected by types_or ${h.types_or.join(", ")}`);
  }
  // The entry as pre-commit runs it: the staged files as arguments, from the repository root;
  // the package npx would fetch is this one (not published from here), so its lfp runs.
  const dir = workspace({ "src/pair.c": FINDING, "src/other.py": "print('hello')\n", "README.md": "# x\n" });
  const entry = h.entry.slice(npx.length - "lfp".length).split(" ");
  assert.is(entry[0], "lfp");
  const staged = ["src/pair.c", "src/other.py"];
  const r = spawnSync(process.execPath, [lfp, ...entry.slice(1), ...staged], { cwd: dir, encoding: "utf8", env });
  assert.is(r.status, 1, "the commit is stopped");
  assert.match(r.stdout, /src\/pair\.c:6:9 {2}WSAIoctl in tune\(\)/);
  // The finding suppressed with its reason: the commit passes.
  writeFileSync(join(dir, "src/pair.c"), FINDING.replace("    if (WSAIoctl", "    // lfp-ignore-next-line lfp/rejects-einval -- this program never runs on ReactOS\n    if (WSAIoctl"));
  const ok = spawnSync(process.execPath, [lfp, ...entry.slice(1), ...staged], { cwd: dir, encoding: "utf8", env });
  assert.is(ok.status, 0, ok.stdout);
  rmSync(dir, { recursive: true, force: true });
});

t("README's lint section: the workflow uses the Action with its inputs, the hook id exists, the configuration is valid, the suppression suppresses", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Lint your code"), readme.indexOf("## The native driver"));
  const blocks = codeBlocks(section);
  const yaml = blocks.filter((b) => b.lang === "yaml").map((b) => parseYaml(b.code) as Record<string, unknown>);
  const workflow = yaml.find((y) => "jobs" in y) as { jobs: Record<string, { permissions: Record<string, string>; steps: { uses?: string; with?: Record<string, unknown> }[] }> };
  assert.ok(workflow, "a workflow block");
  const job = Object.values(workflow.jobs)[0];
  assert.is(job.permissions["security-events"], "write", "code scanning upload needs security-events: write");
  const use = job.steps.find((st) => st.uses?.startsWith("loopback-fast-path/loopback-fast-path@"));
  assert.ok(use, "the workflow uses this repository's Action");
  for (const k of Object.keys(use!.with ?? {})) assert.ok(Object.hasOwn(action.inputs, k), `README passes ${k}, an input of action.yml`);
  const hookConfig = yaml.find((y) => "repos" in y) as { repos: { hooks: { id: string }[] }[] };
  assert.is(hookConfig.repos[0].hooks[0].id, hooks[0].id);
  const sh = blocks.filter((b) => b.lang === "sh").map((b) => b.code).find((c) => c.includes(".lfp-lint.json"))!;
  const json = /<<'JSON'\n([\s\S]*?)\nJSON/.exec(sh)![1];
  const cfg = checkConfig(JSON.parse(json), "README", ["documented", "windows", "wine", "reactos", "windows-7"]);
  assert.ok(cfg.profiles?.length && cfg.ignore.length && Object.keys(cfg.rules).length);
  const c = blocks.find((b) => b.lang === "c")!.code;
  const dir = workspace({ "tune.c": c });
  const r = spawnSync(process.execPath, [lfp, "lint", ".", "--format", "json"], { cwd: dir, encoding: "utf8", env });
  const report = JSON.parse(r.stdout) as { sites: { findings: { id: string; suppressed?: { justification: string } }[] }[]; extra?: unknown[] };
  const f = report.sites[0].findings.find((x) => x.id === "lfp/rejects-einval");
  assert.is(f?.suppressed?.justification, "this service never runs on ReactOS");
  assert.is(report.extra, undefined, "no unused or unknown suppression");
  assert.is(r.status, 0);
  rmSync(dir, { recursive: true, force: true });
});

t("libzmq passes by configuration alone: its corpus reduction fails by default and passes with README's profiles", () => {
  const corpus = join(root, "test/lint-corpus/libzmq");
  assert.is(spawnSync(process.execPath, [lfp, "lint", corpus], { encoding: "utf8", env }).status, 1);
  const dir = mkdtempSync(join(tmpdir(), "lfp-libzmq-cfg-"));
  writeFileSync(join(dir, "cfg.json"), JSON.stringify({ profiles: ["documented", "windows", "windows-7", "wine"] }));
  const r = spawnSync(process.execPath, [lfp, "lint", corpus, "--config", join(dir, "cfg.json")], { encoding: "utf8", env });
  assert.is(r.status, 0, r.stdout);
  assert.match(r.stdout, /warning lfp\/after-connect/, "the warning stays");
  rmSync(dir, { recursive: true, force: true });
});

t.run();
