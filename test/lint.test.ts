// lfp lint on snippets written for these tests (the corpus in test/lint-corpus holds the
// real call sites): the findings no corpus file shows, every language, the model as the
// source of every outcome, and hostile input.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { model, root, lfp, setUp } from "./helpers.js";
import { nodeLinter, lintPaths } from "../host/lint/node.js";
import type { CallSite, LintLanguage } from "../host/lint/types.js";
import type { Linter } from "../host/lint/engine.js";
import type { ProfileName } from "../host/api.js";

let linter: Linter;
const lint = async (lang: LintLanguage, text: string | Uint8Array, file = "snippet") => linter.lintSource(file, lang, text);
const one = async (lang: LintLanguage, text: string): Promise<CallSite> => {
  const r = await lint(lang, text);
  assert.is(r.sites.length, 1, `one call site in:\n${text}`);
  return r.sites[0];
};
const ids = (s: CallSite) => s.findings.map((f) => f.id);
const finding = (s: CallSite, id: string) => {
  const f = s.findings.find((x) => x.id === id);
  assert.ok(f, `${id} in ${ids(s).join(", ")}`);
  return f!;
};
const cFn = (body: string) => `#include <winsock2.h>\nvoid f(SOCKET l) {\n${body}\n}\n`;
const CALL = "WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, sizeof(one), NULL, 0, &n, NULL, NULL)";

const t = suite("lfp lint on written snippets");

setUp(t, async () => {
  linter = nodeLinter(await model(), { parseMs: 20_000 });
});

t("a datagram socket: lfp/udp-socket, with the model's scenario verdicts", async () => {
  const s = await one("cpp", cFn(`SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);\nint one = 1; DWORD n;\nif (${CALL} == SOCKET_ERROR) printf("no fast path\\n");`));
  assert.equal(s.sockets.map((c) => [c.stage, c.type]), [["created", "datagram"]]);
  assert.is(s.errors.policy, "logged");
  const f = finding(s, "lfp/udp-socket");
  // The same question asked of the model directly: a dgram socket, the typical call.
  const m = await model();
  for (const v of f.evidence) {
    const sc = m.scenario(v.profile as ProfileName);
    const o = sc.ioctl(sc.socket({ type: "dgram" }).socket!, { in: { bool: 1 }, cbIn: 4 });
    assert.equal([v.ret, v.error, v.rule], [o.ret, o.error === null ? "0" : o.error.name, o.rule.id], v.profile);
  }
  assert.ok(f.evidence.some((v) => v.rule === "socket.not-tcp"), "the model's socket.not-tcp decides on documented/windows");
});

t("after listen(), after connect(), an accepted socket: the stage findings", async () => {
  const listen = await one("cpp", cFn(`SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);\nbind(s, (SOCKADDR*)&a, sizeof a);\nlisten(s, SOMAXCONN);\nint one = 1; DWORD n;\n${CALL};`));
  assert.equal(listen.sockets.map((c) => c.stage), ["listening"]);
  assert.ok(ids(listen).includes("lfp/after-listen"));
  assert.ok(ids(listen).includes("lfp/errors-ignored"));
  const connected = await one("cpp", cFn(`SOCKET s = WSASocketW(AF_INET6, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);\nconnect(s, (SOCKADDR*)&a, sizeof a);\nint one = 1; DWORD n;\nif (${CALL} != 0) abort();`));
  assert.equal(connected.sockets.map((c) => c.stage), ["connected"]);
  const ac = finding(connected, "lfp/after-connect");
  assert.ok(ac.evidence.every((v) => v.path === "slow"), "the model keeps the connection on the slow path");
  assert.ok(ids(connected).includes("lfp/fails-on-unsupported"));
  const accepted = await one("cpp", cFn(`SOCKET s = accept(l, NULL, NULL);\nint one = 1; DWORD n;\n(void)${CALL};`));
  assert.equal(accepted.sockets.map((c) => c.stage), ["accepted"]);
  assert.ok(ids(accepted).includes("lfp/accepted-socket"));
});

t("the stage through a helper: the callers in the same file are followed", async () => {
  const r = await lint("cpp", `static void fast(SOCKET h) { int one = 1; DWORD n; WSAIoctl(h, SIO_LOOPBACK_FAST_PATH, &one, 4, NULL, 0, &n, NULL, NULL); }
void client(const sockaddr* a) { SOCKET c = socket(AF_INET, SOCK_STREAM, 0); fast(c); connect(c, a, 16); }
void server(const sockaddr* a) { SOCKET l = socket(AF_INET, SOCK_STREAM, 0); bind(l, a, 16); listen(l, 5); fast(l); }`);
  assert.equal(r.sites[0].sockets.map((c) => c.stage), ["created", "listening"]);
  assert.ok(ids(r.sites[0]).includes("lfp/after-listen"));
  assert.not.ok(ids(r.sites[0]).includes("lfp/after-connect"));
});

