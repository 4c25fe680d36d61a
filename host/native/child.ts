// Runs inside a Windows Node (under Wine, or on Windows): plays the cases of a
// job file on the real ws2_32 and appends one JSON line per event to the
// output file (Wine's node.exe cannot write to a pipe). The parent reads the
// file as it grows, so a crash or a hang loses only the case in progress.
//   node child.js <job.json> <out.jsonl> <koffi module path>
import { appendFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadModel } from "../node.js";
import type { LoadedCase } from "../../spec-tests/runner/vectors.js";
import { bindWs2_32, type Koffi } from "./ws2_32.js";
import { Player, StepFailure } from "./player.js";

const [jobPath, outPath, koffiPath] = process.argv.slice(2);
const emit = (o: unknown) => appendFileSync(outPath, JSON.stringify(o) + "\n");

try {
  const job = JSON.parse(readFileSync(jobPath, "utf8")) as { cases: LoadedCase[] };
  const koffi = createRequire(import.meta.url)(koffiPath) as Koffi;
  const model = await loadModel();
  const player = new Player(koffi, bindWs2_32(koffi), model.catalogue);
  emit({ t: "ready", koffi: koffi.version });
  job.cases.forEach((c, i) => {
    emit({ t: "begin", i });
    try {
      player.play(c, (j, a) => emit({ t: "step", i, j, a }));
    } catch (err) {
      if (!(err instanceof StepFailure)) throw err;
      emit({ t: "problem", i, reason: err.message });
    }
    emit({ t: "end", i });
  });
  emit({ t: "stats", stats: player.stats });
} catch (err) {
  emit({ t: "fatal", reason: (err as Error).stack ?? String(err) });
  process.exitCode = 3;
}
