// lfp-observe.exe and the Wine-style conformance test, run under Wine for real
// (npm test builds both first: npm run build:exe). The .exe's recording and the
// Node player's (lfp observe --target wine) must agree on every field of every
// step both ran, and lfp observe --compare must judge them alike; the Wine-style
// test must hold every ok() or mark it todo_wine, with the counts the wine
// profile predicts.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readObservations, type Observations } from "../host/cli/observe.js";
import { NativeTarget } from "../spec-tests/runner/targets/native/target.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { parseVectorText } from "../spec-tests/runner/parse.js";
import { toWinePath, wineEnv } from "../host/native/environment.js";
import { agreement } from "../spec-tests/c/agreement.js";
import type { Counts, Expected } from "../spec-tests/c/generate-wine-test.js";
import { lfp, model, root, setUp } from "./helpers.js";

const exe = `${root}build/exe/lfp-observe.exe`;
const wineTest = `${root}build/wine-test/ws2_32_test.exe`;
const dir = mkdtempSync(join(tmpdir(), "lfp-exe-"));

/** Run a command with its output in files (Wine's processes and pipes do not mix well), resolving with its exit code and output. */
function run(command: string, args: string[], name: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string; err: string }> {
  const out = join(dir, `${name}.out`);
  const err = join(dir, `${name}.err`);
  const fo = openSync(out, "w");
  const fe = openSync(err, "w");
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd: dir, stdio: ["ignore", fo, fe] });
    const done = (code: number | null) => {
      closeSync(fo);
      closeSync(fe);
      resolve({ code, out: readFileSync(out, "utf8"), err: readFileSync(err, "utf8") });
    };
    child.on("exit", done);
    child.on("error", () => done(-1));
  });
}

const exeFile = join(dir, "exe.json");
const nodeFile = join(dir, "node.json");
let recorded: Promise<{ exe: Observations; node: Observations; exeRun: Awaited<ReturnType<typeof run>> }> | null = null;

let tested: ReturnType<typeof run> | null = null;
/** The Wine-style test's run, started with the recordings (it too mostly waits on bounded sleeps). */
function wineTestRun(): ReturnType<typeof run> {
  tested ??= run("wine", [wineTest, "loopback_fast_path"], "wine-test", wineEnv());
  return tested;
}

/** Both recordings of the whole suite under Wine, made once (at the same time: the cases mostly wait on bounded sleeps). */
function recordings() {
  recorded ??= (async () => {
    void wineTestRun();
    const [exeRun, nodeRun] = await Promise.all([
      run("wine", [exe, "--out", toWinePath(exeFile)], "exe", wineEnv()),
      run(process.execPath, [lfp, "observe", "--target", "wine", "--out", nodeFile], "node"),
    ]);
    assert.is(exeRun.code, 0, exeRun.out + exeRun.err);
    assert.is(nodeRun.code, 0, nodeRun.out + nodeRun.err);
    return { exe: readObservations(exeFile), node: readObservations(nodeFile), exeRun };
  })();
  return recorded;
}

const observer = suite("lfp-observe.exe under Wine");

setUp(observer, () => {
  for (const f of [exe, wineTest]) assert.ok(existsSync(f), `${f} is missing: run "npm run build:exe"`);
});

observer("the .exe records the suite as lfp-observations/1, with the Windows build and Wine's version, its resources balanced", async () => {
  const { exe: obs, exeRun } = await recordings();
  assert.is(obs.target, "wine");
  assert.match(obs.system.windows, /^10\.0\.\d+ \(as the Wine prefix reports it\)$/);
  assert.ok(Number.isInteger(obs.system.build) && obs.system.build! > 10000, `build ${obs.system.build}`);
  assert.match(obs.system.wine ?? "", /^wine-8\./);
  const ran = obs.cases.filter((c) => c.skip === undefined && c.harness === undefined).length;
  assert.match(exeRun.out, new RegExp(`^observed ${ran} of ${obs.cases.length} cases on 10\\.0\\.\\d+ \\(as the Wine prefix reports it\\), wine-8\\.[^\\n]*; written to `, "m"));
  assert.ok(ran > 150, `${ran} cases ran`);
  const s = (obs as unknown as { program: { stats: Record<string, number>; harness: Record<string, number> } }).program;
  assert.ok(s.stats.socketsOpened > 100, JSON.stringify(s.stats));
  assert.is(s.stats.socketsClosed, s.stats.socketsOpened, "sockets opened = closed");
  assert.is(s.stats.eventsClosed, s.stats.eventsCreated, "events created = closed");
  assert.is(s.stats.cleanups, s.stats.startups, "WSAStartup = WSACleanup");
  assert.ok(s.stats.threadsStarted > 0, "exitThread steps ran on issuing threads of their own");
  assert.is(s.stats.threadsEnded, s.stats.threadsStarted, "issuing threads started = ended");
  assert.is(s.harness.failures, 0, "no harness failure");
  for (const c of obs.cases.filter((x) => x.skip !== undefined)) assert.ok(c.skip!.length > 20, `${c.id} says why it cannot run`);
});

