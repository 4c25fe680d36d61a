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
  assert.is(s.threadsEnded, s.threadsStarted, "issuing threads started = ended");
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
  assert.equal(skips([sock, { op: "cancel", socket: "s" }, { op: "exitThread" }]), [], "cancel and exitThread run for real");
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

/** What each step of `cases` did on Wine (the player's raw actuals), and the target's stats. */
async function play(cases: LoadedCase[]) {
  const target = new NativeTarget("wine", await model());
  const runs = await target.run(cases.map((c) => ({ case: c, profile: "wine" as const })));
  return { runs: Object.fromEntries(cases.map((c, i) => [c.id, runs[i]])), stats: target.stats };
}

const SOCKET = { op: "socket", as: "s" };
/** An overlapped SIO_LOOPBACK_FAST_PATH on s, started as operation "op". */
const OVERLAPPED_IOCTL = (extra: object = {}) => ({ op: "ioctl", socket: "s", overlapped: { event: false }, as: "op", ...extra });
/**
 * An operation that really pends on Wine: SIO_ADDRESS_LIST_CHANGE (_WSAIO(IOC_WS2, 23)), answered when the address list
 * changes (dlls/ws2_32/socket.c@wine-8.0 L2587-2596); SIO_LOOPBACK_FAST_PATH completes at once there.
 */
const PENDING_IOCTL = (extra: object = {}) => OVERLAPPED_IOCTL({ code: 0x28000017, in: null, ...extra });
const ERROR_NOT_FOUND = 1168;
const WSA_OPERATION_ABORTED = 995;

native("cancel runs for real: CancelIoEx aborts a pending operation, finds nothing in one that completed (ERROR_NOT_FOUND); CancelIo aborts the thread's", async () => {
  const { runs } = await play([
    synthetic("c/after-completion", [SOCKET, OVERLAPPED_IOCTL({ overlapped: { event: true } }), { op: "cancel", socket: "s", operation: "op" }, { op: "cancel", socket: "s" }, { op: "wait", operation: "op" }]),
    synthetic("c/pending", [SOCKET, PENDING_IOCTL({ overlapped: { event: true } }), { op: "cancel", socket: "s", operation: "op" }, { op: "wait", operation: "op" }, { op: "cancel", socket: "s", operation: "op" }]),
    synthetic("c/cancel-io", [SOCKET, PENDING_IOCTL({ completionRoutine: "valid" }), { op: "cancel", socket: "s" }, { op: "wait", operation: "op" }]),
  ]);
  const [, ioctl, cancelEx, cancel, wait] = runs["c/after-completion"].steps;
  assert.equal([ioctl.ret, ioctl.error, ioctl.completion?.status], [-1, 997, 10045], "Wine completes the call at once with WSAEOPNOTSUPP");
  assert.equal(cancelEx, { ret: -1, error: ERROR_NOT_FOUND });
  assert.equal(cancel, { ret: 0, error: 0 });
  assert.equal([wait.completed, wait.completion?.status], [true, 10045], "nothing was aborted");
  const pending = runs["c/pending"].steps;
  assert.is(pending[1].completion?.status, 997, "still pending after the bounded wait");
  assert.equal(pending[2], { ret: 0, error: 0 });
  assert.equal([pending[3].completed, pending[3].completion?.via, pending[3].completion?.status], [true, "event", WSA_OPERATION_ABORTED]);
  assert.equal(pending[4], { ret: -1, error: ERROR_NOT_FOUND }, "nothing left to cancel");
  const io = runs["c/cancel-io"].steps;
  assert.equal(io[2], { ret: 0, error: 0 });
  assert.equal([io[3].completion?.via, io[3].completion?.status], ["routine", WSA_OPERATION_ABORTED], "the routine gets the abort at the wait");
});

native("an alertable wait follows every call given a completion routine, lpOverlapped or not: Wine calls a valid one, an invalid one faults there", async () => {
  const { runs } = await play([
    synthetic("r/valid", [SOCKET, { op: "ioctl", socket: "s", completionRoutine: "valid" }]),
    synthetic("r/invalid", [SOCKET, { op: "ioctl", socket: "s", completionRoutine: "invalid" }]),
  ]);
  const valid = runs["r/valid"].steps[1];
  assert.equal([valid.ret, valid.error, valid.bytesReturned], [-1, 10045, 0], "the call fails at once");
  assert.equal([valid.completion?.via, valid.completion?.channels], ["routine", ["routine"]], "and the routine still runs at the next alertable wait");
  const invalid = runs["r/invalid"].steps[1];
  assert.equal([invalid.ret, invalid.error, invalid.completion?.via, invalid.completion?.faults], [-1, 10045, "routine", true]);
  assert.is(invalid.completion?.status, 997, "what the call returned is told before the wait where it faults: no completion delivered yet");
});

native("exitThread runs for real: the case's operations are issued on a thread that ends; a routine it never waited for never runs", async () => {
  const { runs, stats } = await play([
    synthetic("t/exit", [SOCKET, OVERLAPPED_IOCTL({ completionRoutine: "valid" }), { op: "exitThread" }, { op: "wait", operation: "op" }, { op: "cancel", socket: "s", operation: "op" }]),
    synthetic("t/wait-first", [SOCKET, OVERLAPPED_IOCTL({ completionRoutine: "valid" }), { op: "wait", operation: "op" }, { op: "exitThread" }]),
    synthetic("t/nothing-issued", [{ op: "exitThread" }, { op: "exitThread" }]),
    synthetic("t/pending", [SOCKET, PENDING_IOCTL({ completionRoutine: "valid" }), { op: "exitThread" }, { op: "wait", operation: "op" }]),
  ]);
  const [, ioctl, exit, wait, cancel] = runs["t/exit"].steps;
  assert.equal([ioctl.ret, ioctl.error, ioctl.completion?.via, ioctl.completion?.status], [-1, 997, "none", 10045], "issued on the thread, which does not wait alertably");
  assert.equal(exit, { ret: 0, error: 0 });
  assert.equal([wait.completed, wait.completion?.via, wait.completion?.status], [true, "none", 10045], "the routine never ran");
  assert.equal(cancel, { ret: -1, error: ERROR_NOT_FOUND }, "after the exit, the player's own thread cancels");
  const first = runs["t/wait-first"].steps;
  assert.equal([first[2].completion?.via, first[2].completion?.status], ["routine", 10045], "a wait before the exit is alertable on the issuing thread: the routine runs there");
  assert.equal(first[3], { ret: 0, error: 0 });
  assert.equal(runs["t/nothing-issued"].steps, [{ ret: 0, error: 0 }, { ret: 0, error: 0 }], "a thread is started and ended even when nothing was issued on it");
  const pending = runs["t/pending"].steps;
  assert.is(pending[1].completion?.status, 997);
  assert.equal([pending[3].completed, pending[3].completion?.via, pending[3].completion?.status], [true, "none", WSA_OPERATION_ABORTED], "the thread's exit aborted its operation, whose routine never ran");
  assert.equal([stats.threadsStarted, stats.threadsEnded], [5, 5]);
  assert.is(stats.socketsClosed, stats.socketsOpened);
});

native.run();
