// Hostile command lines for the lfp CLI: random mixes of valid and hostile
// flags and values (unknown flags, missing values, huge strings, NUL and
// invalid UTF-16, numbers out of range, JSON that is not a step, paths that are
// not vector files), from a fixed seed. Each must end with exit 0, 1 or 2 and
// a message — never a stack trace, an uncaught throw or a hang.
//   npm run fuzz:cli -- [--inputs N] [--seed S] [--json]
// The commands covered are in COMMANDS; `playground` (starts a server) and
// `setup`/`doctor` (start Wine) get their own hostile-input checks from their
// owners and are only fed usage errors here (HOOK: add generators to COMMANDS).
import { parseArgs } from "node:util";
import { mkdirSync, mkdtempSync, writeFileSync, rmSync, symlinkSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { main } from "../host/cli/main.js";
import { rng } from "./invariants.js";

/** Counts of one fuzz run, and the first inputs that went wrong. */
export interface CliFuzzResult { inputs: number; exit0: number; exit1: number; exit2: number; crashes: number; hangs: number; stackTraces: number; silentErrors: number; examples: string[]; ms: number }

/** An input that takes longer than this is a hang. */
const HANG_MS = 10000;

function hostileStrings(dir: string): string[] {
  return [
    "", "-", "--", "=", "-h", "--help", "help", "\u0000", "a\u0000b", "\ud800", "\udfff\ud800", "é", "💥", " ", "\n", "\t--json",
    "-1", "0", "1", "4294967295", "4294967296", "-4294967296", "0x", "0xZZ", "0x98000010", "1e309", "NaN", "Infinity", "9".repeat(400),
    "x".repeat(1 << 20), "bool:", "bool:-1", "bool:99999999999", "u32:0x", "bytes:0", "bytes:zz", "bytes:" + "00".repeat(5000),
    "{", "[]", "null", "{\"socket\":1}", "{\"in\":{\"bool\":-1}}", "{\"__proto__\":{\"x\":1}}", "{\"op\":\"ioctl\",\"cbIn\":1e999}",
    "[".repeat(100000), "all", "model", "wine-ish", "../../etc/passwd", "/dev/null", "/dev/zero", "/proc/self/mem", dir, join(dir, "binary.json"),
    join(dir, "empty.json"), join(dir, "utf8.json"), join(dir, "missing.json"),
    // Issue 20: links, FIFOs, names, keys given twice, deep nesting, huge patterns, values no JSON reader keeps.
    join(dir, "odd"), join(dir, "odd", "fifo.json"), join(dir, "odd", "dangling.json"), join(dir, "odd", "loop.json"), join(dir, "twice.json"), join(dir, "deep.json"),
    join(dir, "observations.json"), `${dir}/\ufffd.json`, "a".repeat(50000), "(a)".repeat(20000), `{"in":${"[".repeat(5000)}${"]".repeat(5000)}}`,
    '{"in":{"bool":1},"in":null}', '{"cbIn":18446744073709551616}', '{"conditions":null}', '{"socket":{"a":{"b":[1]}}}',
  ];
}

const FLAGS: Record<string, string[]> = {
  spec: ["--target", "--profile", "--reporter", "--json", "--quiet", "--bogus", "-x", "--target=model", "--profile=all", "--grep"],
  check: ["--api", "--handle", "--overlapped-socket", "--startup", "--code", "--in", "--cb-in", "--out", "--cb-out", "--bytes-returned", "--overlapped", "--completion-routine", "--thread-id", "--errno", "--condition", "--step", "--profile", "--json", "--nope"],
  doctor: ["--bogus", "--json=1", "-q"],
  setup: ["--bogus", "linux", "wine2", "--force"],
  playground: ["--port", "--bogus"],
  // --compare only: --target would start Wine (commandLine makes sure of it).
  observe: ["--compare", "--profile", "--json", "--compare", "--bogus"],
};
const VALID: Record<string, string[]> = {
  "--target": ["model"], "--profile": ["all", "wine", "documented"], "--reporter": ["text", "json", "tap"], "--api": ["WSAIoctl", "WSPIoctl"],
  "--handle": ["tcp", "udp", "not-a-socket", "closed", "invalid-socket"], "--in": ["bool:1", "null", "invalid", "u32:7", "bytes:01000000"],
  "--cb-in": ["0", "4", "2"], "--overlapped": ["event", "null", "invalid", "no-event"], "--code": ["0x98000010", "1"],
  "--grep": ["^in\\.", "no-such-case", "wine\\]$"],
};

/** One random command line. Commands that would start Wine or a server only get inputs that must be refused as usage errors. */
function commandLine(next: () => number, hostile: string[]): string[] {
  const pick = <T>(xs: T[]) => xs[next() % xs.length];
  const command = pick([...Object.keys(FLAGS), "spec", "check", "check", "nonsense", ""]);
  const argv = command === "" ? [] : [command];
  const flags = FLAGS[command] ?? ["--x"];
  const n = next() % 6;
  for (let i = 0; i < n; i++) {
    const flag = pick(flags);
    argv.push(flag);
    if (next() % 4 !== 0) argv.push(VALID[flag] && next() % 2 ? pick(VALID[flag]) : pick(hostile));
  }
  if (["doctor", "setup", "playground"].includes(command)) {
    // Only inputs that are refused before anything starts: an unknown flag first.
    argv.splice(1, 0, "--definitely-not-a-flag");
  }
  if (command === "spec" && !argv.includes("--target")) argv.push("--target", "model");
  if (command === "observe") {
    const t = argv.indexOf("--target");
    if (t >= 0) argv.splice(t, 2);
    if (!argv.includes("--compare")) argv.push("--compare", pick(hostile));
  }
  return argv;
}

/** Run `inputs` command lines from `seed` in this process (the CLI's main, stdout and stderr captured). */
export async function fuzzCli(inputs: number, seed: number): Promise<CliFuzzResult> {
  const dir = mkdtempSync(join(tmpdir(), "lfp-fuzz-cli-"));
  writeFileSync(join(dir, "binary.json"), Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81]));
  writeFileSync(join(dir, "empty.json"), "");
  writeFileSync(join(dir, "utf8.json"), Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
  // Issue 20's kinds: a folder with a FIFO, a dangling and a looping link, a name not UTF-8 and one
  // with a newline; a key given twice; 5,000-deep nesting; an observation file of nothing.
  mkdirSync(join(dir, "odd"));
  spawnSync("mkfifo", [join(dir, "odd", "fifo.json")]);
  symlinkSync(join(dir, "nowhere"), join(dir, "odd", "dangling.json"));
  symlinkSync("loop.json", join(dir, "odd", "loop.json"));
  writeFileSync(Buffer.concat([Buffer.from(join(dir, "odd", "x")), Buffer.from([0xff]), Buffer.from(".json")]), "{}");
  writeFileSync(join(dir, "odd", "two\nlines.json"), "[]");
  writeFileSync(join(dir, "twice.json"), '{"format":"lfp-vectors/1","cases":[],"cases":[]}');
  writeFileSync(join(dir, "deep.json"), `{"format":"lfp-vectors/1","cases":[{"id":"x/y","title":"t","refs":["none"],"steps":[{"op":"socket","as":"s","expect":${"[".repeat(5000)}${"]".repeat(5000)}}]}]}`);
  writeFileSync(join(dir, "observations.json"), JSON.stringify({ format: "lfp-observations/1", target: "wine", system: { windows: "x" }, cases: [] }));
  const hostile = hostileStrings(dir);
  const next = rng(seed);
  const r: CliFuzzResult = { inputs, exit0: 0, exit1: 0, exit2: 0, crashes: 0, hangs: 0, stackTraces: 0, silentErrors: 0, examples: [], ms: 0 };
  const write = { out: process.stdout.write, err: process.stderr.write };
  const t0 = performance.now();
  try {
    for (let i = 0; i < inputs; i++) {
      const argv = commandLine(next, hostile);
      let out = "", err = "";
      process.stdout.write = ((s: string | Uint8Array) => { out += String(s); return true; }) as typeof process.stdout.write;
      process.stderr.write = ((s: string | Uint8Array) => { err += String(s); return true; }) as typeof process.stderr.write;
      let code: number | "crash" | "hang";
      let timer: NodeJS.Timeout | undefined;
      try {
        code = await Promise.race([main(argv), new Promise<"hang">((res) => { timer = setTimeout(() => res("hang"), HANG_MS); })]);
      } catch (e) {
        code = "crash";
        err += String((e as Error).stack);
      } finally {
        clearTimeout(timer);
        process.stdout.write = write.out;
        process.stderr.write = write.err;
      }
      const shown = JSON.stringify(argv.map((a) => (a.length > 40 ? `${a.slice(0, 20)}…(${a.length} chars)` : a)));
      const bad = (what: string) => { if (r.examples.length < 10) r.examples.push(`${what}: lfp ${shown}: ${(err || out).trim().split("\n").slice(0, 3).join(" / ").slice(0, 300)}`); };
      if (code === "crash") { r.crashes++; bad("uncaught"); continue; }
      if (code === "hang") { r.hangs++; bad("hang"); continue; }
      if (/^\s+at .+:\d+:\d+\)?$/m.test(out + err)) { r.stackTraces++; bad("stack trace"); }
      if (code === 0) r.exit0++;
      else if (code === 1) r.exit1++;
      else if (code === 2) { r.exit2++; if (!/^(lfp|Usage)/m.test(err + out)) { r.silentErrors++; bad("exit 2 without a message or usage"); } }
      else { r.crashes++; bad(`exit ${code}`); }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  r.ms = Math.round(performance.now() - t0);
  return r;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { inputs: { type: "string", default: "2000" }, seed: { type: "string", default: "1" }, json: { type: "boolean", default: false } } });
  const r = await fuzzCli(Number(values.inputs), Number(values.seed));
  if (values.json) console.log(JSON.stringify(r));
  else {
    console.log(`fuzz-cli: ${r.inputs} command lines (seed ${values.seed}) in ${(r.ms / 1000).toFixed(1)} s: exit 0/1/2 ${r.exit0}/${r.exit1}/${r.exit2}; ${r.crashes} crashes, ${r.hangs} hangs, ${r.stackTraces} stack traces, ${r.silentErrors} errors without a message`);
    for (const e of r.examples) console.log(`  ${e}`);
  }
  process.exitCode = r.crashes + r.hangs + r.stackTraces + r.silentErrors ? 1 : 0;
}
