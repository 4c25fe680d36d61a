// Issue 20 §1, §2, §4, §5 without Wine: what the tools read (vector folders, observation files,
// --step, --grep, JavaScript values) and how they end. Each attack gets its message and exit
// status, never a stack trace, a hang or an exit 0 for nothing.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { loadVectors } from "../spec-tests/runner/files.js";
import { LfpError } from "../host/node.js";
import { writeFileAtomic } from "../host/fs-safe.js";
import { fuzzFiles } from "../scripts/fuzz-files.js";
import { model, lfp, root } from "./helpers.js";

const t = suite("hostile input: a message, never a stack trace or a hang");

const run = (args: string[], o: { cwd?: string; uid?: number; timeout?: number } = {}) => {
  const r = spawnSync(process.execPath, [lfp, ...args], { cwd: o.cwd ?? root, encoding: "utf8", timeout: o.timeout ?? 60000, ...(o.uid !== undefined ? { uid: o.uid, gid: o.uid } : {}) });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
};
const noStack = (r: { out: string; err: string }, what: string) => assert.not.match(r.out + r.err, /^\s+at .+:\d+:\d+\)?$/m, `${what}: no stack trace:\n${r.err.slice(0, 2000)}`);

const vector = (id: string, steps: unknown[]) => JSON.stringify({ format: "lfp-vectors/1", cases: [{ id, title: "t", refs: ["none"], steps }] });
const ok = (id: string) => vector(id, [{ op: "socket", as: "s" }, { op: "ioctl", socket: "s", expect: { ret: -1, error: "WSAEOPNOTSUPP" } }]);

