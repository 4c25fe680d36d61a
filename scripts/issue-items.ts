// docs/evidence/issue-19-items.md: for each error of issue 19 §3, the vectors that show it, run on
// the model before the fix and on this one (and, from a saved report, on Wine).
//
//   git worktree add /tmp/pre-conform 5be726d && (cd /tmp/pre-conform && npm ci && npm run build)
//   node bin/lfp.js spec --target wine --grep "$(node build/js/scripts/issue-items.js --grep)" --json > /tmp/items-wine.json
//   node build/js/scripts/issue-items.js --before /tmp/pre-conform --wine /tmp/items-wine.json
//
// "Before" is told twice: the old checkout's own runner on the new vectors (it checked one way
// only: a vector passed when it admitted every outcome the model allowed), and the old model's
// conformance set judged by this runner's two-way check (the check of issue 19 §1).
import { parseArgs } from "node:util";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loadModel } from "../host/node.js";
import type { Catalogue, ProfileName } from "../host/catalogue.js";
import { loadVectors } from "../spec-tests/runner/files.js";
import { ModelTarget } from "../spec-tests/runner/model-target.js";
import { judge, type CaseResult } from "../spec-tests/runner/run.js";
import type { CaseRun, StepActual } from "../spec-tests/runner/target.js";
import type { LoadedCase } from "../spec-tests/runner/vectors.js";

/** One error of issue 19 §3: the rule it is in, the vectors conform added or changed for it, the passages that decide it. */
interface Item { n: number; rule: string; error: string; cases: string[]; passages: string[] }

const ITEMS: Item[] = [
  { n: 1, rule: "in.too-small", error: "documented lacked WSAEFAULT for a too-small cbInBuffer",
    cases: ["in.too-small/cb-in-0", "in.too-small/cb-in-1", "in.too-small/cb-in-2", "in.too-small/cb-in-3"],
    passages: ["wsaioctl#Return value/WSAEFAULT", "seed#Return value/WSAEINVAL"] },
  { n: 2, rule: "success.overlapped", error: "windows lacked a count of 0 after an overlapped call that completes at once",
    cases: ["success.overlapped/event", "success.overlapped/no-event"],
    passages: ["wsaioctl#Remarks/completes-at-once", "wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5339-5344"] },
  { n: 3, rule: "in.pointer", error: "windows lacked WSAEINVAL with the count untouched for a NULL lpvInBuffer",
    cases: ["in.pointer/null"],
    passages: ["wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L9720-9724", "wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5416-5421"] },
  { n: 4, rule: "wine.routine-invalid", error: "wine required lpOverlapped before queueing the completion routine",
    cases: ["wine.routine-invalid/without-overlapped"],
    passages: ["wine:dlls/ws2_32/socket.c@wine-8.0 L2256-2261", "wine:dlls/ntdll/unix/socket.c@wine-8.0 L1425-1435", "observed:wine-8/wine.routine-invalid/without-overlapped"] },
  { n: 5, rule: "cancel.aborts", error: "CancelIoEx that finds nothing to cancel succeeded",
    cases: ["cancel.aborts/nothing-to-cancel", "cancel.aborts/other-socket"],
    passages: ["win32#CancelIoEx/ERROR_NOT_FOUND", "win32#CancelIoEx/lpOverlapped", "wine:server/async.c@wine-8.0 L777"] },
  { n: 6, rule: "thread-exit.aborts", error: "the completion routine of an exited thread still ran",
    cases: ["thread-exit.aborts/routine-never-runs", "thread-exit.aborts/completed-routine-never-runs"],
    passages: ["wsaioctl#Remarks/thread-exit", "wsaioctl#Remarks/alertable"] },
  { n: 7, rule: "close.peer", error: "recv after a graceful close admitted WSAECONNRESET",
    cases: ["close.peer/recv-after-graceful-close", "close.peer-reset/send-after-peer-closed"],
    passages: ["winsock#recv/graceful-close", "rfc:793 3.4"] },
  { n: 8, rule: "close.backlog-reset", error: "recv after the listener closed gave 0 (end of stream) outside wine",
    cases: ["close.backlog-reset/recv-after-listener-closed", "close.backlog-reset/slow-path-client"],
    passages: ["rfc:793 3.9", "winsock#recv/reset", "wine:server/sock.c@wine-8.0 L1335-1336", "wine:server/sock.c@wine-8.0 L816"] },
  { n: 9, rule: "options.v6only", error: "clearing IPV6_V6ONLY after bind made a dual-stack socket",
    cases: ["options.v6only-after-bind/cleared-after-bind-stays-ipv6-only", "options.v6only-after-bind/cleared-on-accepted-socket", "options.v6only/cleared-before-bind-makes-dual-stack"],
    passages: ["winsock#Dual-Stack Sockets/IPV6_V6ONLY", "github:microsoft/WSL#982", "observed:wine-8/options.v6only-after-bind/cleared-after-bind-stays-ipv6-only"] },
];

