// The playground: a form for one WSAIoctl/WSPIoctl call, the outcome for every
// profile side by side (with the rule, its sources and the seed's text), the
// state diagram drawn from the model's data, a short scenario, the whole
// vector suite run in the page, a shareable URL and "copy as vector".
// Everything is local: the model, the vectors and the seed's sections are
// files next to this page.
import { loadModel, type Call, type Conformance, type Model, type Outcome, type ProfileName } from "../host/browser.js";
import { CONDITION_NAMES, ioctlCallOf } from "../host/call.js";
import { parseVectorText } from "../spec-tests/runner/parse.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { ModelTarget } from "../spec-tests/runner/model-target.js";
import { summaryLine } from "../spec-tests/runner/report.js";
import { refName, socketRef } from "../spec-tests/runner/socket-ref.js";
import type { Expectation, Step } from "../spec-tests/runner/vectors.js";

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const form = $<HTMLFormElement>("#call");
const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
/** The conditions a single call can meet (a WFP callout only matters to connections: see the scenario). */
const CONDITIONS = CONDITION_NAMES.filter((c) => c !== "wfpCallout");
const DEFAULT_SCENARIO: Step[] = [
  { op: "socket", as: "l" }, { op: "bind", socket: "l", address: "127.0.0.1" }, { op: "ioctl", socket: "l" }, { op: "listen", socket: "l" },
  { op: "socket", as: "c" }, { op: "ioctl", socket: "c" }, { op: "connect", socket: "c", to: "l" }, { op: "accept", socket: "l", as: "a" },
  { op: "observe", socket: "a" },
];

let model: Model;
let seed: Record<string, string> = {};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** The call the form describes. */
export function readForm(): Call {
  const v = (n: string) => field(n).value;
  const checked = (n: string) => (field(n) as HTMLInputElement).checked;
  const num = (n: string, text: string) => {
    const t = text.trim();
    const x = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : Number(t);
    if (t === "" || !Number.isInteger(x) || x < 0 || x > 0xffffffff) throw new Error(`${n}: expected an unsigned 32-bit number, got "${text}"`);
    return x;
  };
  const call: Call = { api: v("api") as Call["api"], handle: v("handle") as Call["handle"], code: num("dwIoControlCode", v("code")) };
  if (!checked("overlappedSocket")) call.overlappedSocket = false;
  if (!checked("startup")) call.startup = false;
  const ik = v("inKind");
  call.in = ik === "null" ? null : ik === "invalid" ? "invalid" : ik === "bytes" ? { bytes: v("inValue").trim() } : ik === "u32" ? { u32: num("lpvInBuffer", v("inValue")) } : { bool: num("lpvInBuffer", v("inValue")) };
  if (v("cbIn").trim() !== "") call.cbIn = num("cbInBuffer", v("cbIn"));
  const ok = v("outKind");
  call.out = ok === "null" ? null : ok === "invalid" ? "invalid" : { bytes: v("outValue").trim() };
  call.cbOut = num("cbOutBuffer", v("cbOut"));
  const ptr = (n: string) => (v(n) === "null" ? null : (v(n) as "valid" | "invalid"));
  call.bytesReturned = ptr("bytesReturned");
  const ov = v("overlapped");
  call.overlapped = ov === "null" ? null : ov === "invalid" ? "invalid" : { event: ov === "event" };
  call.completionRoutine = ptr("completionRoutine");
  call.threadId = ptr("threadId");
  call.errno = ptr("errno");
  const conditions: Record<string, boolean> = {};
  for (const c of CONDITIONS) if (checked(`c-${c}`)) conditions[c] = true;
  if (Object.keys(conditions).length) call.conditions = conditions;
  return call;
}

