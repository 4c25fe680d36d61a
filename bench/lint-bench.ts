// npm run bench:lint -- <folder...> [--json] [--reps N]
// How fast `lfp lint` goes through a real source tree, against baselines measured in
// the same process: (1) walking the tree and reading every source file (the I/O floor),
// (2) that plus the byte search, and (3) the linter with the byte search turned off
// (every source file parsed) — what the byte search saves. The tree is a fetched
// project (see README: "Lint your code"); no tree ships with the repository.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { cpus } from "node:os";
import { loadModel } from "../host/node.js";
import { sourceFiles, lintPaths, nodeLinter } from "../host/lint/node.js";
import { mayContainCall } from "../host/lint/languages.js";
import { figure, type Figure } from "./measure.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: "boolean" }, reps: { type: "string", default: "3" } } });
if (!positionals.length) {
  process.stderr.write("usage: npm run bench:lint -- <folder...> [--json] [--reps N]\n(a source tree, e.g. a project fetched and unpacked with `git archive`)\n");
  process.exit(2);
}
const reps = Math.max(1, Number(values.reps) || 3);

async function time(fn: () => Promise<unknown>): Promise<Figure> {
  await fn(); // warm-up: file cache, grammar loading, JIT
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return figure(xs);
}

const model = await loadModel();
const walked = { files: sourceFiles(positionals) };
let bytes = 0;
let candidates = 0;
for (const f of walked.files) {
  const b = await readFile(f);
  bytes += b.byteLength;
  if (mayContainCall(b)) candidates++;
}

const readMs = await time(async () => {
  for (const f of sourceFiles(positionals)) await readFile(f);
});
const searchMs = await time(async () => {
  for (const f of sourceFiles(positionals)) mayContainCall(await readFile(f));
});
const linter = nodeLinter(model);
let sites = 0;
const lintMs = await time(async () => { sites = (await lintPaths(linter, positionals)).sites.length; });
const parseAll = nodeLinter(model, { byteSearch: false });
const parseAllMs = await time(async () => { await lintPaths(parseAll, positionals); });

const mb = bytes / 1048576;
const result = {
  tree: positionals.join(" "),
  files: walked.files.length,
  megabytes: +mb.toFixed(2),
  filesWithNeedle: candidates,
  callSites: sites,
  readMs: readMs.median,
  searchMs: searchMs.median,
  lintMs: lintMs.median,
  lintMinMs: lintMs.min,
  parseAllMs: parseAllMs.median,
  filesPerSec: Math.round(walked.files.length / (lintMs.median / 1000)),
  mbPerSec: +(mb / (lintMs.median / 1000)).toFixed(1),
  lintOverRead: +(lintMs.median / readMs.median).toFixed(2),
  parseAllOverLint: +(parseAllMs.median / lintMs.median).toFixed(1),
  secondsFor100MB: +((lintMs.median / 1000) * (100 / mb)).toFixed(2),
  machine: `${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, Node ${process.version}`,
};
if (values.json) {
  process.stdout.write(JSON.stringify(result) + "\n");
} else {
  const rows: [string, string, string][] = [
    ["tree", `${result.files} source files, ${result.megabytes} MB`, `${candidates} mention the code; ${sites} call site(s)`],
    ["read (baseline)", `${result.readMs.toFixed(0)} ms`, "walk + read every source file"],
    ["read + byte search", `${result.searchMs.toFixed(0)} ms`, `${(result.searchMs / result.readMs).toFixed(2)} x read`],
    ["lfp lint", `${result.lintMs.toFixed(0)} ms (min ${result.lintMinMs.toFixed(0)})`, `${result.lintOverRead} x read; ${result.filesPerSec} files/s, ${result.mbPerSec} MB/s`],
    ["lint, no byte search", `${result.parseAllMs.toFixed(0)} ms`, `${result.parseAllOverLint} x lfp lint (every file parsed)`],
    ["100 MB at this rate", `${result.secondsFor100MB} s`, "goal: < 10 s"],
  ];
  for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(22)} ${b.padEnd(26)} ${c}\n`);
  process.stdout.write(`${result.machine}; medians of ${reps} runs after a warm-up\n`);
}
