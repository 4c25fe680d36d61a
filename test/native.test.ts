// The native target and driver under Wine, for real. npm test prepares Wine
// first (scripts/wine-setup.sh); without it these tests fail, they never skip.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { openSync, closeSync, readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NativeTarget, skipReason } from "../host/native/target.js";
import { wineEnv, winePaths, wineParts } from "../host/native/environment.js";
import { loadVectors, loadKnownDivergences } from "../spec-tests/runner/files.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { textReport } from "../spec-tests/runner/report.js";
import type { LoadedCase } from "../spec-tests/runner/vectors.js";
import { model, root, vectorsDir } from "./helpers.js";

const native = suite("native target under Wine");

native.before(() => {
  const missing = wineParts().filter((p) => !p.ok);
  assert.equal(missing.map((p) => p.name), [], `Wine is not prepared (run "sh scripts/wine-setup.sh"): ${missing.map((p) => p.detail).join("; ")}`);
});

native("the driver's enforce/audit/passthrough tests pass inside Windows Node under Wine", () => {
  const out = join(mkdtempSync(join(tmpdir(), "lfp-wine-")), "uvu.txt");
  const fd = openSync(out, "w");
  const r = spawnSync("wine", [winePaths.nodeExe, `${root}node_modules/uvu/bin.js`, `${root}build/js/test/wine`, "driver.*\\.wine\\.js$"], { env: wineEnv(), stdio: ["ignore", fd, fd], timeout: 120000 });
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

const synthetic = (id: string, steps: unknown[], extra: object = {}): LoadedCase =>
  ({ id, title: id, refs: ["none"], file: "synthetic", steps, ...extra }) as LoadedCase;

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
  // A crash-prone case runs in a process of its own; the crash is reported on the step that took it.
  const crash = synthetic("x/crash", [{ op: "socket", as: "s" }, { op: "ioctl", socket: "s", bytesReturned: "invalid", expect: { ret: -1 } }]);
  const listen = [{ op: "socket", as: "l" }, { op: "bind", socket: "l", address: "127.0.0.1" }, { op: "listen", socket: "l" }];
  const connects = Array.from({ length: 40 }, (_, i) => [{ op: "socket", as: `c${i}` }, { op: "connect", socket: `c${i}`, to: "l" }]).flat();
  const hang = synthetic("x/hang", [...listen, ...connects]); // the listen backlog fills and connect blocks
  const target = new NativeTarget("wine", m, { caseTimeoutMs: 3000 });
  const r = await runSuite([ok("x/ok-1"), crash, ok("x/ok-2"), hang, ok("x/ok-3")], target, ["wine"], m.catalogue);
  const by = Object.fromEntries(r.results.map((x) => [x.id, x]));
  assert.is(by["x/ok-1"].status, "pass");
  assert.is(by["x/crash"].status, "fail");
  assert.equal(by["x/crash"].mismatches.map((x) => [x.step, x.field, x.actual]), [[1, "ret", "crash"]]);
  assert.is(by["x/ok-2"].status, "pass");
  assert.is(by["x/hang"].status, "fail");
  assert.match(by["x/hang"].reason ?? "", /timed out: no progress for 3 s/);
  assert.is(by["x/ok-3"].status, "pass");
});

native("what cannot be real is skipped with the reason", async () => {
  const m = await model();
  assert.match(skipReason(synthetic("a", [{ op: "condition", networkDown: true }]), m, "wine") ?? "", /cannot be created on a real stack/);
  assert.is(skipReason(synthetic("b", [{ op: "condition", networkDown: false }]), m, "wine"), null);
  assert.match(skipReason(synthetic("c", [{ op: "socket", as: "s" }, { op: "observe", socket: "s" }]), m, "wine") ?? "", /observe/);
  assert.match(skipReason(synthetic("d", [{ op: "socket", as: "s" }, { op: "bind", socket: "s", address: "10.1.2.3" }]), m, "wine") ?? "", /simulated/);
  assert.is(skipReason(synthetic("e", [{ op: "socket", as: "s" }, { op: "bind", socket: "s", address: "127.9.9.9" }]), m, "wine"), null);
  assert.match(skipReason(synthetic("f", [{ op: "socket", as: "s" }, { op: "ioctl", socket: "s", in: { bytes: "01" }, cbIn: 4 }]), m, "wine") ?? "", /memory safety/);
  assert.match(skipReason(synthetic("g", [{ op: "socket", as: "s" }, { op: "ioctl", socket: "s", api: "WSPIoctl" }]), m, "native") ?? "", /WSPStartup/);
});

native.run();
