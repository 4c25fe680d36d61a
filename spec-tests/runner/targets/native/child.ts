// Runs inside a Windows Node (under Wine, or on Windows). It starts warm: it
// loads koffi and ws2_32, says "ready", then waits for its job file;
// so the parent starts the next process while the current one works, and a
// case never waits for a process to start. It plays the job's cases on the
// real ws2_32 and appends one JSON line per event to its output file (Wine's
// node.exe cannot write to a pipe); the parent reads the file as it grows, so a
// crash or a hang loses only the case in progress.
//   node child.js <dir> <koffi module path>      (job: <dir>/job.json; output: <dir>/out.jsonl)
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { bindWs2_32, type Koffi } from "../../../../host/native/ws2_32.js";
import { Player, StepFailure } from "./player.js";
import type { Job } from "./job.js";

const [dir, koffiPath] = process.argv.slice(2);
const outPath = join(dir, "out.jsonl");
const jobPath = join(dir, "job.json");
const emit = (o: unknown) => appendFileSync(outPath, JSON.stringify(o) + "\n");

/** How often the job file is looked for while waiting (the parent renames it into place whole). */
const POLL_MS = 10;
/** For the harness's own tests: the case with this id hangs (no progress) instead of running. */
const hangCase = process.env.LFP_TEST_HANG_CASE;

try {
  const koffi = createRequire(import.meta.url)(koffiPath) as Koffi;
  const ws2_32 = bindWs2_32(koffi);
  emit({ t: "ready", koffi: koffi.version });
  while (!existsSync(jobPath)) await new Promise((r) => setTimeout(r, POLL_MS));
  const job = JSON.parse(readFileSync(jobPath, "utf8")) as Job;
  const player = new Player(koffi, ws2_32, job.names);
  job.cases.forEach(({ case: c, skip }, i) => {
    emit({ t: "begin", i });
    if (c.id === hangCase) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    try {
      player.play(c, new Set(skip), (j, a) => emit({ t: "step", i, j, a }), (j, a) => emit({ t: "provisional", i, j, a }));
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
