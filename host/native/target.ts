// The native targets: the same vectors on the real ws2_32, under Wine (Linux)
// or on Windows. Cases that cannot be real are skipped with the reason; cases
// that may crash the process (invalid pointers, WSPIoctl) run in a process of
// their own; every process has a per-case timeout and a crash fails only the
// case it happened in.
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, closeSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { createRequire } from "node:module";
import type { Model } from "../model.js";
import type { ProfileName } from "../catalogue.js";
import { parseAddress } from "../address.js";
import { LfpError } from "../errors.js";
import { buffer } from "../call.js";
import type { CaseRun, PlannedCase, StepActual, Target } from "../../spec-tests/runner/target.js";
import { ModelTarget } from "../../spec-tests/runner/model-target.js";
import type { LoadedCase } from "../../spec-tests/runner/vectors.js";
import { MAX_REAL_SEND, type NativeStats } from "./player.js";
import { requireWine, requireWindows, toWinePath, wineEnv, winePaths } from "./environment.js";

/** No progress for this long fails the case in progress. */
export const CASE_TIMEOUT_MS = 15000;

/** Why a case cannot be performed for real, or null. */
export function skipReason(c: LoadedCase, model: Model, kind: "wine" | "native"): string | null {
  const simulated = (text: string) => {
    const a = parseAddress(text, "address", true);
    const cls = model.exports.classify(a.family, ...a.words);
    return cls === 4 || cls === 5; // A_OTHER, A_MAPPED_OTHER (assembly/address.ts)
  };
  const sends = new Set(c.steps.filter((s) => s.op === "send" && s.as !== undefined).map((s) => s.as));
  const profile = kind === "wine" ? "wine" : "windows";
  for (const [i, s] of c.steps.entries()) {
    const at = `step ${i} (${s.op})`;
    const ret = (s.expectBy?.[profile] ?? s.expect)?.ret;
    const rets = typeof ret === "object" && ret !== null ? ret.oneOf : [ret];
    if (rets.includes("refused")) return `${at}: expects a refusal by the model (its capacity or a bad reference), which a real stack does not make`;
    if (s.op === "condition" && Object.entries(s).some(([k, v]) => k !== "op" && v === true)) return `${at}: an environmental condition cannot be created on a real stack`;
    if (s.op === "observe") return `${at}: observe reads the model's state, which a real stack does not expose`;
    if (s.op === "cancel" || s.op === "exitThread") return `${at}: ${s.op} is not implemented by the native player yet`;
    if (s.op === "bind" && simulated(s.address!)) return `${at}: ${s.address} is a simulated non-loopback address`;
    if (s.op === "connect" && !c.steps.some((x) => x.as === s.to) && simulated(s.to!)) return `${at}: ${s.to} is a simulated remote peer`;
    if (s.op === "wait" && sends.has(s.operation)) return `${at}: a queued send has no operation to wait for on a real stack`;
    if (s.op === "send" && s.bytes! > MAX_REAL_SEND) return `${at}: ${s.bytes} bytes is more than a real send made here (${MAX_REAL_SEND})`;
    if (s.op === "ioctl") {
      const inb = s.in === undefined ? { kind: 1, len: 4 } : buffer(s.in, "in");
      const outb = s.out === undefined ? { kind: 0, len: 0 } : buffer(s.out, "out");
      if (inb.kind === 1 && s.cbIn !== undefined && s.cbIn > inb.len) return `${at}: cbInBuffer ${s.cbIn} is larger than the ${inb.len} bytes handed over; the driver refuses that before ws2_32 (memory safety)`;
      if (outb.kind === 1 && (s.cbOut ?? 0) > outb.len) return `${at}: cbOutBuffer ${s.cbOut} is larger than the ${outb.len} bytes handed over; the driver refuses that before ws2_32 (memory safety)`;
      if (s.api === "WSPIoctl" && kind === "native") return `${at}: WSPIoctl needs a provider's WSPStartup and table, which the Windows driver does not drive`;
    }
  }
  return null;
}

