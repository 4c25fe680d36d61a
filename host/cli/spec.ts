// lfp spec: run vector files on a target and report.
import { loadModel } from "../node.js";
import type { ProfileName } from "../catalogue.js";
import { loadVectors, loadKnownDivergences } from "../../spec-tests/runner/files.js";
import { runSuite } from "../../spec-tests/runner/run.js";
import { textReport, jsonReport, tapReport } from "../../spec-tests/runner/report.js";
import { ModelTarget } from "../../spec-tests/runner/model-target.js";
import type { Target } from "../../spec-tests/runner/target.js";
import { parse, choice, profilesArg } from "./usage.js";
import { vectorsDir, knownDivergencesFile } from "./paths.js";

export const specUsage = `Usage: lfp spec [paths...] [options]

Run spec vectors (files or folders of *.json; default: the package's
spec-tests/vectors) against a target and report each case.

Options:
  --target <t>     model (default), wine (Windows Node under Wine), native (Windows)
  --profile <p>    documented | windows | wine | reactos | all (default: all;
                   the wine and native targets are compared with their own
                   profile unless --profile names others: then each real answer
                   is judged against those profiles' expectations)
  --reporter <r>   text (default) | json | tap
  --json           same as --reporter json
  --quiet          text reporter: print only failures, skips and the counts

The wine and native targets read spec-tests/known-divergences.json: a listed,
explained difference is reported as skipped with its reason, never as a pass.
  -h, --help       this text

Exit status: 0 all passed, 1 some failed, 2 bad input or usage.`;

/** Make a target by name (the native ones are loaded only when asked for). */
async function makeTarget(name: string, model: Awaited<ReturnType<typeof loadModel>>): Promise<Target> {
  if (name === "model") return new ModelTarget(model);
  const { nativeTarget } = await import("../../spec-tests/runner/targets/native/target.js");
  return nativeTarget(name as "wine" | "native", model);
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
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) { out(specUsage); return 0; }
  const target = choice(values.target!, "--target", ["model", "wine", "native"] as const);
  const reporter = values.json ? "json" : choice(values.reporter!, "--reporter", ["text", "json", "tap"] as const);
  const model = await loadModel();
  const profiles = profilesArg(values.profile!, model.profiles) as ProfileName[];
  const cases = await loadVectors(positionals.length ? positionals : [vectorsDir], model.catalogue);
  const known = target === "model" ? [] : await loadKnownDivergences(knownDivergencesFile);
  const judgeAgainst = target !== "model" && values.profile !== "all" ? profiles : undefined;
  const result = await runSuite(cases, await makeTarget(target, model), profiles, model.catalogue, known, judgeAgainst);
  out(reporter === "json" ? jsonReport(result) : reporter === "tap" ? tapReport(result) : textReport(result, !values.quiet));
  return result.failed > 0 ? 1 : 0;
}
