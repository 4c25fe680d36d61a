// npm run bench:lint -- [folder...] [--json] [--reps N]
// How fast `lfp lint` goes through a source tree, as whole processes against
// `grep -rlE` for the code's spellings on the same tree (issue 21 §5: ≤ 3×), run side by
// side; then, in this process, where the time goes: walking and reading every source
// file (the I/O floor), that plus the byte search, and the linter with the byte search
// turned off (what the search saves). Default tree: the project's node_modules and the
// lint corpus (≥ 50 MB with a few call sites among thousands of files that have none).
import { readFile } from "node:fs/promises";
import { readdirSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { loadModel } from "../host/node.js";
import { sourceFiles, lintPaths, nodeLinter } from "../host/lint/node.js";
import { mayContainCall } from "../host/lint/languages.js";
import { figure, type Figure } from "./measure.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
/** The spellings grep looks for (issue 21 §5). */
export const GREP_PATTERN = "SIO_LOOPBACK_FAST_PATH|0x98000010|-1744830448";
/** The default tree, relative to the repository. */
export const DEFAULT_TREE = ["node_modules", "test/lint-corpus"];

/** Bytes and files of a tree, every file counted (what grep reads). */
export function treeSize(paths: string[], cwd = root): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (p: string) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else if (st.isFile()) { bytes += st.size; files++; }
  };
  for (const p of paths) walk(join(cwd, p));
  return { bytes, files };
}

/**
 * `lfp lint <tree>` against `grep -rlE <pattern> <tree>`, both whole processes, in
 * alternating order round by round after one warm-up round (the file cache then holds the
 * tree for both). The ratio is the median of the per-round ratios.
 */
export function lintOverGrep(paths: string[] = DEFAULT_TREE, reps = 7, cwd = root): { lintMs: Figure; grepMs: Figure; ratio: number } {
  const lint = () => spawnSync(process.execPath, [join(root, "bin/lfp.js"), "lint", ...paths, "--no-color"], { cwd, stdio: "ignore" });
  const grep = () => spawnSync("grep", ["-rlE", GREP_PATTERN, ...paths], { cwd, stdio: "ignore" });
  const timed = (run: () => ReturnType<typeof spawnSync>, ok: (s: number | null) => boolean, what: string) => {
    const t0 = performance.now();
    const r = run();
    const ms = performance.now() - t0;
    if (!ok(r.status)) throw new Error(`${what} exited ${r.status}${r.error ? ` (${r.error.message})` : ""}`);
    return ms;
  };
  const lintOk = (s: number | null) => s === 0 || s === 1; // 1: the corpus has error-level findings
  const grepOk = (s: number | null) => s === 0 || s === 1;
  timed(lint, lintOk, "lfp lint");
  timed(grep, grepOk, "grep");
  const l: number[] = [];
  const g: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < reps; i++) {
    let lm: number, gm: number;
    if (i % 2 === 0) { lm = timed(lint, lintOk, "lfp lint"); gm = timed(grep, grepOk, "grep"); }
    else { gm = timed(grep, grepOk, "grep"); lm = timed(lint, lintOk, "lfp lint"); }
    l.push(lm);
    g.push(gm);
    ratios.push(lm / gm);
  }
  return { lintMs: figure(l), grepMs: figure(g), ratio: figure(ratios).median };
}

async function time(fn: () => Promise<unknown>, reps: number): Promise<Figure> {
  await fn(); // warm-up: file cache, grammar loading, JIT
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return figure(xs);
}

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: "boolean" }, reps: { type: "string", default: "5" } } });
  const reps = Math.max(1, Number(values.reps) || 5);
  const paths = positionals.length ? positionals : DEFAULT_TREE;
  const cwd = positionals.length ? process.cwd() : root;
  const abs = paths.map((p) => join(cwd, p));
  const whole = lintOverGrep(paths, reps, cwd);
  const tree = treeSize(paths, cwd);
  const model = await loadModel();
  const files = sourceFiles(abs, cwd);
  let bytes = 0;
  let candidates = 0;
  for (const f of files) {
    const b = await readFile(f);
    bytes += b.byteLength;
    if (mayContainCall(b)) candidates++;
  }
  const readMs = await time(async () => { for (const f of sourceFiles(abs, cwd)) await readFile(f); }, reps);
  const searchMs = await time(async () => { for (const f of sourceFiles(abs, cwd)) mayContainCall(await readFile(f)); }, reps);
  let sites = 0;
  const linter = nodeLinter(model);
  const lintMs = await time(async () => { sites = (await lintPaths(linter, abs, cwd)).sites.length; }, reps);
  const parseAll = nodeLinter(model, { byteSearch: false });
  const parseAllMs = await time(async () => { await lintPaths(parseAll, abs, cwd); }, Math.min(reps, 3));
  const result = {
    tree: paths.join(" "),
    treeMegabytes: +(tree.bytes / 1048576).toFixed(1), treeFiles: tree.files,
    sourceFiles: files.length, sourceMegabytes: +(bytes / 1048576).toFixed(2), filesWithNeedle: candidates, callSites: sites,
    lintProcessMs: +whole.lintMs.median.toFixed(0), grepProcessMs: +whole.grepMs.median.toFixed(0), lintOverGrep: +whole.ratio.toFixed(2),
    readMs: +readMs.median.toFixed(0), searchMs: +searchMs.median.toFixed(0), lintInProcessMs: +lintMs.median.toFixed(0), parseAllMs: +parseAllMs.median.toFixed(0),
    parseAllOverLint: +(parseAllMs.median / lintMs.median).toFixed(1),
    machine: `${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, Node ${process.version}`,
  };
  if (values.json) { process.stdout.write(JSON.stringify(result) + "\n"); return; }
  const rows: [string, string, string][] = [
    ["tree", `${result.treeFiles} files, ${result.treeMegabytes} MB`, `${result.sourceFiles} source files (${result.sourceMegabytes} MB), ${candidates} mention the code; ${sites} call site(s)`],
    ["grep -rlE (process)", `${result.grepProcessMs} ms`, "the floor: every byte of every file"],
    ["lfp lint (process)", `${result.lintProcessMs} ms`, `lintOverGrep ${result.lintOverGrep} (target ≤ 3; median of paired rounds)`],
    ["read (in process)", `${result.readMs} ms`, "walk + read every source file"],
    ["read + byte search", `${result.searchMs} ms`, `${(result.searchMs / result.readMs).toFixed(2)} x read`],
    ["lint (in process)", `${result.lintInProcessMs} ms`, `${(result.lintInProcessMs / result.readMs).toFixed(2)} x read`],
    ["lint, no byte search", `${result.parseAllMs} ms`, `${result.parseAllOverLint} x lint (every source file parsed)`],
  ];
  for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(22)} ${b.padEnd(26)} ${c}\n`);
  process.stdout.write(`${result.machine}; medians of ${reps} runs after a warm-up\n`);
}

if (process.argv[1]?.endsWith("lint-bench.js")) await main();
