// Hostile input for what the package reads besides vector files and command
// lines: source files given to `lfp lint` and HTTP requests to the playground
// server. From a fixed seed; each input must end with an answer (a result or a
// reported problem for lint, a status line or a closed connection for HTTP) —
// never a throw, a hang or a dead server.
// Whole project trees for lint too: FIFOs, links to devices and to nothing, a .gitignore
// that is a FIFO, /dev/stdin or garbage, broken configurations, sparse files, a source
// replaced by a FIFO while lint runs.
//   npm run fuzz:inputs -- [--lint N] [--lint-trees N] [--http N] [--files N] [--seed S] [--json]
// (--files: hostile vector and observation files, scripts/fuzz-files.ts)
import { parseArgs } from "node:util";
import { connect } from "node:net";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModel } from "../host/node.js";
import { lintPaths, nodeLinter } from "../host/lint/node.js";
import { LintConfigError } from "../host/lint/config.js";
import type { LintLanguage } from "../host/lint/types.js";
import { startPlayground } from "../host/cli/playground.js";
import { rng } from "./invariants.js";
import { fuzzFiles } from "./fuzz-files.js";

/** The figures of one run, and the first inputs that went wrong. */
export interface InputFuzzResult {
  lintInputs: number; lintProblemsReported: number; lintSites: number; lintThrows: number; lintHangs: number;
  httpRequests: number; httpAnswered: number; httpClosed: number; httpHangs: number; serverAlive: boolean;
  examples: string[]; ms: number;
}

const HANG_MS = 15000;

/** Call-site shapes per language, to mutate (so parsing and the analysis run, not only the byte search). */
const SEEDS: [LintLanguage, string][] = [
  ["cpp", "int f(SOCKET s){ DWORD n=0; int on=1; if (WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, sizeof(on), NULL, 0, &n, NULL, NULL) == SOCKET_ERROR) { if (WSAGetLastError() != WSAEOPNOTSUPP) abort(); } return 0; }"],
  ["c-sharp", "class C { void F(Socket s) { try { s.IOControl(-1744830448, BitConverter.GetBytes(1), null); } catch { } } }"],
  ["python", "import socket\ns = socket.socket()\ns.ioctl(socket.SIO_LOOPBACK_FAST_PATH, True)\n"],
  ["go", "package p\nfunc f(s windows.Handle) { var n uint32; on := uint32(1); windows.WSAIoctl(s, 0x98000010, (*byte)(unsafe.Pointer(&on)), 4, nil, 0, &n, nil, 0) }\n"],
  ["rust", "fn f(s: SOCKET) { let mut n = 0u32; let on: u32 = 1; let _ = unsafe { WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on as *const _ as *mut _, 4, null_mut(), 0, &mut n, null_mut(), None) }; }"],
];

function mutate(text: string, r: () => number): Uint8Array {
  let bytes = new TextEncoder().encode(text);
  const edits = 1 + (r() % 6);
  for (let k = 0; k < edits; k++) {
    const at = r() % (bytes.length + 1);
    switch (r() % 8) {
      case 0: bytes = bytes.slice(0, at); break; // truncated
      case 1: { const b = new Uint8Array(bytes.length + 1); b.set(bytes.subarray(0, at)); b[at] = 0x80 + (r() % 64); b.set(bytes.subarray(at), at + 1); bytes = b; break; } // invalid UTF-8
      case 2: { const open = "({[".repeat(1 + (r() % 3000)); bytes = new TextEncoder().encode(new TextDecoder().decode(bytes.subarray(0, at)) + open + new TextDecoder().decode(bytes.subarray(at))); break; } // deep nesting
      case 3: { const b = new Uint8Array(bytes.length); b.set(bytes); b[at % Math.max(1, b.length)] = r() & 0xff; bytes = b; break; } // a random byte
      case 4: { const s = new TextDecoder().decode(bytes); bytes = new TextEncoder().encode(s + s.repeat(r() % 50)); break; } // repeated
      case 5: { const b = new Uint8Array(bytes.length + 1); b.set(bytes.subarray(0, at)); b[at] = 0; b.set(bytes.subarray(at), at + 1); bytes = b; break; } // NUL (binary)
      case 6: bytes = new TextEncoder().encode(new TextDecoder().decode(bytes).replace(/[;)}]/g, (c) => (r() & 1 ? "" : c))); break; // unbalanced
      default: { const junk = new Uint8Array(r() % 200); for (let i = 0; i < junk.length; i++) junk[i] = r() & 0xff; const b = new Uint8Array(bytes.length + junk.length); b.set(bytes.subarray(0, at)); b.set(junk, at); b.set(bytes.subarray(at), at + junk.length); bytes = b; }
    }
  }
  return bytes;
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | "hang"> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<"hang">((res) => { timer = setTimeout(() => res("hang"), ms); });
  try { return await Promise.race([p, t]); } finally { clearTimeout(timer); }
}

