// lfp lint: find SIO_LOOPBACK_FAST_PATH call sites and report, from the model,
// what each does per profile; the project's configuration, inline suppressions and a
// baseline decide what fails the run.
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { setFlagsFromString } from "node:v8";
import { parse, choice, UsageError } from "./usage.js";
import { packageRoot } from "../paths.js";
import { colourWanted, COLOUR_USAGE } from "../colour.js";
import { checkProfiles, fails, FAIL_ON, LintConfigError, type FailOn } from "../lint/config.js";
import { missingParsers, parserInstallCommand } from "../lint/parsers.js";

export const lintUsage = `Usage: lfp lint [paths...] [options]

Finds every SIO_LOOPBACK_FAST_PATH call in C/C++, C#, Python, Go and Rust files
(folders are walked, .gitignore is honoured) and reports per call site: the call's
shape, the socket's type and stage, the error policy, and the model's outcome for
each profile, with findings (lfp/...) that carry the model's rule and sources.
Each path's project is the nearest folder upward with .git or a configuration
(.lfp-lint.json, or an "lfp" key in package.json; .lfp-lint.json wins); a helper's
callers are searched in the whole project.

  --format text|json|sarif   output (default text); sarif is SARIF 2.1.0 for code scanning
  --output FILE              write the output to FILE (replaced whole) instead of stdout
  --profile P[,P...]         the profiles the project runs on (repeatable; default: the
                             configuration's "profiles", else all: documented, windows,
                             wine, reactos, windows-7)
  --fail-on LEVEL            error|warning|note|none: the lowest level that fails the run
                             (default: the configuration's "failOn", else error)
  --quiet                    report error-level findings only
  --baseline FILE            a SARIF log of an earlier run: only new findings count
  --config FILE              use this configuration file instead of the one found
  --no-config                use no configuration file
  --max-file-mb N            files larger than N MiB are reported, not parsed (default 16)
${COLOUR_USAGE}

Suppress one finding with a comment on the line before it:
  // lfp-ignore-next-line lfp/after-connect -- <reason>
or every finding of a file with // lfp-ignore-file (# in Python).

Exit status: 0 nothing at or above the fail-on level, 1 a finding at or above it (not
suppressed, not in the baseline) or a file that could not be linted, 2 usage or
configuration error, or the parser packages are not installed.`;

/** Wasm is compiled by Liftoff only: a lint run parses a few files, and TurboFan compiling the 5 MB grammars in the background costs more than it saves (V8 10-13 know the flag). */
function baselineCompilerOnly(): void {
  const major = Number(process.versions.v8.split(".")[0]);
  if (major >= 10 && major <= 13) setFlagsFromString("--liftoff-only");
}

/** The package.json of this package (version, homepage, the parser packages' ranges). */
function packageJson(): { version: string; homepage?: string; peerDependencies?: Record<string, string>; dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(`${packageRoot}package.json`, "utf8"));
}