/** Cases that may end their process: run alone. */
export function needsIsolation(c: LoadedCase): boolean {
  return c.steps.some((s) => s.op === "ioctl" && (s.api === "WSPIoctl"
    || [s.in, s.out, s.bytesReturned, s.overlapped, s.completionRoutine, s.threadId, s.errno].includes("invalid")));
}

/** How a Wine process ended, from what Wine printed. */
function classifyExit(stderr: string): "crash" | "unavailable" | null {
  if (/unimplemented function/i.test(stderr)) return "unavailable";
  if (/Unhandled (page fault|exception)|access violation/i.test(stderr)) return "crash";
  return null;
}

export class NativeTarget implements Target {
  readonly name: string;
  readonly profile: ProfileName;
  /** Resources opened and closed by the processes that ended normally, summed. */
  stats: NativeStats = { startups: 0, cleanups: 0, socketsOpened: 0, socketsClosed: 0, eventsCreated: 0, eventsClosed: 0, calls: 0 };
  /** Processes started by the last run. */
  processes = 0;

  readonly #caseTimeoutMs: number;

  constructor(readonly kind: "wine" | "native", readonly model: Model, options: { caseTimeoutMs?: number } = {}) {
    this.#caseTimeoutMs = options.caseTimeoutMs ?? CASE_TIMEOUT_MS;
    this.name = kind;
    this.profile = kind === "wine" ? "wine" : "windows";
    if (kind === "wine") requireWine();
    else requireWindows();
  }

