import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { startPlayground, fileFor, playgroundDir } from "../host/cli/playground.js";
import { lfp, plainEnv, root } from "./helpers.js";

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [lfp, ...args], { cwd: root, encoding: "utf8", env: plainEnv });
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
  assert.equal(d.conforming.map((o: { error: { name: string }; grade: string }) => [o.error.name, o.grade]), [["WSAEINVAL", "documented"], ["WSAEOPNOTSUPP", "documented"], ["WSAENOPROTOOPT", "documented"]]);
  // Every profile, the typical call: windows-7 follows windows, and its provider does not know the code (hotfix#51).
  const all = JSON.parse(run("check", "--json").out).profiles as { profile: string; follows: string | null; preferred: { ret: number; error: { name: string } | null }; grade: string }[];
  assert.equal(all.map((x) => [x.profile, x.follows]), [["documented", null], ["windows", null], ["wine", null], ["reactos", null], ["windows-7", "windows"]]);
  assert.equal(all.map((x) => x.preferred.error?.name ?? 0), [0, 0, "WSAEOPNOTSUPP", "WSAEINVAL", "WSAEOPNOTSUPP"]);
  assert.equal([all[4].grade, all[4].preferred.ret], ["observed", -1]);
});

cli("check --explain: every deciding rule's text, its citations and their quoted passages, in text and in --json", () => {
  const passages = JSON.parse(readFileSync(`${root}docs/evidence/passages.json`, "utf8")).passages as Record<string, { quote: string; where: string }>;
  const r = run("check", "--in", "bytes:0100", "--profile", "windows", "--explain");
  assert.is(r.code, 0, r.err);
  const why = r.out.slice(r.out.indexOf("\nwhy: "));
  assert.match(why, /^\nwhy: the rule above, with its sources\n\nin\.too-small: cbInBuffer < 4 cannot hold the BOOL/);
  assert.match(why, /^  grades: documented documented, windows documented$/m);
  const cited = [...why.matchAll(/^ {2}\[\d+\] (.+?)(?: \(.*\))?$/gm)].map((m) => m[1]); // the citation, without its comment
  assert.ok(cited.includes("wsaioctl#Return value/WSAEFAULT") && cited.length >= 4, cited.join("; "));
  for (const c of cited) {
    const p = passages[c];
    assert.ok(p, `${c}: a passage in docs/evidence/passages.json`);
    assert.ok(why.includes(p.where), `${c}: where its passage is`);
    for (const line of p.quote.split("\n")) assert.ok(why.includes(`      > ${line}`.trimEnd()), `${c}: its quote, line by line: ${line}`);
  }
  // --json: one explanation per rule that decided any conforming outcome shown, the passages as the evidence has them.
  const j = JSON.parse(run("check", "--handle", "udp", "--explain", "--json").out);
  const rules = new Set<string>(j.profiles.flatMap((p: { conforming: { rule: { id: string } }[] }) => p.conforming.map((o) => o.rule.id)));
  assert.equal(j.explanations.map((x: { id: string }) => x.id).sort(), [...rules].sort());
  let quoted = 0;
  for (const x of j.explanations as { sources: { citation: string; quote?: string }[] }[]) {
    for (const c of x.sources) if (c.quote !== undefined) { quoted++; assert.is(c.quote, passages[c.citation]?.quote, c.citation); }
  }
  assert.ok(quoted > 3, `${quoted} passages`);
  // Without the flag, neither.
  assert.not.match(run("check", "--in", "bytes:0100", "--profile", "windows").out, /why: |      > /);
  assert.is(JSON.parse(run("check", "--json").out).explanations, undefined);
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
  assert.match(run("check", "--cb-in", "4294967296").err, /--cb-in: must be an unsigned 32-bit number/);
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

cli("--version, help <command>, and a usage error prints the message and one short usage, once", () => {
  const v = run("--version");
  assert.is(v.code, 0);
  assert.is(v.out.trim(), JSON.parse(readFileSync(`${root}package.json`, "utf8")).version);
  const h = run("help", "check");
  assert.is(h.code, 0);
  assert.match(h.out, /^Usage: lfp check/);
  assert.match(h.out, /--cb-in <n>/);
  assert.is(run("help", "frob").code, 2);
  const e = run("check", "--cb-in", "-1");
  assert.is(e.code, 2);
  assert.match(e.err, /^lfp check: --cb-in: must be an unsigned 32-bit number/);
  assert.is(e.err.match(/Usage:/g)?.length, 1, "usage once");
  assert.ok(e.err.trim().split("\n").length <= 3, `short: ${e.err}`);
  assert.is(e.out, "");
});

cli("spec: a run that selects no case exits 2 with \"no cases matched\"; --grep, --bail and --reporter junit", () => {
  const none = run("spec", "--grep", "no-such-case");
  assert.is(none.code, 2);
  assert.match(none.err, /no cases matched/);
  const sel = run("spec", "--grep", "^in\\.too-small/.*\\[wine\\]$", "--no-color");
  assert.is(sel.code, 0, sel.err);
  const lines = sel.out.trim().split("\n").filter((l) => l.startsWith("pass "));
  assert.ok(lines.length > 0 && lines.every((l) => / \[wine\] \([\d.]+ ms\)$/.test(l)), sel.out);
  const bail = run("spec", "spec-tests/fixtures/failing.json", "--bail", "--no-color");
  assert.is(bail.code, 1);
  assert.match(bail.out, /stopped at the first failure/);
  const junit = run("spec", "--reporter", "junit", "--grep", "^in\\.");
  assert.is(junit.code, 0);
  assert.match(junit.out, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
  const colour = spawnSync(process.execPath, [lfp, "spec", "--grep", "^in\\.too-small/", "--profile", "wine"], { cwd: root, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "1", NO_COLOR: "" } });
  assert.match(colour.stdout, "\x1b[32mpass\x1b[0m");
});

cli("check lays the profiles out side by side on a wide terminal", () => {
  const wide = spawnSync(process.execPath, ["-e", `process.stdout.isTTY = true; process.stdout.columns = 240; require(${JSON.stringify(`${root}build/dist/node/host/cli/main.cjs`)}).main(["check", "--handle", "udp"])`], { cwd: root, encoding: "utf8", env: { ...plainEnv, NO_COLOR: "1" } });
  const lines = wide.stdout.split("\n");
  const header = lines.find((l) => /^documented\s+windows\s+wine\s+reactos\s+windows-7 \(follows windows\)\s*$/.test(l));
  assert.ok(header, wide.stdout + wide.stderr);
  assert.ok(lines.some((l) => /WSAEINVAL \(10022\)\s+.*WSAEOPNOTSUPP \(10045\)/.test(l)), wide.stdout);
  const narrow = run("check", "--handle", "udp");
  assert.match(narrow.out, /^documented\n  ret -1/m, "not a terminal: one profile below the other");
});

/** Send raw bytes to the server and read what it answers (the status line), or "closed". */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, "127.0.0.1", () => sock.write(request)); // no half-close: the server closes (connection: close)
    let data = "";
    sock.on("data", (d) => { data += d.toString("latin1"); });
    sock.on("error", () => resolve(data.split("\r\n")[0] || "closed"));
    sock.on("close", () => resolve(data.split("\r\n")[0] || "closed"));
  });
}

