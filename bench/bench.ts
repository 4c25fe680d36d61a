// npm run bench [-- --json] [-- --quick] [-- --write]: what a validated call costs, each
// figure next to its baseline, measured in one process and one run.
import { parseArgs } from "node:util";
import { readFileSync, writeFileSync, mkdtempSync, rmSync, openSync, closeSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { spawnSync } from "node:child_process";
import { createServer, connect, type Socket } from "node:net";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadModel, encodeCall, type Model } from "../host/node.js";
import { wineParts, wineEnv, winePaths, toWinePath, SETUP_FIX } from "../host/native/environment.js";
import { rng, randomArgs, type Args } from "../scripts/invariants.js";
import { jsCheckWindows } from "./js-baseline.js";
import { alternate, figure, nsOnce, nsPerOp, type Figure } from "./measure.js";
import { DEFAULT_TREE, lintOverGrep, treeSize } from "./lint-bench.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Sizes of the sections of a .wasm (code, data, ...), read from its header. */
function sections(bytes: Uint8Array): Record<string, number> {
  const names: Record<number, string> = { 1: "type", 2: "import", 3: "function", 5: "memory", 6: "global", 7: "export", 8: "start", 10: "code", 11: "data", 0: "custom" };
  const out: Record<string, number> = {};
  let i = 8;
  while (i < bytes.length) {
    const id = bytes[i++];
    let size = 0;
    for (let shift = 0; ; shift += 7) { const b = bytes[i++]; size |= (b & 0x7f) << shift; if (!(b & 0x80)) break; }
    out[names[id] ?? `s${id}`] = (out[names[id] ?? `s${id}`] ?? 0) + size;
    i += size;
  }
  return out;
}

/**
 * The JS baseline must give the model's answer (windows profile) before it is timed: on 200,000
 * random calls, and on 100,000 calls near the common one (one to three of its fields changed).
 */
function checkBaseline(model: Model): void {
  const e = model.exports;
  const r = rng(99);
  const common = encodeCall({ in: { bool: 1 }, cbIn: 4 });
  const near = (): Args => {
    const a: Args = [1, common.flags, common.code, common.cbIn, common.inLen, r() & 3, common.cbOut, common.outLen];
    for (let k = 1 + (r() % 3); k > 0; k--) {
      const f = 1 + (r() % 7);
      a[f] = f === 1 ? a[1] ^ (1 << (r() % 27)) : f === 2 ? [0x98000010, 0x28000004, 0][r() % 3] : r() % 9;
    }
    return a;
  };
  for (let i = 0; i < 300000; i++) {
    const a = i < 200000 ? randomArgs(r, 4) : near();
    a[0] = 1;
    const m = e.evaluate(...a) >>> 0;
    const j = jsCheckWindows(a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
    if (m !== j) throw new Error(`the JS baseline disagrees with the model on ${a.join(",")}: model ${m.toString(16)}, js ${j.toString(16)}`);
  }
}

/**
 * Wall time of whole processes, run side by side: each round runs every command once, in turn,
 * so that a busy moment of the machine weighs on all of them alike.
 */
function processesMs(commands: Record<string, string[]>, reps: number): Record<string, Figure> {
  const xs: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < reps; i++) {
    for (const [name, args] of Object.entries(commands)) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: root, stdio: "ignore" });
      if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}`);
      xs[name].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(Object.entries(xs).map(([k, v]) => [k, figure(v)]));
}

/** Wall time of one command, `reps` times (node only). */
function processMs(_node: string, args: string[], reps: number): Figure {
  return processesMs({ run: args }, reps).run;
}

/** Node net ping-pong on 127.0.0.1: µs per round trip. */
async function nodePingPong(bytes: number, trips: number): Promise<number> {
  const server = createServer((s) => s.on("data", (d) => s.write(d)));
  await new Promise<void>((res) => server.listen(0, "127.0.0.1", res));
  const port = (server.address() as { port: number }).port;
  const c: Socket = connect(port, "127.0.0.1");
  c.setNoDelay(true);
  await new Promise((res) => c.once("connect", res));
  const payload = Buffer.alloc(bytes, 1);
  const t0 = performance.now();
  await new Promise<void>((res) => {
    let left = trips;
    let got = 0;
    c.on("data", (d) => {
      got += d.length;
      if (got < bytes) return;
      got = 0;
      if (--left === 0) res();
      else c.write(payload);
    });
    c.write(payload);
  });
  const us = ((performance.now() - t0) * 1000) / trips;
  c.destroy();
  server.close();
  return us;
}

/** What a page loads for the validator, and what it loads on demand, gzip -9 each (issue 25). */
export function browserParts() {
  const gz = (f: string) => gzipSync(readFileSync(`${root}build/dist/browser/${f}`), { level: 9 }).length;
  const raw = (f: string) => readFileSync(`${root}build/dist/browser/${f}`).length;
  const files = { js: "loopback-fast-path.js", wasm: "loopback-fast-path.wasm", explainJs: "loopback-fast-path.explain.js", explainJson: "loopback-fast-path.explain.json", inlineJs: "loopback-fast-path.inline.js" } as const;
  return Object.fromEntries(Object.entries(files).map(([k, f]) => [k, { file: f, raw: raw(f), gzip: gz(f) }])) as Record<keyof typeof files, { file: string; raw: number; gzip: number }>;
}

/** README's embedding table: the validator's parts, then what loads on demand. */
function embedTable(p: ReturnType<typeof browserParts>): string {
  const row = (x: { file: string; raw: number; gzip: number }, what: string) => `| \`${x.file}\` | ${x.raw.toLocaleString("en")} | ${x.gzip.toLocaleString("en")} | ${what} |`;
  return [
    "| file | bytes | gzip -9 | what |", "| --- | --- | --- | --- |",
    row(p.js, "the validator: the typed API (calls, conformance sets, scenarios)"),
    row(p.wasm, "the model, with every name an answer carries"),
    `| **the validator** | | **${(p.js.gzip + p.wasm.gzip).toLocaleString("en")}** | what a page loads to answer every call and scenario (budget 14,336) |`,
    row(p.explainJson, "on demand, fetched once: rule texts, sources and passages, profile descriptions, the precedence and transition tables, the Winsock errors the model never produces"),
    row(p.explainJs, "on demand, with it: the code that applies it"),
    row(p.inlineJs, "instead of the first two: one file with the .wasm inlined"),
  ].join("\n");
}

