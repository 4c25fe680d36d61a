// lfp lint: find SIO_LOOPBACK_FAST_PATH call sites and report, from the model,
// what each does per profile.
import { readFileSync } from "node:fs";
import { parse, choice, UsageError } from "./usage.js";

export const lintUsage = `Usage: lfp lint [paths...] [--format text|json|sarif] [--max-file-mb N]

Finds every SIO_LOOPBACK_FAST_PATH call in C/C++, C#, Python, Go and Rust files
(folders are walked, .gitignore is honoured) and reports per call site: the call's
shape, the socket's type and stage, the error policy, and the model's outcome for
each profile, with findings (lfp/...) that carry the model's rule and sources.

  --format text|json|sarif   output (default text); sarif is SARIF 2.1.0
  --max-file-mb N            files larger than N MiB are reported, not parsed (default 16)

Exit status: 0 no error-level finding, 1 an error-level finding or a file that could
not be linted, 2 usage error.`;

export async function lint(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parse({
    args: argv, allowPositionals: true,
    options: { format: { type: "string", default: "text" }, "max-file-mb": { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) { out(lintUsage); return 0; }
  const format = choice(values.format, "--format", ["text", "json", "sarif"] as const);
  let maxBytes: number | undefined;
  if (values["max-file-mb"] !== undefined) {
    const n = Number(values["max-file-mb"]);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--max-file-mb: expected a positive number, got ${JSON.stringify(values["max-file-mb"])}`);
    maxBytes = Math.round(n * 1048576);
  }
  const paths = positionals.length ? positionals : ["."];
  // Loaded here, not at import: the grammars' runtime is needed by this command only.
  const [{ loadModel }, { nodeLinter, lintPaths }, { formatText }, { toSarif }] = await Promise.all([
    import("../node.js"), import("../lint/node.js"), import("../lint/text.js"), import("../lint/sarif.js"),
  ]);
  const linter = nodeLinter(await loadModel(), maxBytes ? { maxBytes } : {});
  const report = await lintPaths(linter, paths);
  if (format === "json") out(JSON.stringify(report, null, 2));
  else if (format === "sarif") out(JSON.stringify(toSarif(report, { version: packageVersion() }), null, 2));
  else out(formatText(report));
  const errors = report.sites.some((s) => s.findings.some((f) => f.level === "error"));
  return errors || report.problems.length > 0 ? 1 : 0;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../../../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}