t("sizeof(bool), NULL lpcbBytesReturned, a BOOL of -1, the IOC_WS2 code: call-shape findings from the call check", async () => {
  const m = await model();
  const small = await one("cpp", cFn(`SOCKET s = l; bool on = true; DWORD n;\nWSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, sizeof(on), NULL, 0, &n, NULL, NULL);`));
  assert.equal([small.shape.cbIn.known && small.shape.cbIn.value], [1]);
  const cb = finding(small, "lfp/cb-in");
  assert.is(cb.level, "error");
  assert.equal(cb.evidence.map((v) => v.rule), m.evaluateAll({ in: { bool: 1 }, cbIn: 1 }).map((o) => o.rule.id));
  const nul = await one("cpp", cFn(`SOCKET s = l; int one = 1;\nWSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, sizeof(one), NULL, 0, NULL, NULL, NULL);`));
  assert.is(nul.shape.bytesReturned, "null");
  const br = finding(nul, "lfp/bytes-returned-null");
  assert.equal(br.evidence.map((v) => v.rule), m.evaluateAll({ bytesReturned: null }).map((o) => o.rule.id));
  assert.ok(br.evidence.every((v) => v.ret === -1 && v.error === "WSAEFAULT"));
  const neg = await one("cpp", cFn(`SOCKET s = l; int True = -1; DWORD n;\nWSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &True, 4, NULL, 0, &n, NULL, NULL);`));
  assert.match(finding(neg, "lfp/bool-not-one").message, /4294967295/);
  const ws2 = await one("cpp", cFn(`SOCKET s = l; int one = 1; DWORD n;\nWSAIoctl(s, _WSAIOW(IOC_WS2, 16) /* SIO_LOOPBACK_FAST_PATH */, &one, 4, NULL, 0, &n, NULL, NULL);`));
  assert.is(finding(ws2, "lfp/wrong-code").level, "error");
  assert.equal(ws2.model.call.map((v) => v.rule), m.evaluateAll({ code: 0x88000010 }).map((o) => o.rule.id));
});

t("an overlapped call and WSPIoctl reach the model as such", async () => {
  const ov = await one("cpp", cFn(`SOCKET s = l; int one = 1; DWORD n; WSAOVERLAPPED o = {0};\nWSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, 4, NULL, 0, &n, &o, NULL);`));
  assert.ok(ov.shape.overlapped);
  assert.equal(ov.model.modelCall.overlapped, { event: true });
  const wsp = await one("cpp", cFn(`SOCKET s = l; int one = 1; DWORD n; int err;\nproc->lpWSPIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, 4, NULL, 0, &n, NULL, NULL, NULL, &err);`));
  assert.is(wsp.shape.api, "WSPIoctl");
});

t("C#, Python, Go and Rust call sites", async () => {
  const cs = await one("c-sharp", `class C { void F() { var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    s.IOControl(unchecked((int)0x98000010), BitConverter.GetBytes(true), null); } }`);
  assert.equal([cs.shape.api, cs.shape.cbIn.known && cs.shape.cbIn.value, cs.sockets[0].type], ["Socket.IOControl", 1, "datagram"]);
  assert.ok(ids(cs).includes("lfp/cb-in") && ids(cs).includes("lfp/udp-socket"));
  const py = await one("python", `import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nresult = s.ioctl(socket.SIO_LOOPBACK_FAST_PATH, 1)\n`);
  assert.ok(ids(py).includes("lfp/udp-socket"));
  assert.ok(ids(py).includes("lfp/uses-bytes-returned"), "socket.ioctl returns the bytes-returned DWORD");
  const go = await one("go", `package p
const SIO_LOOPBACK_FAST_PATH = 0x98000010
func f(fd windows.Handle) error {
	v := uint32(1)
	var n uint32
	err := windows.WSAIoctl(fd, SIO_LOOPBACK_FAST_PATH, (*byte)(unsafe.Pointer(&v)), uint32(unsafe.Sizeof(v)), nil, 0, &n, nil, 0)
	if err != nil && err != windows.WSAEOPNOTSUPP {
		return err
	}
	return nil
}`);
  assert.equal([go.shape.bool?.known && go.shape.bool.value, go.shape.cbIn.known && go.shape.cbIn.value, go.errors.policy], [1, 4, "opnotsupp-only"]);
  assert.not.ok(go.errors.returnComparedToError, "Go's WSAIoctl returns the errno itself");
  const rs = await one("rust", `fn f(s: SOCKET) -> i32 { let on: u32 = 1; let mut n: u32 = 0;
    let r = unsafe { WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on as *const _ as *const c_void, 4, null_mut(), 0, &mut n, null_mut(), None) };
    if r == WSAEOPNOTSUPP { return 0; } r }`);
  assert.ok(rs.errors.returnComparedToError);
  assert.ok(ids(rs).includes("lfp/return-compared-to-error"));
  // The last error compared next to the return value (`&&`) is not the return value compared.
  const both = await one("cpp", cFn(`SOCKET s = l; int one = 1; DWORD n;
if (${CALL} == SOCKET_ERROR && WSAGetLastError() != WSAEOPNOTSUPP) abort();`));
  assert.is(both.errors.policy, "opnotsupp-only");
  assert.not.ok(both.errors.returnComparedToError);
});

