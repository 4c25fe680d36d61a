// Hostile files for what reads vector and observation files (spec-tests/runner/files.ts,
// lfp observe --compare): the package's own vector files mutated (a key given twice, nesting
// thousands deep, numbers no JSON reader keeps exactly, truncation, NUL and bytes that are not
// UTF-8), and paths that are no file to read (devices, a FIFO, a folder, dangling and looping
// links, /proc). Each must be loaded or refused with an LfpError, in bounded time; run from
// `npm run fuzz:inputs -- --files N`.
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModel, LfpError } from "../host/node.js";
import { loadVectors } from "../spec-tests/runner/files.js";
import { readObservations } from "../host/cli/observe.js";
import { vectorsDir } from "../host/paths.js";
import { rng } from "./invariants.js";

/** The figures of one run. */
export interface FileFuzzResult { filesInputs: number; filesLoaded: number; filesRefused: number; filesThrows: number; filesSlow: number; examples: string[]; filesMs: number }

/** A read slower than this counts as a hang (they are synchronous: measured, not cut). */
const SLOW_MS = 10000;

function mutate(text: string, r: () => number): string | Buffer {
  const at = r() % (text.length + 1);
  switch (r() % 9) {
    case 0: { // a key given twice: the same object gets a second "steps", "id" or "format"
      const key = ['"steps"', '"id"', '"format"', '"expect"', '"cases"'][r() % 5];
      const i = text.indexOf(key, at % Math.max(1, text.length - 10));
      const j = i < 0 ? text.indexOf(key) : i;
      return j < 0 ? text : `${text.slice(0, j)}${key}: null, ${text.slice(j)}`;
    }
    case 1: { const d = [5000, 20000, 100000][r() % 3]; return `${text.slice(0, at)}${"[".repeat(d)}${"]".repeat(d)}${text.slice(at)}`; } // deep nesting
    case 2: return text.replace(/\d+/g, (m) => (r() % 4 === 0 ? ["1e400", "-0", "18446744073709551616", "1n", "0x10", "NaN"][r() % 6] : m)); // numbers
    case 3: return text.slice(0, at); // truncated
    case 4: { const b = Buffer.from(text); const c = Buffer.alloc(b.length + 2); b.copy(c, 0, 0, at); c[at] = 0xff; c[at + 1] = 0; b.copy(c, at + 2, at); return c; } // not UTF-8, NUL
    case 5: return `${text.slice(0, at)}{"__proto__": {"polluted": 1}, "constructor": {"prototype": 1}}${text.slice(at)}`;
    case 6: return text.replace(/"(ioctl|socket|connect)"/g, (m) => (r() & 1 ? `"${"x".repeat(r() % 70000)}"` : m)); // long strings
    case 7: return text.repeat(1 + (r() % 40)); // concatenated documents
    default: { const j = "{".repeat(r() % 30000); return `${text.slice(0, at)}${j}${text.slice(at)}`; } // unbalanced
  }
}

/** Run `n` hostile files (and every special path once) through the vector loader and the observation reader. */
export async function fuzzFiles(n: number, seed: number): Promise<FileFuzzResult> {
  const r = rng(seed);
  const res: FileFuzzResult = { filesInputs: 0, filesLoaded: 0, filesRefused: 0, filesThrows: 0, filesSlow: 0, examples: [], filesMs: 0 };
  const started = Date.now();
  const cat = (await loadModel()).catalogue;
  const dir = mkdtempSync(join(tmpdir(), "lfp-fuzz-files-"));
  const sources = readdirSync(vectorsDir).filter((f) => f.endsWith(".json")).map((f) => readFileSync(join(vectorsDir, f), "utf8"));
  const attempt = async (what: string, read: () => unknown) => {
    res.filesInputs++;
    const t0 = Date.now();
    try {
      await read();
      res.filesLoaded++;
    } catch (err) {
      if (err instanceof LfpError) res.filesRefused++;
      else { res.filesThrows++; if (res.examples.length < 10) res.examples.push(`${what}: ${(err as Error)?.name}: ${String((err as Error)?.message).slice(0, 160)}`); }
    }
    if (Date.now() - t0 > SLOW_MS) { res.filesSlow++; if (res.examples.length < 10) res.examples.push(`${what}: ${Date.now() - t0} ms`); }
  };
  try {
    // Paths that are no file to read.
    spawnSync("mkfifo", [join(dir, "fifo.json")]);
    symlinkSync(join(dir, "nowhere"), join(dir, "dangling.json"));
    symlinkSync("loop.json", join(dir, "loop.json"));
    symlinkSync("/dev/zero", join(dir, "zero.json"));
    for (const p of ["/dev/zero", "/dev/urandom", "/dev/null", "/proc/self/mem", "/proc/self/status", dir, join(dir, "fifo.json"), join(dir, "dangling.json"), join(dir, "loop.json"), join(dir, "zero.json")]) {
      await attempt(`vectors ${p}`, () => loadVectors([p], cat));
      await attempt(`observations ${p}`, () => readObservations(p));
    }
    for (let i = 0; i < n; i++) {
      const text = mutate(sources[r() % sources.length], r);
      const file = join(dir, `m${i % 4}.json`);
      writeFileSync(file, text);
      if (r() & 1) await attempt(`vectors #${i}`, () => loadVectors([file], cat));
      else await attempt(`observations #${i}`, () => readObservations(file));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  res.filesMs = Date.now() - started;
  return res;
}
