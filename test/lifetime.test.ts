// Issue 20 §1–§3 under Wine, for real: a run where the Windows processes die is no pass; a run
// stopped by SIGKILL, SIGTERM or SIGINT leaves no node.exe and no temporary folder; a full
// TMPDIR or a full disk under --out is a message, and nothing is lost or left behind. Each run
// gets its own TMPDIR, so its processes are known by their command lines.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lfp, root } from "./helpers.js";

const t = suite("process lifetimes and exit status under Wine");

/** A vector file of `n` short cases that run for real under Wine (the one named `hang` blocks, by the child's test hook). */
function vectors(dir: string, n: number, pad = 0): string {
  const file = join(dir, "cases.json");
  const cases = Array.from({ length: n }, (_, i) => ({
    id: `life/case-${i}`, title: "a short case", refs: ["none"],
    steps: [{ op: "socket", as: "s", ...(pad ? { note: "x".repeat(pad) } : {}) }, { op: "ioctl", socket: "s", expect: { ret: -1, error: "WSAEOPNOTSUPP" } }],
  }));
  writeFileSync(file, JSON.stringify({ format: "lfp-vectors/1", cases }));
  return file;
}

/** The processes whose command line mentions `marker` (the Windows Node of a run: its folder is in its arguments). */
function processesWith(marker: string): number[] {
  const winMarker = `Z:${marker.replace(/\//g, "\\")}`;
  const out: number[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(winMarker) && cmd.includes("node.exe")) out.push(Number(pid));
    } catch { /* gone */ }
  }
  return out;
}

async function waitFor(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Start lfp with its own TMPDIR; resolves with its exit when it ends. */
function startLfp(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; ended: Promise<{ code: number | null; signal: string | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [lfp, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  child.stdout!.on("data", (d) => { out += d; });
  child.stderr!.on("data", (d) => { err += d; });
  return { child, ended: new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, out, err }))) };
}

const noStack = (text: string, what: string) => assert.not.match(text, /\n\s+at .+:\d+:\d+\)?\n/, `${what}: no stack trace:\n${text}`);

