// npm run fuzz -- --calls N --scenarios M --seed S [--json]
// Random calls over the whole call space and random scenarios of ops: counts
// Wasm traps, mismatches (outcomes the seed does not allow, a preferred outcome
// missing from its conformance set, a scenario reset that forgets something,
// batch vs single) and memory growth.
import { parseArgs } from "node:util";
import { loadModel, LfpError, encodeCall, parseAddress, Model } from "../host/node.js";
import { rng, randomArgs, outcomeProblems, randomOp, type Args } from "./invariants.js";

interface Report { calls: number; scenarios: number; traps: number; mismatches: number; memoryPagesBefore: number; memoryPagesAfter: number; callsPerSec: number; seed: number; firstProblems: string[] }

/** What garbage calls to the public API did: each must return or throw LfpError, nothing else. */
export interface GarbageReport { garbageCalls: number; returned: number; lfpErrors: number; otherThrows: number; examples: string[] }

/** Values a JavaScript caller might pass by mistake: every type, edge numbers, BigInt, null, cycles, deep nesting. */
function garbageValues(): unknown[] {
  let deep: unknown = 1;
  for (let i = 0; i < 5000; i++) deep = [deep];
  let deepObject: unknown = {};
  for (let i = 0; i < 5000; i++) deepObject = { in: deepObject };
  const cycle: Record<string, unknown> = { bool: 1 };
  cycle.self = cycle;
  const scalars = [undefined, null, true, false, 0, -0, 1, -1, 4, 0.5, NaN, Infinity, -Infinity, 2 ** 32, 2 ** 53, Number.MAX_VALUE,
    0n, 1n, -1n, 2n ** 64n, "", "x", "valid", "invalid", "null", "WSAIoctl", "WSPIoctl", "tcp", "udp", "windows", "wine", "all", "not-a-socket",
    "invalid-socket", "127.0.0.1", "::1", "[::1]:80", "127.0.0.1:99999", "1.2.3.4.5", "SOL_SOCKET", "SO_REUSEADDR", "\u0000", "\ud800", "x".repeat(100000),
    Symbol("s"), () => 1, new Date(0), new Uint8Array(4), new Map(), new Set(), /re/, new Error("e"), Object.create(null), [], [1], [null]];
  return [...scalars, deep, deepObject, cycle, { bool: 1n }, { u32: 1n }, { bytes: 1n }, { bytes: "0" }, { bool: 1, u32: 2 }, { event: 1n }, { event: null },
    { networkDown: 1n }, { networkDown: null }, { startup: 1n }, { startup: null }, { family: 1n }, { type: null }, { protocol: {} }, { overlapped: 1n }, Object.assign(Object.create(null), { in: 1n })];
}

/**
 * `n` calls of the public API (Model, Scenario, encodeCall, parseAddress, loadModel) with random
 * garbage arguments, from `seed`: a call returns or throws LfpError; anything else (a TypeError
 * from BigInt or null, a RangeError from deep nesting) is counted.
 */
