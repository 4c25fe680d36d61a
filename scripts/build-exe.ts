// npm run build:exe: the vectors as two Windows programs, built with mingw-w64
// (installed from Debian when missing and run as root, as lfp setup wine does
// for Wine):
//   build/exe/lfp-observe.exe         the observer (spec-tests/c/observer/ + the generated cases)
//   build/wine-test/loopback_fast_path.c and .exe   the conformance test in Wine's style
// Both are generated from the vectors and the model at build time. The observer is
// checked here: at most 512 KB, importing nothing but system DLLs.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadModel } from "../host/node.js";
import { loadKnownDivergences, loadVectors, textDigest } from "../spec-tests/runner/files.js";
import { knownDivergencesFile, packageRoot, vectorsDir } from "../host/paths.js";
import { version } from "../host/cli/main.js";
import { observerSource } from "../spec-tests/c/generate-observer.js";
import { wineTestSource } from "../spec-tests/c/generate-wine-test.js";

export const GCC = "x86_64-w64-mingw32-gcc";
/** Debian's package with the compiler (the win32 thread model: no winpthread DLL to ship). */
export const MINGW_PACKAGE = "gcc-mingw-w64-x86-64-win32";
/** The observer's size budget: one download. */
export const EXE_MAX_BYTES = 512 * 1024;
/** The DLLs every Windows since 7 has; the observer may import nothing else. */
export const SYSTEM_DLLS = ["kernel32.dll", "ws2_32.dll", "msvcrt.dll", "advapi32.dll", "user32.dll", "ntdll.dll"];

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

function fail(message: string): never {
  process.stderr.write(`build:exe: ${message}\n`);
  process.exit(1);
}

function run(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { cwd: packageRoot, encoding: "utf8", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, timeout: 600000 });
  if (r.status !== 0) fail(`${what} failed (${cmd} ${args.join(" ")}: ${r.error?.message ?? `exit code ${r.status}`})\n${(r.stdout ?? "") + (r.stderr ?? "")}`);
}

/** mingw-w64: present, or installed from Debian when root (CI runs as root on a fresh machine). */
export function ensureMingw(say: (s: string) => void): void {
  if (has(GCC)) return;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !has("apt-get")) fail(`${GCC} is not installed; as root run: apt-get update && apt-get install -y ${MINGW_PACKAGE}`);
  say(`installing Debian's ${MINGW_PACKAGE} (apt-get)`);
  run("apt-get", ["update", "-qq"], "apt-get update");
  run("apt-get", ["install", "-y", "-qq", MINGW_PACKAGE], `apt-get install ${MINGW_PACKAGE}`);
  if (!has(GCC)) fail(`${GCC} is still not available after installing ${MINGW_PACKAGE}`);
}

/** The DLLs a PE file imports (objdump, from binutils-mingw-w64, which the compiler depends on). */
export function importsOf(exe: string): string[] {
  const r = spawnSync("x86_64-w64-mingw32-objdump", ["-p", exe], { encoding: "utf8" });
  return [...(r.stdout ?? "").matchAll(/DLL Name: (\S+)/g)].map((m) => m[1].toLowerCase());
}

const FLAGS = ["-std=gnu11", "-s", "-static", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter", "-Wno-missing-field-initializers", "-D_WIN32_WINNT=0x0601"];

/**
 * Compile `sources` into `out` unless the same inputs built it last time (a stamp beside it holds
 * their hash): a second npm test on unchanged vectors does not wait for the compiler.
 */
function compile(what: string, args: string[], sources: string[], out: string): Promise<boolean> {
  const hash = createHash("sha256").update(args.join("\0"));
  for (const f of sources) hash.update(readFileSync(f));
  const digest = hash.digest("hex");
  const stamp = `${out}.inputs`;
  if (existsSync(out) && existsSync(stamp) && readFileSync(stamp, "utf8") === digest) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(GCC, [...args, "-o", out], { cwd: packageRoot, stdio: ["ignore", "pipe", "pipe"] });
    let said = "";
    child.stdout.on("data", (d) => { said += d; });
    child.stderr.on("data", (d) => { said += d; });
    child.on("close", (code) => {
      if (code !== 0) fail(`compiling ${what} failed (${GCC} ${args.join(" ")}: exit code ${code})\n${said}`);
      writeFileSync(stamp, digest);
      resolve(true);
    });
  });
}

async function main(): Promise<void> {
  const say = (s: string) => process.stdout.write(`build:exe: ${s}\n`);
  ensureMingw(say);
  const model = await loadModel();
  const cases = await loadVectors([vectorsDir], model.catalogue);
  const digest = textDigest(cases.map((c) => JSON.stringify(c)).join("\n"));

  const exeDir = join(packageRoot, "build/exe");
  const testDir = join(packageRoot, "build/wine-test");
  mkdirSync(exeDir, { recursive: true });
  mkdirSync(testDir, { recursive: true });
  const observer = join(packageRoot, "spec-tests/c/observer");
  const steps = join(packageRoot, "spec-tests/c/steps");
  const wt = join(packageRoot, "spec-tests/c/wine-test");
  const casesC = join(exeDir, "cases.c");
  writeFileSync(casesC, observerSource(model, cases, { version: version(), digest, root: packageRoot }));
  const test = wineTestSource(model, cases, await loadKnownDivergences(knownDivergencesFile), { digest });
  const testC = join(testDir, "loopback_fast_path.c");
  writeFileSync(testC, test.source);
  writeFileSync(join(testDir, "expected.json"), JSON.stringify(test.expected, null, 1) + "\n");

  const exe = join(exeDir, "lfp-observe.exe");
  const testExe = join(testDir, "ws2_32_test.exe");
  const observerSources = [join(observer, "main.c"), join(steps, "steps.c"), casesC];
  const testSources = [testC, join(wt, "testlist.c")];
  // Both at once (two cores); the observer for size (it is the download), the test for build time.
  const built = await Promise.all([
    compile("the observer", [...FLAGS, "-Os", "-municode", `-I${observer}`, `-I${steps}`, ...observerSources, "-lws2_32"], [...observerSources, join(observer, "observer.h"), join(steps, "steps.h")], exe),
    compile("the Wine-style test", [...FLAGS, "-O1", `-I${join(wt, "include")}`, ...testSources, "-lws2_32"], [...testSources, join(wt, "include/wine/test.h")], testExe),
  ]);
  const size = statSync(exe).size;
  if (size > EXE_MAX_BYTES) fail(`${exe} is ${size} bytes, over its budget of ${EXE_MAX_BYTES}`);
  const imports = importsOf(exe);
  const foreign = imports.filter((d) => !SYSTEM_DLLS.includes(d));
  if (foreign.length) fail(`${exe} imports ${foreign.join(", ")}: only system DLLs may be needed (${SYSTEM_DLLS.join(", ")})`);
  say(`${exe}: ${size} bytes (budget ${EXE_MAX_BYTES}), ${cases.length} cases, imports ${imports.join(", ")}${built[0] ? "" : " (unchanged)"}`);
  say(`${testExe}: ${test.expected.cases} cases, ${test.expected.checks} checks; under Wine ${test.expected.wine.total.executed} run, ${test.expected.wine.total.todo} todo_wine${built[1] ? "" : " (unchanged)"}`);
}

await main();