t("shapes with no real call site in the corpus: C++ direct initialisation, Python sockets from create_connection and a stream", async () => {
  const direct = await one("cpp", cFn(`SOCKET s = l; int one = 1; DWORD n;\nint r(WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, sizeof one, NULL, 0, &n, NULL, NULL));\nif (r == SOCKET_ERROR) throw std::system_error(WSAGetLastError(), std::system_category());`));
  assert.is(direct.errors.policy, "fatal", "the result initialises r, which is checked, and the failure thrown");
  assert.ok(ids(direct).includes("lfp/fails-on-unsupported"));
  const created = await one("python", `import socket\ndef fast(host, port):\n    s = socket.create_connection((host, port))\n    try:\n        s.ioctl(socket.SIO_LOOPBACK_FAST_PATH, True)\n    except OSError:\n        pass\n`);
  assert.equal(created.sockets.map((c) => [c.stage, c.type]), [["connected", "stream"]]);
  assert.match(created.sockets[0].evidence, /create_connection\(\.\.\.\) at line 3: a connected socket/);
  assert.ok(ids(created).includes("lfp/after-connect"));
  const stream = await one("python", `import asyncio, socket\nasync def main():\n    reader, writer = await asyncio.open_connection('127.0.0.1', 8080)\n    sock = writer.get_extra_info('socket')\n    sock.ioctl(socket.SIO_LOOPBACK_FAST_PATH, True)\n`);
  assert.equal(stream.sockets.map((c) => c.stage), ["connected"]);
});

t("where the stage or the policy stays unknown, the result says why", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-lint-why-"));
  mkdirSync(join(dir, ".git"));
  writeFileSync(join(dir, "helper.c"), "int helper(SOCKET s) { int one = 1; DWORD n; return WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, 4, NULL, 0, &n, NULL, NULL); }\n");
  writeFileSync(join(dir, "other.c"), "int main(void) { return 0; }\n");
  const report = await lintPaths(linter, [dir], dir);
  const s = report.sites[0];
  assert.match(s.sockets[0].evidence, /s is a parameter of helper\(\); no caller in the project \(2 file\(s\) of its language searched\)/);
  assert.match(s.errors.evidence, /helper\(\) has no caller in the project .*: what its callers do with the error is not known/);
  const field = await one("c-sharp", `class C { Socket _s; void Open() { _s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp); _s.Connect(ep); }
    void Fast() { _s.IOControl(-1744830448, BitConverter.GetBytes(1), null); } }`);
  assert.is(field.sockets[0].stage, "unknown");
  assert.match(field.sockets[0].evidence, /no socket\(\), bind, listen, connect or accept of _s found before the call/);
});

t("other ioctls, a code held in a variable set elsewhere, and mentions in comments give no call site", async () => {
  for (const [lang, text] of [
    ["cpp", cFn(`// SIO_LOOPBACK_FAST_PATH is not used here\nu_long nb = 1; DWORD n; WSAIoctl(l, FIONBIO, &nb, sizeof nb, NULL, 0, &n, NULL, NULL);`)],
    ["cpp", cFn(`DWORD n; int v = 1; WSAIoctl(l, code, &v, 4, NULL, 0, &n, NULL, NULL); /* code may be SIO_LOOPBACK_FAST_PATH */`)],
    ["python", `import socket\nprint("SIO_LOOPBACK_FAST_PATH")\ns = socket.socket()\ns.ioctl(socket.SIO_KEEPALIVE_VALS, (1, 100, 100))\n`],
  ] as [LintLanguage, string][]) {
    const r = await lint(lang, text);
    assert.is(r.sites.length, 0, text);
    assert.ok(r.parsed, "it mentions the code, so it was parsed");
  }
  const skipped = await lint("cpp", "int main(void) { return 0; }\n");
  assert.equal([skipped.parsed, skipped.sites.length, skipped.problem], [false, 0, null]);
});

