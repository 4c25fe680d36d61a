// One habit across the lfp commands (issue 22 §4): colours by level decided in one place
// (--color / --no-color on every command, then FORCE_COLOR, NO_COLOR, a terminal), `spec --quiet`
// printing the failures and the summary only, `observe --compare` judging a recording against the
// profile of the target that made it, and one cache folder rule for the CLI, npm test and the bench.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { colourWanted, painter, splitColourFlags } from "../host/colour.js";
import { makeReporter, textReport } from "../spec-tests/runner/report.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { loadVectors } from "../spec-tests/runner/files.js";
import type { Target } from "../spec-tests/runner/target.js";
import { OBSERVATIONS_FORMAT } from "../host/cli/observe.js";
import { lfp, model, plainEnv, root, vectorsDir } from "./helpers.js";

const h = suite("one habit across commands");
const ESC = "\x1b[";
/** Run lfp with an environment of our choosing (no colour variables unless given; never a terminal: a pipe). */
const run = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [lfp, ...args], { cwd: root, encoding: "utf8", env: { ...plainEnv, NO_COLOR: "", ...env }, timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), "lfp-habits-"));
h.after(() => rmSync(tmp, { recursive: true, force: true }));

h("the colour rule: --color / --no-color, then FORCE_COLOR, then NO_COLOR, then a terminal", () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  assert.is(colourWanted(tty, {}, undefined), true);
  assert.is(colourWanted(pipe, {}, undefined), false);
  assert.is(colourWanted(tty, { NO_COLOR: "1" }, undefined), false);
  assert.is(colourWanted(tty, { NO_COLOR: "" }, undefined), true, "an empty NO_COLOR is not set (no-color.org)");
  assert.is(colourWanted(pipe, { FORCE_COLOR: "1" }, undefined), true);
  assert.is(colourWanted(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" }, undefined), true, "FORCE_COLOR over NO_COLOR");
  assert.is(colourWanted(tty, { FORCE_COLOR: "0", NO_COLOR: "1" }, undefined), false);
  assert.is(colourWanted(tty, { FORCE_COLOR: "1" }, false), false, "--no-color over FORCE_COLOR");
  assert.is(colourWanted(pipe, { NO_COLOR: "1" }, true), true, "--color over NO_COLOR and a pipe");
  assert.equal(splitColourFlags(["spec", "--no-color", "--grep", "x", "--color", "--", "--no-color"]), { args: ["spec", "--grep", "x", "--", "--no-color"], flag: true }, "the last one wins; after -- it is an argument");
  assert.equal(splitColourFlags(["check"]), { args: ["check"], flag: undefined });
  assert.is(painter(true)("fail", "FAIL"), "\x1b[31mFAIL\x1b[0m");
  assert.is(painter(false)("fail", "FAIL"), "FAIL");
});

h("every command takes --color and --no-color, before or after its name", () => {
  const commands = [...run(["--help"]).out.matchAll(/^ {2}(\w+) {2,}/gm)].map((m) => m[1]).filter((c) => c !== "lfp");
  assert.ok(commands.length >= 7 && ["spec", "check", "doctor", "setup", "playground", "lint", "observe"].every((c) => commands.includes(c)), commands.join(" "));
  for (const c of commands) {
    for (const flag of ["--color", "--no-color"]) {
      const r = run([c, "--help", flag]);
      assert.is(r.code, 0, `lfp ${c} --help ${flag}: ${r.err}`);
      assert.match(r.out, `Usage: lfp ${c}`);
    }
  }
  assert.is(run(["--no-color", "check"]).code, 0, "before the command's name");
  for (const c of ["spec", "check", "doctor", "observe"]) assert.match(run(["help", c]).out, "--color, --no-color", `lfp help ${c} names the flags`);
  assert.match(run(["--help"]).out, /Every command takes --color \/ --no-color/);
});

h("check, doctor, spec and observe --compare colour by level, under the same rule", () => {
  // doctor with no Wine runtime (it then does not start Wine): its parts still say ok and MISSING.
  const noRuntime = { LFP_CACHE_DIR: join(tmp, "no-runtime") };
  // Wine's recording conforms to the wine profile throughout: one step changed, so that a case differs.
  const recording = JSON.parse(readFileSync(`${root}spec-tests/observations/wine-8.0.json`, "utf8"));
  recording.cases.find((c: { id: string }) => c.id === "state.bind/other-family").steps[1].error = 10047;
  const differing = join(tmp, "differing.json");
  writeFileSync(differing, JSON.stringify(recording));
  const cases: [string, string[], string, Record<string, string>?][] = [
    ["check", ["check", "--handle", "udp", "--overlapped", "event"], `${ESC}33merror WSA_IO_PENDING (997)${ESC}0m`],
    ["check", ["check", "--handle", "udp"], `${ESC}31merror WSAEINVAL (10022)${ESC}0m`],
    ["check", ["check"], `${ESC}32merror 0${ESC}0m`],
    ["doctor", ["doctor"], `${ESC}32mok     ${ESC}0m Wasm model`, noRuntime],
    ["doctor", ["doctor"], `${ESC}31mMISSING${ESC}0m Windows Node`, noRuntime],
    ["spec", ["spec", "--grep", "^in\\.too-small/", "--profile", "wine"], `${ESC}32mpass${ESC}0m`],
    ["observe", ["observe", "--compare", "spec-tests/observations/wine-8.0.json", "spec-tests/vectors/state.json"], `${ESC}32mconforms    ${ESC}0m`],
    ["observe", ["observe", "--compare", differing, "spec-tests/vectors/state.json"], `${ESC}31mdiffers     ${ESC}0m`],
  ];
  for (const [name, args, painted, extra = {}] of cases) {
    assert.ok(run(args, { ...extra, FORCE_COLOR: "1" }).out.includes(painted), `${name}: FORCE_COLOR paints ${JSON.stringify(painted)}`);
    assert.ok(run([...args, "--color"], { ...extra, NO_COLOR: "1" }).out.includes(painted), `${name}: --color over NO_COLOR`);
    const plain = [run(args, extra), run([...args, "--no-color"], { ...extra, FORCE_COLOR: "1" }), run(args, { ...extra, NO_COLOR: "1" })];
    for (const r of plain) assert.not.ok(r.out.includes(ESC), `${name}: no colour in a pipe, with --no-color, or with NO_COLOR: ${r.out.slice(0, 200)}`);
  }
  // Painting keeps check's side-by-side columns aligned: the same lines, escapes aside.
  const wide = (env: Record<string, string>) => spawnSync(process.execPath, ["-e", `process.stdout.isTTY = true; process.stdout.columns = 200; require(${JSON.stringify(`${root}build/dist/node/host/cli/main.cjs`)}).main(["check", "--handle", "udp"])`], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } }).stdout;
  const painted = wide({ FORCE_COLOR: "1", NO_COLOR: "" });
  assert.ok(painted.includes(ESC));
  assert.is(painted.replace(/\x1b\[\d+m/g, ""), wide({ NO_COLOR: "1", FORCE_COLOR: "0" }));
});

