// What this process starts must not outlive it: child processes (the Windows Node under Wine,
// Wine's tools) and temporary folders. One place owns them, for every way the process ends:
// - normally, or by an exception: on "exit", each child left is killed and each folder removed;
// - by SIGINT, SIGTERM or SIGHUP: the same, then the signal is raised again (the usual status);
// - by SIGKILL, or a crash no handler sees: a small guardian process, started with a pipe from
//   this one, does the same when the pipe closes (the kernel closes it however we end). Under
//   Wine the Windows Node cannot watch a pipe, so its Linux side watches for it.
// Node-only.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LfpError } from "../errors.js";
import { fsReason } from "../fs-safe.js";

/** The guardian: reads "+p pid start", "-p pid", "+d dir", "-d dir" lines; at the end of its input, ends what is left. */
const GUARDIAN = `
const fs = require("node:fs");
const pids = new Map(), dirs = new Set();
const start = (pid) => { try { return fs.readFileSync("/proc/" + pid + "/stat", "utf8").split(") ").pop().split(" ")[19]; } catch { return null; } };
let rest = "";
process.stdin.on("data", (d) => {
  const lines = (rest + d).split("\\n"); rest = lines.pop();
  for (const l of lines) {
    const [op, a, b] = l.split("\\t");
    if (op === "+p") pids.set(a, b); else if (op === "-p") pids.delete(a);
    else if (op === "+d") dirs.add(a); else if (op === "-d") dirs.delete(a);
  }
});
process.stdin.on("end", () => {
  for (const [pid, st] of pids) if (st === "" || start(pid) === st) { try { process.kill(Number(pid), "SIGKILL"); } catch {} }
  for (const d of dirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch {} }
  process.exit(0);
});
for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, () => {});
`;

const children = new Set<ChildProcess>();
const folders = new Set<string>();
let guardian: ChildProcess | null | undefined;
let hooked = false;

/** The start time of a process (Linux /proc), so the guardian never kills a pid reused since. */
function startTime(pid: number): string {
  try { return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").pop()!.split(" ")[19] ?? ""; } catch { return ""; }
}

function tell(line: string): void {
  if (guardian === undefined) {
    try {
      guardian = spawn(process.execPath, ["-e", GUARDIAN], { detached: true, stdio: ["pipe", "ignore", "ignore"], windowsHide: true });
      guardian.on("error", () => { guardian = null; });
      guardian.stdin!.on("error", () => { guardian = null; });
      guardian.unref();
      (guardian.stdin as unknown as { unref(): void }).unref();
    } catch {
      guardian = null; // the in-process hooks still cover every end but SIGKILL
    }
  }
  if (guardian) guardian.stdin!.write(`${line}\n`);
}

/** End every child and remove every folder still registered (synchronously: it runs on exit). */
function endAll(): void {
  for (const c of children) { try { c.kill("SIGKILL"); } catch { /* gone */ } }
  children.clear();
  for (const d of folders) { try { rmSync(d, { recursive: true, force: true }); } catch { /* gone */ } }
  folders.clear();
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", endAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      endAll();
      // Then end as the signal would have: the handlers go, the signal comes again.
      for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeAllListeners(s);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/** A run's temporary files need about this much room (its processes' event logs). */
export const MIN_TEMP_FREE_BYTES = 1024 * 1024;

/**
 * A new temporary folder that goes when this process ends, however it ends (release it sooner
 * with `releaseFolder`). Throws LfpError (LFP_NATIVE) when it cannot be made, or when TMPDIR has
 * less than `minFree` bytes free: a run then says so at once, not halfway through.
 */
export function tempFolder(prefix: string, minFree = MIN_TEMP_FREE_BYTES): string {
  const fix = "(free some space there, or set TMPDIR to another folder)";
  let dir: string;
  try {
    const fs = statfsSync(tmpdir());
    const free = fs.bavail * fs.bsize;
    if (free < minFree) throw new LfpError("LFP_NATIVE", `the temporary folder ${tmpdir()} has ${free} bytes free, less than the ${minFree} a run needs ${fix}`);
    dir = mkdtempSync(join(tmpdir(), prefix));
  } catch (err) {
    if (err instanceof LfpError) throw err;
    throw new LfpError("LFP_NATIVE", `cannot make a temporary folder in ${tmpdir()}: ${fsReason(err)} ${fix}`);
  }
  ownFolder(dir);
  return dir;
}

/** Remove a folder from `tempFolder` (or `ownFolder`) now. */
export function releaseFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  disownFolder(dir);
}

/** Own a folder made elsewhere (work in progress): it is removed if this process ends before `disownFolder`. */
export function ownFolder(dir: string): void {
  hook();
  folders.add(dir);
  tell(`+d\t${dir}`);
}

/** Keep a folder from `ownFolder`: it is done, and stays. */
export function disownFolder(dir: string): void {
  folders.delete(dir);
  tell(`-d\t${dir}`);
}

/** Own `child`: it is killed if this process ends first, however it ends. Returns it. */
export function adopt<C extends ChildProcess>(child: C): C {
  if (child.pid === undefined) return child; // it did not start: its "error" event says why
  hook();
  children.add(child);
  const pid = child.pid;
  tell(`+p\t${pid}\t${startTime(pid)}`);
  child.once("exit", () => { children.delete(child); tell(`-p\t${pid}`); });
  return child;
}

/** The pids of the children owned now (for tests). */
export function ownedPids(): number[] {
  return [...children].map((c) => c.pid!);
}

/** How an owned child ended. */
export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  /** Its output, the last 64 KB of each (empty where it went to a file). */
  stdout: string;
  stderr: string;
  /** It ran past `timeoutMs` and was killed. */
  timedOut: boolean;
  /** It could not be started (ENOENT...). */
  error?: string;
}

/**
 * Run a command as an owned child (it ends with this process), killed after `timeoutMs`:
 * every step of a setup is bounded. `stdio` may send the output to a file descriptor instead
 * (the Windows Node under Wine cannot write to a pipe).
 */
export function runChild(command: string, args: string[], o: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number; stdio?: number }): Promise<ChildResult> {
  return new Promise((resolve) => {
    const out = o.stdio ?? "pipe";
    let child: ChildProcess;
    try {
      child = adopt(spawn(command, args, { env: o.env, cwd: o.cwd, stdio: ["ignore", out, out] }));
    } catch (err) {
      resolve({ status: null, signal: null, stdout: "", stderr: "", timedOut: false, error: String((err as Error).message) });
      return;
    }
    const text = { stdout: "", stderr: "" };
    const keep = (k: "stdout" | "stderr") => (d: Buffer) => { text[k] = (text[k] + d.toString("utf8")).slice(-65536); };
    child.stdout?.on("data", keep("stdout"));
    child.stderr?.on("data", keep("stderr"));
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, o.timeoutMs);
    let error: string | undefined;
    let done = false;
    const finish = (status: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({ status, signal, ...text, timedOut, ...(error !== undefined ? { error } : {}) });
    };
    child.on("close", finish);
    child.on("error", (err) => { error = err.message; setImmediate(() => finish(null, null)); });
    // A process it started may hold the output pipe open after it ended (wineboot leaves a
    // wineserver): its end, plus a moment for the output, is the end.
    child.on("exit", (status, signal) => setTimeout(() => finish(status, signal), 200));
  });
}
