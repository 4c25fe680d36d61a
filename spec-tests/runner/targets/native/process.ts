// One Windows Node process of the native target, from start to end: started
// warm (it says "ready" before it gets a job), given one job, watched through
// its output file (a line per event), killed when it makes no progress, and
// read back into one CaseRun per case it got to.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LfpError } from "../../../../host/errors.js";
import { fsReason } from "../../../../host/fs-safe.js";
import { adopt } from "../../../../host/native/lifetime.js";
import type { CaseRun, StepActual } from "../../target.js";
import type { NativeStats } from "./player.js";
import type { Job } from "./job.js";

/** How to start a child: the command and its arguments before <dir> <koffi>. */
export interface Launch { command: string; args: string[]; env: NodeJS.ProcessEnv; toChildPath: (p: string) => string; koffi: string }

/** Time limits of one process. */
export interface Limits {
  /** Until the process says "ready" (Wine's start-up, heavier under load; not a case's time). */
  startMs: number;
  /** No new event for this long while a case runs: the case is failed and the process killed. */
  caseMs: number;
}

/** What one job gave back. */
export interface JobResult {
  /** The cases the process got to, by index in the job (a crashed or hung case included). */
  runs: Map<number, CaseRun>;
  stats: NativeStats | null;
  /** The process ended or hung before it began the job's first case it was given: a harness failure, not the case's. */
  harness: string | null;
}

type Event = { t: string; i: number; j: number; a: StepActual; reason: string; stats: NativeStats; code: number };

/** Wine's exception for a call to an unimplemented function (EXCEPTION_WINE_STUB, include/wine/exception.h). */
const EXCEPTION_WINE_STUB = 0x80000100;

/** How a process ended: from the exception its filter reported, else from what Wine printed. */
function classifyExit(fault: number | null, stderr: string): "crash" | "unavailable" | null {
  if (fault !== null) return fault === EXCEPTION_WINE_STUB ? "unavailable" : "crash";
  if (/unimplemented function/i.test(stderr)) return "unavailable";
  if (/Unhandled (page fault|exception)|access violation/i.test(stderr)) return "crash";
  return null;
}

/** What a process said last, without the stack frames and the version line Node prints after an uncaught error. */
const lastLines = (text: string) => text.trim().split("\n").filter((l) => !/^\s+at |^Node\.js v\d/.test(l) && l.trim() !== "").slice(-2).join(" / ") || "no message";

/** A file operation on the run's own temporary files; a failure (a full TMPDIR) is a message naming the folder. */
function runFiles<T>(dir: string, what: () => T): T {
  try {
    return what();
  } catch (err) {
    throw new LfpError("LFP_NATIVE", `cannot write the run's temporary files in ${dir}: ${fsReason(err)} (free some space there, or set TMPDIR to another folder)`);
  }
}

export class NativeProcess {
  readonly #dir: string;
  readonly #child: ChildProcess;
  readonly #events: Event[] = [];
  readonly #exit: Promise<number | null>;
  readonly #ready: Promise<string | null>;
  #outFd = -1;
  #partial = "";
  #lastProgress = Date.now();
  #running = false;
  #timedOut: string | null = null;
  /** How long after its start the process said "ready" (for the trace). */
  readyAfterMs: number | null = null;

  constructor(dir: string, launch: Launch, readonly limits: Limits) {
    this.#dir = dir;
    const out = join(dir, "out.jsonl");
    const errFd = runFiles(dir, () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(out, "");
      this.#outFd = openSync(out, "r");
      return openSync(join(dir, "err.txt"), "w");
    });
    // Owned (host/native/lifetime.ts): it does not outlive this process, however this one ends.
    this.#child = adopt(spawn(launch.command, [...launch.args, launch.toChildPath(dir), launch.toChildPath(launch.koffi)], { env: launch.env, stdio: ["ignore", errFd, errFd] }));
    closeSync(errFd);
    const started = Date.now();
    let settleReady: (why: string | null) => void = () => {};
    this.#ready = new Promise((r) => { settleReady = r; });
    this.#exit = new Promise((resolve) => {
      const timer = setInterval(() => {
        this.#read();
        if (this.#events.some((e) => e.t === "ready" || e.t === "fatal")) { this.readyAfterMs ??= Date.now() - started; settleReady(null); }
        else if (Date.now() - started > limits.startMs) {
          this.#timedOut = `the process did not start within ${limits.startMs / 1000} s`;
          this.#child.kill("SIGKILL");
        }
        if (this.#running && Date.now() - this.#lastProgress > limits.caseMs) {
          this.#timedOut = `timed out: no progress for ${limits.caseMs / 1000} s (the process was killed)`;
          this.#child.kill("SIGKILL");
        }
      }, 20);
      const end = (code: number | null) => {
        clearInterval(timer);
        this.#read();
        closeSync(this.#outFd);
        settleReady(this.#events.some((e) => e.t === "ready") ? null : this.#timedOut ?? `the process ended with exit code ${code} before it was ready: ${lastLines(this.#stderr())}`);
        resolve(code);
      };
      this.#child.on("exit", end);
      this.#child.on("error", () => end(-1));
    });
  }

