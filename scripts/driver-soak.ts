// npm run soak:driver [-- --calls N] [-- --sockets K] [-- --seed S] [-- --warmup W] [-- --json]
// The native driver under load: N enforce-mode calls (default 10^5) across a
// pool of K real sockets (default 100), churned as it goes, in the Windows
// build of Node under Wine (or the local Node on Windows). Prints the
// resource samples, then whether handles, events and WSAStartup counts balance
// and the driver's memory stays flat; exit 1 if not.
import { parseArgs } from "node:util";
import { spawnSync } from "node:child_process";
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { requireWine, toWinePath, wineEnv, winePaths } from "../host/native/environment.js";
import type { SoakReport, SoakSample } from "./driver-soak-child.js";

/**
 * What "flat" allows over the samples (the first is taken after a warm-up with the same mix): memory growth in bytes a call
 * (least-squares slope; a driver that kept anything per call, a result or a buffer, grows by
 * ≥ 48 bytes a call), and no handle more.
 */
export const FLAT = { heapBytesPerCall: 8, privateBytesPerCall: 16, handles: 0 };

/** Run the soak in a Windows Node; throws LfpError (LFP_NO_WS2_32) where there is none. */
export function runDriverSoak(options: { calls: number; sockets: number; seed: number; warmup?: number; timeoutMs?: number }): SoakReport {
  const child = fileURLToPath(new URL("./driver-soak-child.js", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "lfp-driver-soak-"));
  try {
    const out = join(dir, "report.json");
    const logPath = join(dir, "log.txt");
    const log = openSync(logPath, "w");
    const args = [String(options.calls), String(options.sockets), String(options.seed), String(options.warmup ?? 20000)];
    let r;
    if (process.platform === "win32") {
      const koffi = dirname(createRequire(import.meta.url).resolve("koffi"));
      r = spawnSync(process.execPath, ["--expose-gc", child, out, koffi, ...args], { stdio: ["ignore", log, log], timeout: options.timeoutMs });
    } else {
      const paths = winePaths();
      requireWine(paths);
      r = spawnSync("wine", [paths.nodeExe, "--expose-gc", toWinePath(child), toWinePath(out), toWinePath(paths.koffi), ...args], { env: wineEnv(paths), stdio: ["ignore", log, log], timeout: options.timeoutMs });
    }
    closeSync(log);
    try {
      return JSON.parse(readFileSync(out, "utf8")) as SoakReport;
    } catch {
      const why = r.error ? r.error.message : `exit code ${r.status}`;
      throw new Error(`the soak did not finish (${why}): ${readFileSync(logPath, "utf8").trim().split("\n").filter((l) => /\S/.test(l)).slice(-6).join(" / ") || "no message"}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The least-squares slope of a figure over the samples, in bytes a call: one noisy sample moves it little. */
export function growthPerCall(samples: SoakSample[], of: (s: SoakSample) => number): number {
  if (samples.length < 2) return 0;
  const mx = samples.reduce((a, s) => a + s.calls, 0) / samples.length;
  const my = samples.reduce((a, s) => a + of(s), 0) / samples.length;
  let num = 0;
  let den = 0;
  for (const s of samples) { num += (s.calls - mx) * (of(s) - my); den += (s.calls - mx) ** 2; }
  return den === 0 ? 0 : num / den;
}

/**
 * The median of the growth between consecutive samples, in bytes a call. Private (committed)
 * memory grows in pages: a leak grows it in every interval, a one-time allocation (V8 compiling
 * a function late, a heap page) in one; a 72 KiB step at one sample of 5,000 calls would read as
 * 15 bytes a call on the slope.
 */
export function typicalGrowthPerCall(samples: SoakSample[], of: (s: SoakSample) => number): number {
  const steps: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const calls = samples[i].calls - samples[i - 1].calls;
    if (calls > 0) steps.push((of(samples[i]) - of(samples[i - 1])) / calls);
  }
  if (!steps.length) return 0;
  steps.sort((x, y) => x - y);
  const m = steps.length >> 1;
  return steps.length % 2 ? steps[m] : (steps[m - 1] + steps[m]) / 2;
}

/** What does not balance or is not flat; empty when all is well. */
export function soakProblems(rep: SoakReport): string[] {
  const problems: string[] = [];
  const eq = (what: string, a: number, b: number) => { if (a !== b) problems.push(`${what}: ${a} ≠ ${b}`); };
  eq("WSAStartup calls = WSACleanup calls", rep.startups, rep.cleanups);
  eq("sockets opened = closed", rep.socketsOpened, rep.socketsClosed);
  eq("events created = closed", rep.eventsCreated, rep.eventsClosed);
  eq("calls forwarded + refused = calls made", rep.forwarded + rep.refused, rep.calls);
  if (rep.afterCleanupError !== 10093) problems.push(`after the last WSACleanup WSASocketW should fail with WSANOTINITIALISED (10093), got ${rep.afterCleanupError || "success"}`);
  const warm = rep.samples[0];
  for (const s of rep.samples) {
    if (s.koffiBlocks !== warm.koffiBlocks || s.koffiBytes !== warm.koffiBytes) problems.push(`koffi memory after ${s.calls} calls: ${s.koffiBlocks} blocks / ${s.koffiBytes} bytes, at the warm sample ${warm.koffiBlocks} / ${warm.koffiBytes}`);
    if (s.pending !== 0) problems.push(`${s.pending} overlapped calls still pending after ${s.calls} calls`);
    if (s.handles - warm.handles > FLAT.handles) problems.push(`handles after ${s.calls} calls: ${s.handles}, at the warm sample ${warm.handles}`);
    if (s.probeHandle - warm.probeHandle > FLAT.handles) problems.push(`the lowest free handle after ${s.calls} calls: ${s.probeHandle}, at the warm sample ${warm.probeHandle} (handles leak)`);
  }
  const heap = growthPerCall(rep.samples, (s) => s.heapUsed);
  if (heap > FLAT.heapBytesPerCall) problems.push(`V8 heap grew ${heap.toFixed(2)} bytes a call (allowed ${FLAT.heapBytesPerCall})`);
  const priv = typicalGrowthPerCall(rep.samples, (s) => s.privateBytes);
  if (priv > FLAT.privateBytesPerCall) problems.push(`private bytes grew ${priv.toFixed(2)} bytes a call (allowed ${FLAT.privateBytesPerCall})`);
  return problems;
}

/** The samples as a table, then the counts. */
export function soakText(rep: SoakReport, problems: string[]): string {
  const kb = (n: number) => (n / 1024).toFixed(0);
  const cols: [string, (s: SoakSample) => string][] = [
    ["calls", (s) => String(s.calls)], ["V8 heap KiB", (s) => kb(s.heapUsed)], ["external KiB", (s) => kb(s.external)],
    ["koffi blocks", (s) => String(s.koffiBlocks)], ["koffi bytes", (s) => String(s.koffiBytes)],
    ["handles", (s) => String(s.handles)], ["lowest free handle", (s) => `0x${s.probeHandle.toString(16)}`], ["private (commit) KiB", (s) => kb(s.privateBytes)], ["pending", (s) => String(s.pending)],
  ];
  const lines = [
    `| ${cols.map((c) => c[0]).join(" | ")} |`, `| ${cols.map(() => "---").join(" | ")} |`,
    ...rep.samples.map((s) => `| ${cols.map((c) => c[1](s)).join(" | ")} |`),
    "",
    `${rep.calls} enforce-mode calls (after ${rep.warmup} to warm up) on ${rep.sockets} sockets in ${(rep.ms / 1000).toFixed(1)} s (${(rep.ms * 1000 / rep.calls).toFixed(1)} µs a call): ${rep.forwarded} forwarded (errors ${Object.entries(rep.errors).map(([e, n]) => `${e}×${n}`).join(", ")}), ${rep.refused} refused`,
    `WSAStartup ${rep.startups} / WSACleanup ${rep.cleanups}; sockets opened ${rep.socketsOpened} / closed ${rep.socketsClosed}; events created ${rep.eventsCreated} / closed ${rep.eventsClosed}; after the last cleanup: error ${rep.afterCleanupError}`,
    ...problems.map((p) => `FAIL ${p}`),
    problems.length ? `driver soak: ${problems.length} problem(s)` : `driver soak: balanced and flat (seed ${rep.seed})`,
  ];
  return lines.join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: {
    calls: { type: "string", default: "100000" }, sockets: { type: "string", default: "100" },
    seed: { type: "string", default: "15" }, warmup: { type: "string", default: "20000" }, json: { type: "boolean", default: false },
  } });
  const num = (text: string, flag: string, min: number) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min) { process.stderr.write(`soak:driver: ${flag}: expected an integer ≥ ${min}, got ${JSON.stringify(text)}\n`); process.exit(2); }
    return n;
  };
  const rep = runDriverSoak({ calls: num(values.calls!, "--calls", 10), sockets: num(values.sockets!, "--sockets", 1), seed: num(values.seed!, "--seed", 0), warmup: num(values.warmup!, "--warmup", 0) });
  const problems = soakProblems(rep);
  process.stdout.write((values.json ? JSON.stringify({ ...rep, problems }) : soakText(rep, problems)) + "\n");
  return problems.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
