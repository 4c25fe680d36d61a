// lfp spec: run vector files on a target and report each case as it finishes.
import { loadModel } from "../node.js";
import type { ProfileName } from "../catalogue.js";
import { loadVectors, loadKnownDivergences } from "../../spec-tests/runner/files.js";
import { runSuite } from "../../spec-tests/runner/run.js";
import { makeReporter, colourWanted, REPORTERS } from "../../spec-tests/runner/report.js";
import { ModelTarget } from "../../spec-tests/runner/model-target.js";
import { runVerdict } from "../../spec-tests/runner/verdict.js";
import type { Target } from "../../spec-tests/runner/target.js";
import { parse, choice, profilesArg, UsageError } from "./usage.js";
import { COLOUR_USAGE } from "../colour.js";
import { readFile } from "node:fs/promises";
import { vectorsDir, knownDivergencesFile, checkedVectorsFile, packageRoot } from "../paths.js";

export const specUsage = `Usage: lfp spec [paths...] [options]

Run spec vectors (files or folders of *.json; default: the package's
spec-tests/vectors) against a target and report each case.

Options:
  --target <t>     model (default), wine (Windows Node under Wine), native (Windows)
  --profile <p>    documented | windows | wine | reactos | windows-7 | all (default: all;
                   the wine and native targets are compared with their own
                   profile unless --profile names others: then each real answer
                   is judged against those profiles' expectations)
  --reporter <r>   text (default) | tap | json | junit (JUnit XML for CI);
                   text and tap print each case as it finishes
  --json           same as --reporter json
  --grep <re>      run only cases whose "<id> [<profile>]" matches the regular
                   expression (a run that selects no case exits 2)
  --bail           stop at the first failure
  --quiet          text reporter: print the failures and the summary only
${COLOUR_USAGE}

  -h, --help       this text

The wine and native targets read spec-tests/known-divergences.json: a listed,
explained difference is reported as skipped with its reason, never as a pass.

Exit status: 0 every selected case ran and passed; 1 some failed, or some never
began (harness errors left after the retries); 2 bad input, usage, no case
matched, or none of the selected cases ran (all skipped or never begun).`;

/** Make a target by name (the native ones are loaded only when asked for). */
async function makeTarget(name: string, model: Awaited<ReturnType<typeof loadModel>>): Promise<Target> {
  if (name === "model") return new ModelTarget(model);
  const { nativeTarget } = await import("../../spec-tests/runner/targets/native/target.js");
  return nativeTarget(name as "wine" | "native", model);
}

/** The package's own vector files that the build checked against the package's model (none if the list is missing). */
async function checkedVectors(): Promise<Map<string, string>> {
  try {
    const { files } = JSON.parse(await readFile(checkedVectorsFile, "utf8")) as { files: Record<string, string> };
    return new Map(Object.entries(files).map(([f, digest]) => [`${packageRoot}${f}`, digest]));
  } catch {
    return new Map();
  }
}

export async function spec(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parse({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: "string", default: "model" },
      profile: { type: "string", default: "all" },
      reporter: { type: "string", default: "text" },
      json: { type: "boolean", default: false },
      grep: { type: "string" },
      bail: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) { out(specUsage); return 0; }
  const target = choice(values.target!, "--target", ["model", "wine", "native"] as const);
  const reporterName = values.json ? "json" : choice(values.reporter!, "--reporter", REPORTERS);
  let grep: RegExp | undefined;
  if (values.grep !== undefined) {
    // Tried once here: V8 compiles a pattern when first used, and only then finds it too large.
    try { grep = new RegExp(values.grep); grep.test(""); } catch (err) {
      const message = (err as Error).message;
      throw new UsageError(`--grep: not a valid regular expression: ${message.length > 200 ? message.replace(/^Invalid regular expression: \/[^]*\/[a-z]*: /, "") : message}`);
    }
  }
  const model = await loadModel();
  const profiles = profilesArg(values.profile!, model.profiles) as ProfileName[];
  const cases = await loadVectors(positionals.length ? positionals : [vectorsDir], model.catalogue, await checkedVectors());
  const known = target === "model" ? [] : await loadKnownDivergences(knownDivergencesFile);
  const judgeAgainst = target !== "model" && values.profile !== "all" ? profiles : undefined;
  const reporter = makeReporter(reporterName, { verbose: !values.quiet, colour: colourWanted(process.stdout) });
  const t = await makeTarget(target, model);
  const begin = reporter.begin(t.name, t.profile === null ? profiles : judgeAgainst ?? [t.profile], t.profile !== null && judgeAgainst ? t.profile : undefined);
  if (begin !== null) out(begin);
  const result = await runSuite(cases, t, profiles, model.catalogue, {
    known, judgeAgainst, grep, bail: values.bail,
    onResult: (r) => { const line = reporter.result(r); if (line !== null) out(line); },
  });
  if (result.results.length === 0) {
    process.stderr.write(`lfp spec: no cases matched (${cases.length} case(s) in ${positionals.length ? positionals.join(", ") : "the package's vectors"}${grep ? `, --grep ${JSON.stringify(values.grep)}` : ""}, profiles ${profiles.join(", ")})\n`);
    return 2;
  }
  out(reporter.end(result));
  const { status, why } = runVerdict(result);
  if (why !== null) process.stderr.write(`lfp spec: ${why}\n`);
  return status;
}