  async run(planned: PlannedCase[]): Promise<CaseRun[]> {
    const out: CaseRun[] = new Array(planned.length);
    const batch: number[] = [];
    const alone: number[] = [];
    planned.forEach((p, i) => {
      const why = skipReason(p.case, this.model, this.kind);
      if (why !== null) out[i] = { steps: [], skip: why };
      else (needsIsolation(p.case) ? alone : batch).push(i);
    });
    const dir = mkdtempSync(join(tmpdir(), "lfp-native-"));
    try {
      // The batch: one process; after a crash or timeout, a new one for the cases left.
      let left = batch;
      while (left.length) {
        const r = await this.#process(dir, left.map((i) => planned[i].case));
        left.forEach((idx, k) => { if (r.runs.has(k)) out[idx] = r.runs.get(k)!; });
        const done = left.filter((_, k) => r.runs.has(k)).length;
        left = left.slice(done);
      }
      // Crash-prone cases, one process each, two at a time (the machines have 2 cores).
      const queue = [...alone];
      const worker = async () => {
        for (let idx = queue.shift(); idx !== undefined; idx = queue.shift()) {
          const r = await this.#process(dir, [planned[idx].case]);
          out[idx] = r.runs.get(0) ?? { steps: [], problem: "the process ended before the case began" };
        }
      };
      await Promise.all([worker(), worker()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    this.#explainTimeouts(planned, out);
    return out;
  }

  /** A bounded wait that timed out gets the model's explanation when the model says the operation never completes. */
  #explainTimeouts(planned: PlannedCase[], runs: CaseRun[]): void {
    const model = new ModelTarget(this.model);
    runs.forEach((run, i) => {
      if (!run.steps.some((s) => s.note !== undefined)) return;
      const expected = model.runOne(planned[i]).steps;
      run.steps.forEach((s, j) => {
        if (s.note === undefined) return;
        const m = expected[j];
        if (m?.completion?.status === 997) {
          const rule = this.model.catalogue.rules.find((r) => r.id === m.rule);
          s.note += `; the model (${this.profile}) expects that: ${rule ? `${rule.id}: ${rule.text}` : "it never completes"}`;
        } else s.note += "; the model expects a completion here";
      });
    });
  }

  /** Run cases in one process; returns the runs of the cases it got to (a crashed or hung case included). */
  async #process(dir: string, cases: LoadedCase[]): Promise<{ runs: Map<number, CaseRun> }> {
    const id = `${this.processes++}`;
    const job = join(dir, `job-${id}.json`);
    const outFile = join(dir, `out-${id}.jsonl`);
    const errFile = join(dir, `err-${id}.txt`);
    writeFileSync(job, JSON.stringify({ cases }));
    writeFileSync(outFile, "");
    const errFd = openSync(errFile, "w");
    const wine = this.kind === "wine";
    const koffi = wine ? winePaths.koffi : dirname(createRequire(import.meta.url).resolve("koffi"));
    const args = [winePaths.child, job, outFile, koffi].map((p) => (wine ? toWinePath(p) : p));
    const child = wine
      ? spawn("wine", [winePaths.nodeExe, ...args], { env: wineEnv(), stdio: ["ignore", errFd, errFd] })
      : spawn(process.execPath, args, { stdio: ["ignore", errFd, errFd] });
    let lines = 0;
    let lastProgress = Date.now();
    let timedOut = false;
    const exit = await new Promise<number | null>((resolve) => {
      const timer = setInterval(() => {
        const n = readFileSync(outFile, "utf8").split("\n").length;
        if (n !== lines) { lines = n; lastProgress = Date.now(); }
        else if (Date.now() - lastProgress > this.#caseTimeoutMs) { timedOut = true; child.kill("SIGKILL"); }
      }, 100);
      child.on("exit", (code) => { clearInterval(timer); resolve(code); });
      child.on("error", () => { clearInterval(timer); resolve(-1); });
    });
    closeSync(errFd);
    const stderr = existsSync(errFile) ? readFileSync(errFile, "utf8") : "";
    const runs = new Map<number, CaseRun>();
    let current: number | null = null;
    let stats: NativeStats | null = null;
    for (const line of readFileSync(outFile, "utf8").split("\n")) {
      if (!line) continue;
      const ev = JSON.parse(line) as { t: string; i: number; j: number; a: StepActual; reason: string; stats: NativeStats };
      if (ev.t === "begin") { runs.set(ev.i, { steps: [] }); current = ev.i; }
      else if (ev.t === "step") runs.get(ev.i)!.steps[ev.j] = ev.a;
      else if (ev.t === "problem") runs.get(ev.i)!.steps.push({ problem: ev.reason });
      else if (ev.t === "end") current = null;
      else if (ev.t === "stats") stats = ev.stats;
      else if (ev.t === "fatal") throw new LfpError("LFP_NATIVE", `the native child failed: ${ev.reason}`);
    }
    if (current !== null) {
      // The process ended (or was killed) inside this case: the step in progress gets what happened.
      const run = runs.get(current)!;
      const how = classifyExit(stderr);
      if (timedOut) run.problem = `timed out: no progress for ${this.#caseTimeoutMs / 1000} s (the process was killed)`;
      else if (how !== null) run.steps.push({ ret: how });
      else run.problem = `the process ended with exit code ${exit} during this case: ${stderr.trim().split("\n").slice(-2).join(" / ") || "no message"}`;
    } else if (stats === null && runs.size < cases.length) {
      const first = runs.size;
      runs.set(first, { steps: [], problem: `the process ended with exit code ${exit} before the case began: ${stderr.trim().split("\n").slice(-2).join(" / ") || "no message"}` });
    }
    if (stats) for (const k of Object.keys(this.stats) as (keyof NativeStats)[]) this.stats[k] += stats[k];
    return { runs };
  }
}

/** Make the native target for `kind`; throws LfpError (LFP_NO_WS2_32) when it cannot run here. */
export function nativeTarget(kind: "wine" | "native", model: Model, options: { caseTimeoutMs?: number } = {}): NativeTarget {
  return new NativeTarget(kind, model, options);
}
