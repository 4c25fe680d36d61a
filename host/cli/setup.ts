// lfp setup wine: prepare the Wine target wherever the package is installed.
// Idempotent: each part is checked in its real state and only what is missing
// or wrong is done; a second run only checks.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LfpError } from "../errors.js";
import {
  CREATING, MADE_BY_LFP, prefixParts, probeWine, probeParts, runtimeManifestDir, runtimeParts, wineEnv, winePaths, type Probe, type WinePaths,
} from "../native/environment.js";
import { disownFolder, ownFolder, runChild } from "../native/lifetime.js";
import { parse, UsageError } from "./usage.js";
import { colourWanted, painter } from "../colour.js";

export const setupUsage = `Usage: lfp setup wine

Prepare the Wine target (Linux): Debian's wine (installed with apt-get when
run as root and missing), the Windows build of Node and koffi's Windows binary
(from the npm registry, pinned by the package's lock file), and a Wine prefix
set to Windows 10; then run the Windows Node under
Wine to check the result. Everything goes into the cache folder:
  $LFP_CACHE_DIR, else $XDG_CACHE_HOME/loopback-fast-path, else
  ~/.cache/loopback-fast-path   (the prefix: $LFP_WINE_PREFIX, else <cache>/prefix)
Each part is checked as "lfp doctor" checks it, and what is broken is made
again (a Windows Node cut short, a prefix that lost a system file or its
registry, or whose creation was cut short); every step has a time limit, and a
prefix whose creation fails is made once more from scratch. Running it again
only checks. Exit status: 0 ready, 1 not ready, 2 usage.`;

/** Time limits of the steps (generous: a loaded 2-core machine; a hung step must still end). */
export const STEP_LIMITS_MS = { apt: 900000, npm: 900000, wineboot: 300000, winecfg: 180000, wineserverWait: 120000, wineserverKill: 30000 };

/** Run one bounded step; a failure says which step, how it ended and what it printed last. */
async function step(cmd: string, args: string[], what: string, o: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number }): Promise<void> {
  const r = await runChild(cmd, args, o);
  if (r.status === 0 && !r.timedOut) return;
  const said = `${r.stderr}\n${r.stdout}`.trim().split("\n").filter((l) => l.trim()).slice(-3).join(" / ");
  const how = r.timedOut ? `did not finish within ${o.timeoutMs / 1000} s and was stopped` : r.error ?? (r.signal ? `ended by ${r.signal}` : `exit code ${r.status}`);
  throw new LfpError("LFP_NATIVE", `${what} failed (${cmd} ${args.join(" ")}: ${how})${said ? `: ${said}` : ""}`);
}

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

/** Wine itself: present, or installed from Debian when root. */
async function ensureWine(say: (s: string) => void): Promise<void> {
  if (has("wine")) return;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !has("apt-get")) {
    throw new LfpError("LFP_NO_WS2_32", "wine is not installed; as root run: apt-get update && apt-get install -y wine64 wine (or run this command as root)");
  }
  say("installing Debian's wine (apt-get)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await step("apt-get", ["update", "-qq"], "apt-get update", { env, timeoutMs: STEP_LIMITS_MS.apt });
  await step("apt-get", ["install", "-y", "-qq", "wine64", "wine"], "apt-get install wine", { env, timeoutMs: STEP_LIMITS_MS.apt });
  if (!has("wine")) throw new LfpError("LFP_NO_WS2_32", "wine is still not available after installing it");
}

/** Whether a process runs (a folder named after its pid is its work in progress). */
function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === "EPERM"; }
}

/**
 * Install the Windows Node and koffi's Windows binary from the shipped lock file (--force: they
 * are win32-only packages) into a folder beside the runtime's, checked, then renamed into place:
 * an install cut short (Ctrl-C, a full disk) never leaves a half-written node.exe where it is run.
 */
