// The native targets: the same vectors on the real ws2_32, under Wine (Linux)
// or on Windows. Every step the target can run is run and compared; a step that
// needs a feature the target lacks (features.ts) is reported, with the reason,
// and the case is partial. Cases that may end their process run in a process of
// their own; the others share processes, and a crash still fails only the case
// it happened in (the rest of its job goes on in a fresh process). Processes
// start warm, ahead of their job, so start-up overlaps the work.
import { join, dirname } from "node:path";
import { createRequire } from "node:module";
import { nativeChildScript } from "../../../../host/paths.js";
import type { Model } from "../../../../host/model.js";
import type { Catalogue, ProfileName } from "../../../../host/catalogue.js";
import { parseAddress } from "../../../../host/address.js";
import { holdWineserver, requireWine, requireWindows, toWinePath, wineEnv, winePaths } from "../../../../host/native/environment.js";
import { releaseFolder, tempFolder } from "../../../../host/native/lifetime.js";
import { WSA_IO_PENDING } from "../../../../host/native/ws2_32.js";
import type { CaseRun, HarnessReport, PlannedCase, Target } from "../../target.js";
import type { LoadedCase } from "../../vectors.js";
import { expectationFor } from "../../compare.js";
import { skippedSteps, type Feature } from "../../features.js";
import type { NativeStats } from "./player.js";
import { NativeProcess, type Launch, type Limits } from "./process.js";
import type { JobCase } from "./job.js";

/** The child script (built beside this file). */
export const childScript = nativeChildScript;

/** No progress for this long fails the case in progress. */
export const CASE_TIMEOUT_MS = 15000;
/** A process that is not ready after this long is a harness failure (Wine's start under heavy load takes seconds). */
export const START_TIMEOUT_MS = 60000;
/** A job whose process never began it is run again this many times at most (each counted and reported). */
export const HARNESS_RETRIES = 2;
/** Jobs running at once (the machines here have 2 cores; the cases mostly wait on bounded sleeps). */
export const PARALLEL = 2;
/** Cases that share a process are split into this many jobs, so both workers have work while crash-prone cases run. */
export const SHARED_JOBS = 4;

/** What each native target can do beyond plain Winsock calls (see features.ts). */
export const CAPABILITIES: Record<"wine" | "native", ReadonlySet<Feature>> = {
  // WSPIoctl is attempted under Wine: mswsock's WSPStartup is an unimplemented stub there, which the vectors expect ("unavailable").
  // cancel and exitThread: player.ts (CancelIo/CancelIoEx; an issuing thread of the case's own, issuing-thread.ts).
  wine: new Set<Feature>(["wsp-provider", "cancel-io", "thread-exit"]),
  native: new Set<Feature>(["cancel-io", "thread-exit"]),
};

/**
 * Whether a case may end its process, so that it must run alone: the vector expects a crash
 * or an unavailable entry point for this profile, or it hands an invalid pointer to a call
 * that may use it later (an overlapped call writes its OVERLAPPED, output and count at
 * completion, and calls its routine at a later alertable wait, which could fall in another case).
 */
export function mayEndProcess(c: LoadedCase, profile: ProfileName, skip: ReadonlySet<number>, cat: Pick<Catalogue, "profiles">): boolean {
  return c.steps.some((s, i) => {
    if (skip.has(i) || s.op !== "ioctl") return false;
    if (s.api === "WSPIoctl") return true;
    const ret = expectationFor(s, profile, cat)?.ret;
    const rets = typeof ret === "object" && ret !== null ? ret.oneOf : [ret];
    if (rets.includes("crash") || rets.includes("unavailable")) return true;
    const invalid = [s.in, s.out, s.bytesReturned, s.overlapped, s.completionRoutine, s.threadId, s.errno].includes("invalid");
    const asynchronous = (s.overlapped !== undefined && s.overlapped !== null) || (s.completionRoutine !== undefined && s.completionRoutine !== null);
    return invalid && asynchronous;
  });
}