/** Write a file whole: beside it, then renamed over it (a failed write leaves the old file). */
function writeWhole(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UsageError(`--output ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export async function lint(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parse({
    args: argv, allowPositionals: true,
    options: {
      format: { type: "string", default: "text" }, output: { type: "string" }, profile: { type: "string", multiple: true },
      "fail-on": { type: "string" }, quiet: { type: "boolean", default: false }, baseline: { type: "string" },
      config: { type: "string" }, "no-config": { type: "boolean", default: false },
      "max-file-mb": { type: "string" }, help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) { out(lintUsage); return 0; }
  const format = choice(values.format, "--format", ["text", "json", "sarif"] as const);
  const failOnFlag = values["fail-on"] === undefined ? undefined : choice(values["fail-on"], "--fail-on", FAIL_ON);
  if (values.config !== undefined && values["no-config"]) throw new UsageError("--config and --no-config: give one of them");
  let maxBytes: number | undefined;
  if (values["max-file-mb"] !== undefined) {
    const n = Number(values["max-file-mb"]);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--max-file-mb: expected a positive number, got ${JSON.stringify(values["max-file-mb"])}`);
    maxBytes = Math.round(n * 1048576);
  }
  const missing = missingParsers();
  if (missing.length) {
    process.stderr.write(`lfp lint: ${missing.join(" and ")} cannot be found. lfp lint parses with tree-sitter, whose packages are optional peer dependencies of loopback-fast-path; install them in your project:\n  ${parserInstallCommand(packageJson())}\n`);
    return 2;
  }
  const paths = positionals.length ? positionals : ["."];
  baselineCompilerOnly();
  // Loaded here, not at import: the grammars' runtime is needed by this command only.
  const [{ loadModel }, lintNode, { formatText }, sarif, { lintProfiles }, { readText }, { findProject }] = await Promise.all([
    import("../node.js"), import("../lint/node.js"), import("../lint/text.js"), import("../lint/sarif.js"), import("../lint/model-adapter.js"), import("../lint/files.js"), import("../lint/project.js"),
  ]);
  const model = await loadModel();
  const known = lintProfiles(model);
  let profiles: string[] | undefined;
  if (values.profile?.length) {
    const names = values.profile.flatMap((p) => p.split(",")).map((p) => p.trim()).filter(Boolean);
    profiles = names.includes("all") ? [...known] : checkProfiles(names, known, (msg) => { throw new UsageError(`--profile: ${msg}`); });
  }
  const baseline = values.baseline === undefined ? null : (() => {
    const r = readText(values.baseline, 64 * 1024 * 1024);
    if (!r.ok) throw new UsageError(`--baseline ${values.baseline}: ${r.reason}`);
    try { return sarif.sarifKeys(JSON.parse(r.text)); } catch (err) { throw new UsageError(`--baseline ${values.baseline}: ${(err as Error).message}`); }
  })();
  const configChoice = values["no-config"] ? false as const : values.config;
  let report;
  try {
    // The first path's project configuration decides the profiles (the linter asks the model for those).
    profiles ??= findProject(paths[0], known, configChoice).config.profiles ?? undefined;
    const linter = lintNode.nodeLinter(model, { ...(maxBytes ? { maxBytes } : {}), ...(profiles ? { profiles } : {}) });
    report = await lintNode.lintPaths(linter, paths, { config: configChoice, profiles: known });
  } catch (err) {
    if (err instanceof LintConfigError) throw new UsageError(err.message);
    throw err;
  }
  const config = report.projects[0]?.config;
  for (const p of report.projects.slice(1)) {
    if (JSON.stringify(p.config.profiles) !== JSON.stringify(config?.profiles) || p.config.failOn !== config?.failOn) {
      (report.notes ??= []).push({ file: p.configFile ?? p.root, reason: `its "profiles" and "failOn" are not used in this run: those of the first path's project (${report.projects[0].configFile ?? report.projects[0].root}) apply` });
    }
  }
  if (baseline) sarif.applyBaseline(report, baseline);
  if (values.quiet) {
    for (const s of report.sites) s.findings = s.findings.filter((f) => f.level === "error");
    if (report.extra) report.extra = report.extra.filter((f) => f.level === "error");
  }
  const failOn: FailOn = failOnFlag ?? config?.failOn ?? "error";
  const pkg = packageJson();
  const home = (pkg.homepage ?? "https://github.com/loopback-fast-path/loopback-fast-path").replace(/#.*$/, "");
  const { projects: _p, uris: _u, ...plain } = report;
  const text = format === "json" ? JSON.stringify(plain, null, 2)
    : format === "sarif" ? JSON.stringify(sarif.toSarif(report, { version: pkg.version, informationUri: `${home}#lint-your-code`, helpBase: `${home}/blob/main/docs/lint/` }), null, 2)
    : formatText(report, {
      colour: values.output === undefined && colourWanted(process.stdout),
      width: values.output === undefined && process.stdout.isTTY ? process.stdout.columns : undefined,
      quiet: values.quiet,
    });
  const active = sarif.activeFindings(report);
  const failing = active.filter((f) => fails(f.level, failOn));
  if (values.output !== undefined) {
    writeWhole(values.output, `${text}\n`);
    out(`lfp lint: wrote ${values.output} (${format}): ${report.sites.length} call site(s), ${active.length} finding(s), ${failing.length} at or above --fail-on ${failOn}${report.problems.length ? `, ${report.problems.length} file(s) not linted` : ""}`);
  } else out(text);
  return failing.length || report.problems.length ? 1 : 0;
}