for (const [command, sig] of [["spec", "SIGKILL"], ["spec", "SIGTERM"], ["spec", "SIGINT"], ["observe", "SIGKILL"], ["observe", "SIGTERM"]] as const) {
  t(`stopping lfp ${command} --target wine with ${sig} leaves no node.exe and no temporary folder`, async () => {
    const tmp = mkdtempSync(join(tmpdir(), "lfp-life-"));
    try {
      const file = vectors(tmp, 6);
      const args = command === "spec" ? ["spec", file, "--target", "wine"] : ["observe", "--target", "wine", "--out", join(tmp, "obs.json"), file];
      // One case blocks for ever: the run is surely busy when the signal comes.
      const run = startLfp(args, { TMPDIR: tmp, LFP_TEST_HANG_CASE: "life/case-3" });
      await waitFor("the run's Windows processes", () => processesWith(tmp).length >= 2, 90000);
      run.child.kill(sig);
      const end = await run.ended;
      assert.ok(end.signal === sig || end.code !== 0, `lfp ended by ${sig} (code ${end.code}, signal ${end.signal})`);
      await waitFor("every node.exe of the run to end", () => processesWith(tmp).length === 0, 15000);
      await waitFor("the run's temporary folders to go", () => readdirSync(tmp).every((f) => !f.startsWith("lfp-native-")), 15000);
      assert.not.ok(existsSync(join(tmp, "obs.json")), "no recording written by a stopped run");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
}

t("every Windows process dying before it is ready is no pass: exit 2 with a reason, with each reporter", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "lfp-life-"));
  try {
    const file = vectors(tmp, 3);
    // A preload that ends the Windows Node at once (and does nothing on Linux): the harness's failure, every time.
    const die = join(tmp, "die-on-windows.cjs");
    writeFileSync(die, 'if (process.platform === "win32") process.exit(7);\n');
    for (const reporter of ["text", "tap", "json", "junit"]) {
      const end = await startLfp(["spec", file, "--target", "wine", "--reporter", reporter], { TMPDIR: tmp, NODE_OPTIONS: `--require ${die}` }).ended;
      assert.is(end.code, 2, `${reporter}: ${end.out}\n${end.err}`);
      assert.match(end.err, /none of the 3 selected case\(s\) ran \(3 never began \(harness errors left after the retries\)\): nothing was tested/, reporter);
      noStack(end.err, reporter);
    }
    assert.equal(processesWith(tmp), []);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

t("harness errors left after the retries beside cases that ran: exit 1, the run is incomplete", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "lfp-life-"));
  try {
    const file = vectors(tmp, 8);
    // Only the first Windows process to start lives; every later one dies before it is ready.
    const gate = join(tmp, "die-after-first.cjs");
    writeFileSync(gate, `if (process.platform === "win32") { try { require("fs").writeFileSync(${JSON.stringify(join(tmp, "first"))}, "", { flag: "wx" }); } catch { process.exit(7); } }\n`);
    const end = await startLfp(["spec", file, "--target", "wine"], { TMPDIR: tmp, NODE_OPTIONS: `--require ${gate}` }).ended;
    assert.is(end.code, 1, `${end.out}\n${end.err}`);
    assert.match(end.out, /[1-9]\d* passed, 0 failed, 0 skipped, [1-9]\d* harness errors/);
    assert.match(end.err, /never began \(harness errors left after the retries\): the run is incomplete, not a pass/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

t("a failed recording never replaces a good one: nothing observed is not written, an incomplete one goes beside", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "lfp-life-"));
  try {
    const file = vectors(tmp, 8);
    const out = join(tmp, "obs.json");
    writeFileSync(out, "a good recording\n");
    const die = join(tmp, "die-on-windows.cjs");
    writeFileSync(die, 'if (process.platform === "win32") process.exit(7);\n');
    const none = await startLfp(["observe", "--target", "wine", "--out", out, file], { TMPDIR: tmp, NODE_OPTIONS: `--require ${die}` }).ended;
    assert.is(none.code, 2, none.out + none.err);
    assert.match(none.err, /^lfp observe: observed 0 of 8 cases .*: nothing was observed; .*obs\.json is left as it was$/m);
    assert.is(readFileSync(out, "utf8"), "a good recording\n");
    assert.not.ok(existsSync(`${out}.incomplete`));
    const gate = join(tmp, "die-after-first.cjs");
    writeFileSync(gate, `if (process.platform === "win32") { try { require("fs").writeFileSync(${JSON.stringify(join(tmp, "first"))}, "", { flag: "wx" }); } catch { process.exit(7); } }\n`);
    const part = await startLfp(["observe", "--target", "wine", "--out", out, file], { TMPDIR: tmp, NODE_OPTIONS: `--require ${gate}` }).ended;
    assert.is(part.code, 1, part.out + part.err);
    assert.match(part.err, /the recording is incomplete; written to .*obs\.json\.incomplete, .*obs\.json is left as it was/);
    assert.is(readFileSync(out, "utf8"), "a good recording\n");
    const incomplete = JSON.parse(readFileSync(`${out}.incomplete`, "utf8")) as { cases: { harness?: string }[] };
    assert.ok(incomplete.cases.some((c) => c.harness !== undefined) && incomplete.cases.some((c) => c.harness === undefined));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

/**
 * Run lfp with `dir` a tmpfs of `kb` KiB, filled until `leaveKb` KiB are free, in its own mount
 * namespace (as root; else as the mapped root of a user namespace): the mount goes with it, so
 * `setup` and `after` (shell, $0 is the folder) run inside, before and after lfp.
 */
function onSmallDisk(dir: string, kb: number, leaveKb: number, args: string[], env: NodeJS.ProcessEnv, setup = "true", after = "true"): { code: number | null; out: string; err: string } {
  const userns = typeof process.getuid === "function" && process.getuid() !== 0 ? ["--user", "--map-root-user"] : [];
  const fill = `{ dd if=/dev/zero of="$0/fill" bs=1024 count=$(( $(df -k "$0" | awk 'NR==2 {print $4}') - ${leaveKb} )) 2>/dev/null; true; }`;
  const r = spawnSync("unshare", [...userns, "--mount", "sh", "-c", `mount -t tmpfs -o size=${kb}k tmpfs "$0" && ${setup} && ${fill} && { "$@"; code=$?; ${after}; exit $code; }`, dir, process.execPath, lfp, ...args],
    { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", timeout: 180000 });
  assert.not.match(r.stderr ?? "", /^(unshare|mount):/m, `a small tmpfs for the test: ${r.stderr}`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

t("a full TMPDIR during a Wine run: a message, no stack trace, no node.exe left", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "lfp-life-"));
  try {
    const file = vectors(tmp, 3);
    const small = join(tmp, "small");
    mkdirSync(small);
    // Full before the run: said at once.
    const full = onSmallDisk(small, 512, 16, ["spec", file, "--target", "wine"], { TMPDIR: small });
    assert.is(full.code, 2, full.out + full.err);
    assert.match(full.err, /^lfp spec: the temporary folder .* has \d+ bytes free, less than the 1048576 a run needs \(free some space there, or set TMPDIR to another folder\)$/m);
    noStack(full.err, "full TMPDIR");
    // Full during the run: the job (large cases) does not fit in what is left.
    const big = vectors(tmp, 3, 800000);
    const during = onSmallDisk(small, 2048, 1100, ["spec", big, "--target", "wine"], { TMPDIR: small });
    assert.is(during.code, 2, during.out + during.err);
    assert.match(during.err, /cannot write the run's temporary files in .*: no space left on the device \(free some space there, or set TMPDIR to another folder\)/);
    noStack(during.err, "TMPDIR filling up");
    await waitFor("no node.exe of the run", () => processesWith(small).length === 0, 15000);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

t("observe --out on a full disk: the old file stays whole, a message says why", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "lfp-life-"));
  try {
    const file = vectors(tmp, 3);
    const disk = join(tmp, "disk");
    mkdirSync(disk);
    const good = JSON.stringify({ format: "lfp-observations/1", note: "a good recording" }) + "\n";
    // The old recording is put on the small disk, which is then filled: the new one cannot fit beside it.
    const r = onSmallDisk(disk, 64, 1, ["observe", "--target", "wine", "--out", join(disk, "obs.json"), file], { TMPDIR: tmp },
      `printf '%s\\n' '${good.trim()}' > "$0/obs.json"`, `echo "== after"; cat "$0/obs.json"; ls -A "$0"`);
    assert.is(r.code, 2, r.out + r.err);
    assert.match(r.err, /^lfp observe: cannot write .*obs\.json: no space left on the device; the file is as it was$/m);
    noStack(r.err, "observe --out");
    const after = r.out.split("== after\n")[1] ?? "";
    assert.is(after, `${good}fill\nobs.json\n`, "the old recording is whole, and no half-written file is left beside it");
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

t.run();
