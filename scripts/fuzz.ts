// npm run fuzz -- --calls N --scenarios M --seed S [--json]
// Random calls over the whole call space and random scenarios of ops: counts
// Wasm traps, mismatches (outcomes the seed does not allow, a preferred outcome
// missing from its conformance set, a scenario reset that forgets something,
// batch vs single) and memory growth.
import { parseArgs } from "node:util";
import { loadModel } from "../host/node.js";
import { rng, randomArgs, outcomeProblems, randomOp, type Args } from "./invariants.js";

interface Report { calls: number; scenarios: number; traps: number; mismatches: number; memoryPagesBefore: number; memoryPagesAfter: number; callsPerSec: number; seed: number; firstProblems: string[] }

export async function fuzz(calls: number, scenarios: number, seed: number): Promise<Report> {
  const model = await loadModel();
  const e = model.exports;
  const r = rng(seed);
  const problems: string[] = [];
  let traps = 0;
  let mismatches = 0;
  const note = (what: string) => { mismatches++; if (problems.length < 10) problems.push(what); };
  const CHUNK = 100000;
  e.batchReserve(CHUNK); // the batch area is set up before the memory is measured
  const pagesBefore = e.memory.buffer.byteLength >>> 16;
  const t0 = performance.now();
  let done = 0;
  while (done < calls) {
    const n = Math.min(CHUNK, calls - done);
    const ptr = e.batchReserve(n);
    const rec = new Uint32Array(e.memory.buffer, ptr, n * 8);
    for (let i = 0; i < n; i++) rec.set(randomArgs(r, e.profileCount()), i * 8);
    try {
      e.evaluateBatch(ptr, n);
    } catch {
      traps++;
      done += n;
      continue;
    }
    const recs = new Uint32Array(e.memory.buffer, ptr, n * 8);
    const outs = new Uint32Array(e.memory.buffer, ptr + n * 32, n);
    for (let i = 0; i < n; i++) {
      const a = Array.from(recs.subarray(i * 8, i * 8 + 8)) as Args;
      let o: number;
      try {
        o = e.evaluate(...a) >>> 0;
      } catch {
        traps++;
        continue;
      }
      if (o !== outs[i]) note(`batch ${outs[i]} != single ${o} for ${a.join(",")}`);
      for (const p of outcomeProblems(model, a, o)) note(`${p} for ${a.join(",")}`);
      // The preferred outcome is a member of the conformance set, and is its first member.
      if (e.conform(...a) < 1 || (e.conformOutcome(0) >>> 0) !== o) note(`the preferred outcome is not the set's first member for ${a.join(",")}`);
    }
    done += n;
  }
  const elapsed = (performance.now() - t0) / 1000;
  const socketRule = model.catalogue.rules.find((x) => x.id === "state.socket")!.index;
  for (let k = 0; k < scenarios; k++) {
    const s = r();
    const play = () => {
      const rr = rng(s);
      e.scenarioReset(rr() % e.profileCount(), rr() & 7 ? 1 : 0);
      const words: number[] = [];
      let sockets = 0;
      for (let i = 0; i < 30; i++) {
        const w = randomOp(e, rr, sockets) >>> 0;
        words.push(w, e.scenarioValue() >>> 0);
        if ((w & 3) === 0 && ((w >>> 20) & 127) === socketRule && !((w >>> 2) & 1)) sockets++;
      }
      return words.join(",");
    };
    try {
      if (play() !== play()) note(`scenario seed ${s} is not deterministic`);
    } catch {
      traps++;
    }
  }
  return {
    calls, scenarios, traps, mismatches,
    memoryPagesBefore: pagesBefore, memoryPagesAfter: e.memory.buffer.byteLength >>> 16,
    callsPerSec: Math.round(calls / elapsed), seed, firstProblems: problems,
  };
}

if (process.argv[1]?.endsWith("fuzz.js")) {
  let values;
  try {
    ({ values } = parseArgs({ options: {
      calls: { type: "string", default: "1000000" }, scenarios: { type: "string", default: "10000" },
      seed: { type: "string", default: "1" }, json: { type: "boolean", default: false },
    } }));
  } catch (err) {
    process.stderr.write(`fuzz: ${(err as Error).message}\nUsage: npm run fuzz -- [--calls N] [--scenarios M] [--seed S] [--json]\n`);
    process.exit(2);
  }
  const num = (v: string, name: string) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0) { process.stderr.write(`fuzz: --${name}: expected a whole number, got ${JSON.stringify(v)}\n`); process.exit(2); }
    return n;
  };
  const rep = await fuzz(num(values.calls!, "calls"), num(values.scenarios!, "scenarios"), num(values.seed!, "seed"));
  if (values.json) process.stdout.write(JSON.stringify(rep) + "\n");
  else {
    process.stdout.write([
      `calls ${rep.calls}, scenarios ${rep.scenarios} (seed ${rep.seed})`,
      `traps ${rep.traps}, mismatches ${rep.mismatches}`,
      `memory pages ${rep.memoryPagesBefore} before, ${rep.memoryPagesAfter} after`,
      `${rep.callsPerSec.toLocaleString("en")} calls/s (each checked against the batch, the ABI and seed constraints, and its conformance set)`,
      ...rep.firstProblems.map((p) => `  problem: ${p}`),
    ].join("\n") + "\n");
  }
  process.exitCode = rep.traps || rep.mismatches || rep.memoryPagesAfter !== rep.memoryPagesBefore ? 1 : 0;
}
