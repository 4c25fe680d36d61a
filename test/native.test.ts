// The native target and driver under Wine, for real. npm test prepares Wine
// first (lfp setup wine); without it these tests fail, they never skip.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { openSync, closeSync, readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NativeTarget, CAPABILITIES } from "../spec-tests/runner/targets/native/target.js";
import { toWinePath, wineEnv, winePaths, wineParts } from "../host/native/environment.js";
import { skippedSteps } from "../spec-tests/runner/features.js";
import { loadVectors, loadKnownDivergences } from "../spec-tests/runner/files.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { textReport } from "../spec-tests/runner/report.js";
import type { LoadedCase } from "../spec-tests/runner/vectors.js";
import { parseVectorText } from "../spec-tests/runner/parse.js";
import { model, plainEnv, root, setUp, vectorsDir } from "./helpers.js";

const catalogue = (await model()).catalogue;

const native = suite("native target under Wine");

setUp(native, () => {
  const missing = wineParts().filter((p) => !p.ok);
  assert.equal(missing.map((p) => p.name), [], `Wine is not prepared (run "npx lfp setup wine"): ${missing.map((p) => p.detail).join("; ")}`);
});

native("lfp setup wine again only checks: the prefix's real state and the Windows Node, nothing installed", () => {
  const r = spawnSync(process.execPath, [`${root}bin/lfp.js`, "setup", "wine"], { encoding: "utf8", env: plainEnv, timeout: 120000 });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.not.match(r.stdout, /installing|creating|setting/);
  assert.match(r.stdout, /ok Windows Node runs \(under Wine\): Windows 10\./);
  assert.match(r.stdout, /ok WSAStartup \(under Wine\): returned 0/);
});