const root = new URL("../../../", import.meta.url);
const { values } = parseArgs({ options: { before: { type: "string" }, wine: { type: "string" }, grep: { type: "boolean" }, out: { type: "string" } } });
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The --grep expression that selects the items' cases (each "<id> [<profile>]"). */
const grep = `^(${ITEMS.flatMap((i) => i.cases).map(escape).join("|")}) `;
if (values.grep) {
  process.stdout.write(`${grep}\n`);
  process.exit(0);
}
if (!values.before) {
  process.stderr.write("usage: node build/js/scripts/issue-items.js --before <checkout of 5be726d, built> [--wine <lfp spec --target wine --json report>] [--out FILE]\n");
  process.exit(2);
}
const before = values.before;

const model = await loadModel();
const cat = model.catalogue;
const cases = new Map((await loadVectors([new URL("spec-tests/vectors", root).pathname], cat)).map((c) => [c.id, c]));
const profilesOf = (c: LoadedCase): ProfileName[] => (c.profiles ?? cat.profiles.map((p) => p.name)) as ProfileName[];
const passages: Record<string, { where: string; quote?: string }> = JSON.parse(readFileSync(new URL("docs/evidence/passages.json", root), "utf8")).passages;

/** A case as its vector file holds it. */
function rawCase(id: string): { refs: string[] } & Record<string, unknown> {
  const file = JSON.parse(readFileSync(cases.get(id)!.file, "utf8"));
  return file.cases.find((x: { id: string }) => x.id === id);
}