/** The profile a native target is judged against by default: its own (the one its system implements). */
export function nativeProfile(kind: "wine" | "native"): ProfileName {
  return kind === "wine" ? "wine" : "windows";
}

export class NativeTarget implements Target {
  readonly name: string;
  readonly profile: ProfileName;
  readonly capabilities: ReadonlySet<Feature>;
  /** Resources opened and closed by the processes that ended normally, summed. */
  stats: NativeStats = { startups: 0, cleanups: 0, socketsOpened: 0, socketsClosed: 0, eventsCreated: 0, eventsClosed: 0, calls: 0, threadsStarted: 0, threadsEnded: 0 };
  /** The last run's harness: processes started, failures before a case began, retries. */
  harness: HarnessReport = { processes: 0, failures: 0, retries: 0, notes: [] };

  readonly #limits: Limits;
  #lastHarness = "";

  constructor(readonly kind: "wine" | "native", readonly model: Model, options: { caseTimeoutMs?: number } = {}) {
    this.#limits = { caseMs: options.caseTimeoutMs ?? CASE_TIMEOUT_MS, startMs: START_TIMEOUT_MS };
    this.name = kind;
    this.profile = nativeProfile(kind);
    this.capabilities = CAPABILITIES[kind];
    if (kind === "wine") requireWine();
    else requireWindows();
  }