t("vectors and check --step nested 5,000 and 100,000 deep: a message naming the field", () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-deep-"));
  try {
    for (const depth of [5000, 100000]) {
      const deep = "[".repeat(depth) + "]".repeat(depth);
      writeFileSync(join(dir, "in.json"), `{"format":"lfp-vectors/1","cases":[{"id":"x/deep","title":"t","refs":["none"],"steps":[{"op":"socket","as":"s"},{"op":"ioctl","socket":"s","in":${deep}}]}]}`);
      writeFileSync(join(dir, "expect.json"), `{"format":"lfp-vectors/1","cases":[{"id":"x/deep","title":"t","refs":["none"],"steps":[{"op":"socket","as":"s","expect":{"ret":{"oneOf":${deep}}}}]}]}`);
      writeFileSync(join(dir, "format.json"), `{"format":${deep},"cases":[]}`);
      const expect: Record<string, RegExp> = {
        "in.json": /in\.json: case "x\/deep", step 1 \(ioctl\), field "in": value an array \(too deep or circular to show\) is not allowed here/,
        "expect.json": /expect\.json: case "x\/deep", step 0 \(socket\), field "expect\.ret": value an object \(too deep, circular or unreadable to show\) is not allowed here/,
        "format.json": /format\.json, field "format": expected "lfp-vectors\/1", got an array \(too deep or circular to show\)$/m,
      };
      for (const [f, re] of Object.entries(expect)) {
        const r = run(["spec", join(dir, f)]);
        assert.is(r.code, 2, `${f} ${depth}: ${r.err.slice(0, 500)}`);
        assert.match(r.err, re, `${f} ${depth}`);
        noStack(r, `${f} ${depth}`);
      }
      // A command-line argument holds at most 128 KiB (Linux MAX_ARG_STRLEN): --step is nested 60,000 deep at most.
      const arg = depth > 60000 ? "[".repeat(60000) + "]".repeat(60000) : deep;
      for (const step of [`{"in":${arg}}`, `{"socket":${arg}}`, `{"conditions":{"networkDown":${arg}}}`]) {
        const r = run(["check", "--step", step]);
        assert.is(r.code, 2, r.err.slice(0, 500));
        assert.match(r.err, /^lfp check: (--step: )?[a-zA-Z.]+: expected .*, got an (array|object) \(too deep/m);
        noStack(r, `check --step ${depth}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

t("lfp spec <folder>: dangling and looping links, an unreadable subfolder, names that are not UTF-8 or hold a newline", () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-walk-"));
  try {
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "a-good.json"), ok("walk/good"));
    symlinkSync(join(dir, "nowhere.json"), join(dir, "dangling.json"));
    symlinkSync("loop.json", join(dir, "loop.json"));
    symlinkSync(dir, join(dir, "up")); // a link to a folder is not followed: no endless walk
    mkdirSync(join(dir, "locked"));
    writeFileSync(join(dir, "locked", "x.json"), ok("walk/locked"));
    chmodSync(join(dir, "locked"), 0o000);
    // As root the folder would still be readable: the run drops to nobody.
    const asNobody = typeof process.getuid === "function" && process.getuid() === 0 ? { uid: 65534 } : {};
    const r = run(["spec", dir], asNobody);
    assert.is(r.code, 2, r.out + r.err);
    noStack(r, "walk");
    const lines = r.err.trim().replace(/^lfp spec: /, "").split("\n");
    assert.equal(lines.map((l) => l.replace(dir, "DIR").replace(/^.*?(DIR|\/[^:]*)\//, "DIR/")), [
      "DIR/locked: cannot be listed: permission denied",
      "DIR/dangling.json: cannot be read: no such file or directory",
      "DIR/loop.json: cannot be read: a loop of symbolic links",
    ], r.err);
    chmodSync(join(dir, "locked"), 0o755);
    rmSync(join(dir, "locked"), { recursive: true });
    rmSync(join(dir, "dangling.json"));
    rmSync(join(dir, "loop.json"));

    // A name that is not UTF-8 is found in a folder; named directly, the message says why it cannot be.
    const notUtf8 = Buffer.concat([Buffer.from(`${dir}/b-`), Buffer.from([0xff, 0xfe]), Buffer.from(".json")]);
    writeFileSync(notUtf8, ok("walk/not-utf8"));
    const found = run(["spec", dir, "--profile", "wine", "--no-color"]);
    assert.is(found.code, 0, found.out + found.err);
    assert.match(found.out, /^pass walk\/not-utf8 \[wine\]/m);
    const named = run(["spec", notUtf8.toString("utf8")]);
    assert.is(named.code, 2);
    assert.match(named.err, /b-\ufffd\ufffd\.json" \(a name that is not UTF-8\): no such file or directory \(the name as given is not valid UTF-8, which Node\.js cannot pass on: name its folder instead\)/);

    // A newline in a name does not split the report: the name is shown quoted.
    writeFileSync(join(dir, "c-two\nlines.json"), vector("walk/newline", [{ op: "socket", as: "s" }, { op: "ioctl", socket: "s", expect: { ret: 0 } }]));
    const split = run(["spec", dir, "--profile", "wine", "--no-color", "--grep", "newline"]);
    assert.is(split.code, 1, split.out + split.err);
    const failure = split.out.split("\n").filter((l) => l.includes("lines.json"));
    assert.is(failure.length, 1, split.out);
    for (const l of failure) assert.match(l, /"[^"]*c-two\\nlines\.json"/);
    assert.not.match(split.out, /^lines\.json/m);
  } finally {
    spawnSync("chmod", ["-R", "u+rwx", dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

t("files deleted and created while a folder is loaded: cases or a message, never an uncaught error", async () => {
  const m = await model();
  const dir = mkdtempSync(join(tmpdir(), "lfp-race-"));
  try {
    writeFileSync(join(dir, "base.json"), ok("race/base"));
    // Another process (one, with no children of its own to outlive it) makes and deletes vector files and folders as fast as it can.
    const churn = spawn(process.execPath, ["-e", `const fs = require("fs"), d = process.argv[1];
      for (;;) { for (let i = 0; i < 8; i++) { fs.writeFileSync(d + "/f" + i + ".json", ${JSON.stringify(ok("race/x"))}); fs.mkdirSync(d + "/d" + i, { recursive: true }); fs.writeFileSync(d + "/d" + i + "/g.json", ${JSON.stringify(ok("race/y"))}); }
        for (let i = 0; i < 8; i++) { fs.rmSync(d + "/f" + i + ".json", { force: true }); fs.rmSync(d + "/d" + i, { recursive: true, force: true }); } }`, dir], { stdio: "ignore" });
    let loaded = 0, refused = 0;
    try {
      for (const end = Date.now() + 3000; Date.now() < end;) {
        try {
          await loadVectors([dir], m.catalogue);
          loaded++;
        } catch (err) {
          assert.instance(err, LfpError, String((err as Error).stack));
          assert.match((err as LfpError).message, /no such file|duplicate case id|not valid JSON|cannot be (read|listed)/);
          refused++;
        }
      }
    } finally {
      churn.kill("SIGKILL");
      await new Promise((r) => churn.on("close", r));
    }
    assert.ok(loaded + refused > 20, `${loaded} loads, ${refused} refusals`);
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

t("lfp spec / ends with a message in bounded time", () => {
  const t0 = Date.now();
  const r = run(["spec", "/"], { timeout: 120000 });
  assert.is(r.code, 2, r.err);
  assert.is(r.err.trim(), "lfp spec: /: more than 10000 .json files or 100000 entries to walk: not a folder of vectors (name the folder that holds them)");
  assert.ok(Date.now() - t0 < 120000);
});

t("a --grep of 50 KB is a usage error, not a stack trace", () => {
  const r = run(["spec", "--grep", "a".repeat(50000)]);
  assert.is(r.code, 2);
  assert.match(r.err, /^lfp spec: --grep: not a valid regular expression: Regular expression too large$/m);
  noStack(r, "--grep");
});

t("observe --compare: /dev/zero, a FIFO, a folder, a key given twice, cases: [] and a recording of nothing do not pass", () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-obs-"));
  try {
    const fifo = join(dir, "fifo");
    spawnSync("mkfifo", [fifo]);
    const head = { format: "lfp-observations/1", target: "wine", system: { windows: "10.0.19045 (as the Wine prefix reports it)" } };
    writeFileSync(join(dir, "empty.json"), JSON.stringify({ ...head, cases: [] }));
    writeFileSync(join(dir, "nothing.json"), JSON.stringify({ ...head, cases: [{ id: "in.too-small/cb-in-3", file: "x", steps: [], harness: "the process ended before it was ready" }] }));
    writeFileSync(join(dir, "twice.json"), `{"format":"lfp-observations/1","target":"wine","target":"native","system":{"windows":"x"},"cases":[]}`);
    const expect: [string, RegExp][] = [
      ["/dev/zero", /^lfp observe: \/dev\/zero: not a regular file \(a character device\): only regular files are read$/m],
      [fifo, /: not a regular file \(a FIFO\): only regular files are read$/m],
      [dir, /: is a folder, not a file$/m],
      [join(dir, "twice.json"), /twice\.json, line 1, column 48: the key "target" appears twice in one object/],
      [join(dir, "empty.json"), /empty\.json: nothing was observed to judge \(0 recorded case\(s\): 0 not observed, 0 unknown\)$/m],
      [join(dir, "nothing.json"), /nothing\.json: nothing was observed to judge \(1 recorded case\(s\): 1 not observed, 0 unknown\)$/m],
    ];
    for (const [file, re] of expect) {
      const r = run(["observe", "--compare", file], { timeout: 30000 });
      assert.is(r.signal, null, `${file}: ended in time`);
      assert.is(r.code, 2, `${file}: ${r.out}${r.err}`);
      assert.match(r.err, re, file);
      noStack(r, file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

t("a key given twice: in --step, and in a vector (bad-expected.json holds the fixture's message)", () => {
  const r = run(["check", "--step", '{"in":{"bool":1},"in":null}']);
  assert.is(r.code, 2);
  assert.match(r.err, /^lfp check: --step, line 1, column 18: the key "in" appears twice in one object/m);
});

t("the public API: BigInt values and null options are LfpError, never TypeError", async () => {
  const m = await model();
  const calls: [string, () => unknown][] = [
    ["cbIn BigInt", () => m.evaluate({ cbIn: 4n as never })], ["in.bool BigInt", () => m.evaluate({ in: { bool: 1n as never } })],
    ["profile BigInt", () => m.evaluate({}, 1n as never)], ["call null", () => m.conform(null as never)],
    ["scenario options null", () => m.scenario("windows", null as never)], ["socket options null", () => m.scenario().socket(null as never)],
    ["ioctl call null", () => m.scenario().ioctl(1, null as never)], ["condition null", () => m.scenario().condition(null as never)],
    ["send BigInt", () => m.scenario().send(0, 1n as never)], ["a cycle", () => { const c: Record<string, unknown> = {}; c.in = c; return m.evaluate(c as never); }],
  ];
  for (const [what, call] of calls) {
    try {
      call();
      assert.unreachable(what);
    } catch (err) {
      assert.instance(err, LfpError, `${what}: ${(err as Error).stack}`);
    }
  }
  const { loadModel } = await import("../host/node.js");
  await loadModel(null as never).then(() => assert.unreachable("loadModel(null)"), (err) => assert.instance(err, LfpError));
});

t("lfp playground ends on SIGTERM and SIGINT while a client holds a half-sent request", async () => {
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    const child = spawn(process.execPath, [lfp, "playground"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const url = await new Promise<string>((resolve) => { let s = ""; child.stdout!.on("data", (d) => { s += d; const m = /http:\/\/[\d.:]+\//.exec(s); if (m) resolve(m[0]); }); });
    const sock = connect(Number(new URL(url).port), "127.0.0.1");
    await new Promise((r) => sock.on("connect", r));
    sock.write("GET / HTTP/1.1\r\nHost: x\r\nX-Half: "); // never finished
    sock.on("error", () => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    child.kill(sig);
    const code = await Promise.race([new Promise((r) => child.on("close", (c) => r(c))), new Promise((r) => setTimeout(() => r("still running"), 5000))]);
    sock.destroy();
    if (code === "still running") child.kill("SIGKILL");
    assert.is(code, 0, `${sig}: the server ended (${Date.now() - t0} ms)`);
  }
});

t("a file written for the user is whole or not at all: a file-size limit keeps the old file", () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-atomic-"));
  try {
    const file = join(dir, "out.json");
    writeFileSync(file, "the old, good content\n");
    const fsSafe = join(root, "build/js/host/fs-safe.js");
    const script = `import(${JSON.stringify(fsSafe)}).then((m) => { try { m.writeFileAtomic(${JSON.stringify(file)}, "x".repeat(100000)); } catch (e) { console.log(e.code + ": " + e.message); } })`;
    const r = spawnSync("prlimit", ["--fsize=4096", process.execPath, "-e", script], { encoding: "utf8" });
    assert.match(r.stdout, /^LFP_BAD_ARGUMENT: cannot write .*out\.json: the file-size limit was reached \(ulimit -f\); the file is as it was$/m, r.stdout + r.stderr);
    assert.is(readFileSync(file, "utf8"), "the old, good content\n");
    assert.equal(spawnSync("ls", ["-A", dir], { encoding: "utf8" }).stdout, "out.json\n", "nothing half-written beside it");
    writeFileAtomic(file, "new\n");
    assert.is(readFileSync(file, "utf8"), "new\n");
    assert.ok(!existsSync(`${file}.tmp`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

t("an output that goes away (lfp spec | head -1) or is full (> /dev/full): the command ends, with no stack trace", async () => {
  const child = spawn(process.execPath, [lfp, "spec", "--no-color"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => { err += d; });
  await new Promise((r) => child.stdout!.once("data", r));
  child.stdout!.destroy(); // the reader goes away after its first line
  const code = await new Promise((r) => child.on("close", (c) => r(c)));
  assert.is(code, 141, err);
  assert.is(err, "");
  const full = spawnSync("sh", ["-c", `"${process.execPath}" "${lfp}" check --json > /dev/full`], { cwd: root, encoding: "utf8" });
  assert.is(full.status, 2);
  assert.match(full.stderr, /^lfp: the output cannot be written: ENOSPC: no space left on device, write\n$|^lfp check: ENOSPC: no space left on device, write\n$/);
});

t("fuzz:inputs --files: hostile vector and observation files and paths are loaded or refused with LfpError, none slow", async () => {
  const r = await fuzzFiles(300, 2);
  assert.equal([r.filesThrows, r.filesSlow], [0, 0], r.examples.join("\n"));
  assert.ok(r.filesRefused > 200 && r.filesInputs === 320, `${r.filesInputs} inputs, ${r.filesRefused} refused`);
});

t.run();