observer("the .exe and the Node player agree on every field of every step both ran; the .exe runs every step the Node player runs", async () => {
  const { exe: a, node: b } = await recordings();
  const r = agreement(a, b);
  assert.equal(r.problems, [], "no disagreement");
  assert.ok(r.compared > 600, `${r.compared} steps compared`);
  // The check can fail: one field changed in one step is one disagreement, naming the case and the step.
  const changed = structuredClone(a);
  const victim = changed.cases.find((c) => c.steps.some((x) => x?.error === 10045))!;
  const at = victim.steps.findIndex((x) => x?.error === 10045);
  victim.steps[at]!.error = 10022;
  assert.equal(agreement(changed, b).problems.map((p) => p.split(":")[0]), [`${victim.id} step ${at}`]);
  const cli = await run(process.execPath, [`${root}build/js/scripts/agree.js`, exeFile, nodeFile], "agree");
  assert.is(cli.code, 0, cli.out + cli.err);
  assert.match(cli.out, new RegExp(`^${r.compared} steps compared field by field, 0 disagreement\\(s\\)`, "m"));
});

observer("lfp observe --compare judges the .exe's recording as it judges the Node player's", async () => {
  const { exe: a, node: b } = await recordings();
  // The steps only the .exe made (see above): their verdicts are the .exe's alone.
  const nodeCase = new Map(b.cases.map((c) => [c.id, c]));
  const only = new Map(a.cases.map((c) => [c.id, new Set(c.steps.flatMap((x, j) => (x !== null && (nodeCase.get(c.id)?.steps[j] ?? null) === null ? [j] : [])))]));
  type Verdict = { cases: { id: string; status: string; detail: string[] }[] };
  const without = (v: Verdict) => v.cases.map((k) => {
    const detail = k.detail.filter((d) => !/^step \d+ not run: /.test(d) && !only.get(k.id)?.has(Number(/^step (\d+) /.exec(d)?.[1] ?? -1)));
    return { id: k.id, status: k.status === "differs" && detail.length === 0 ? "conforms" : k.status, detail };
  });
  for (const profile of ["wine", "windows"]) {
    const [x, y] = await Promise.all([exeFile, nodeFile].map((f, k) => run(process.execPath, [lfp, "observe", "--compare", f, "--profile", profile, "--json"], `compare-${profile}-${k}`)));
    assert.ok(x.code === 0 || x.code === 1, x.err);
    assert.ok(y.code === 0 || y.code === 1, y.err);
    assert.equal(without(JSON.parse(x.out) as Verdict), without(JSON.parse(y.out) as Verdict), `${profile}: the same verdict, case by case, on the steps both ran`);
  }
});

observer("a connect to a socket whose creation failed stops the case in both players (the Node player used to end the whole run)", async () => {
  // The C player (spec-tests/c/steps/steps.c lfp_connect_socket) stops the case with this problem; the Node player now does too.
  const m = await model();
  const c = parseVectorText(JSON.stringify({ format: "lfp-vectors/1", cases: [{ id: "players/connect-to-missing", title: "t", refs: ["none"], profiles: ["wine"], steps: [
    { op: "socket", as: "l", type: "stream", protocol: "udp", expect: { ret: -1 } },
    { op: "socket", as: "c" },
    { op: "connect", socket: "c", to: "l" },
  ] }] }), "synthetic", m.catalogue);
  const r = await runSuite(c, new NativeTarget("wine", m), ["wine"], m.catalogue);
  assert.is(r.results[0].status, "fail");
  assert.is(r.results[0].reason, 'socket "l" does not exist (the step that should have created it failed)');
});

const wine = suite("the Wine-style conformance test under Wine");

/** The summary lines of a test run (one per process that ended normally). */
function summaries(out: string): Counts[] {
  return [...out.matchAll(/^[0-9a-f]{4}:loopback_fast_path: (\d+) tests executed \((\d+) marked as todo, \d+ as flaky, (\d+) failures?\), (\d+) skipped\.$/gm)]
    .map((m) => ({ executed: Number(m[1]), todo: Number(m[2]), failures: Number(m[3]), skipped: Number(m[4]) }));
}

wine("every ok() holds or is todo_wine, and the counts are what the wine profile predicts", async () => {
  const expected = JSON.parse(readFileSync(`${root}build/wine-test/expected.json`, "utf8")) as Expected;
  const r = await wineTestRun();
  const failed = r.out.split("\n").filter((l) => /Test failed|Test succeeded inside todo block|unhandled exception/.test(l));
  assert.equal(failed, [], r.out.slice(-3000));
  assert.is(r.code, 0, r.out.slice(-2000));
  const key = (c: Counts) => `${c.executed}/${c.todo}/${c.failures}/${c.skipped}`;
  assert.equal(summaries(r.out).map(key).sort(), expected.wine.processes.map(key).sort(), "one summary per process, as predicted");
  assert.is((r.out.match(/Test marked todo: /g) ?? []).length, expected.wine.total.todo);
  assert.ok(expected.checks > 1000 && expected.wine.total.todo > 100, JSON.stringify(expected.wine.total));
  assert.ok(expected.crashOnWine.length > 0 && expected.children > expected.crashOnWine.length, "some cases run in a child process, some of them crash Wine");
});

wine("the test is one file for Wine's tree: it includes only system headers and wine/test.h", () => {
  const source = readFileSync(`${root}build/wine-test/loopback_fast_path.c`, "utf8");
  assert.equal([...source.matchAll(/^#include "([^"]+)"/gm)].map((m) => m[1]), ["wine/test.h"]);
  assert.match(source, /^START_TEST\(loopback_fast_path\)$/m);
  assert.match(source, /todo_wine ok\(/);
  assert.match(source, /\|\| broken\(/);
});

observer.run();
wine.run();