native("the driver's enforce/audit/passthrough tests pass inside Windows Node under Wine", () => {
  const out = join(mkdtempSync(join(tmpdir(), "lfp-wine-")), "uvu.txt");
  const fd = openSync(out, "w");
  const paths = winePaths();
  const env = { ...wineEnv(paths), LFP_KOFFI: toWinePath(paths.koffi) };
  const r = spawnSync("wine", [paths.nodeExe, `${root}node_modules/uvu/bin.js`, `${root}build/js/test/wine`, "driver.*\\.wine\\.js$"], { env, stdio: ["ignore", fd, fd], timeout: 120000 });
  closeSync(fd);
  const text = readFileSync(out, "utf8").replace(/\x1b\[[0-9;]*m/g, "");
  assert.is(r.status, 0, text);
  const total = /Total:\s+(\d+)/.exec(text)?.[1];
  const passed = /Passed:\s+(\d+)/.exec(text)?.[1];
  assert.ok(Number(total) >= 8, text);
  assert.is(passed, total, text);
});

native("the whole suite on Wine: no unexplained divergence, every socket, event and WSAStartup balanced", async () => {
  const m = await model();
  const target = new NativeTarget("wine", m);
  const cases = await loadVectors([vectorsDir], m.catalogue);
  const r = await runSuite(cases, target, ["wine"], m.catalogue, await loadKnownDivergences(`${root}spec-tests/known-divergences.json`));
  assert.is(r.failed, 0, textReport(r, false));
  assert.ok(r.passed > 80, `${r.passed} passed`);
  for (const c of r.results.filter((x) => x.status === "skip")) assert.ok((c.reason ?? "").length > 20, `${c.id} is skipped with a reason`);
  const s = target.stats;
  assert.ok(s.socketsOpened > 50, JSON.stringify(s));
  assert.is(s.socketsClosed, s.socketsOpened, "sockets opened = closed");
  assert.is(s.eventsClosed, s.eventsCreated, "events created = closed");
  assert.is(s.cleanups, s.startups, "WSAStartup = WSACleanup");
});

/** A case built here, read by the runner's own parser (socket references parsed as in a vector file). */
const synthetic = (id: string, steps: unknown[], extra: object = {}): LoadedCase =>
  parseVectorText(JSON.stringify({ format: "lfp-vectors/1", cases: [{ id, title: id, refs: ["none"], steps, ...extra }] }), "synthetic", catalogue)[0];

native("10,000 native calls in one process: sockets and events opened = closed", async () => {
  const m = await model();
  const steps: unknown[] = [{ op: "socket", as: "s" }, { op: "socket", as: "u", type: "dgram", protocol: "udp" }];
  for (let i = 0; steps.length < 10002; i++) {
    if (i % 10 === 0) steps.push({ op: "ioctl", socket: "not-a-socket", overlapped: { event: true }, expect: { ret: -1, error: "WSA_IO_PENDING" } });
    else steps.push({ op: "ioctl", socket: i % 2 ? "s" : "u", in: { bool: i & 1 }, expect: { ret: -1, error: "WSAEOPNOTSUPP", bytesReturned: 0 } });
  }
  const target = new NativeTarget("wine", m);
  const r = await runSuite([synthetic("many/calls", steps)], target, ["wine"], m.catalogue);
  assert.is(r.failed, 0, textReport(r, false));
  assert.ok(target.stats.calls >= 10000, `${target.stats.calls} calls`);
  assert.equal([target.stats.socketsOpened, target.stats.socketsClosed], [2, 2]);
  assert.ok(target.stats.eventsCreated >= 1000);
  assert.is(target.stats.eventsClosed, target.stats.eventsCreated);
});

native("a crash fails only its case, a hang is cut by the per-case timeout, the rest goes on", async () => {
  const m = await model();
  const ok = (id: string) => synthetic(id, [{ op: "socket", as: "s" }, { op: "ioctl", socket: "s", expect: { ret: -1, error: "WSAEOPNOTSUPP" } }]);
  // The vector does not expect a crash, so the case shares a process: the crash is reported on the step that took
  // it, and the cases after it go on in a fresh process.
  const crash = synthetic("x/crash", [{ op: "socket", as: "s" }, { op: "ioctl", socket: "s", bytesReturned: "invalid", expect: { ret: -1 } }]);
  // A case that makes no progress: the child's test hook blocks it for ever.
  const hang = ok("x/hang");
  const target = new NativeTarget("wine", m, { caseTimeoutMs: 2000 });
  process.env.LFP_TEST_HANG_CASE = "x/hang";
  const r = await runSuite([ok("x/ok-1"), crash, ok("x/ok-2"), hang, ok("x/ok-3")], target, ["wine"], m.catalogue).finally(() => delete process.env.LFP_TEST_HANG_CASE);
  const by = Object.fromEntries(r.results.map((x) => [x.id, x]));
  assert.is(by["x/ok-1"].status, "pass");
  assert.is(by["x/crash"].status, "fail");
  assert.equal(by["x/crash"].mismatches.map((x) => [x.step, x.field, x.actual]), [[1, "ret", "crash"]]);
  assert.is(by["x/ok-2"].status, "pass");
  assert.is(by["x/hang"].status, "fail");
  assert.match(by["x/hang"].reason ?? "", /timed out: no progress for 2 s/);
  assert.is(by["x/ok-3"].status, "pass");
});

native("a step the target cannot run is skipped with the reason; the steps before it, and after a read-only one, still run", async () => {
  const m = await model();
  const simulated = (a: string) => { const cls = m.exports.classify(4, a.startsWith("10.") ? 0x0a010203 : 0x7f090909, 0, 0, 0); return cls === 4; };
  const skips = (steps: unknown[]) => skippedSteps(synthetic("x", steps), "wine", CAPABILITIES.wine, simulated, m.catalogue).map((s) => [s.step, s.reason]);
  const sock = { op: "socket", as: "s" };
  assert.equal(skips([{ op: "condition", networkDown: false }, sock]), []);
  const cond = skips([sock, { op: "condition", networkDown: true }, { op: "ioctl", socket: "s" }]);
  assert.equal(cond.map(([i]) => i), [1, 2], "a condition changes what follows: the rest is not run");
  assert.match(String(cond[0][1]), /needs "conditions"/);
  assert.match(String(cond[1][1]), /follows step 1/);
  const obs = skips([sock, { op: "observe", socket: "s" }, { op: "ioctl", socket: "s" }]);
  assert.equal(obs.map(([i]) => i), [1], "observe is read-only: the ioctl after it still runs");
  assert.equal(skips([sock, { op: "bind", socket: "s", address: "10.1.2.3" }]).map(([i]) => i), [1]);
  assert.equal(skips([sock, { op: "bind", socket: "s", address: "127.9.9.9" }]), []);
  assert.match(String(skips([sock, { op: "ioctl", socket: "s", in: { bytes: "01" }, cbIn: 4 }])[0][1]), /memory safety/);
  assert.equal(skips([sock, { op: "ioctl", socket: "s", api: "WSPIoctl" }]), [], "Wine has the WSP entry (an unimplemented stub)");
  assert.match(skippedSteps(synthetic("g", [sock, { op: "ioctl", socket: "s", api: "WSPIoctl" }]), "windows", CAPABILITIES.native, simulated, m.catalogue)[0].reason, /WSPStartup/);
});

native("a partial case is compared on the steps that ran: a mismatch there fails it", async () => {
  const m = await model();
  const steps = (error: string) => [{ op: "socket", as: "s" }, { op: "observe", socket: "s", expect: { fastPath: "off" } }, { op: "ioctl", socket: "s", expect: { ret: -1, error } }];
  const r = await runSuite([synthetic("p/ok", steps("WSAEOPNOTSUPP")), synthetic("p/bad", steps("WSAEINVAL"))], new NativeTarget("wine", m), ["wine"], m.catalogue);
  const by = Object.fromEntries(r.results.map((x) => [x.id, x]));
  assert.is(by["p/ok"].status, "partial");
  assert.equal(by["p/ok"].skippedSteps?.map((s) => s.step), [1]);
  assert.is(by["p/bad"].status, "fail");
  assert.equal(by["p/bad"].mismatches.map((x) => [x.step, x.field]), [[2, "error"]]);
  assert.is(r.partial, 1);
});

native.run();
