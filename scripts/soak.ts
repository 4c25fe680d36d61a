// npm run soak -- --runs N [--target wine|model] [--load K] [--twin]
//
// Runs the whole spec suite N times, each as its own `lfp spec` process, and
// reports per run the counts and the harness's failures and retries, and per
// case every difference from the first run (nondeterminism), then one closing
// line. --load K keeps K busy processes running beside it; --twin runs a
// second copy of the suite at the same time in a second Wine prefix (its own
// wineserver), as another project on the same machine would.
// Exit status: 0 when there was no harness failure, no difference and no
// failing case; 1 otherwise; 2 on usage errors.
import { parseArgs } from "node:util";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir } from "../host/native/environment.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const lfp = join(root, "bin/lfp.js");

interface RunSummary {
  passed: number; failed: number; skipped: number; partial: number; errors: number;
  harness?: { processes: number; failures: number; retries: number; notes: string[] };
  results: { id: string; profile: string; status: string; reason?: string; mismatches: { step: number; field: string; actual: string }[] }[];
}

/** What identifies a case's result for comparison between runs: its status and what did not match. */
const signature = (r: RunSummary["results"][number]) =>
  `${r.status}${r.mismatches.length ? ` (${r.mismatches.map((m) => `step ${m.step} ${m.field}=${m.actual}`).join("; ")})` : ""}${r.status === "fail" && r.reason ? `: ${r.reason}` : ""}`;

function suite(target: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; summary: RunSummary | null; trouble: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [lfp, "spec", "--target", target, "--json"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    child.on("close", (code) => {
      const ms = performance.now() - t0;
      try { resolve({ ms, summary: JSON.parse(out) as RunSummary, trouble: "" }); }
      catch { resolve({ ms, summary: null, trouble: `lfp spec exited with ${code}: ${err.trim().split("\n").slice(-2).join(" / ")}` }); }
    });
  });
}

function main(): Promise<number> | number {
  let values;
  try {
    ({ values } = parseArgs({ options: {
      runs: { type: "string", default: "5" }, target: { type: "string", default: "wine" },
      load: { type: "string", default: "0" }, twin: { type: "boolean", default: false },
    } }));
  } catch (err) {
    process.stderr.write(`soak: ${(err as Error).message}\nUsage: npm run soak -- --runs N [--target wine|model] [--load K] [--twin]\n`);
    return 2;
  }
  const runs = Number(values.runs);
  const load = Number(values.load);
  const target = values.target!;
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(load) || load < 0 || !["wine", "model"].includes(target)) {
    process.stderr.write("soak: --runs must be a positive integer, --load a non-negative integer, --target wine or model\n");
    return 2;
  }
  return soak(runs, target, load, values.twin!);
}

async function soak(runs: number, target: string, load: number, twin: boolean): Promise<number> {
  const twinEnv = { ...process.env, LFP_WINE_PREFIX: join(cacheDir(), "prefix-twin") };
  if (twin && target === "wine") {
    const r = spawnSync(process.execPath, [lfp, "setup", "wine"], { env: twinEnv, encoding: "utf8" });
    if (r.status !== 0) { process.stderr.write(`soak: preparing the twin prefix failed:\n${r.stdout}${r.stderr}`); return 1; }
  }
  const busy: ChildProcess[] = Array.from({ length: load }, () => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
  const load0 = loadavg()[0];
  console.log(`soak: ${runs} runs of --target ${target}${twin ? " with a twin beside it (second prefix)" : ""}, ${load} busy processes, ${cpus().length} cores, load average ${load0.toFixed(2)} at start`);
  const first = new Map<string, string>();
  let differences = 0, harnessFailures = 0, retries = 0, neverBegan = 0, failing = 0, broken = 0;
  const walls: number[] = [];
  try {
    for (let i = 1; i <= runs; i++) {
      const pair = await Promise.all([suite(target, process.env), ...(twin ? [suite(target, twinEnv)] : [])]);
      pair.forEach(({ ms, summary, trouble }, k) => {
        const name = `run ${i}${k ? " twin" : ""}`;
        if (!summary) { broken++; console.log(`${name}: ${trouble}`); return; }
        if (k === 0) walls.push(ms);
        const h = summary.harness;
        harnessFailures += h?.failures ?? 0; retries += h?.retries ?? 0; neverBegan += summary.errors; failing += summary.failed;
        console.log(`${name}: ${summary.passed} passed, ${summary.partial} partial, ${summary.failed} failed, ${summary.skipped} skipped, ${summary.errors} never began; harness ${h ? `${h.processes} processes, ${h.failures} failures, ${h.retries} retried` : "-"}; ${(ms / 1000).toFixed(1)} s`);
        for (const note of h?.notes.filter((n) => n.startsWith("harness failure")) ?? []) console.log(`  ${note}`);
        for (const r of summary.results) {
          const key = `${r.id} [${r.profile}]`;
          const sig = signature(r);
          const was = first.get(key);
          if (was === undefined) first.set(key, sig);
          else if (was !== sig) { differences++; console.log(`  differs: ${key}: first run ${was}; now ${sig}`); }
          if (r.status === "fail" && was === undefined) console.log(`  fails: ${key}: ${sig}`);
        }
      });
    }
  } finally {
    for (const b of busy) b.kill("SIGKILL");
  }
  let quiescent = 0;
  if (target === "model") {
    // The model's property checks at large sizes (npm test runs them bounded): quiescence and the fuzzers.
    const { loadModel } = await import("../host/node.js");
    const { quiesce } = await import("./quiescence.js");
    const { fuzz } = await import("./fuzz.js");
    const m = await loadModel();
    const q = quiesce(m, 100_000 * runs, 11);
    const f = await fuzz(1_000_000, 10_000, 7);
    quiescent = q.problems.length + f.traps + f.mismatches + (f.memoryPagesAfter - f.memoryPagesBefore);
    console.log(`model: quiescence ${q.scenarios.toLocaleString("en")} scenarios (${q.opsPlayed.toLocaleString("en")} ops): ${q.problems.length} problems, ${q.neverCompleting} operations that never complete by a cited source; fuzz ${f.calls.toLocaleString("en")} calls and ${f.scenarios.toLocaleString("en")} scenarios: ${f.traps} traps, ${f.mismatches} mismatches, memory ${f.memoryPagesBefore} → ${f.memoryPagesAfter} pages`);
    for (const p of [...q.problems, ...f.firstProblems].slice(0, 5)) console.log(`  ${p}`);
  }
  walls.sort((a, b) => a - b);
  const s = (x: number) => (x / 1000).toFixed(1);
  console.log(`soak: ${runs} runs${twin ? " (+ twin)" : ""}, --target ${target}, load ${load}: ${harnessFailures} harness failures (${retries} retried, ${neverBegan} cases never began), ${differences} differences between runs, ${failing} failing cases, ${broken} runs without a result; wall min ${s(walls[0])} / median ${s(walls[walls.length >> 1])} / max ${s(walls[walls.length - 1])} s; load average ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
  return harnessFailures || differences || failing || broken || neverBegan || quiescent ? 1 : 0;
}

process.exitCode = await main();