export async function fuzzGarbage(model: Model, n: number, seed: number): Promise<GarbageReport> {
  const r = rng(seed);
  const values = garbageValues();
  const fields = ["api", "handle", "overlappedSocket", "startup", "code", "in", "cbIn", "out", "cbOut", "bytesReturned", "overlapped", "completionRoutine", "threadId", "errno", "conditions", "family", "type", "protocol", "bogus"];
  const valid = ["WSAIoctl", { bool: 1 }, 4, null, "valid", { event: true }, {}, "windows", "127.0.0.1", "tcp"];
  const g = (): unknown => {
    const k = r() % 10;
    if (k < 5) return values[r() % values.length];
    if (k < 7) return valid[r() % valid.length];
    const o: Record<string, unknown> = {};
    for (let i = r() % 4; i >= 0; i--) o[fields[r() % fields.length]] = r() & 1 ? values[r() % values.length] : valid[r() % valid.length];
    return o;
  };
  let sc = model.scenario("windows");
  const any = (x: unknown) => x as never;
  const calls: (() => unknown)[] = [
    () => model.evaluate(any(g()), any(r() & 1 ? "windows" : g())), () => model.conform(any(g()), any(r() & 1 ? "wine" : g())),
    () => model.conformAll(any(g())), () => model.evaluateAll(any(g())), () => model.profileIndex(any(g())),
    () => { sc = model.scenario(any(r() & 1 ? "windows" : g()), any(g())); return sc; },
    () => sc.socket(any(g())), () => sc.bind(any(g()), any(g())), () => sc.listen(any(g())), () => sc.connect(any(g()), any(g())),
    () => sc.accept(any(g())), () => sc.ioctl(any(r() & 1 ? 1 : g()), any(g())), () => sc.setsockopt(any(g()), any(g()), any(g()), any(g())),
    () => sc.send(any(g()), any(g())), () => sc.recv(any(g()), any(g())), () => sc.close(any(g())), () => sc.cancel(any(g()), any(g())),
    () => sc.wait(any(g())), () => sc.condition(any(g())), () => sc.observe(any(g())), () => sc.live(),
    () => encodeCall(any(g())), () => parseAddress(any(g()), any(g()), any(g())),
  ];
  const rep: GarbageReport = { garbageCalls: n, returned: 0, lfpErrors: 0, otherThrows: 0, examples: [] };
  const judge = (err: unknown, what: string) => {
    if (err instanceof LfpError) { rep.lfpErrors++; return; }
    rep.otherThrows++;
    if (rep.examples.length < 10) rep.examples.push(`${what}: ${(err as Error)?.name}: ${String((err as Error)?.message).slice(0, 120)}`);
  };
  for (let i = 0; i < n; i++) {
    const which = r() % (calls.length + 1);
    if (which === calls.length) {
      // The loaders are asynchronous: a few of them, awaited.
      const pick = r() % 4;
      const arg = g();
      try {
        await (pick === 0 ? loadModel(any(arg)) : pick === 1 ? Model.fromModule(any(arg)) : pick === 2 ? Model.fromBytes(any(arg)) : Model.fromInstance(any(arg)));
        rep.returned++;
      } catch (err) { judge(err, ["loadModel", "Model.fromModule", "Model.fromBytes", "Model.fromInstance"][pick]); }
      continue;
    }
    try {
      calls[which]();
      rep.returned++;
    } catch (err) { judge(err, calls[which].toString().replace(/\s+/g, " ").slice(0, 60)); }
  }
  return rep;
}

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
      seed: { type: "string", default: "1" }, garbage: { type: "string", default: "1000000" }, json: { type: "boolean", default: false },
    } }));
  } catch (err) {
    process.stderr.write(`fuzz: ${(err as Error).message}\nUsage: npm run fuzz -- [--calls N] [--scenarios M] [--garbage G] [--seed S] [--json]\n`);
    process.exit(2);
  }
  const num = (v: string, name: string) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0) { process.stderr.write(`fuzz: --${name}: expected a whole number, got ${JSON.stringify(v)}\n`); process.exit(2); }
    return n;
  };
  const seed = num(values.seed!, "seed");
  const rep = await fuzz(num(values.calls!, "calls"), num(values.scenarios!, "scenarios"), seed);
  const garbage = await fuzzGarbage(await loadModel(), num(values.garbage!, "garbage"), seed);
  if (values.json) process.stdout.write(JSON.stringify({ ...rep, garbage }) + "\n");
  else {
    process.stdout.write([
      `calls ${rep.calls}, scenarios ${rep.scenarios} (seed ${rep.seed})`,
      `traps ${rep.traps}, mismatches ${rep.mismatches}`,
      `memory pages ${rep.memoryPagesBefore} before, ${rep.memoryPagesAfter} after`,
      `${rep.callsPerSec.toLocaleString("en")} calls/s (each checked against the batch, the ABI and seed constraints, and its conformance set)`,
      ...rep.firstProblems.map((p) => `  problem: ${p}`),
      `garbage calls of the public API ${garbage.garbageCalls}: ${garbage.returned} returned, ${garbage.lfpErrors} LfpError, ${garbage.otherThrows} other throws`,
      ...garbage.examples.map((p) => `  other throw: ${p}`),
    ].join("\n") + "\n");
  }
  process.exitCode = rep.traps || rep.mismatches || rep.memoryPagesAfter !== rep.memoryPagesBefore || garbage.otherThrows ? 1 : 0;
}
