import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { lfp, root } from "./helpers.js";

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [lfp, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const cli = suite("lfp CLI");

cli("check explains the typical call per profile with the seed section", () => {
  const r = run("check", "--in", "bool:1", "--cb-in", "4", "--cb-out", "0", "--bytes-returned", "valid");
  assert.is(r.code, 0);
  assert.match(r.out, /^windows\n  ret 0   error 0   \*lpcbBytesReturned 0   \[inferred\]$/m);
  assert.match(r.out, /also conforming \(1\):\n  - ret 0   error 0   \*lpcbBytesReturned nonzero   \[documented, rule success\.sync\]/);
  assert.match(r.out, /rule success\.sync: /);
  assert.match(r.out, /source seed#Parameters\/lpcbBytesReturned/);
  assert.match(r.out, /^wine\n  ret -1   error WSAEOPNOTSUPP \(10045\)/m);
});

cli("check --step takes a vector ioctl step; --json prints the outcomes", () => {
  const r = run("check", "--step", '{"op":"ioctl","socket":"not-a-socket","overlapped":{"event":true}}', "--profile", "wine", "--json");
  assert.is(r.code, 0);
  const j = JSON.parse(r.out);
  assert.is(j.profiles.length, 1);
  const w = j.profiles[0];
  assert.equal([w.profile, w.grade, w.conforming.length], ["wine", "observed", 1]);
  assert.equal([w.preferred.ret, w.preferred.error.name, w.preferred.completion.via], [-1, "WSA_IO_PENDING", "event"]);
  const d = JSON.parse(run("check", "--handle", "udp", "--profile", "documented", "--json").out).profiles[0];
  assert.equal(d.conforming.map((o: { error: { name: string }; grade: string }) => [o.error.name, o.grade]), [["WSAEINVAL", "documented"], ["WSAEOPNOTSUPP", "documented"]]);
});

cli("usage errors exit 2 with a message and no stack trace", () => {
  for (const args of [
    ["check", "--bogus"], ["check", "--cb-in", "-1"], ["check", "--cb-in", "4294967296"], ["check", "--handle", "pipe"],
    ["check", "--in", "bool"], ["check", "--profile", "win95"], ["check", "--step", "{"], ["check", "--step", "{}", "--cb-in", "4"],
    ["check", "--step", '{"cbIn":-4}'], ["spec", "--target", "moon"], ["spec", "--reporter", "xml"], ["spec", "--profile", "x"], ["frob"], [],
  ]) {
    const r = run(...args);
    assert.is(r.code, 2, args.join(" "));
    assert.not.match(r.err, /\n\s+at /, `no stack trace for ${args.join(" ")}`);
    assert.ok(r.err.length > 0 || r.out.length > 0, `a message for ${args.join(" ")}`);
  }
  assert.match(run("check", "--bogus").err, /Unknown option '--bogus'/);
  assert.match(run("check", "--cb-in", "4294967296").err, /--cb-in: expected an unsigned 32-bit number/);
  assert.match(run("check", "--step", '{"cbIn":-4}').err, /cbIn: expected an unsigned 32-bit integer/);
});

cli("help for each command exits 0", () => {
  for (const c of ["spec", "check"]) {
    const r = run(c, "--help");
    assert.is(r.code, 0);
    assert.match(r.out, `Usage: lfp ${c}`);
  }
  assert.is(run("--help").code, 0);
});

cli("spec: exit 1 on a failing vector, 2 on a malformed one, 0 on the suite", () => {
  const bad = run("spec", "spec-tests/fixtures/bad/unknown-field.json");
  assert.is(bad.code, 2);
  assert.is(bad.err.trim(), 'lfp spec: spec-tests/fixtures/bad/unknown-field.json: case "bad/unknown-field", step 1 (ioctl): unknown field "cbInn"');
  const failing = run("spec", "spec-tests/fixtures/failing.json", "--profile", "windows");
  assert.is(failing.code, 1);
  assert.match(failing.out, /0 passed, 1 failed, 0 skipped$/m);
  const ok = run("spec", "--quiet", "--reporter", "tap");
  assert.is(ok.code, 0);
  assert.match(ok.out, /^# \d+ passed, 0 failed, 0 skipped$/m);
});

cli("doctor reports every part; playground and native target refuse bad input clearly", () => {
  const d = run("doctor");
  assert.is(d.code, 0, d.out);
  for (const part of ["Wasm model", "Wine", "Windows Node", "koffi win32", "ws2_32 loads (under Wine)", "WSAStartup (under Wine)"]) assert.match(d.out, `ok      ${part}`);
  const p = run("playground", "--port", "http");
  assert.is(p.code, 2);
  assert.match(p.err, /--port: expected a port number/);
  const n = run("spec", "--target", "native");
  assert.is(n.code, 2);
  assert.match(n.err, /--target native needs Windows \(this is linux\); on Linux use --target wine/);
});

cli.run();
