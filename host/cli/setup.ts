// lfp setup wine: prepare the Wine target wherever the package is installed.
// Idempotent: each part is checked in its real state and only what is missing
// or wrong is done; a second run only checks.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { LfpError } from "../errors.js";
import { prefixParts, probeWine, probeParts, runtimeManifestDir, wineEnv, winePaths, type WinePaths } from "../native/environment.js";
import { parse, UsageError } from "./usage.js";
import { colourWanted, painter } from "./colour.js";

export const setupUsage = `Usage: lfp setup wine

Prepare the Wine target (Linux): Debian's wine (installed with apt-get when
run as root and missing), the Windows build of Node and koffi's Windows binary
(from the npm registry, pinned by the package's lock file), and a Wine prefix
set to Windows 10; then run the Windows Node under
Wine to check the result. Everything goes into the cache folder:
  $LFP_CACHE_DIR, else $XDG_CACHE_HOME/loopback-fast-path, else
  ~/.cache/loopback-fast-path   (the prefix: $LFP_WINE_PREFIX, else <cache>/prefix)
Running it again only checks. Exit status: 0 ready, 1 not ready, 2 usage.`;

function run(cmd: string, args: string[], options: SpawnSyncOptions, what: string): void {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"], timeout: 600000, ...options });
  if (r.status !== 0) {
    const said = String(r.stderr ?? "").trim().split("\n").slice(-3).join(" / ");
    throw new LfpError("LFP_NATIVE", `${what} failed (${cmd} ${args.join(" ")}: ${r.error?.message ?? `exit code ${r.status}`})${said ? `: ${said}` : ""}`);
  }
}

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

/** Wine itself: present, or installed from Debian when root. */
function ensureWine(say: (s: string) => void): void {
  if (has("wine")) return;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !has("apt-get")) {
    throw new LfpError("LFP_NO_WS2_32", "wine is not installed; as root run: apt-get update && apt-get install -y wine64 wine (or run this command as root)");
  }
  say("installing Debian's wine (apt-get)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-qq"], { env }, "apt-get update");
  run("apt-get", ["install", "-y", "-qq", "wine64", "wine"], { env }, "apt-get install wine");
  if (!has("wine")) throw new LfpError("LFP_NO_WS2_32", "wine is still not available after installing it");
}

/** The Windows Node and koffi's Windows binary, from the shipped lock file (--force: they are win32-only packages). */
function ensureRuntime(paths: WinePaths, say: (s: string) => void): void {
  if (existsSync(paths.nodeExe) && existsSync(paths.koffi) && existsSync(paths.koffiBinary)) return;
  say(`installing the Windows Node and koffi into ${paths.runtime}`);
  mkdirSync(paths.runtime, { recursive: true });
  for (const f of ["package.json", "package-lock.json"]) copyFileSync(join(runtimeManifestDir, f), join(paths.runtime, f));
  run("npm", ["ci", "--force", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: paths.runtime }, "installing the Windows runtime");
}

/** The prefix: created and Windows 10, each read back from the registry. */
function ensurePrefix(paths: WinePaths, say: (s: string) => void): void {
  const env = wineEnv(paths);
  const state = () => new Map(prefixParts(paths).map((p) => [p.name, p.ok]));
  let s = state();
  const changed = [...s.values()].some((ok) => !ok);
  if (!s.get("Wine prefix")) {
    say(`creating the Wine prefix ${paths.prefix}`);
    mkdirSync(paths.prefix, { recursive: true });
    run("wineboot", ["-i"], { env }, "creating the prefix");
  }
  if (!s.get("prefix Windows version")) {
    say("setting the prefix to Windows 10 (node.exe exits with code 216 below it)");
    run("wine", ["winecfg", "-v", "win10"], { env }, "setting the Windows version");
  }
  // The registry files are written when the wineserver ends: wait for it, then read them back.
  if (changed) spawnSync("wineserver", ["-w"], { env, stdio: "ignore", timeout: 120000 });
  s = state();
  const wrong = [...s].filter(([, ok]) => !ok).map(([name]) => name);
  if (wrong.length) throw new LfpError("LFP_NATIVE", `the prefix ${paths.prefix} is still not right after setup: ${wrong.join(", ")}`);
}

export async function setup(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parse({ args: argv, allowPositionals: true, options: { help: { type: "boolean", short: "h", default: false } } });
  if (values.help) { out(setupUsage); return 0; }
  if (positionals.length !== 1 || positionals[0] !== "wine") throw new UsageError(`expected "wine" (the only target to set up), got ${positionals.length ? JSON.stringify(positionals.join(" ")) : "nothing"}`);
  if (process.platform === "win32") { out("setup: nothing to do on Windows: --target native runs with this node"); return 0; }
  const paint = painter(colourWanted(process.stdout));
  const say = (s: string) => out(`setup: ${s.replace(/^(ok|ready|FAILED)\b/, (w) => paint(w === "FAILED" ? "fail" : "pass", w))}`);
  const paths = winePaths();
  ensureWine(say);
  ensureRuntime(paths, say);
  ensurePrefix(paths, say);
  const probe = probeParts(probeWine(paths));
  for (const p of probe) say(`${p.ok ? "ok" : "FAILED"} ${p.name}: ${p.detail}`);
  if (!probe.every((p) => p.ok)) return 1;
  say(`ready (cache ${paths.cache})`);
  return 0;
}