/** The old checkout's own runner (one-way) on one case, in a file of its own: per profile its status, or the file's refusal. */
function oldRunner(id: string): { refused?: string; note?: string; results: Map<string, { status: string; detail: string }> } {
  const dir = mkdtempSync(join(tmpdir(), "lfp-items-"));
  const path = join(dir, "items.json");
  const results = new Map<string, { status: string; detail: string }>();
  const run = (c: unknown) => {
    writeFileSync(path, JSON.stringify({ format: "lfp-vectors/1", cases: [c] }));
    try {
      return { out: execFileSync(process.execPath, [join(before, "bin/lfp.js"), "spec", path, "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      if (err.status === 1) return { out: err.stdout };
      return { refused: err.stderr.trim().split("\n")[0].replace(/^lfp spec: /, "").replace(/^\S*items\.json: /, "") };
    }
  };
  try {
    const raw = rawCase(id);
    let r = run(raw), note: string | undefined;
    // A citation scheme the old schema did not know yet (github:) says nothing of behaviour: run without it, and say so.
    if (r.refused && /field "refs\.\d+"/.test(r.refused)) {
      const known = raw.refs.filter((x) => !x.startsWith("github:"));
      note = `refs ${JSON.stringify(raw.refs.filter((x) => !known.includes(x)))} dropped (the old schema did not know the scheme)`;
      r = run({ ...raw, refs: known });
    }
    if (r.refused) return { refused: r.refused, note, results };
    for (const x of JSON.parse(r.out!).results as CaseResult[]) results.set(x.profile, { status: x.status, detail: mismatchText(x) });
    return { note, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function mismatchText(r: Pick<CaseResult, "mismatches" | "reason">): string {
  const m = r.mismatches.map((x) => `step ${x.step} ${x.field}: expected ${x.expected}, got ${x.actual}`);
  return [...m, ...(r.reason ? [r.reason] : [])].join("; ");
}

/** The old model's conformance set for each step, judged by this runner's two-way check. */
interface OldTarget { runOne(p: { case: LoadedCase; profile: ProfileName }): CaseRun }
const oldModelTarget: OldTarget = await (async () => {
  const at = (p: string) => pathToFileURL(join(before, "build/js", p)).href;
  const { loadModel: loadOld } = await import(at("host/node.js"));
  const { ModelTarget: OldModelTarget } = await import(at("spec-tests/runner/model-target.js"));
  return new OldModelTarget(await loadOld()) as OldTarget;
})();

function oldTwoWay(c: LoadedCase, profile: ProfileName): CaseResult {
  let run: CaseRun;
  try {
    run = oldModelTarget.runOne({ case: c, profile });
  } catch (e) {
    return { id: c.id, file: c.file, profile, status: "fail", mismatches: [], reason: `the old model refused the case: ${(e as Error).message}`, rules: [], notes: [] };
  }
  // The old target left `alternatives` out when the set had one member: a set all the same.
  const steps = run.steps.map((s): StepActual => (s.problem === undefined && s.alternatives === undefined ? { ...s, alternatives: [] } : s));
  return judge({ case: c, profile }, { ...run, steps }, cat);
}

const target = new ModelTarget(model);
const wine = new Map<string, CaseResult>();
if (values.wine) for (const r of JSON.parse(readFileSync(values.wine, "utf8")).results as CaseResult[]) wine.set(r.id, r);

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const short = (s: string, n = 420) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
let md = `# Issue 19 §3: each error, a vector that failed before the fix and passes now\n\n`;
md += `Generated by \`scripts/issue-items.ts\` (its header gives the commands). **Before** is the model of main at\n`;
md += `\`5be726d\` (the commit before the \`conform\` branch was merged), built in a worktree of its own; the cases are\n`;
md += `the vector files of this checkout. It is told twice: *old runner* — that checkout's own \`lfp spec\`, which\n`;
md += `checked one way only (a vector passed when it admitted every outcome the model allowed, so a set too\n`;
md += `narrow never failed); *two-way* — the old model's conformance set, step by step, judged by this runner's\n`;
md += `check (issue 19 §1: the values a vector admits must be exactly those the set gives). **After** is this\n`;
md += `checkout's model and runner. **Wine** is \`lfp spec --target wine\` (Wine 8.0, the wine profile's\n`;
md += `expectations)${values.wine ? "" : " — not run for this page"}. A row may also fail before for a later correction of the\n`;
md += `re-read (docs/evidence/reread.md, "Corrections applied"): its mismatch names the field.\n\n`;
let failedBefore = 0, passAfter = 0, total = 0;
const summary: string[] = [];
const body: string[] = [];
const wineText = (w: CaseResult | undefined): string => {
  if (!values.wine) return "not run";
  if (!w) return "not in the report";
  const skipped = (w.skippedSteps ?? []).map((x) => `step ${x.step} not run: ${x.reason}`);
  return [w.status, ...(w.reason ? [w.reason] : []), ...(w.mismatches.length ? [mismatchText(w)] : []), ...skipped].join("; ");
};
for (const item of ITEMS) {
  let md = `## ${item.n}. \`${item.rule}\`: ${item.error}\n\n`;
  for (const id of item.passages) {
    const p = passages[id];
    md += `- \`${id}\` (${p?.where ?? "no passage"}): “${p?.quote ? short(p.quote.replace(/\s+/g, " "), 320) : ""}”\n`;
  }
  md += `\n| case [profile] | old runner | two-way, old model | after |\n| --- | --- | --- | --- |\n`;
  let itemBefore = 0, itemAfter = 0, itemRows = 0;
  const untouched: string[] = [];
  const notes: string[] = [];
  const wineRows: string[] = [];
  for (const id of item.cases) {
    const c = cases.get(id);
    if (!c) throw new Error(`issue 19 item ${item.n}: no vector case ${id}`);
    const old = oldRunner(id);
    if (old.note) notes.push(`\`${id}\`, old runner: ${old.note}.`);
    for (const profile of profilesOf(c)) {
      const name = `${id} [${profile}]`;
      const o = old.refused ? { status: "refused", detail: old.refused } : old.results.get(profile) ?? { status: "(not run)", detail: "" };
      const two = oldTwoWay(c, profile);
      const after = judge({ case: c, profile }, target.runOne({ case: c, profile }), cat);
      itemRows++;
      if (two.status === "fail") itemBefore++;
      if (after.status === "pass") itemAfter++;
      if (profile === "wine") wineRows.push(`| \`${id}\` | ${cell(short(wineText(wine.get(id)), 400))} |`);
      if (o.status === "pass" && two.status === "pass" && after.status === "pass") { untouched.push(`\`${name}\``); continue; }
      const show = (status: string, detail: string) => cell(status + (detail && status !== "pass" ? `: ${short(detail)}` : ""));
      md += `| \`${name}\` | ${show(o.status, o.detail)} | ${show(two.status, mismatchText(two))} | ${show(after.status, mismatchText(after))} |\n`;
    }
  }
  if (untouched.length) md += `\nPass before (both ways) and after, profiles the item does not touch: ${untouched.join(", ")}.\n`;
  for (const n of notes) md += `\n${n}\n`;
  if (wineRows.length) md += `\nOn Wine 8.0 (\`lfp spec --target wine\`, the wine profile's expectations):\n\n| case | wine |\n| --- | --- |\n${wineRows.join("\n")}\n`;
  failedBefore += itemBefore; passAfter += itemAfter; total += itemRows;
  const wineSummary = !values.wine ? "not run" : item.cases.map((id) => wine.get(id)?.status ?? "-").join(", ");
  summary.push(`| ${item.n} | \`${item.rule}\` | ${item.cases.map((c) => `\`${c}\``).join(", ")} | ${itemBefore} of ${itemRows} | ${itemAfter} of ${itemRows} | ${wineSummary} |`);
  body.push(md);
}
md += `## Summary\n\n| item | rule | cases | (case, profile) rows failing before, two-way | passing after | wine, per case (- : no wine expectation) |\n| --- | --- | --- | --- | --- | --- |\n${summary.join("\n")}\n\n`;
md += `${failedBefore} of ${total} (case, profile) rows fail on the old model under the two-way check; ${passAfter} of ${total} pass now.\n`;
const notRun = [...new Set([...wine.values()].flatMap((r) => (r.skippedSteps ?? []).flatMap((x) => /needs "([^"]+)"/.exec(x.reason)?.[1] ?? [])))];
if (notRun.length) md += `Wine's "partial": a step the native player cannot run (${notRun.join(", ")}) is listed with its reason; the rest of the case ran and passed.\n`;
md += `\n`;
md += body.join("\n");
const out = values.out ?? new URL("docs/evidence/issue-19-items.md", root).pathname;
writeFileSync(out, md);
process.stdout.write(`${out}: ${ITEMS.length} items, ${total} (case, profile) rows; failed before (two-way) ${failedBefore}, pass after ${passAfter}\n`);