/**
 * Why the Wine figures cannot be measured (null: they can), as a block that stands out on stderr:
 * the cache folder looked in (the one rule every command uses: host/native/environment.ts cacheDir)
 * and what is missing there.
 */
function wineMissing(): string | null {
  const missing = wineParts().filter((p) => !p.ok);
  if (!missing.length) return null;
  const bar = "!".repeat(78);
  return [bar, `!! bench: the Wine figures are SKIPPED: no Wine runtime in the cache folder ${winePaths().cache}`,
    ...missing.map((p) => `!!   ${p.name}: ${p.detail}`),
    `!! fix: ${SETUP_FIX}, or set LFP_CACHE_DIR to the folder it was set up in`, bar].join("\n");
}

async function main() {
  const { values } = parseArgs({ options: { json: { type: "boolean", default: false }, quick: { type: "boolean", default: false }, write: { type: "boolean", default: false }, sizes: { type: "boolean", default: false } } });
  const quick = values.quick!;
  const parts = browserParts();
  if (values.sizes) {
    // Sizes only (no timing): `npm run bench -- --sizes --write` regenerates README's embedding table.
    if (values.json) process.stdout.write(`${JSON.stringify({ browserGzipBytes: parts.js.gzip + parts.wasm.gzip, browserParts: parts })}\n`);
    else process.stdout.write(`${embedTable(parts)}\n`);
    if (values.write) writeEmbedTable(parts);
    return;
  }
  // Said first (the run takes minutes), and again under the table.
  const noWine = wineMissing();
  if (noWine !== null) process.stderr.write(`${noWine}\n`);
  const model = await loadModel();
  const e = model.exports;
  checkBaseline(model);
  const typical = encodeCall({ in: { bool: 1 }, cbIn: 4 });
  const c = typical;
  const N = quick ? 1e6 : 5e6;
  const emptyCallNs = nsPerOp((n) => { for (let i = 0; i < n; i++) e.nop(); }, N);
  let sink = 0;
  // The model and the JS baseline are timed turn about (bench/measure.ts alternate).
  const [rawCallNs, jsBaselineNs] = alternate(
    () => nsOnce((n) => { for (let i = 0; i < n; i++) sink ^= e.evaluate(1, c.flags, c.code, c.cbIn, c.inLen, i & 1, c.cbOut, c.outLen); }, N),
    () => nsOnce((n) => { for (let i = 0; i < n; i++) sink ^= jsCheckWindows(c.flags, c.code, c.cbIn, c.inLen, i & 1, c.cbOut, c.outLen); }, N),
    9);
  const calls = [{ in: { bool: 1 }, cbIn: 4 }, { in: { bool: 0 }, cbIn: 4 }];
  const apiCallNs = nsPerOp((n) => { for (let i = 0; i < n; i++) sink ^= model.evaluate(calls[i & 1], "windows").error?.code ?? 0; }, N / 10);
  // Batch: 1,000,000 records of random calls (windows profile), then the same in a JS loop.
  const n = 1000000;
  const ptr = e.batchReserve(n);
  const rec = new Uint32Array(e.memory.buffer, ptr, n * 8);
  const r = rng(5);
  for (let i = 0; i < n; i++) { const a: Args = randomArgs(r, 4); a[0] = 1; rec.set(a, i * 8); }
  const copy = rec.slice();
  const jsOut = new Uint32Array(n);
  const [batchMs, jsBatchMs] = alternate(
    () => { const t0 = performance.now(); e.evaluateBatch(ptr, n); return performance.now() - t0; },
    () => {
      const t0 = performance.now();
      for (let i = 0, o = 0; i < n; i++, o += 8) jsOut[i] = jsCheckWindows(copy[o + 1], copy[o + 2], copy[o + 3], copy[o + 4], copy[o + 5], copy[o + 6], copy[o + 7]);
      return performance.now() - t0;
    },
    quick ? 3 : 7);
  const wasmOut = new Uint32Array(e.memory.buffer, ptr + n * 32, n);
  for (let i = 0; i < n; i++) if (wasmOut[i] !== jsOut[i]) throw new Error(`batch and JS loop disagree on record ${i}`);
  // Scenario ops: socket, bind, ioctl, listen, socket, ioctl, connect, accept, send (9 ops), repeated.
  const scenarioNs = nsPerOp((k) => {
    for (let i = 0; i < k; i++) {
      e.scenarioReset(1, 1);
      e.opSocket(4, 1, 6, 1); e.opBind(0, 4, 0x7f000001, 0, 0, 0); e.opIoctl(0, typical.flags, typical.code, 4, 4, 1, 0, 0); e.opListen(0);
      e.opSocket(4, 1, 6, 1); e.opIoctl(1, typical.flags, typical.code, 4, 4, 1, 0, 0); e.opConnect(1, 0, 0, 0, 0, 0, 0); e.opAccept(0); e.opSend(1, 100);
    }
  }, quick ? 20000 : 100000);
  const bytes = readFileSync(`${root}build/release.wasm`);
  const instantiateMs = figure(Array.from({ length: 20 }, () => { const t0 = performance.now(); new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort() {} } }); return performance.now() - t0; }));
  const { nodeStartMs, checkMs, specSuiteMs } = processesMs({
    nodeStartMs: ["-e", "0"], checkMs: ["bin/lfp.js", "check"], specSuiteMs: ["bin/lfp.js", "spec", "--quiet"],
  }, quick ? 3 : 11);
  // lfp lint against grep, whole processes on node_modules + the lint corpus (bench/lint-bench.ts).
  const lint = lintOverGrep(DEFAULT_TREE, quick ? 3 : 7);
  const lintTreeMB = Math.round(treeSize(DEFAULT_TREE).bytes / 1048576);
  const trips = quick ? 2000 : 20000;
  const node1 = await nodePingPong(1, trips);
  const node64 = await nodePingPong(64, trips);
  // Wine figures, when Wine is there.
  let wine: {
    koffiTrivialNs: Figure; koffiRawNs: Figure; enforceNs: Figure; driverOverheadNs: Figure; driverOverKoffi: Figure; koffiStubNs: Figure; enforceStubNs: Figure; passthroughStubNs: Figure;
    profile: Record<"checkNs" | "encodeNs" | "modelNs" | "decodeNs" | "rawModelNs", Figure>; tcp1: { us: number; ioctl: string }; tcp64: { us: number; ioctl: string }; fast1: { us: number; ioctl: string }; fast64: { us: number; ioctl: string } } | null = null;
  let wineSkip: string | null = null;
  let wineSuiteMs: Figure | null = null;
  if (noWine !== null) wineSkip = `skipped: no Wine runtime in ${winePaths().cache} (run npx lfp setup wine)`;
  else {
    // The whole differential suite under Wine, as a user runs it (issue 16 part 2: target ≤ 10 s on 2 cores).
    wineSuiteMs = processMs(process.execPath, ["bin/lfp.js", "spec", "--target", "wine", "--quiet"], quick ? 1 : 3);
    const paths = winePaths();
    const dir = mkdtempSync(join(tmpdir(), "lfp-bench-"));
    const out = join(dir, "wine.json");
    const log = openSync(join(dir, "log.txt"), "w");
    const rr = spawnSync("wine", [paths.nodeExe, toWinePath(`${root}build/js/bench/wine-bench.js`), toWinePath(out), toWinePath(paths.koffi), String(trips)], { env: wineEnv(paths), stdio: ["ignore", log, log], timeout: 600000 });
    closeSync(log);
    try { wine = JSON.parse(readFileSync(out, "utf8")); } catch { wineSkip = `skipped: the Wine benchmark did not finish (exit ${rr.status}): ${readFileSync(join(dir, "log.txt"), "utf8").trim().split("\n").slice(-1)[0]}`; }
    rmSync(dir, { recursive: true, force: true });
  }
  const med = (f: Figure) => f.median;
  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  const result = {
    emptyCallNs: round(med(emptyCallNs)), rawCallNs: round(med(rawCallNs)), apiCallNs: round(med(apiCallNs)), jsBaselineNs: round(med(jsBaselineNs)),
    batchCallsPerSec: Math.round(n / (batchMs.median / 1000)), jsBatchCallsPerSec: Math.round(n / (jsBatchMs.median / 1000)),
    scenarioOpsPerSec: Math.round(9e9 / scenarioNs.median),
    wasmBytes: bytes.length, wasmGzipBytes: gzipSync(bytes, { level: 9 }).length,
    browserGzipBytes: parts.js.gzip + parts.wasm.gzip,
    browserParts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v.gzip])),
    instantiateMs: round(med(instantiateMs), 3),
    specSuiteMs: round(med(specSuiteMs), 1), checkMs: round(med(checkMs), 1), nodeStartMs: round(med(nodeStartMs), 1),
    wineSuiteMs: wineSuiteMs ? round(med(wineSuiteMs), 0) : null,
    koffiRawNs: wine ? round(med(wine.koffiRawNs), 0) : null, enforceNs: wine ? round(med(wine.enforceNs), 0) : null,
    forwardRatio: wine ? round(med(wine.enforceNs) / med(wine.koffiRawNs), 3) : null,
    driverNs: wine ? round(med(wine.driverOverheadNs), 1) : null, koffiTrivialNs: wine ? round(med(wine.koffiTrivialNs), 1) : null,
    // The median of the per-rep ratios (the two are timed alternately): load drifts less within a rep.
    driverOverKoffi: wine ? round(med(wine.driverOverKoffi)) : null,
    enforceStubNs: wine ? round(med(wine.enforceStubNs), 1) : null, koffiStubNs: wine ? round(med(wine.koffiStubNs), 1) : null,
    stubForwardRatio: wine ? round(med(wine.enforceStubNs) / med(wine.koffiStubNs)) : null,
    tcpNodeNet1Us: round(node1), tcpNodeNet64Us: round(node64),
    tcpWine1Us: wine ? round(wine.tcp1.us) : null, tcpWine64Us: wine ? round(wine.tcp64.us) : null,
    tcpWineFastPath1Us: wine ? round(wine.fast1.us) : null, tcpWineFastPath64Us: wine ? round(wine.fast64.us) : null,
    rawOverEmpty: round(med(rawCallNs) / med(emptyCallNs)), apiOverEmpty: round(med(apiCallNs) / med(emptyCallNs)),
    rawOverJs: round(med(rawCallNs) / med(jsBaselineNs)), batchOverJs: round(jsBatchMs.median / batchMs.median),
    specOverNode: round(med(specSuiteMs) / med(nodeStartMs)), checkOverNode: round(med(checkMs) / med(nodeStartMs)),
    lintOverGrep: round(lint.ratio), lintProcessMs: round(lint.lintMs.median, 0), grepProcessMs: round(lint.grepMs.median, 0), lintTreeMB,
    min: {
      emptyCallNs: round(emptyCallNs.min), rawCallNs: round(rawCallNs.min), apiCallNs: round(apiCallNs.min), jsBaselineNs: round(jsBaselineNs.min),
      batchCallsPerSec: Math.round(n / (batchMs.min / 1000)), jsBatchCallsPerSec: Math.round(n / (jsBatchMs.min / 1000)),
      rawOverJs: round(rawCallNs.min / jsBaselineNs.min), batchOverJs: round(jsBatchMs.min / batchMs.min),
      scenarioOpsPerSec: Math.round(9e9 / scenarioNs.min), instantiateMs: round(instantiateMs.min, 3), specSuiteMs: round(specSuiteMs.min, 1), checkMs: round(checkMs.min, 1), nodeStartMs: round(nodeStartMs.min, 1),
      koffiRawNs: wine ? round(wine.koffiRawNs.min, 0) : null, enforceNs: wine ? round(wine.enforceNs.min, 0) : null,
      driverNs: wine ? round(wine.driverOverheadNs.min, 1) : null, koffiTrivialNs: wine ? round(wine.koffiTrivialNs.min, 1) : null, driverOverKoffi: wine ? round(wine.driverOverKoffi.min) : null,
      enforceStubNs: wine ? round(wine.enforceStubNs.min, 1) : null, koffiStubNs: wine ? round(wine.koffiStubNs.min, 1) : null,
    },
    notes: {
      wasmSections: sections(bytes),
      // The driver's refused call, stage by stage (each includes the ones before it): check the
      // DriverCall, encode it, the model's export, decode the outcome word; then the export alone.
      driverProfileNs: wine ? Object.fromEntries(Object.entries(wine.profile).map(([k, f]) => [k, round(med(f), 1)])) : null,
      passthroughStubNs: wine ? round(med(wine.passthroughStubNs), 1) : null,
      fastPathRequest: wine ? wine.fast1.ioctl : null,
      wine: wineSkip ?? "measured",
      roundTrips: trips,
      sink,
    },
  };
  if (noWine !== null) process.on("exit", () => process.stderr.write(`${noWine}\n`));
  if (values.json) { process.stdout.write(JSON.stringify(result) + "\n"); return; }
  const rows: [string, string, string][] = [
    ["emptyCallNs", `${result.emptyCallNs}`, "an empty Wasm export: the floor"],
    ["rawCallNs", `${result.rawCallNs}`, `rawOverEmpty ${result.rawOverEmpty} (target ≤ 1.5)`],
    ["apiCallNs", `${result.apiCallNs}`, `apiOverEmpty ${result.apiOverEmpty} (target ≤ 8)`],
    ["jsBaselineNs", `${result.jsBaselineNs}`, `rawOverJs ${result.rawOverJs}`],
    ["batchCallsPerSec", result.batchCallsPerSec.toLocaleString("en"), `batchOverJs ${result.batchOverJs} (target ≥ 2)`],
    ["jsBatchCallsPerSec", result.jsBatchCallsPerSec.toLocaleString("en"), "the same checks, plain JS loop over a Uint32Array"],
    ["scenarioOpsPerSec", result.scenarioOpsPerSec.toLocaleString("en"), "socket/bind/ioctl/listen/connect/accept/send"],
    ["wasmBytes", `${result.wasmBytes}`, `gzip ${result.wasmGzipBytes}; code ${result.notes.wasmSections.code}, data ${result.notes.wasmSections.data} (target ≤ 24576)`],
    ["browserGzipBytes", `${result.browserGzipBytes}`, `the validator in a page: JS ${parts.js.gzip} + Wasm ${parts.wasm.gzip}, gzip -9 each (target ≤ 14336); on demand: explanations ${parts.explainJson.gzip} + ${parts.explainJs.gzip}`],
    ["instantiateMs", `${result.instantiateMs}`, "compile + instantiate from bytes (target ≤ 1)"],
    ["specSuiteMs", `${result.specSuiteMs}`, `specOverNode ${result.specOverNode} (target ≤ 1.6); nodeStartMs ${result.nodeStartMs} (node -e 0, run side by side)`],
    ["checkMs", `${result.checkMs}`, `checkOverNode ${result.checkOverNode} (target ≤ 1.3): lfp check, the whole process`],
    ["lintProcessMs", `${result.lintProcessMs}`, `lintOverGrep ${result.lintOverGrep} (target ≤ 3): lfp lint against grep -rlE ${result.grepProcessMs} ms, whole processes on node_modules + lint corpus (${lintTreeMB} MB)`],
    ["wineSuiteMs", `${result.wineSuiteMs ?? wineSkip}`, `lfp spec --target wine, whole process (target ≤ 10000 on 2 cores); min ${wineSuiteMs ? round(wineSuiteMs.min, 0) : "-"}`],
    ["driverNs", `${result.driverNs ?? wineSkip}`, `driverOverKoffi ${result.driverOverKoffi ?? "-"} (target ≤ 4): the driver alone (checks + model, call refused in enforce) against a trivial koffi call, ${result.koffiTrivialNs ?? "-"} ns`],
    ["enforceStubNs", `${result.enforceStubNs ?? wineSkip}`, `stubForwardRatio ${result.stubForwardRatio ?? "-"}: a forwarded call with WSAIoctl bound to a trivial function, against that function called raw, ${result.koffiStubNs ?? "-"} ns (nine arguments)`],
    ["enforceNs", `${result.enforceNs ?? wineSkip}`, `forwardRatio ${result.forwardRatio ?? "-"} (target ≤ 1.05) against a raw koffi WSAIoctl, ${result.koffiRawNs ?? "-"} ns: Wine's wineserver round trip dominates both`],
    ["tcp RTT 1 B / 64 B", `${result.tcpNodeNet1Us} / ${result.tcpNodeNet64Us} µs`, "Linux Node net"],
    ["tcp RTT 1 B / 64 B", `${result.tcpWine1Us ?? "-"} / ${result.tcpWine64Us ?? "-"} µs`, "ws2_32 under Wine"],
    ["tcp RTT 1 B / 64 B", `${result.tcpWineFastPath1Us ?? "-"} / ${result.tcpWineFastPath64Us ?? "-"} µs`, `ws2_32 under Wine, fast path requested: ${result.notes.fastPathRequest ?? "-"}`],
  ];
  const table = ["| figure | median | against |", "| --- | --- | --- |", ...rows.map((x) => `| ${x.join(" | ")} |`)].join("\n");
  process.stdout.write(table + "\n");
  if (values.write) {
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const head = `Last run: ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${cpus().length} cores, Node ${process.version}${wine ? ", Wine 8.0 with the Windows build of Node 20.20.2" : ""}. Medians of repeated runs (min in \`npm run bench -- --json\`).`;
    for (const path of [`${root}bench/RESULTS.md`, `${root}README.md`]) {
      const old = readFileSync(path, "utf8");
      writeFileSync(path, old.replace(/<!-- table:start -->[^]*<!-- table:end -->/, `<!-- table:start -->\n${head}\n\n${table}\n<!-- table:end -->`));
    }
    writeEmbedTable(parts);
  }
}

function writeEmbedTable(parts: ReturnType<typeof browserParts>): void {
  const path = `${root}README.md`;
  const old = readFileSync(path, "utf8");
  if (!old.includes("<!-- embed:start -->")) throw new Error("README.md has no <!-- embed:start --> block");
  writeFileSync(path, old.replace(/<!-- embed:start -->[^]*<!-- embed:end -->/, `<!-- embed:start -->\n${embedTable(parts)}\n<!-- embed:end -->`));
}

await main();