h("spec --quiet prints the failures and the summary only", async () => {
  const all = run(["spec", "--quiet"]);
  assert.is(all.code, 0, all.err);
  assert.match(all.out, /^\d+ passed, 0 failed, 0 skipped\n$/, "a passing run: the summary alone");
  const failing = run(["spec", "--quiet", "spec-tests/fixtures/failing.json", "--profile", "windows"]);
  assert.is(failing.code, 1);
  const lines = failing.out.trim().split("\n");
  assert.match(lines[0], /^FAIL fixture\/expects-the-wrong-error \[windows\]/);
  assert.ok(lines.slice(1, -1).every((l) => /^ {5}step \d+ /.test(l)), failing.out);
  assert.is(lines.at(-1), "0 passed, 1 failed, 0 skipped");
  // Skips, partial cases and notes of passing cases, which a real target gives, are left out too.
  const m = await model();
  const cases = (await loadVectors([`${vectorsDir}/handle.json`], m.catalogue)).slice(0, 4);
  const statuses = [{ steps: [], skip: "cannot run here" }, { steps: [], harness: "the process never began" }];
  const odd: Target = { name: "odd", profile: "wine", run: async (planned) => planned.map((_p, i) => statuses[i % 2]) };
  const r = await runSuite(cases, odd, ["wine"], m.catalogue);
  assert.ok(r.skipped > 0 && r.errors > 0, JSON.stringify([r.skipped, r.errors]));
  const quiet = textReport(r, false).split("\n");
  assert.ok(quiet.slice(0, -1).every((l) => /^ERROR /.test(l)), "a case that never began is a failure and is shown");
  assert.not.ok(quiet.some((l) => /^skip /.test(l)), "skips are not");
  assert.match(quiet.at(-1)!, /^\d+ passed, \d+ failed, \d+ skipped, \d+ harness errors/);
  assert.is(makeReporter("text", { verbose: false }).begin("odd", ["wine"]), null, "no head line");
});

