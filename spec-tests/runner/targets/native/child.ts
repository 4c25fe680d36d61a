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

/** The exit status of a process that ended through its unhandled-exception filter. */
const FAULT_EXIT = 0xe0;

/**
 * Say how the process ends when a call faults: the top-level exception filter writes the
 * exception code (0xC0000005 an access violation, 0x80000100 Wine's stub for an unimplemented
 * function) and ends the process at once. Without it, Wine starts winedbg for every fault
 * (the prefix's AeDebug entry), a second process per crash case.
 */
function reportFaults(koffi: Koffi & { decode(address: bigint, type: string): unknown }): void {
  const kernel32 = koffi.load("kernel32.dll");
  const filterType = koffi.pointer(koffi.proto("int32_t __stdcall LfpExceptionFilter(uintptr_t pointers)"));
  const setFilter = kernel32.func("uintptr_t __stdcall SetUnhandledExceptionFilter(LfpExceptionFilter *filter)");
  const exitProcess = kernel32.func("void __stdcall ExitProcess(uint32_t code)");
  const filter = koffi.register(((pointers: bigint) => {
    const record = koffi.decode(pointers, "uintptr_t") as bigint; // EXCEPTION_POINTERS.ExceptionRecord
    emit({ t: "fault", code: koffi.decode(record, "uint32_t") as number }); // EXCEPTION_RECORD.ExceptionCode
    exitProcess(FAULT_EXIT);
    return 0;
  }) as never, filterType);
  setFilter(filter);
}

/** How often the job file is looked for while waiting (the parent renames it into place whole). */
const POLL_MS = 10;
/** For the harness's own tests: the case with this id hangs (no progress) instead of running. */
const hangCase = process.env.LFP_TEST_HANG_CASE;

// A function, not top-level await: the package runs this module as CommonJS (scripts/bundle.ts).
async function main(): Promise<void> {
  try {
    const koffi = createRequire(import.meta.url)(koffiPath) as Koffi;
    reportFaults(koffi as Parameters<typeof reportFaults>[0]);
    const ws2_32 = bindWs2_32(koffi);
    emit({ t: "ready", koffi: koffi.version });
    // A spare waits for its job; if its folder goes (the run ended without it: host/native/lifetime.ts), so does it.
    while (!existsSync(jobPath)) {
      if (!existsSync(dir)) process.exit(0);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const job = JSON.parse(readFileSync(jobPath, "utf8")) as Job;
    const player = new Player(koffi, ws2_32, job.names, koffiPath);
    job.cases.forEach(({ case: c, skip }, i) => {
      emit({ t: "begin", i });
      if (c.id === hangCase) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      try {
        player.play(c, new Set(skip), (j, a) => emit({ t: "step", i, j, a }), (j, a) => emit({ t: "returned", i, j, a }));
      } catch (err) {
        if (!(err instanceof StepFailure)) throw err;
        emit({ t: "problem", i, reason: err.message });
      }
      emit({ t: "end", i });
    });
    emit({ t: "stats", stats: player.stats });
  } catch (err) {
    // The message for the user; the stack for whoever reads the process's error file.
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    emit({ t: "fatal", reason: (err as Error).message ?? String(err) });
    process.exitCode = 3;
  }
}

void main();
