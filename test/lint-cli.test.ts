// lfp lint as a project adopts it: configuration found upward, flags over it, inline
// suppressions, a baseline, files in other languages, results that do not depend on
// which files are named, and hostile files (FIFOs, devices, links) that get a message,
// never a hang.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync, spawn, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lfp, model, root } from "./helpers.js";
import { lintPaths, nodeLinter } from "../host/lint/node.js";
import { readSourceView, readRegular } from "../host/lint/files.js";
import { formatText, wrap } from "../host/lint/text.js";

const t = suite("lfp lint in a project: configuration, flags, suppressions, hostile files");

/** A C helper whose error is fatal except WSAEOPNOTSUPP (reactos: lfp/rejects-einval), the socket connected first (lfp/after-connect). */
const LIBZMQ_LIKE = `#include <winsock2.h>
static void tune(SOCKET s)
{
    int one = 1;
    DWORD n = 0;
    const int rc = WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, sizeof one, NULL, 0, &n, NULL, NULL);
    if (rc == SOCKET_ERROR && WSAGetLastError() != WSAEOPNOTSUPP)
        abort();
}
void pair(const struct sockaddr *a, int len)
{
    SOCKET w = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    connect(w, a, len);
    tune(w);
}
`;

function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "lfp-lint-cli-"));
  mkdirSync(join(dir, ".git"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const env = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: "1" };
function run(cwd: string, args: string[], extraEnv: Record<string, string | undefined> = {}, timeout = 60_000) {
  const r = spawnSync(process.execPath, [lfp, "lint", ...args], { cwd, encoding: "utf8", env: { ...env, ...extraEnv }, timeout, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}
const json = (cwd: string, args: string[]) => JSON.parse(run(cwd, [...args, "--format", "json"]).out) as { sites: { file: string; start: { line: number }; findings: { id: string; level: string; suppressed?: { justification: string } }[] }[]; extra?: { id: string; message: string }[]; problems: { file: string; reason: string }[]; notes?: { file: string; reason: string }[]; notLinted?: { file: string; language: string }[] };
const ids = (r: ReturnType<typeof json>) => r.sites.flatMap((s) => s.findings.filter((f) => !f.suppressed).map((f) => `${f.level} ${f.id}`)).sort();

t("configuration: .lfp-lint.json found upward; profiles, rule levels, ignore and failOn; flags override it", () => {
  const dir = project({ "src/net/pair.c": LIBZMQ_LIKE, "third_party/copy.c": LIBZMQ_LIKE });
  const plain = run(join(dir, "src"), ["."]);
  assert.is(plain.code, 1, "lfp/rejects-einval (reactos) is an error");
  assert.match(plain.out, /error   lfp\/rejects-einval/);
  writeFileSync(join(dir, ".lfp-lint.json"), JSON.stringify({ profiles: ["documented", "windows", "wine"], ignore: ["third_party/"], rules: { "lfp/deprecated": "off", "lfp/after-connect": "error" }, failOn: "warning" }));
  const cfg = json(join(dir, "src", "net"), ["pair.c"]);
  assert.equal(ids(cfg), ["error lfp/after-connect"], "no reactos, so no rejects-einval; deprecated off; after-connect raised to error");
  const row = run(dir, ["."]).out;
  assert.match(row, /model \(scenario: connected\): documented 0 path=slow \| windows 0 path=slow \| wine -1 WSAEOPNOTSUPP path=slow\n/, "the model's row has the project's profiles only");
  assert.not.match(row, /third_party/, "ignored by the configuration");
  assert.is(run(dir, ["."]).code, 1);
  assert.is(run(dir, [".", "--fail-on", "none"]).code, 0, "--fail-on overrides failOn");
  assert.equal(ids(json(dir, [".", "--profile", "reactos"])).filter((x) => x.includes("rejects")), ["error lfp/rejects-einval"], "--profile overrides profiles");
  assert.equal(ids(json(dir, [".", "--no-config"])), ["error lfp/rejects-einval", "error lfp/rejects-einval", "note lfp/deprecated", "note lfp/deprecated", "warning lfp/after-connect", "warning lfp/after-connect"], "--no-config: every file, every profile, default levels");
  writeFileSync(join(dir, "other.json"), JSON.stringify({ rules: { "lfp/rejects-einval": "note" } }));
  assert.is(run(dir, [".", "--config", "other.json", "--fail-on", "error"]).code, 0, "--config replaces the file found");
  rmSync(dir, { recursive: true, force: true });
});

t("configuration: package.json \"lfp\" is used when alone; .lfp-lint.json wins over it, and a note says so", () => {
  const dir = project({ "a.c": LIBZMQ_LIKE, "package.json": JSON.stringify({ name: "x", lfp: { profiles: ["windows"] } }) });
  rmSync(join(dir, ".git"), { recursive: true });
  assert.equal(ids(json(dir, ["a.c"])), ["note lfp/deprecated", "warning lfp/after-connect"], "package.json's profiles: windows only");
  writeFileSync(join(dir, ".lfp-lint.json"), JSON.stringify({ rules: { "lfp/deprecated": "off" } }));
  const both = json(dir, ["a.c"]);
  assert.equal(ids(both), ["error lfp/rejects-einval", "warning lfp/after-connect"]);
  assert.ok(both.notes?.some((n) => /package\.json: its "lfp" key is not used: .*\.lfp-lint\.json wins/.test(n.reason)), JSON.stringify(both.notes));
  rmSync(dir, { recursive: true, force: true });
});

t("configuration mistakes exit 2 naming the file and the key, with a suggestion", () => {
  for (const [cfg, msg] of [
    [{ rules: { "lfp/after-conect": "off" } }, /\.lfp-lint\.json: "rules"\."lfp\/after-conect": no such rule \(did you mean "lfp\/after-connect"\?\)/],
    [{ rules: { "lfp/after-connect": "fatal" } }, /"rules"\."lfp\/after-connect": expected "error", "warning", "note" or "off", got "fatal"/],
    [{ profiles: ["windos"] }, /"profiles": no profile "windos"; the profiles are documented, windows, wine, reactos, windows-7 \(did you mean "windows"\?\)/],
    [{ failOn: "always" }, /"failOn": expected one of error, warning, note, none/],
    [{ ignored: ["x"] }, /"ignored": unknown key; the keys are ignore, rules, profiles, failOn \(did you mean "ignore"\?\)/],
  ] as [unknown, RegExp][]) {
    const dir = project({ "a.c": LIBZMQ_LIKE, ".lfp-lint.json": JSON.stringify(cfg) });
    const r = run(dir, ["."]);
    assert.is(r.code, 2, JSON.stringify(cfg));
    assert.match(r.err, msg);
    assert.not.match(r.err, /\n\s+at /);
    rmSync(dir, { recursive: true, force: true });
  }
  const dir = project({ "a.c": LIBZMQ_LIKE, ".lfp-lint.json": "{ not json" });
  assert.match(run(dir, ["."]).err, /\.lfp-lint\.json: not valid JSON/);
  for (const args of [["--profile", "solaris"], ["--fail-on", "fatal"], ["--config", "x.json", "--no-config"], ["--baseline", "missing.sarif"]]) {
    const r = run(dir, [".", ...args]);
    assert.is(r.code, 2, args.join(" "));
  }
  rmSync(dir, { recursive: true, force: true });
});

t("suppressions: next line and file, in each language's comments; reasons kept; unused and unknown ids reported", () => {
  const c = LIBZMQ_LIKE.replace("    const int rc = WSAIoctl", "    // lfp-ignore-next-line lfp/rejects-einval, lfp/deprecated -- the helper is only used on Windows 10\n    const int rc = WSAIoctl");
  const dir = project({
    "a.c": c,
    "b.c": `/* lfp-ignore-file -- generated */\n${LIBZMQ_LIKE}`,
    "c.py": "import socket\ns = socket.socket()\n# lfp-ignore-next-line lfp/deprecated -- opt-in only\ns.ioctl(socket.SIO_LOOPBACK_FAST_PATH, True)\n",
    "d.rs": "fn f(s: SOCKET) { let on: u32 = 1; let mut n: u32 = 0;\n    /* lfp-ignore-next-line lfp/deprecated, lfp/errors-ignored -- measured */\n    let _ = unsafe { WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on as *const _ as *const c_void, 4, null_mut(), 0, &mut n, null_mut(), None) }; }\n",
    "e.c": "// lfp-ignore-next-line lfp/after-connect -- nothing here any more\nint x;\n",
    "f.cs": "class C { void F(Socket s) { try {\n// lfp-ignore-next-line lfp/after-conect -- typo\ns.IOControl(-1744830448, BitConverter.GetBytes(1), null); } catch { } } }\n",
  });
  const r = json(dir, ["."]);
  const byFile = (f: string) => r.sites.filter((s) => s.file === f).flatMap((s) => s.findings);
  const a = byFile("a.c");
  assert.equal(a.filter((f) => f.suppressed).map((f) => [f.id, f.suppressed!.justification]), [["lfp/rejects-einval", "the helper is only used on Windows 10"], ["lfp/deprecated", "the helper is only used on Windows 10"]]);
  assert.equal(a.filter((f) => !f.suppressed).map((f) => f.id), ["lfp/after-connect"], "not named, not suppressed");
  assert.ok(byFile("b.c").every((f) => f.suppressed?.justification === "generated"));
  assert.ok(byFile("c.py").find((f) => f.id === "lfp/deprecated")?.suppressed);
  assert.ok(byFile("d.rs").filter((f) => f.id === "lfp/deprecated" || f.id === "lfp/errors-ignored").every((f) => f.suppressed), "Rust block comment");
  const extra = (r.extra ?? []).map((f) => `${f.id}: ${f.message}`);
  assert.ok(extra.some((x) => /^lfp\/unused-suppression: lfp-ignore-next-line lfp\/after-connect suppresses nothing: it is not reported on line 2/.test(x)), extra.join("\n"));
  assert.ok(extra.some((x) => /^lfp\/unknown-suppression: lfp-ignore-next-line names "lfp\/after-conect": not a rule of lfp lint/.test(x)), extra.join("\n"));
  assert.ok(byFile("f.cs").some((f) => f.id === "lfp/deprecated" && !f.suppressed), "an unknown id suppresses nothing");
  // SARIF: suppressed results stay, with suppressions[] of kind inSource and the reason.
  const sarif = JSON.parse(run(dir, [".", "--format", "sarif"]).out);
  const sup = sarif.runs[0].results.filter((x: { suppressions?: unknown[] }) => x.suppressions);
  assert.ok(sup.length >= 4);
  assert.ok(sup.some((x: { suppressions: { kind: string; justification?: string }[] }) => x.suppressions[0].kind === "inSource" && x.suppressions[0].justification === "the helper is only used on Windows 10"));
  // A suppressed error does not fail the run.
  const only = project({ "a.c": c.replace("lfp/rejects-einval, lfp/deprecated", "lfp/rejects-einval") });
  assert.is(run(only, ["."]).code, 0);
  assert.match(run(only, ["."]).out, /\(1 suppressed\)/);
  rmSync(dir, { recursive: true, force: true });
  rmSync(only, { recursive: true, force: true });
});

t("--baseline: only findings new since the baseline count; fingerprints survive lines moved", () => {
  const dir = project({ "a.c": LIBZMQ_LIKE });
  const base = join(dir, "base.sarif");
  assert.is(run(dir, [".", "--format", "sarif", "--output", base]).code, 1);
  writeFileSync(join(dir, "a.c"), `// a header comment\n\n\n${LIBZMQ_LIKE}`);
  const again = run(dir, [".", "--baseline", base]);
  assert.is(again.code, 0, again.out);
  assert.match(again.out, /0 error\(s\), 0 warning\(s\), 0 note\(s\) \(3 in the baseline\)/);
  const sarif = JSON.parse(run(dir, [".", "--baseline", base, "--format", "sarif"]).out);
  assert.equal(sarif.runs[0].results.map((x: { baselineState: string }) => x.baselineState), ["unchanged", "unchanged", "unchanged"]);
  // A second call site is new.
  writeFileSync(join(dir, "b.c"), LIBZMQ_LIKE.replace("tune(", "tune2(").replace("tune(w)", "tune2(w)"));
  const more = run(dir, [".", "--baseline", base]);
  assert.is(more.code, 1);
  assert.match(more.out, /b\.c:6:20/);
  assert.not.match(more.out, /^a\.c:/m);
  rmSync(dir, { recursive: true, force: true });
});

t("--output writes the file whole and prints one line; --quiet keeps errors only", () => {
  const dir = project({ "a.c": LIBZMQ_LIKE });
  const r = run(dir, [".", "--output", "out.txt"]);
  assert.is(r.code, 1);
  assert.match(r.out, /^lfp lint: wrote out\.txt \(text\): 1 call site\(s\), 3 finding\(s\), 1 at or above --fail-on error\n$/);
  assert.match(readFileSync(join(dir, "out.txt"), "utf8"), /lfp\/rejects-einval/);
  const q = run(dir, [".", "--quiet"]);
  assert.match(q.out, /lfp\/rejects-einval/);
  assert.not.match(q.out, /lfp\/after-connect|lfp\/deprecated/);
  const bad = run(dir, [".", "--output", join(dir, "no/such/dir/out.txt")]);
  assert.is(bad.code, 2);
  assert.match(bad.err, /--output .*: ENOENT/);
  rmSync(dir, { recursive: true, force: true });
});

t("text: colour by level with FORCE_COLOR or --color, none with NO_COLOR or --no-color; fix lines; a summary per rule; wrapping", () => {
  const dir = project({ "a.c": LIBZMQ_LIKE });
  const coloured = run(dir, ["."], { FORCE_COLOR: "1", NO_COLOR: undefined }).out;
  assert.match(coloured, /\x1b\[31merror {2}\x1b\[0m lfp\/rejects-einval/);
  assert.match(coloured, /\x1b\[33mwarning\x1b\[0m lfp\/after-connect/);
  assert.match(coloured, /\x1b\[36mnote {3}\x1b\[0m lfp\/deprecated/);
  assert.match(run(dir, [".", "--color"]).out, /\x1b\[31m/);
  assert.not.match(run(dir, [".", "--no-color"], { FORCE_COLOR: "1", NO_COLOR: undefined }).out, /\x1b\[/);
  const plain = run(dir, ["."]).out;
  assert.not.match(plain, /\x1b\[/);
  assert.match(plain, /\n {10}fix: Treat every failure of this optional call as "fast path not available"/);
  assert.match(plain, /\n {10}stage: a\.c:13:5 `connect\(w, a, len\)` sets the socket's stage \(connected\) before the ioctl/);
  assert.match(plain, /\nlfp\/rejects-einval +1 error\nlfp\/after-connect +1 warning\nlfp\/deprecated +1 note\n/);
  for (const line of wrap(`  warning lfp/after-connect ${"word ".repeat(60)}end`, 80, 10)) assert.ok(line.length <= 80, line);
  assert.equal(wrap("short line", 80, 4), ["short line"]);
  assert.equal(wrap("x".repeat(100), 80, 4), ["x".repeat(100)], "a word longer than the line is not cut");
  rmSync(dir, { recursive: true, force: true });
});

t("results do not depend on which files are named: one file finds its project's callers (the project root is the nearest .git)", () => {
  const dir = project({
    "src/tune.c": "#include <winsock2.h>\nvoid tune(SOCKET s) { int one = 1; DWORD n; if (WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, sizeof one, NULL, 0, &n, NULL, NULL) == SOCKET_ERROR && WSAGetLastError() != WSAEOPNOTSUPP) abort(); }\n",
    "lib/server.c": "#include <winsock2.h>\nvoid serve(void) { SOCKET l = socket(AF_INET, SOCK_STREAM, 0); bind(l, 0, 0); listen(l, 5); tune(l); }\n",
  });
  const whole = json(dir, ["."]);
  const one = json(join(dir, "src"), ["tune.c"]);
  const strip = (r: ReturnType<typeof json>) => r.sites.map((s) => ({ line: s.start.line, findings: s.findings.map((f) => f.id) }));
  assert.equal(strip(one), strip(whole));
  assert.ok(one.sites[0].findings.some((f) => f.id === "lfp/after-listen"), "the caller in lib/server.c decides the stage");
  rmSync(dir, { recursive: true, force: true });
});

t("files in other languages that mention the code are listed as not linted; invalid UTF-8 in a comment is linted with a note", () => {
  const dir = project({
    "Fast.fs": "let SIO_LOOPBACK_FAST_PATH = 0x98000010\nsocket.IOControl(SIO_LOOPBACK_FAST_PATH, BitConverter.GetBytes(1), null) |> ignore\n",
    "Fast.vb": "Const SIO_LOOPBACK_FAST_PATH As Integer = -1744830448\n",
    "Other.fs": "let x = 1\n",
    "latin1.c": Buffer.concat([Buffer.from("/* caf"), Buffer.from([0xe9]), Buffer.from(" */\nint x;\n")]),
  });
  const r = run(dir, ["."]);
  assert.is(r.code, 0, r.out);
  assert.match(r.out, /^Fast\.fs: not linted: F# \(it mentions SIO_LOOPBACK_FAST_PATH; lfp lint reads C\/C\+\+, C#, Python, Go and Rust\)$/m);
  assert.match(r.out, /^Fast\.vb: not linted: VB\.NET/m);
  assert.not.match(r.out, /Other\.fs/);
  writeFileSync(join(dir, "latin1.c"), Buffer.concat([Buffer.from("/* caf"), Buffer.from([0xe9]), Buffer.from(` */\n${LIBZMQ_LIKE.replace("abort();", "printf(\"no fast path\\n\");")}`)]));
  const u = run(dir, ["latin1.c"]);
  assert.is(u.code, 0, u.out);
  assert.match(u.out, /latin1\.c: note: invalid UTF-8 at byte 6; linted with replacement characters/);
  assert.match(u.out, /latin1\.c:7:20 {2}WSAIoctl in tune\(\)/);
  // Named explicitly, a file lint does not read is not a silent pass.
  for (const [name, why] of [["Fast.fs", /not linted: F# is not a language lfp lint reads/], ["notes.txt", /not linted: not a C\/C\+\+, C#, Python, Go or Rust source file/]] as const) {
    writeFileSync(join(dir, "notes.txt"), "text");
    const x = run(dir, [name]);
    assert.is(x.code, 1, name);
    assert.match(x.out, why);
  }
  rmSync(dir, { recursive: true, force: true });
});

t("issue 20: a FIFO, a link to one, /dev/stdin and /dev/zero as .gitignore or source: a message, no hang, bounded memory", () => {
  const dir = project({ "a.c": LIBZMQ_LIKE });
  execFileSync("mkfifo", [join(dir, ".gitignore")]);
  execFileSync("mkfifo", [join(dir, "pipe.c")]);
  mkdirSync(join(dir, "sub"));
  symlinkSync(join(dir, "pipe.c"), join(dir, "sub", "link-to-pipe.c"));
  symlinkSync("/dev/stdin", join(dir, "sub", ".gitignore"));
  mkdirSync(join(dir, "zero"));
  symlinkSync("/dev/zero", join(dir, "zero", ".gitignore"));
  symlinkSync("/dev/zero", join(dir, "zero", "z.c"));
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [lfp, "lint", "."], { cwd: dir, encoding: "utf8", env, timeout: 30_000, input: "" });
  assert.is(r.signal, null, "it finished by itself");
  assert.ok(Date.now() - t0 < 30_000);
  assert.is(r.status, 1);
  assert.match(r.stdout, /^\.gitignore: not linted: not read: a FIFO \(named pipe\), not a regular file; its rules are not applied$/m);
  assert.match(r.stdout, /^pipe\.c: not linted: not read: a FIFO \(named pipe\), not a regular file$/m);
  assert.match(r.stdout, /^sub\/link-to-pipe\.c: not linted: not read: a FIFO \(named pipe\), not a regular file$/m);
  // /dev/stdin is here a socket pair (libuv's pipes), which cannot be opened: a message too.
  assert.match(r.stdout, /^sub\/\.gitignore: not linted: (not read: a (FIFO \(named pipe\)|character device|socket), not a regular file|cannot read: ENXIO); its rules are not applied$/m);
  assert.match(r.stdout, /^zero\/\.gitignore: not linted: not read: a character device, not a regular file; its rules are not applied$/m);
  assert.match(r.stdout, /^zero\/z\.c: not linted: not read: a character device, not a regular file$/m);
  assert.match(r.stdout, /^a\.c:6:20/m, "the rest is linted");
  // Named explicitly: a FIFO and a device are not a silent exit 0.
  for (const name of ["pipe.c", "zero/z.c"]) {
    const x = spawnSync(process.execPath, [lfp, "lint", name], { cwd: dir, encoding: "utf8", env, timeout: 30_000 });
    assert.is(x.status, 1, name);
    assert.match(x.stdout, new RegExp(`^${name.replace(".", "\\.")}: not linted: not read: a (FIFO \\(named pipe\\)|character device), not a regular file$`, "m"));
  }
  rmSync(dir, { recursive: true, force: true });
});

t("issue 20: a source that turns into a FIFO after the walk is read without blocking: an empty read is checked, a writer that sends nothing cannot hold it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-fifo-"));
  const fifo = join(dir, "late.c");
  execFileSync("mkfifo", [fifo]);
  const t0 = Date.now();
  const a = readSourceView(fifo, 1 << 20);
  assert.equal(a, { ok: false, reason: "not read: a FIFO (named pipe), not a regular file" });
  // A writer holds it open and never writes: the read does not wait for it.
  const writer = spawn("sh", ["-c", `exec 3>"${fifo}"; sleep 20`], { stdio: "ignore" });
  await new Promise((res) => setTimeout(res, 300));
  const b = readSourceView(fifo, 1 << 20);
  assert.not.ok(b.ok);
  assert.match((b as { reason: string }).reason, /EAGAIN|not a regular file/);
  writer.kill();
  assert.ok(Date.now() - t0 < 10_000, "no wait");
  // readRegular (configuration, baselines) checks with fstat before reading.
  assert.equal(readRegular("/dev/zero", 1 << 20), { ok: false, reason: "not read: a character device, not a regular file" });
  rmSync(dir, { recursive: true, force: true });
});

t("issue 20: the callers' pass reads each project file once, skips files over the size limit, and holds no more than the limit in memory", async () => {
  const files: Record<string, string> = {};
  // 20 helpers, each with its socket a parameter and no caller in its file, and 400 other files.
  for (let i = 0; i < 20; i++) files[`helpers/h${i}.c`] = `void helper${i}(SOCKET s) { int one = 1; DWORD n; WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, 4, NULL, 0, &n, NULL, NULL); }\n`;
  for (let i = 0; i < 400; i++) files[`other/o${i}.c`] = i % 40 === 0 ? `void use${i}(void) { SOCKET s = socket(AF_INET, SOCK_STREAM, 0); connect(s, 0, 0); helper${i / 40}(s); }\n` : `int f${i}(void) { return ${i}; }\n`;
  const dir = project(files);
  // A 1.5 GB file (sparse) that names a helper: over the limit, it is not read.
  const big = join(dir, "other", "huge.c");
  writeFileSync(big, "void x(void) { helper1(s); }\n");
  truncateSync(big, 1536 * 1024 * 1024);
  const linter = nodeLinter(await model());
  const rss0 = process.memoryUsage().rss;
  const t0 = Date.now();
  const report = await lintPaths(linter, [join(dir, "helpers")], dir);
  const ms = Date.now() - t0;
  assert.is(report.sites.length, 20);
  assert.ok(report.stats.callerFiles! <= 422, `each file of the project read at most once by the callers' pass: ${report.stats.callerFiles}`);
  assert.is(report.stats.callerParsed, 10, "only the files that name a helper are parsed, once each");
  assert.ok(report.sites.filter((s) => s.findings.some((f) => f.id === "lfp/after-connect")).length === 10);
  assert.ok(process.memoryUsage().rss - rss0 < 400 * 1024 * 1024, `memory: ${(process.memoryUsage().rss - rss0) / 1048576} MiB more`);
  assert.ok(ms < 30_000, `${ms} ms`);
  rmSync(dir, { recursive: true, force: true });
});

t("grammars load only for the languages that have a byte match", async () => {
  const dir = project({ "a.py": "import socket\ns = socket.socket()\ns.ioctl(socket.SIO_LOOPBACK_FAST_PATH, True)\n", "b.cs": "class B { }\n", "c.c": "int main(void) { return 0; }\n", "d.rs": "fn main() {}\n" });
  const linter = nodeLinter(await model());
  const report = await lintPaths(linter, [dir], dir);
  assert.equal(linter.loadedLanguages, ["python"]);
  assert.equal([report.stats.files, report.stats.parsed], [4, 1]);
  rmSync(dir, { recursive: true, force: true });
});

t("without the parser packages, lfp lint exits 2 and prints the command that installs them (ranges from package.json)", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { peerDependencies?: Record<string, string>; dependencies?: Record<string, string> };
  const range = (n: string) => pkg.peerDependencies?.[n] ?? pkg.dependencies?.[n];
  // A copy of the built package with no node_modules: the packages cannot be resolved from it.
  const dir = mkdtempSync(join(tmpdir(), "lfp-noparsers-"));
  cpSync(join(root, "bin"), join(dir, "bin"), { recursive: true });
  cpSync(join(root, "build/dist/node"), join(dir, "build/dist/node"), { recursive: true });
  writeFileSync(join(dir, "package.json"), readFileSync(join(root, "package.json")));
  const r = spawnSync(process.execPath, [join(dir, "bin/lfp.js"), "lint", "."], { cwd: dir, encoding: "utf8", env });
  assert.is(r.status, 2, r.stderr);
  const want = `npm install --save-dev web-tree-sitter@${range("web-tree-sitter")} @vscode/tree-sitter-wasm@${range("@vscode/tree-sitter-wasm")}`;
  assert.ok(r.stderr.includes(`\n  ${want}\n`), r.stderr);
  assert.match(r.stderr, /^lfp lint: web-tree-sitter and @vscode\/tree-sitter-wasm cannot be found/);
  assert.not.match(r.stderr, /\n\s+at /);
  assert.is(r.stdout, "");
  rmSync(dir, { recursive: true, force: true });
});

t("formatText with a width wraps findings under their indent", () => {
  const text = formatText({ sites: [], problems: [{ file: "x.c", reason: `not read: ${"long ".repeat(30)}` }], stats: { files: 1, parsed: 0, bytes: 0, ms: 1 } }, { width: 60 });
  for (const line of text.split("\n")) assert.ok(line.length <= 60 || !line.includes(" "), line);
  assert.ok(text.split("\n").length > 3);
});

t.run();