/** Put a call into the form (from a shared URL). */
function writeForm(call: Call): void {
  const set = (n: string, value: string) => { field(n).value = value; };
  const check = (n: string, on: boolean) => { (field(n) as HTMLInputElement).checked = on; };
  set("api", call.api ?? "WSAIoctl");
  set("handle", call.handle ?? "tcp");
  check("overlappedSocket", call.overlappedSocket ?? true);
  check("startup", call.startup ?? true);
  set("code", `0x${(call.code ?? 0x98000010).toString(16)}`);
  const i = call.in === undefined ? { bool: 1 } : call.in;
  if (i === null) set("inKind", "null");
  else if (i === "invalid") set("inKind", "invalid");
  else if ("bytes" in i) { set("inKind", "bytes"); set("inValue", i.bytes); }
  else if ("u32" in i) { set("inKind", "u32"); set("inValue", String(i.u32)); }
  else { set("inKind", "bool"); set("inValue", String(i.bool)); }
  set("cbIn", call.cbIn === undefined ? "" : String(call.cbIn));
  const o = call.out ?? null;
  if (o === null) set("outKind", "null");
  else if (o === "invalid") set("outKind", "invalid");
  else if ("bytes" in o) { set("outKind", "bytes"); set("outValue", o.bytes); }
  set("cbOut", String(call.cbOut ?? 0));
  // A NULL pointer is an explicit value here: only a missing field takes the default.
  const p = (x: unknown, dflt: string) => (x === undefined ? dflt : x === null ? "null" : String(x));
  set("bytesReturned", p(call.bytesReturned, "valid"));
  const ov = call.overlapped ?? null;
  set("overlapped", ov === null ? "null" : ov === "invalid" ? "invalid" : ov.event ? "event" : "no-event");
  set("completionRoutine", p(call.completionRoutine, "null"));
  set("threadId", p(call.threadId, "valid"));
  set("errno", p(call.errno, "valid"));
  for (const c of CONDITIONS) check(`c-${c}`, call.conditions?.[c] === true);
}

function errorText(e: { name: string; code: number }): string {
  return e.code === 0 ? "0" : `${e.name} (${e.code})`;
}