  #launch(): Launch {
    if (this.kind === "native") {
      return { command: process.execPath, args: [childScript], env: process.env, toChildPath: (p) => p, koffi: dirname(createRequire(import.meta.url).resolve("koffi")) };
    }
    const paths = winePaths();
    return { command: "wine", args: [paths.nodeExe, toWinePath(childScript)], env: wineEnv(paths), toChildPath: toWinePath, koffi: paths.koffi };
  }

  /** Whether an address exists only in the model (a non-loopback peer): the model classifies it. */
  #simulated = (text: string): boolean => {
    const a = parseAddress(text, "address", true);
    const cls = this.model.exports.classify(a.family, ...a.words);
    return cls === 4 || cls === 5; // A_OTHER, A_MAPPED_OTHER (assembly/address.ts)
  };

  async run(planned: PlannedCase[], onCase?: (index: number, run: CaseRun) => void): Promise<CaseRun[]> {
    const out: CaseRun[] = new Array(planned.length);
    const alone: number[][] = [];
    const shared: number[] = [];
    const cat = this.model.catalogue;
    const skips = planned.map((p) => skippedSteps(p.case, p.profile, this.capabilities, this.#simulated, cat));
    planned.forEach((p, i) => {
      if (skips[i].length === p.case.steps.length) out[i] = { steps: [], skip: skips[i][0].reason };
      else if (mayEndProcess(p.case, p.profile, new Set(skips[i].map((s) => s.step)), cat)) alone.push([i]);
      else shared.push(i);
    });
    const per = Math.ceil(shared.length / SHARED_JOBS);
    const queue: { cases: number[]; attempt: number }[] = [];
    for (let k = 0; k < shared.length; k += per) queue.push({ cases: shared.slice(k, k + per), attempt: 0 });
    queue.push(...alone.map((cases) => ({ cases, attempt: 0 })));
    this.harness = { processes: 0, failures: 0, retries: 0, notes: this.kind === "wine" ? [`wineserver: ${holdWineserver()}`] : [] };
    // The run's folder and processes end with it, however it ends (host/native/lifetime.ts).
    const dir = tempFolder("lfp-native-");
    const launch = this.#launch();
    const spares: NativeProcess[] = [];
    const live = new Set<NativeProcess>();
    const start = () => {
      const p = new NativeProcess(join(dir, `p${this.harness.processes++}`), launch, this.#limits);
      live.add(p);
      return p;
    };
    /** No process of this run has become ready yet: failures so far say the environment, not a case. */
    let everReady = false;
    let failing = 0;
    let stopped = false;
    try {
      const worker = async () => {
        for (let job = queue.shift(); job !== undefined && !stopped; job = queue.shift()) {
          if (!everReady && failing > HARNESS_RETRIES) {
            // Every process so far died before it was ready: the rest would too. Said once per case, not tried.
            for (const i of job.cases) { out[i] = { steps: [], harness: `not tried: ${this.harness.failures} processes in a row ended before they were ready (last: ${this.#lastHarness})` }; onCase?.(i, out[i]); }
            continue;
          }
          const proc = spares.shift() ?? start();
          if (queue.length > spares.length) spares.push(start()); // the next job's process starts while this one runs
          const cases: JobCase[] = job.cases.map((i) => ({ case: planned[i].case, skip: skips[i].map((s) => s.step) }));
          const t0 = Date.now();
          const r = await proc.run({ cases, names: { levels: this.model.catalogue.levels, options: this.model.catalogue.options } });
          live.delete(proc);
          if (r.harness === null) everReady = true;
          else { failing++; this.#lastHarness = r.harness; }
          if (process.env.LFP_NATIVE_TRACE) process.stderr.write(`job of ${cases.length} case(s) [${cases[0].case.id}]: ${Date.now() - t0} ms (waited ready ${proc.readyAfterMs ?? "?"} ms after start)\n`);
          if (r.stats) for (const k of Object.keys(this.stats) as (keyof NativeStats)[]) this.stats[k] += r.stats[k];
          job.cases.forEach((idx, k) => { const run = r.runs.get(k); if (run) out[idx] = { ...run, skipped: skips[idx] }; });
          const first = job.cases.findIndex((_, k) => !r.runs.has(k));
          const left = first < 0 ? [] : job.cases.slice(first);
          // Report what this job finished as soon as it did (a case the process did not get to runs again).
          for (const idx of job.cases) if (!left.includes(idx)) { this.#explain(planned[idx], out[idx]); onCase?.(idx, out[idx]); }
          if (r.harness !== null) {
            this.harness.failures++;
            const ids = left.map((i) => planned[i].case.id).join(", ");
            if (job.attempt < HARNESS_RETRIES) {
              this.harness.retries++;
              this.harness.notes.push(`harness failure (retried ${job.attempt + 1} of ${HARNESS_RETRIES}): ${r.harness} [${ids}]`);
              queue.unshift({ cases: left, attempt: job.attempt + 1 });
            } else {
              this.harness.notes.push(`harness failure (not retried again): ${r.harness} [${ids}]`);
              for (const i of left) { out[i] = { steps: [], harness: r.harness }; onCase?.(i, out[i]); }
            }
          } else if (left.length > 0 && left.length < job.cases.length) {
            queue.unshift({ cases: left, attempt: 0 }); // a crash or timeout ended the process: the rest goes on in a new one
          }
        }
      };
      // A run that stops early (a full TMPDIR, a fatal child) ends its processes, and waits for its
      // other worker to see that, before it says why.
      const workers = Array.from({ length: PARALLEL }, () => worker().catch((err: unknown) => {
        stopped = true;
        for (const p of live) p.kill();
        throw err;
      }));
      const settled = await Promise.allSettled(workers);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
      if (failed) throw failed.reason;
    } finally {
      await Promise.all(spares.map((s) => s.dismiss()));
      releaseFolder(dir);
    }
    return out;
  }

  /** A bounded wait that timed out says whether the vector expected that (an operation that never completes). */
  #explain(p: PlannedCase, run: CaseRun): void {
    run.steps.forEach((s, j) => {
      if (s?.note === undefined) return;
      const status = expectationFor(p.case.steps[j], p.profile, this.model.catalogue)?.completion?.status;
      const pending = status !== undefined && (typeof status === "object" ? status.oneOf : [status]).some((x) => x === "WSA_IO_PENDING" || x === WSA_IO_PENDING);
      if (pending) s.note += `; the vector expects that for ${p.profile} (the operation never completes)`;
    });
  }
}

/** Make the native target for `kind`; throws LfpError (LFP_NO_WS2_32) when it cannot run here. */
export function nativeTarget(kind: "wine" | "native", model: Model, options: { caseTimeoutMs?: number } = {}): NativeTarget {
  return new NativeTarget(kind, model, options);
}