/** The figures of a run over hostile project trees. */
export interface TreeFuzzResult { trees: number; problemsReported: number; sites: number; configErrors: number; throws: number; hangs: number; examples: string[]; ms: number }

const EXT = [".c", ".cpp", ".h", ".cs", ".py", ".go", ".rs"];
const GITIGNORE_GARBAGE = ["[", "\\", "!", "**/**/**", "/", "!/", "*".repeat(2000), "\u0000\u0001", "[]]", "a/**/b/**/c", "#", " ", "!*.c", "*.c\n!x.c\nx.c/"];

/** One hostile project tree in `dir`; returns a function run while lint runs (a file turned into a FIFO), if any. */
function hostileTree(dir: string, r: () => number): (() => void) | null {
  if (r() % 4 !== 0) mkdirSync(join(dir, ".git"));
  mkdirSync(join(dir, "src"), { recursive: true });
  const n = 1 + (r() % 5);
  for (let i = 0; i < n; i++) {
    const [lang, text] = SEEDS[r() % SEEDS.length];
    const ext = { cpp: ".c", "c-sharp": ".cs", python: ".py", go: ".go", rust: ".rs" }[lang];
    const suppress = r() % 3 === 0 ? `${lang === "python" ? "#" : "//"} lfp-ignore-${r() & 1 ? "file" : "next-line"} ${["lfp/deprecated", "lfp/nope", "", "lfp/deprecated, lfp/after-connect -- x"][r() % 4]}\n` : "";
    writeFileSync(join(dir, "src", `f${i}${ext}`), Buffer.concat([Buffer.from(suppress), mutate(text, r)]));
  }
  const fifo = (p: string) => { try { execFileSync("mkfifo", [p], { stdio: "ignore" }); } catch { /* no mkfifo, or the tree is gone: skip this kind */ } };
  const link = (target: string, p: string) => { try { symlinkSync(target, p); } catch { /* exists */ } };
  let during: (() => void) | null = null;
  for (let k = 0, m = 1 + (r() % 4); k < m; k++) {
    switch (r() % 12) {
      case 0: fifo(join(dir, "src", "pipe.c")); break;
      case 1: link("/dev/zero", join(dir, "src", "zero.c")); break;
      case 2: link("/dev/stdin", join(dir, ".gitignore")); break;
      case 3: fifo(join(dir, "src", ".gitignore")); break;
      case 4: writeFileSync(join(dir, ".gitignore"), Array.from({ length: 1 + (r() % 8) }, () => GITIGNORE_GARBAGE[r() % GITIGNORE_GARBAGE.length]).join("\n")); break;
      case 5: writeFileSync(join(dir, ".lfp-lint.json"), [`{"rules":{"lfp/x":1}}`, "{", "[]", `{"ignore":"*"}`, `{"profiles":[]}`, `{"failOn":"error","ignore":["src/"]}`, "{}"][r() % 7]); break;
      case 6: link(join(dir, "missing.c"), join(dir, "src", "dangling.c")); break;
      case 7: link(join(dir, "src", "loop2.c"), join(dir, "src", "loop1.c")); link(join(dir, "src", "loop1.c"), join(dir, "src", "loop2.c")); break;
      case 8: mkdirSync(join(dir, "src", `dir${k}.c`), { recursive: true }); break;
      case 9: { const big = join(dir, "src", "big.c"); writeFileSync(big, "/* SIO_LOOPBACK_FAST_PATH */"); truncateSync(big, 256 * 1024 * 1024); break; }
      case 10: link("/dev/zero", join(dir, "src", ".gitignore")); break;
      default: during = () => { try { unlinkSync(join(dir, "src", "f0" + EXT[0])); } catch { /* not there */ } fifo(join(dir, "src", "f0.c")); };
    }
  }
  return during;
}