  /** Resolves when the process is ready for its job (null) or cannot be (the reason). */
  get ready(): Promise<string | null> { return this.#ready; }

  #stderr(): string {
    const f = join(this.#dir, "err.txt");
    return existsSync(f) ? readFileSync(f, "utf8") : "";
  }

  /** Read what the child appended since the last look. */
  #read(): void {
    const buf = Buffer.alloc(1 << 16);
    for (let n = readSync(this.#outFd, buf); n > 0; n = readSync(this.#outFd, buf)) {
      const lines = (this.#partial + buf.subarray(0, n).toString("utf8")).split("\n");
      this.#partial = lines.pop()!;
      for (const line of lines) {
        if (!line) continue;
        // A line cut short (the child's disk filled up) is dropped: what it said is lost, not the run.
        try { this.#events.push(JSON.parse(line) as Event); } catch { /* garbled */ }
      }
      this.#lastProgress = Date.now();
    }
  }

  /** Tell a spare it is not needed; it ends on its own (or is killed, if it cannot be told). */
  async dismiss(): Promise<void> {
    await this.#ready;
    try { this.#give({ cases: [], names: { levels: [], options: [] } }); } catch { this.kill(); }
    await this.#exit;
  }

  /** End the process now (a run that stops early); its exit is awaited by whoever awaits it. */
  kill(): void {
    this.#child.kill("SIGKILL");
  }

  #give(job: Job): void {
    const tmp = join(this.#dir, "job.tmp");
    runFiles(this.#dir, () => {
      writeFileSync(tmp, JSON.stringify(job));
      renameSync(tmp, join(this.#dir, "job.json")); // whole, so the child never reads half a job
    });
  }

  /** Run `job` (the skips say, per case, which steps not to run) and read back what happened. */
  async run(job: Job): Promise<JobResult> {
    const notReady = await this.#ready;
    if (notReady !== null) { await this.#exit; return { runs: new Map(), stats: null, harness: notReady }; }
    this.#lastProgress = Date.now();
    this.#running = true;
    try {
      this.#give(job);
    } catch (err) {
      this.kill();
      await this.#exit;
      throw err;
    }
    const exit = await this.#exit;
    const stderr = this.#stderr();
    const runs = new Map<number, CaseRun>();
    let current: number | null = null;
    let stats: NativeStats | null = null;
    let last = -1;
    /** What the step in progress returned before its completion was waited for. */
    let returned: { j: number; a: StepActual } | null = null;
    for (const ev of this.#events) {
      if (ev.t === "returned") returned = { j: ev.j, a: ev.a };
      else if (ev.t === "begin") { runs.set(ev.i, { steps: [] }); current = ev.i; last = -1; returned = null; }
      else if (ev.t === "step") { runs.get(ev.i)!.steps[ev.j] = ev.a; last = ev.j; }
      else if (ev.t === "problem") runs.get(ev.i)!.problem = ev.reason;
      else if (ev.t === "end") current = null;
      else if (ev.t === "stats") stats = ev.stats;
      else if (ev.t === "fatal") throw new LfpError("LFP_NATIVE", `the native child failed: ${ev.reason}`);
    }
    if (current !== null) {
      // The process ended (or was killed) inside this case: the next step it was to run gets what happened.
      const run = runs.get(current)!;
      const skip = new Set(job.cases[current].skip);
      let at = last + 1;
      while (skip.has(at)) at++;
      const fault = this.#events.find((e) => e.t === "fault")?.code ?? null;
      const how = classifyExit(fault, stderr);
      if (this.#timedOut !== null) run.problem = this.#timedOut;
      else if (how === "crash" && returned?.j === at && returned.a.completion) {
        // The call returned; the process faulted when its completion routine ran (an APC at the alertable wait).
        run.steps[at] = { ...returned.a, completion: { ...returned.a.completion, faults: true } };
      } else if (how !== null && at < job.cases[current].case.steps.length) run.steps[at] = { ret: how };
      else run.problem = `the process ended with exit code ${exit} during this case: ${lastLines(stderr)}`;
    }
    const harness = runs.size === 0 && stats === null
      ? this.#timedOut ?? `the process ended with exit code ${exit} before the case began: ${lastLines(stderr)}`
      : null;
    return { runs, stats, harness };
  }
}