h("observe --compare: the recording's own profile unless --profile says otherwise", () => {
  const wine = "spec-tests/observations/wine-8.0.json";
  const own = run(["observe", "--compare", wine]);
  assert.match(own.out, /^observations from wine .*, judged against the wine profile \(the recording target's own; --profile to choose another\)$/m);
  assert.is(JSON.parse(run(["observe", "--compare", wine, "--json"]).out).profile, "wine");
  const windows = run(["observe", "--compare", wine, "--profile", "windows"]);
  assert.match(windows.out, /judged against the windows profile$/m);
  assert.is(windows.code, 1, "Wine is not Windows");
  const counts = (out: string) => /^(\d+) conform, (\d+) differ/m.exec(out)!.slice(1).map(Number);
  assert.ok(counts(windows.out)[1] > counts(own.out)[1], `more differ from windows (${counts(windows.out)}) than from wine (${counts(own.out)})`);
  // A recording that names its profile is judged against it; one naming a profile this model lacks asks for --profile.
  const obs = JSON.parse(readFileSync(`${root}${wine}`, "utf8"));
  const named = join(tmp, "named.json");
  writeFileSync(named, JSON.stringify({ ...obs, profile: "reactos" }));
  assert.match(run(["observe", "--compare", named]).out, /judged against the reactos profile \(the recording target's own/);
  const native = join(tmp, "native.json");
  const { profile: _, ...older } = obs; // a recording made before recordings named their profile
  writeFileSync(native, JSON.stringify({ ...older, target: "native" }));
  assert.is(JSON.parse(run(["observe", "--compare", native, "--json"]).out).profile, "windows", "an older recording from Windows: the windows profile");
  const unknown = join(tmp, "unknown.json");
  writeFileSync(unknown, JSON.stringify({ format: OBSERVATIONS_FORMAT, target: "native", profile: "windows-95", system: { windows: "4.0" }, cases: [] }));
  const u = run(["observe", "--compare", unknown]);
  assert.is(u.code, 2);
  assert.match(u.err, /unknown\.json: recorded by a target whose profile is "windows-95", which this model does not have; choose one with --profile/);
});

h("one cache folder rule: no script sets its own folder; lfp and the bench look where lfp setup wine puts the runtime", async () => {
  const scripts = JSON.parse(readFileSync(`${root}package.json`, "utf8")).scripts as Record<string, string>;
  for (const [name, line] of Object.entries(scripts)) assert.not.match(line, /LFP_CACHE_DIR|XDG_CACHE_HOME|\.lfp-cache/, `npm run ${name} keeps the one rule`);
  const env = (extra: Record<string, string>) => {
    const e = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "LFP_CACHE_DIR" && k !== "LFP_WINE_PREFIX")) as Record<string, string>;
    return { ...e, ...extra };
  };
  const folderOf = (extra: Record<string, string>) => {
    const r = spawnSync(process.execPath, [lfp, "doctor", "--json"], { cwd: root, encoding: "utf8", env: env(extra) });
    return (JSON.parse(r.stdout) as { name: string; detail: string }[]).find((p) => p.name === "cache folder")?.detail;
  };
  assert.is(folderOf({ XDG_CACHE_HOME: tmp }), join(tmp, "loopback-fast-path"));
  assert.is(folderOf({ XDG_CACHE_HOME: tmp, LFP_CACHE_DIR: join(tmp, "mine") }), join(tmp, "mine"), "LFP_CACHE_DIR overrides");
  // The bench, with no runtime where the rule points: a loud SKIPPED block that names that folder, first thing.
  const empty = join(tmp, "empty-cache");
  const said = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [`${root}build/js/bench/bench.js`, "--quick"], { cwd: root, env: env({ LFP_CACHE_DIR: empty }), stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    const timer = setTimeout(() => { child.kill(); reject(new Error(`the bench said nothing about Wine within 60 s: ${err}`)); }, 60000);
    child.stderr.on("data", (d) => {
      err += d;
      if (/\n!{78}\n/.test(err.slice(80))) { clearTimeout(timer); child.kill(); resolve(err); }
    });
    child.on("exit", () => { clearTimeout(timer); resolve(err); });
  });
  assert.match(said, new RegExp(`^!{78}\\n!! bench: the Wine figures are SKIPPED: no Wine runtime in the cache folder ${empty.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n`));
  assert.match(said, /!! {3}Windows Node: .*node\.exe/);
  assert.match(said, /!! fix: run "npx lfp setup wine".*or set LFP_CACHE_DIR to the folder it was set up in/);
});

h.run();