/** The seed's text for the seed# sections a rule cites. */
function seedText(source: string): string {
  const parts = [...source.matchAll(/seed#([^;()]+?)(?=\s*(?:\(|;|$))/g)].map((m) => m[1].trim());
  return parts.map((p) => (seed[p] ? `${p}: ${seed[p].slice(0, 600)}` : "")).filter(Boolean).join("\n\n");
}

function completionText(o: Outcome): string {
  if (!o.completion) return "none (synchronous)";
  const c = o.completion;
  return `${c.state}, via ${c.channels.join(" then ") || "none"}, status ${errorText(c.status)}, ${c.transferred} bytes${c.faults ? "; delivering it faults the process" : ""}`;
}

/** One row per field of the preferred outcome, its grade, and every other outcome that conforms. */
function renderOutcomes(sets: Conformance[]): void {
  const outcomes = sets.map((c) => c.preferred);
  const cell = (o: Outcome, text: string, cls = "") => `<td class="${cls}" data-testid="${o.profile}-${text.split(":")[0]}">${text.split(":").slice(1).join(":")}</td>`;
  const also = (c: Conformance) => c.members.slice(1).map((m) => `<li>ret ${m.outcome.ret}, error ${escapeHtml(errorText(m.outcome.error))}, *lpcbBytesReturned ${m.outcome.bytesReturned}${m.outcome.completion ? `, completion ${escapeHtml(completionText(m.outcome))}` : ""} <span class="grade">${m.grade ?? ""}</span></li>`).join("");
  const rows: [string, (c: Conformance) => string][] = [
    ["return value", ({ preferred: o }) => cell(o, `ret:${o.ret}`, o.ret === 0 ? "ok" : "fail")],
    ["error", ({ preferred: o }) => cell(o, `error:${errorText(o.error)}`)],
    ["*lpcbBytesReturned", ({ preferred: o }) => cell(o, `bytesReturned:${o.bytesReturned}`)],
    ["*lpErrno", ({ preferred: o }) => cell(o, `errno:${o.errno}`)],
    ["completion", ({ preferred: o }) => cell(o, `completion:${completionText(o)}`)],
    ["evidence", (c) => `<td data-testid="${c.profile}-grade"><span class="grade">${c.members[0].grade ?? "n/a"}</span></td>`],
    ["also conforming", (c) => `<td data-testid="${c.profile}-also">${c.members.length > 1 ? `<ul>${also(c)}</ul>` : "nothing else: the sources fix this outcome"}</td>`],
    ["rule", ({ preferred: o }) => `<td data-testid="${o.profile}-rule"><code>${escapeHtml(o.rule.id)}</code><div class="why">${escapeHtml(o.rule.text)}</div><div class="why">source: ${escapeHtml(o.rule.source)}</div>${seedText(o.rule.source) ? `<div class="seed">${escapeHtml(seedText(o.rule.source))}</div>` : ""}</td>`],
  ];
  $("#outcome-table").innerHTML = `<table><tr><th></th>${outcomes.map((o) => `<th>${o.profile}</th>`).join("")}</tr>${rows.map(([h, f]) => `<tr><th>${h}</th>${sets.map(f).join("")}</tr>`).join("")}</table>`;
}

/** The state diagram, as SVG, from the model's states and transitions; `current` highlighted. */
export function stateDiagram(m: Model, current: string | null): string {
  const states = m.catalogue.states;
  const x = (s: string) => 20 + states.indexOf(s) * 140;
  const y = 135;
  const parts: string[] = [];
  const labelled = new Set<string>();
  const loops = new Map<string, string[]>();
  let above = 0;
  for (const t of m.catalogue.transitions) {
    if (t.from === t.to) { loops.set(t.from, [...(loops.get(t.from) ?? []), t.op]); continue; }
    // Edges into "closed" run below the boxes, the others above; an (op, to) pair is labelled once.
    const down = t.to === states[states.length - 1];
    const x1 = x(t.from) + 50 + (down ? 10 : -10);
    const x2 = x(t.to) + 50;
    const span = Math.abs(states.indexOf(t.to) - states.indexOf(t.from));
    const bend = (down ? 1 : -1) * (18 + span * 16 + (down ? 0 : (above++ % 2) * 8));
    const y0 = down ? y + 15 : y - 15;
    const mid = (x1 + x2) / 2;
    parts.push(`<path class="edge" d="M ${x1} ${y0} Q ${mid} ${y0 + 2 * bend} ${x2} ${y0}"/>`);
    const key = `${t.op}>${t.to}`;
    if (!labelled.has(key)) {
      labelled.add(key);
      parts.push(`<text class="label" x="${mid}" y="${y0 + bend + (down ? 12 : -4)}" text-anchor="middle">${escapeHtml(t.op)}</text>`);
    }
  }
  for (const s of states) {
    const ops = loops.get(s);
    if (ops) {
      const cx = x(s) + 50;
      const ly = y + 62 + (states.indexOf(s) % 2) * 14; // neighbours' labels on alternate lines
      parts.push(`<path class="edge" d="M ${cx - 12} ${y + 15} C ${cx - 30} ${y + 55}, ${cx + 30} ${y + 55}, ${cx + 12} ${y + 15}"/><text class="label" x="${cx}" y="${ly}" text-anchor="middle">${escapeHtml([...new Set(ops)].join(", "))}</text>`);
    }
    parts.push(`<g class="state${s === current ? " current" : ""}" data-state="${s}"><rect x="${x(s)}" y="${y - 15}" width="100" height="30" rx="8"/><text x="${x(s) + 50}" y="${y + 4}" text-anchor="middle">${s}</text></g>`);
  }
  const w = 40 + states.length * 140;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} 300" width="${w}" height="300" role="img" aria-label="socket state diagram"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#678"/></marker></defs>${parts.join("")}</svg>`;
}

function stateOfHandle(call: Call): string {
  return call.handle === "closed" ? "closed" : call.handle === "not-a-socket" || call.handle === "invalid-socket" ? "none" : "created";
}

/**
 * The case a call makes, with the model's conformance sets as expectations (windows as expect,
 * the others where they differ): a field the sources leave open is written as { "oneOf": [...] }.
 */
export function callAsVector(m: Model, call: Call, sets: Conformance[]): string {
  const outcomes = sets.map((c) => c.preferred);
  const one = <T>(values: T[]): T | { oneOf: T[] } => {
    const distinct = values.filter((v, i) => values.findIndex((x) => JSON.stringify(x) === JSON.stringify(v)) === i);
    return distinct.length === 1 ? distinct[0] : { oneOf: distinct };
  };
  const errName = (code: number) => (code === 0 ? 0 : m.catalogue.errors.find((x) => x.code === code)?.name ?? code);
  const expectOf = (c: Conformance): Expectation => {
    const os = c.members.map((x) => x.outcome);
    if (os.every((o) => o.ret !== 0 && o.ret !== -1)) return { ret: one(os.map((o) => o.ret)) };
    const e: Expectation = { ret: one(os.map((o) => o.ret)) };
    const returned = os.filter((o) => o.ret === 0 || o.ret === -1);
    e.error = one(returned.map((o) => errName(o.error.code)));
    e.bytesReturned = one(returned.map((o) => o.bytesReturned));
    if (call.api === "WSPIoctl") e.errno = one(returned.map((o) => (o.errno === "untouched" ? "untouched" : errName(o.errno))));
    if (returned.every((o) => o.completion === null)) e.completion = null;
    else if (returned.every((o) => o.completion !== null)) {
      e.completion = {
        via: one(returned.map((o) => o.completion!.via)),
        status: one(returned.map((o) => errName(o.completion!.status.code))),
        transferred: one(returned.map((o) => o.completion!.transferred)),
      };
    }
    return e;
  };
  const steps: Step[] = [];
  const handle = call.handle ?? "tcp";
  let socket: string = handle;
  if (handle === "tcp" || handle === "udp" || handle === "closed") {
    steps.push({ op: "socket", as: "s", ...(handle === "udp" ? { type: "dgram", protocol: "udp" } : {}), ...(call.overlappedSocket === false ? { overlapped: false } : {}) } as Step);
    socket = "s";
    if (handle === "closed") { steps.push({ op: "close", socket: "s" }); socket = "closed:s"; }
  }
  if (call.conditions && Object.keys(call.conditions).length) steps.push({ op: "condition", ...call.conditions } as Step);
  const ioctl: Step = { op: "ioctl", socket, ...ioctlCallOf(call) };
  const baseSet = sets.find((c) => c.profile === "windows") ?? sets[0];
  const base = baseSet.preferred;
  ioctl.expect = expectOf(baseSet);
  const by: Record<string, Expectation> = {};
  for (const c of sets) if (JSON.stringify(expectOf(c)) !== JSON.stringify(ioctl.expect)) by[c.profile] = expectOf(c);
  if (Object.keys(by).length) ioctl.expectBy = by;
  steps.push(ioctl);
  const refs = [...new Set(outcomes.flatMap((o) => o.rule.source.split(";").map((s) => s.trim().replace(/\s*\(.*$/, ""))))]
    .filter((r) => /^(seed#|wsaioctl#|winsock#|observed:|wine:|wine-test:|reactos:|rfc:|hotfix#|win32#|none)/.test(r));
  const c = { id: `${base.rule.id}/playground`, title: `Playground call decided by ${base.rule.id}`, refs: refs.length ? refs : ["none"], ...(call.startup === false ? { startup: false } : {}), steps };
  return JSON.stringify({ format: "lfp-vectors/1", cases: [c] }, null, 1);
}

function shareUrl(call: Call): string {
  return `${location.origin}${location.pathname}#call=${encodeURIComponent(JSON.stringify(call))}`;
}

function update(): void {
  try {
    const call = readForm();
    const sets = model.conformAll(call);
    renderOutcomes(sets);
    $("#svg").innerHTML = stateDiagram(model, stateOfHandle(call));
    $<HTMLTextAreaElement>("#vector").value = callAsVector(model, call, sets);
    history.replaceState(null, "", shareUrl(call));
    $("#status").textContent = "";
  } catch (err) {
    $("#status").textContent = (err as Error).message;
    $("#outcome-table").innerHTML = `<p class="fail" data-testid="call-error">${escapeHtml((err as Error).message)}</p>`;
  }
}

function runScenario(): void {
  const out = $("#scenario-result");
  try {
    const steps = JSON.parse($<HTMLTextAreaElement>("#scenario-steps").value) as Step[];
    const profile = $<HTMLSelectElement>("#scenario-profile").value as ProfileName;
    const [c] = parseVectorText(JSON.stringify({ format: "lfp-vectors/1", cases: [{ id: "playground/scenario", title: "scenario", refs: ["none"], steps }] }), "scenario", model.catalogue);
    const { run, scenario, sockets } = new ModelTarget(model).play({ case: c, profile });
    const rows = c.steps.map((s, i) => {
      const a = run.steps[i];
      const text = !a ? "(not run)" : a.problem ?? [a.ret !== undefined ? `ret ${a.ret}` : "", a.error ? `error ${a.error}` : "", a.fastPath ? `fastPath ${a.fastPath}` : "", a.path ? `path ${a.path}` : "", a.completed !== undefined ? `completed ${a.completed}` : "", a.received !== undefined ? `received ${a.received}` : "", a.rule ? `(${a.rule})` : ""].filter(Boolean).join(", ");
      return `<tr><td>${i}</td><td><code>${escapeHtml(JSON.stringify(s))}</code></td><td data-testid="scenario-step-${i}">${escapeHtml(text)}</td></tr>`;
    });
    out.innerHTML = `<table>${rows.join("")}</table>`;
    // Highlight the state, at the end, of the socket the last step used.
    const lastSocket = [...c.steps].reverse().find((s) => s.socket || s.as);
    const named = lastSocket?.as ?? (lastSocket?.socket === undefined ? undefined : refName(socketRef(lastSocket.socket)));
    const id = sockets.get(named ?? "");
    $("#svg").innerHTML = stateDiagram(model, id === undefined ? null : scenario.observe(id).state);
  } catch (err) {
    out.innerHTML = `<p class="fail">${escapeHtml((err as Error).message)}</p>`;
  }
}

async function runSuiteInPage(): Promise<void> {
  const out = $("#suite-result");
  out.textContent = "running...";
  const files = (await (await fetch("vectors.json")).json()) as { name: string; text: string }[];
  const seen = new Map<string, string>();
  const cases = files.flatMap((f) => parseVectorText(f.text, f.name, model.catalogue, seen));
  const t0 = performance.now();
  const r = await runSuite(cases, new ModelTarget(model), [...model.profiles], model.catalogue);
  const failures = r.results.filter((x) => x.status === "fail").map((x) => `FAIL ${x.id} [${x.profile}]`);
  out.textContent = `${failures.join("\n")}${failures.length ? "\n" : ""}${cases.length} cases, ${r.results.length} runs in ${Math.round(performance.now() - t0)} ms\n${summaryLine(r)}`;
  out.dataset.summary = summaryLine(r);
}

async function main(): Promise<void> {
  model = await loadModel();
  try { seed = await (await fetch("seed.json")).json(); } catch { seed = {}; }
  const conds = $("#conditions");
  for (const c of CONDITIONS) conds.insertAdjacentHTML("beforeend", `<label><input type="checkbox" name="c-${c}"> ${c}</label>`);
  const ps = $<HTMLSelectElement>("#scenario-profile");
  for (const p of model.profiles) ps.insertAdjacentHTML("beforeend", `<option${p === "windows" ? " selected" : ""}>${p}</option>`);
  $<HTMLTextAreaElement>("#scenario-steps").value = JSON.stringify(DEFAULT_SCENARIO, null, 1);
  const hash = new URLSearchParams(location.hash.slice(1));
  const shared = hash.get("call");
  if (shared) {
    try { writeForm(JSON.parse(shared) as Call); } catch (err) { $("#status").textContent = `the shared call could not be read: ${(err as Error).message}`; }
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  $("#run-scenario").addEventListener("click", runScenario);
  $("#run-suite").addEventListener("click", () => void runSuiteInPage());
  $("#share").addEventListener("click", () => { void navigator.clipboard?.writeText(location.href).catch(() => undefined); $("#status").textContent = "link copied"; });
  $("#copy-vector").addEventListener("click", () => { void navigator.clipboard?.writeText($<HTMLTextAreaElement>("#vector").value).catch(() => undefined); $("#status").textContent = "vector copied"; });
  update();
  document.body.dataset.ready = "true";
}

void main();