t("hostile input: binary, invalid UTF-8, too large, deeply nested — a message, never a crash", async () => {
  const bin = new Uint8Array([...new TextEncoder().encode("SIO_LOOPBACK_FAST_PATH"), 0, 1, 2, 0xff]);
  const b = await lint("cpp", bin);
  assert.match(b.problem?.reason ?? "", /binary content \(a NUL byte at offset 22\)/);
  const latin1 = new Uint8Array([...new TextEncoder().encode("/* caf"), 0xe9, ...new TextEncoder().encode(` */\n${cFn(`SOCKET s = l; int one = 1; DWORD n;\n${CALL};`)}`)]);
  const u = await lint("cpp", latin1);
  assert.is(u.problem, null, "invalid UTF-8 in a comment does not stop the file from being linted");
  assert.match(u.note?.reason ?? "", /invalid UTF-8 at byte 6; linted with replacement characters/);
  assert.is(u.sites.length, 1, "the call is still found");
  const small = nodeLinter(await model(), { maxBytes: 1024 });
  const big = await small.lintSource("big.c", "cpp", `/* SIO_LOOPBACK_FAST_PATH */\n${"int x;\n".repeat(400)}`);
  assert.match(big.problem?.reason ?? "", /too large to parse/);
  const depth = 20_000;
  const nested = cFn(`int one = 1; DWORD n; SOCKET s = l;\nint x = ${"(".repeat(depth)}1${")".repeat(depth)};\n${"{".repeat(depth)}${CALL};${"}".repeat(depth)}`);
  const t0 = Date.now();
  const d = await lint("cpp", nested);
  assert.ok(Date.now() - t0 < 20_000, "deep nesting finishes");
  assert.ok(d.sites.length === 1 || d.problem !== null, "either the call is found or the file is reported");
});

t("folders: .gitignore is honoured, unreadable paths are reported, not skipped", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-lint-"));
  const src = cFn(`SOCKET s = l; int one = 1; DWORD n;\n${CALL};`);
  mkdirSync(join(dir, "ignored"));
  writeFileSync(join(dir, ".gitignore"), "ignored/\n*.gen.c\n");
  writeFileSync(join(dir, "a.c"), src);
  writeFileSync(join(dir, "b.gen.c"), src);
  writeFileSync(join(dir, "ignored", "c.c"), src);
  symlinkSync(join(dir, "missing.c"), join(dir, "dangling.c"));
  const report = await lintPaths(linter, [dir, join(dir, "nope.cpp")], dir);
  assert.equal(report.sites.map((s) => s.file), ["a.c"]);
  assert.equal(report.problems.map((p) => p.file).sort(), ["dangling.c", join(dir, "nope.cpp")].sort());
  assert.ok(report.problems.every((p) => /cannot read: ENOENT/.test(p.reason)));
});

t("CLI: usage errors exit 2, the text output names file:line:col, id and the model's row", () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [lfp, "lint", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: "1" } });
  for (const args of [["--format", "xml"], ["--max-file-mb", "0"], ["--frob"]]) {
    const r = run(...args);
    assert.is(r.status, 2, args.join(" "));
    assert.not.match(r.stderr, /\n\s+at /);
  }
  const r = run("test/lint-corpus/libzmq/tcp.cpp");
  assert.is(r.status, 1);
  assert.match(r.stdout, /^test\/lint-corpus\/libzmq\/tcp\.cpp:9:20  WSAIoctl in tcp_tune_loopback_fast_path\(\)/m);
  // Named alone, tcp.cpp still has its project's caller (ip.cpp, after connect()).
  assert.match(r.stdout, /model \(scenario: connected\): documented 0 path=slow \| windows 0 path=slow \| wine -1 WSAEOPNOTSUPP path=slow \| reactos -1 WSAEINVAL path=slow \| windows-7 -1 WSAEOPNOTSUPP path=slow/);
  assert.match(r.stdout, /error   lfp\/rejects-einval/);
  assert.is(run("--help").status, 0);
});

t("README's example is the linter's current output", async () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = /```text\n\$ npx lfp lint ([^\n]+)\n([\s\S]*?)\n```/.exec(readme);
  assert.ok(block, "README has the example block");
  const r = spawnSync(process.execPath, [lfp, "lint", ...block![1].split(" ")], { cwd: root, encoding: "utf8", env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: "1" } });
  const norm = (x: string) => x.trim().replace(/ in \d+ ms/, " in N ms");
  assert.is(norm(r.stdout), norm(block![2]));
});

t.run();
