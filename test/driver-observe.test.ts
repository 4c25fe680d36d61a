// lfp observe: the same code path a Windows runner uses (--target native), run
// here under Wine on a few vector files, then --compare on what it wrote.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModel, LfpError } from "../host/node.js";
import { compareObservations, readObservations, OBSERVATIONS_FORMAT, type Observations } from "../host/cli/observe.js";
import { loadVectors } from "../spec-tests/runner/files.js";
import { lfp, plainEnv, root, vectorsDir } from "./helpers.js";

const observe = suite("lfp observe");
const dir = mkdtempSync(join(tmpdir(), "lfp-observe-"));
const file = join(dir, "observations.json");
// Two files whose cases all run for real in one process (≈ 2 s): handles and the successful call.
const files = ["handle.json", "success.json"].map((f) => `${vectorsDir}/${f}`);
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [lfp, "observe", ...args], { cwd: root, encoding: "utf8", env: plainEnv, timeout: 180000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

observe("--target wine records every case of the files, with the Windows build and Wine's version", async () => {
  const r = run("--target", "wine", "--out", file, ...files);
  assert.is(r.code, 0, r.err);
  const obs = readObservations(file);
  const ran = obs.cases.filter((c) => c.skip === undefined && c.harness === undefined).length;
  assert.ok(ran >= 10, `${ran} cases ran`);
  assert.match(r.out, new RegExp(`^observed ${ran} of ${obs.cases.length} cases on 10\\.0\\.\\d+ \\(as the Wine prefix reports it\\), wine-8\\.\\d`));
  assert.is(obs.format, OBSERVATIONS_FORMAT);
  assert.is(obs.target, "wine");
  assert.is(obs.profile, "wine", "the profile of the target that recorded it");
  assert.ok(Number.isInteger(obs.system.build) && obs.system.build! > 10000, `build ${obs.system.build}`);
  assert.is(obs.cases.length, (await loadVectors(files, (await loadModel()).catalogue)).length, "every case of the files, run or skipped");
  const typical = obs.cases.find((c) => c.id === "success.sync/typical")!;
  assert.ok(typical.steps.some((a) => a?.ret === -1 && a.error === 10045), "Wine refuses the code: WSAEOPNOTSUPP");
  for (const c of obs.cases.filter((x) => x.skip !== undefined)) assert.ok(c.skip!.length > 20, `${c.id} says why it cannot run`);
});

observe("--compare: Wine's recording conforms to the wine profile (its own, by default) and differs from windows where Wine is not Windows", () => {
  const wine = run("--compare", file, ...files);
  assert.is(wine.code, 0, wine.out + wine.err);
  const obs = readObservations(file);
  const ran = obs.cases.filter((c) => c.skip === undefined && c.harness === undefined).length;
  assert.match(wine.out, new RegExp(`^${ran} conform, 0 differ, ${obs.cases.length - ran} not observed, 0 unknown$`, "m"));
  assert.match(wine.out, /^inferred or choice answers these observations would make observed on 10\.0\.\d+ .*\(\d+\):$/m);
  assert.match(wine.out, /judged against the wine profile \(the recording target's own/);
  const windows = run("--compare", file, "--profile", "windows", ...files);
  assert.is(windows.code, 1, "some case differs from the windows profile");
  assert.match(windows.out, /^differs +handle\.not-a-socket\/bogus-handle\n +step 0 \(ioctl\) error: expected (one of )?WSAENOTSOCK \(10038\)[^\n]*, got WSAEOPNOTSUPP \(10045\)$/m);
  assert.match(windows.out, /rules and cells an observation contradicts \(\d+\):\n(.*\n)*  cell handle\.not-a-socket × windows \(WSAENOTSOCK \(10038\), prolog\) \[\w+\]: \d+ case\(s\)/);
  const json = JSON.parse(run("--compare", file, "--json", ...files).out);
  assert.equal([json.profile, json.profileFrom], ["wine", "recording"]);
  assert.is(json.cases.length, obs.cases.length);
});

observe("--compare reads grades from the catalogue: an inferred cell the observations agree with would become observed", async () => {
  const m = await loadModel(); // a model of its own: its catalogue's grades are rewritten here
  const cases = await loadVectors(files, m.catalogue);
  const real = await compareObservations(readObservations(file), m, cases, "wine");
  assert.is(real.gradesNote, null, "the model's catalogue carries grades");
  assert.ok(real.supported.every((e) => e.grade !== null), "every rule and cell the observations bear on has a grade");
  const graded = (id: string) => (id === "wine.unimplemented" ? "inferred" as const : "source" as const);
  const cat = m.catalogue as { rules: object[]; precedence: object[] };
  cat.rules = m.catalogue.rules.map((r) => ({ ...r, grades: { ...r.grades, wine: graded(r.id) } }));
  cat.precedence = m.catalogue.precedence.map((row) => ({ ...row, cells: row.cells.map((c) => c && { ...c, grade: graded(row.rule.id) }) }));
  const c = await compareObservations(readObservations(file), m, cases, "wine");
  assert.is(c.gradesNote, null);
  assert.equal(c.wouldBecomeObserved!.map((e) => [e.what, e.grade]), [
    ["rule wine.unimplemented", "inferred"],
    ["cell wine.unimplemented × wine (WSAEOPNOTSUPP (10045), unsupported)", "inferred"],
  ]);
  assert.ok(c.wouldBecomeObserved![0].cases.includes("success.sync/typical"));
  assert.ok(c.supported.some((e) => e.what === "rule state.socket" && e.grade === "source"), "source-graded rules are supported, not promoted");
  assert.equal(c.contradicted, []);
});

observe("--compare: a case whose recording contradicts the model is a difference, and its cells are contradicted, not supported", async () => {
  const m = await loadModel();
  const cases = await loadVectors(files, m.catalogue);
  const obs: Observations = JSON.parse(readFileSync(file, "utf8"));
  const c = obs.cases.find((x) => x.id === "success.sync/typical")!;
  const j = c.steps.findIndex((a) => a?.error === 10045);
  c.steps[j] = { ...c.steps[j], error: 10022 };
  const r = await compareObservations(obs, m, cases, "wine");
  assert.equal(r.cases.find((x) => x.id === c.id), { id: c.id, status: "differs", detail: [`step ${j} (ioctl) error: expected WSAEOPNOTSUPP (10045), got WSAEINVAL (10022)`] });
  assert.ok(r.contradicted.some((e) => e.what === "rule wine.unimplemented" && e.cases.includes(c.id)));
  assert.not.ok(r.supported.some((e) => e.what === "rule wine.unimplemented"));
});

observe("bad input: a clear message and exit 2, never a stack trace", () => {
  const notJson = join(dir, "not.json");
  writeFileSync(notJson, "{ nope");
  const wrong = join(dir, "wrong.json");
  writeFileSync(wrong, JSON.stringify({ format: OBSERVATIONS_FORMAT, target: "wine", system: { windows: "10.0.1" }, cases: [{ id: "x", steps: "no" }] }));
  const noSystem = join(dir, "no-system.json");
  writeFileSync(noSystem, JSON.stringify({ format: OBSERVATIONS_FORMAT, target: "wine", system: {}, cases: [] }));
  const binary = join(dir, "binary.json");
  writeFileSync(binary, Buffer.from([0xff, 0xfe, 0, 1, 2, 0x80]));
  // Through the CLI: exit 2, the message, no stack trace.
  const expect: [string[], RegExp][] = [
    [[], /give either --target native\|wine \(record\) or --compare FILE/],
    [["--target", "wine", "--compare", file], /give either/],
    [["--target", "mars"], /--target: expected one of native, wine, got "mars"/],
    [["--target", "native", "--out", join(dir, "never.json")], /--target native needs Windows \(this is linux\); on Linux use --target wine/],
    [["--compare", file, "--profile", "all"], /compare against one profile/],
    [["--compare", wrong], /wrong\.json: field "cases\[0\]\.steps": expected an array of objects/],
  ];
  for (const [args, why] of expect) {
    const r = run(...args);
    assert.is(r.code, 2, args.join(" "));
    assert.match(r.err, why);
    assert.not.match(r.err, /\n\s+at /);
  }
  // The file checks themselves, in process.
  for (const [path, why] of [
    [join(dir, "missing.json"), /missing\.json: cannot be read: no such file or directory/], [dir, /: is a folder, not a file/],
    [notJson, /not\.json: not valid JSON/], [binary, /binary\.json: not valid JSON/],
    [noSystem, /no-system\.json: field "system\.windows": expected the Windows version as a string/],
  ] as const) {
    try {
      readObservations(path);
      assert.unreachable(path);
    } catch (err) {
      assert.instance(err, LfpError);
      assert.match((err as Error).message, why);
    }
  }
});

observe.run();