/** Lint `trees` hostile project trees; each must give a report or a configuration message, never a throw or a hang. */
export async function fuzzLintTrees(trees: number, seed: number): Promise<TreeFuzzResult> {
  const r = rng(seed);
  const started = Date.now();
  const res: TreeFuzzResult = { trees: 0, problemsReported: 0, sites: 0, configErrors: 0, throws: 0, hangs: 0, examples: [], ms: 0 };
  const note = (what: string) => { if (res.examples.length < 5) res.examples.push(what); };
  const linter = nodeLinter(await loadModel(), { maxBytes: 1024 * 1024, parseMs: 2000 });
  for (let i = 0; i < trees; i++) {
    const dir = mkdtempSync(join(tmpdir(), "lfp-fuzz-tree-"));
    try {
      const during = hostileTree(dir, r);
      res.trees++;
      const named = r() % 3 === 0 ? [join(dir, "src", "f0.c"), join(dir, "src", "pipe.c")] : [dir];
      const run = lintPaths(linter, named, dir);
      if (during) setTimeout(during, r() % 5);
      const out = await withTimeout(run.then((x) => x, (err: unknown) => err as Error), HANG_MS);
      if (out === "hang") { res.hangs++; note(`tree ${i}: no answer in ${HANG_MS / 1000} s`); continue; }
      if (out instanceof LintConfigError) { res.configErrors++; continue; }
      if (out instanceof Error) { res.throws++; note(`tree ${i}: threw ${out.message}`); continue; }
      res.problemsReported += out.problems.length;
      res.sites += out.sites.length;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  res.ms = Date.now() - started;
  return res;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH", "BREW", "get", "", "G\u0000T"];
const PATHS = ["/", "/index.html", "/%E0%A4%A", "/%", "/%%", "/..%2f..%2fetc/passwd", "/../../etc/passwd", "/..\\..\\windows", "//etc/passwd",
  "http://127.0.0.1/../x", "*", "/a\u0000b", "/%00", "/" + "a".repeat(70000), "/%2e%2e/%2e%2e/", "/app.js?x=%ZZ", "/\u00e9", "/%C0%AE%C0%AE/"];

/**
 * One raw request; resolves with what the connection did. The request is written and, when no
 * answer has come after a moment (a body announced and never sent, say), the client half-closes;
 * once an answer has started, the client closes after a moment (keep-alive is not waited out).
 */
function request(port: number, raw: Buffer): Promise<"answered" | "closed" | "hang"> {
  return new Promise((resolve) => {
    const sock = connect(port, "127.0.0.1");
    let got = "";
    const hang = setTimeout(() => { sock.destroy(); resolve("hang"); }, HANG_MS);
    const quiet = setTimeout(() => sock.end(), 500);
    sock.on("data", (d) => {
      got += d.toString("latin1");
      clearTimeout(quiet);
      setTimeout(() => sock.destroy(), 50);
    });
    sock.on("error", () => undefined);
    sock.on("close", () => { clearTimeout(hang); clearTimeout(quiet); resolve(/^HTTP\/1\.[01] \d{3} /.test(got) ? "answered" : "closed"); });
    sock.write(raw);
  });
}

function randomRequest(r: () => number): Buffer {
  const method = METHODS[r() % METHODS.length];
  let path = PATHS[r() % PATHS.length];
  if (r() % 3 === 0) path += "/%" + (r() & 0xff).toString(16);
  const headers = ["Host: 127.0.0.1"];
  const n = r() % 6;
  for (let i = 0; i < n; i++) {
    switch (r() % 5) {
      case 0: headers.push(`X-Big: ${"x".repeat(r() % 40000)}`); break;
      case 1: headers.push("Content-Length: " + ["-1", "abc", "99999999999", "5"][r() % 4]); break;
      case 2: headers.push("Transfer-Encoding: chunked"); break;
      case 3: headers.push("\u0000: \u0001"); break;
      default: headers.push(`X-${r() % 100}: ${r()}`);
    }
  }
  const line = r() % 7 === 0 ? `${method} ${path}\r\n` : `${method} ${path} HTTP/1.${r() & 1}\r\n`;
  return Buffer.from(line + headers.join("\r\n") + "\r\n\r\n" + (r() % 4 === 0 ? "x".repeat(r() % 100) : ""), "latin1");
}

/** Run `lint` mutated sources through the linter and `http` raw requests at a playground server. */
export async function fuzzInputs(lint: number, http: number, seed: number): Promise<InputFuzzResult> {
  const r = rng(seed);
  const started = Date.now();
  const res: InputFuzzResult = { lintInputs: 0, lintProblemsReported: 0, lintSites: 0, lintThrows: 0, lintHangs: 0, httpRequests: 0, httpAnswered: 0, httpClosed: 0, httpHangs: 0, serverAlive: false, examples: [], ms: 0 };
  const note = (what: string) => { if (res.examples.length < 5) res.examples.push(what); };
  if (lint > 0) {
    const linter = nodeLinter(await loadModel());
    for (let i = 0; i < lint; i++) {
      const [lang, text] = SEEDS[r() % SEEDS.length];
      const bytes = mutate(text, r);
      res.lintInputs++;
      try {
        const out = await withTimeout(linter.lintSource(`fuzz-${i}.${lang}`, lang, bytes), HANG_MS);
        if (out === "hang") { res.lintHangs++; note(`lint ${lang} input ${i}: no answer in ${HANG_MS / 1000} s`); continue; }
        if (out.problem) res.lintProblemsReported++;
        res.lintSites += out.sites.length;
      } catch (err) {
        res.lintThrows++;
        note(`lint ${lang} input ${i}: threw ${(err as Error).message}`);
      }
    }
  }
  if (http > 0) {
    const { server, url } = await startPlayground(0);
    const port = Number(new URL(url).port);
    try {
      for (let i = 0; i < http; i++) {
        const raw = randomRequest(r);
        res.httpRequests++;
        const how = await request(port, raw);
        if (how === "answered") res.httpAnswered++;
        else if (how === "closed") res.httpClosed++;
        else { res.httpHangs++; note(`http request ${i}: no answer in ${HANG_MS / 1000} s: ${JSON.stringify(raw.toString("latin1").slice(0, 80))}`); }
      }
      res.serverAlive = (await request(port, Buffer.from("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))) === "answered";
    } finally {
      server.close();
    }
  }
  res.ms = Date.now() - started;
  return res;
}

if (process.argv[1]?.endsWith("fuzz-inputs.js")) {
  const { values } = parseArgs({ options: { lint: { type: "string", default: "2000" }, "lint-trees": { type: "string", default: "200" }, http: { type: "string", default: "2000" }, files: { type: "string", default: "2000" }, seed: { type: "string", default: "1" }, json: { type: "boolean", default: false } } });
  const n = (v: string, flag: string) => { const x = Number(v); if (!Number.isInteger(x) || x < 0) { process.stderr.write(`fuzz:inputs: ${flag} must be a non-negative integer\n`); process.exit(2); } return x; };
  const r = await fuzzInputs(n(values.lint!, "--lint"), n(values.http!, "--http"), n(values.seed!, "--seed"));
  const trees = await fuzzLintTrees(n(values["lint-trees"]!, "--lint-trees"), n(values.seed!, "--seed"));
  const f = await fuzzFiles(n(values.files!, "--files"), n(values.seed!, "--seed"));
  if (values.json) process.stdout.write(JSON.stringify({ ...r, ...f, lintTrees: trees, examples: [...r.examples, ...f.examples] }) + "\n");
  else {
    process.stdout.write(`files: ${f.filesInputs} hostile vector and observation files: ${f.filesLoaded} loaded, ${f.filesRefused} refused with a message, ${f.filesThrows} other throws, ${f.filesSlow} slower than 10 s (${(f.filesMs / 1000).toFixed(1)} s)\n`);
    for (const e of f.examples) process.stdout.write(`  ${e}\n`);
    process.stdout.write(`lint: ${r.lintInputs} mutated sources: ${r.lintThrows} throws, ${r.lintHangs} hangs (${r.lintProblemsReported} reported a problem, ${r.lintSites} call sites found)\n`);
    process.stdout.write(`lint trees: ${trees.trees} hostile project trees (FIFOs, device links, broken .gitignore and configurations, sparse files, a source turned into a FIFO mid-run): ${trees.throws} throws, ${trees.hangs} hangs (${trees.problemsReported} files reported not linted, ${trees.configErrors} configuration messages, ${trees.sites} call sites)\n`);
    for (const e of trees.examples) process.stdout.write(`  ${e}\n`);
    process.stdout.write(`http: ${r.httpRequests} hostile requests: ${r.httpAnswered} answered, ${r.httpClosed} closed, ${r.httpHangs} hangs; the server ${r.serverAlive ? "still serves" : "DOES NOT serve"} afterwards\n`);
    for (const e of r.examples) process.stdout.write(`  ${e}\n`);
    process.stdout.write(`${(r.ms / 1000).toFixed(1)} s\n`);
  }
  process.exitCode = r.lintThrows || r.lintHangs || r.httpHangs || !r.serverAlive || trees.throws || trees.hangs || f.filesThrows || f.filesSlow ? 1 : 0;
}