async function installRuntime(paths: WinePaths, why: string, say: (s: string) => void): Promise<void> {
  const parent = dirname(paths.runtime);
  mkdirSync(parent, { recursive: true });
  // What an earlier install cut short left behind (its process is gone).
  for (const f of readdirSync(parent)) {
    const m = new RegExp(`^${basename(paths.runtime)}\\.(partial|old)-(\\d+)$`).exec(f);
    if (m && !alive(Number(m[2]))) rmSync(join(parent, f), { recursive: true, force: true });
  }
  say(`installing the Windows Node and koffi into ${paths.runtime} (${why})`);
  const partial = `${paths.runtime}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  ownFolder(partial); // removed if this process ends before the install is done
  mkdirSync(partial, { recursive: true });
  for (const f of ["package.json", "package-lock.json"]) copyFileSync(join(runtimeManifestDir, f), join(partial, f));
  await step("npm", ["ci", "--force", "--no-audit", "--no-fund", "--loglevel=error"], "installing the Windows runtime", { cwd: partial, timeoutMs: STEP_LIMITS_MS.npm });
  const at = { ...paths, nodeExe: paths.nodeExe.replace(paths.runtime, partial), koffi: paths.koffi.replace(paths.runtime, partial), koffiNode: paths.koffiNode.replace(paths.runtime, partial) };
  const bad = runtimeParts(at).filter((p) => !p.ok);
  if (bad.length) throw new LfpError("LFP_NATIVE", `the Windows runtime installed by npm is not whole: ${bad.map((p) => p.detail).join("; ")}`);
  const old = `${paths.runtime}.old-${process.pid}`;
  if (existsSync(paths.runtime)) renameSync(paths.runtime, old);
  renameSync(partial, paths.runtime);
  disownFolder(partial);
  rmSync(old, { recursive: true, force: true });
}

/** The Windows Node and koffi: present and whole, else installed again. True when installed. */
async function ensureRuntime(paths: WinePaths, say: (s: string) => void): Promise<boolean> {
  const bad = runtimeParts(paths).filter((p) => !p.ok);
  if (bad.length === 0) return false;
  await installRuntime(paths, bad.map((p) => p.detail.replace(`${paths.runtime}/`, "")).join("; "), say);
  return true;
}

/** Whether setup may delete and make again this prefix: its own default, or one it made (marked). */
function ours(paths: WinePaths): boolean {
  return paths.prefix === join(paths.cache, "prefix") || !existsSync(paths.prefix) || existsSync(join(paths.prefix, MADE_BY_LFP)) || readdirSync(paths.prefix).length === 0;
}

/** Stop every Wine process of the prefix (a wineboot or wineserver left by a setup cut short). */
async function stopPrefix(paths: WinePaths): Promise<void> {
  if (existsSync(paths.prefix)) await runChild("wineserver", ["-k"], { env: wineEnv(paths), timeoutMs: STEP_LIMITS_MS.wineserverKill });
}

/** Make the prefix from nothing: marked while it is made, so a creation cut short is seen as such. */
async function createPrefix(paths: WinePaths, say: (s: string) => void): Promise<void> {
  const env = wineEnv(paths);
  await stopPrefix(paths);
  rmSync(paths.prefix, { recursive: true, force: true });
  mkdirSync(paths.prefix, { recursive: true });
  writeFileSync(join(paths.prefix, MADE_BY_LFP), "made by lfp setup wine: it may delete and make this prefix again when it is broken\n");
  writeFileSync(join(paths.prefix, CREATING), `${process.pid}\n`);
  say(`creating the Wine prefix ${paths.prefix}`);
  try {
    await step("wineboot", ["-i"], "creating the prefix", { env, timeoutMs: STEP_LIMITS_MS.wineboot });
    say("setting the prefix to Windows 10 (node.exe exits with code 216 below it)");
    await step("wine", ["winecfg", "-v", "win10"], "setting the Windows version", { env, timeoutMs: STEP_LIMITS_MS.winecfg });
    // The registry files are written when the wineserver ends: wait for it.
    await step("wineserver", ["-w"], "waiting for the prefix's wineserver to write the registry", { env, timeoutMs: STEP_LIMITS_MS.wineserverWait });
  } catch (err) {
    await stopPrefix(paths);
    throw err;
  }
  rmSync(join(paths.prefix, CREATING), { force: true });
  const wrong = prefixParts(paths).filter((p) => !p.ok);
  if (wrong.length) throw new LfpError("LFP_NATIVE", `the new prefix ${paths.prefix} is not right: ${wrong.map((p) => `${p.name}: ${p.detail}`).join("; ")}`);
}

/**
 * The prefix: created and Windows 10, each read back from the registry, and its system files
 * there. What is broken is made again from scratch (once more if that fails); only the Windows
 * version wrong is set again in place. True when something was done.
 */
async function ensurePrefix(paths: WinePaths, say: (s: string) => void, rebuild: string | null = null): Promise<boolean> {
  const parts = prefixParts(paths);
  const wrong = parts.filter((p) => !p.ok);
  if (wrong.length === 0 && rebuild === null) return false;
  if (rebuild === null && wrong.every((p) => p.name === "prefix Windows version")) {
    say("setting the prefix to Windows 10 (node.exe exits with code 216 below it)");
    const env = wineEnv(paths);
    await step("wine", ["winecfg", "-v", "win10"], "setting the Windows version", { env, timeoutMs: STEP_LIMITS_MS.winecfg });
    await step("wineserver", ["-w"], "waiting for the prefix's wineserver to write the registry", { env, timeoutMs: STEP_LIMITS_MS.wineserverWait });
    if (prefixParts(paths).every((p) => p.ok)) return true;
  }
  const why = rebuild ?? wrong.map((p) => p.detail).join("; ");
  if (!ours(paths)) {
    throw new LfpError("LFP_NATIVE", `the Wine prefix ${paths.prefix} is broken (${why}), and lfp setup did not make it, so it does not delete it: remove it, or set LFP_WINE_PREFIX to another folder`);
  }
  if (existsSync(paths.prefix)) say(`making the Wine prefix again: ${why}`);
  try {
    await createPrefix(paths, say);
  } catch (first) {
    if (!(first instanceof LfpError)) throw first;
    say(`${first.message}; trying once more from a clean prefix`);
    try {
      await createPrefix(paths, say);
    } catch (second) {
      if (!(second instanceof LfpError)) throw second;
      throw new LfpError("LFP_NATIVE", `the Wine prefix ${paths.prefix} could not be made, twice: ${second.message} (the first time: ${first.message})`);
    }
  }
  return true;
}

/** A probe that failed in a way a broken install explains (not one cut by its time limit on a loaded machine). */
const brokenProbe = (p: Probe) => p.startup !== 0 && !/did not finish within/.test(p.error ?? "");

export async function setup(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parse({ args: argv, allowPositionals: true, options: { help: { type: "boolean", short: "h", default: false } } });
  if (values.help) { out(setupUsage); return 0; }
  if (positionals.length !== 1 || positionals[0] !== "wine") throw new UsageError(`expected "wine" (the only target to set up), got ${positionals.length ? JSON.stringify(positionals.join(" ")) : "nothing"}`);
  if (process.platform === "win32") { out("setup: nothing to do on Windows: --target native runs with this node"); return 0; }
  const paint = painter(colourWanted(process.stdout));
  const say = (s: string) => out(`setup: ${s.replace(/^(ok|ready|FAILED)\b/, (w) => paint(w === "FAILED" ? "fail" : "pass", w))}`);
  const paths = winePaths();
  await ensureWine(say);
  const installed = await ensureRuntime(paths, say);
  const remade = await ensurePrefix(paths, say);
  // Then as doctor does: run the Windows Node. A failure that is not the machine's load is tried
  // once more, then repaired: the prefix made again, then the runtime installed again.
  let p = await probeWine(paths);
  if (brokenProbe(p)) p = await probeWine(paths);
  if (brokenProbe(p) && !remade) {
    await ensurePrefix(paths, say, `the Windows Node does not run as it should under it (${p.error ?? `WSAStartup returned ${p.startup}`})`);
    p = await probeWine(paths);
  }
  if (brokenProbe(p) && !installed) {
    await installRuntime(paths, `the Windows Node does not run as it should (${p.error ?? `WSAStartup returned ${p.startup}`})`, say);
    p = await probeWine(paths);
  }
  const probe = probeParts(p);
  for (const part of probe) say(`${part.ok ? "ok" : "FAILED"} ${part.name}: ${part.detail}`);
  if (!probe.every((part) => part.ok)) return 1;
  say(`ready (cache ${paths.cache})`);
  return 0;
}