cli("the playground server survives malformed paths, traversal, huge headers and odd methods", async () => {
  const { server, url } = await startPlayground(0);
  const port = Number(new URL(url).port);
  try {
    const get = (path: string, extra = "") => raw(port, `GET ${path} HTTP/1.1\r\nhost: x\r\n${extra}connection: close\r\n\r\n`);
    const hostile: [string, Promise<string>, RegExp][] = [
      ["malformed escape", get("/%E0%A4%A"), / 400 /],
      ["bad escape", get("/%"), / 400 /],
      ["NUL", get("/index.html%00.js"), / 400 /],
      ["traversal", get("/../../../../etc/passwd"), / 404 /],
      ["encoded traversal", get("/..%2f..%2f..%2f..%2fetc%2fpasswd"), / 40[34] /],
      ["double-encoded traversal", get("/%252e%252e/%252e%252e/etc/passwd"), / 404 /],
      ["backslash traversal", get("/..\\..\\package.json"), / 40[034] /],
      ["absolute-form", raw(port, "GET http://evil/../../etc/passwd HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"), / 404 /],
      ["huge header", get("/", `x-big: ${"a".repeat(100_000)}\r\n`), / 431 |closed/],
      ["many headers", get("/", Array.from({ length: 3000 }, (_, i) => `x-h${i}: v\r\n`).join("")), / 431 |closed/],
      ["odd method", raw(port, "BREW / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"), / 40[05] /],
      ["DELETE", raw(port, "DELETE /index.html HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"), / 405 /],
      ["garbage", raw(port, "\x00\x01\x02 garbage\r\n\r\n"), / 400 |closed/],
      ["directory", get("/"), / 200 /],
    ];
    for (const [what, answer, expected] of hostile) assert.match(await answer, expected, what);
    assert.is(fileFor("/../../etc/passwd", playgroundDir), `${playgroundDir}etc/passwd`, "URL resolution keeps .. inside");
    assert.is(fileFor("/..%2f..%2fetc", playgroundDir), 403);
    const page = await fetch(url);
    assert.is(page.status, 200, "still serving after all of it");
    assert.match(await page.text(), /<html/);
    assert.is((await fetch(`${url}app.js`, { method: "HEAD" })).headers.get("content-type"), "text/javascript; charset=utf-8");
  } finally {
    server.close();
  }
});

cli.run();
