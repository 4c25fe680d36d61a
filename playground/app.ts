// The playground: a form for one WSAIoctl/WSPIoctl call, the outcome for every
// profile side by side (with the rule, its sources and the seed's text, and on "why?" every
// citation with its quoted passage), the state diagram drawn from the model's data, a short
// scenario, the whole vector suite run in the page, a shareable URL and "copy as vector".
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

function errorText(e: { name: string; code: number } | null): string {
  return e === null || e.code === 0 ? "0" : `${e.name} (${e.code})`;
}

/** The seed sections a source cites (`seed#<section>`, any number of them, each the longest section name that matches). */
export function citedSections(source: string, sections: Record<string, string>): string[] {
  const names = Object.keys(sections).sort((a, b) => b.length - a.length);
  const out: string[] = [];
  for (const m of source.matchAll(/seed#/g)) {
    const name = names.find((n) => source.startsWith(n, m.index + 5));
    if (name !== undefined && !out.includes(name)) out.push(name);
  }
  return out;
}

/** The first whole sentences of `text`, about `max` characters at most (at least one sentence); "…" when some were left out. */
export function wholeSentences(text: string, max = 480): string {
  const sentences = text.replace(/\s+/g, " ").trim().split(/(?<=[.!?:])\s+(?=[A-Z*`"(|-])/);
  let out = "";
  for (const s of sentences) {
    if (out && out.length + s.length + 1 > max) return `${out} …`;
    out = out ? `${out} ${s}` : s;
  }
  return out;
}

/** The seed's text, in whole sentences, for every seed# section a rule cites. */
function seedQuotes(source: string): string[] {
  return citedSections(source, seed).map((name) => `${name}: ${wholeSentences(seed[name])}`);
}

function completionText(o: Outcome): string {
  if (!o.completion) return "none (synchronous)";
  const c = o.completion;
  return `${c.state}, via ${c.channels.join(" then ") || "none"}, status ${errorText(c.status)}, ${c.transferred} bytes${c.faults ? "; delivering it faults the process" : ""}`;
}

/**
 * One card a profile: what the profile is, the preferred outcome with its evidence grade, every other
 * outcome that conforms, and the rule that decided with its sources and the seed's words.
 */
function renderOutcomes(sets: Conformance[]): void {
  const about = (c: Conformance) => model.catalogue.profiles.find((p) => p.name === c.profile)?.about ?? "";
  const follows = (c: Conformance) => ((f) => (f ? ` <small class="follows" data-testid="${c.profile}-follows">follows ${f}</small>` : ""))(model.catalogue.profiles.find((p) => p.name === c.profile)?.follows);
  const field = (c: Conformance, key: string, label: string, value: string, cls = "") =>
    `<div><span class="label">${label}</span> <span class="${cls}" data-testid="${c.profile}-${key}">${value}</span></div>`;
  const also = (c: Conformance) => c.members.slice(1).map((m) => `<li>ret ${m.outcome.ret}, error ${escapeHtml(errorText(m.outcome.error))}, *lpcbBytesReturned ${m.outcome.bytesReturned}${m.outcome.completion ? `, completion ${escapeHtml(completionText(m.outcome))}` : ""} <span class="grade">${m.grade ?? ""}</span></li>`).join("");
  const card = (c: Conformance) => {
    const o = c.preferred;
    return `<article class="profile" data-profile="${c.profile}">
    <h3>${c.profile}${follows(c)}</h3><p class="about" data-testid="${c.profile}-about">${escapeHtml(about(c))}</p>
    <div class="fields">${[
      field(c, "ret", "return value", escapeHtml(String(o.ret)), o.ret === 0 ? "ok" : "fail"),
      field(c, "error", "error", escapeHtml(errorText(o.error))),
      field(c, "bytesReturned", "*lpcbBytesReturned", escapeHtml(String(o.bytesReturned))),
      field(c, "errno", "*lpErrno", escapeHtml(String(o.errno))),
      field(c, "completion", "completion", escapeHtml(completionText(o))),
      field(c, "grade", "evidence", `<span class="grade">${c.members[0].grade ?? "n/a"}</span>`),
      field(c, "also", "also conforming", c.members.length > 1 ? `<ul>${also(c)}</ul>` : "nothing else: the sources fix this outcome"),
    ].join("")}</div>
    <div class="rule" data-testid="${c.profile}-rule"><code>${escapeHtml(o.rule.id)}</code><div class="why">${escapeHtml(o.rule.text)}</div><div class="why">source: ${escapeHtml(o.rule.source)}</div>${seedQuotes(o.rule.source).map((q) => `<blockquote class="seed">${escapeHtml(q)}</blockquote>`).join("")}
    <details class="sources" data-rule="${escapeHtml(o.rule.id)}" data-testid="${c.profile}-sources"><summary>why? every source, with its quoted passage</summary><div class="passages"></div></details></div>
  </article>`;
  };
  $("#outcome-table").innerHTML = `<div class="profiles">${sets.map(card).join("")}</div>`;
}

/**
 * A rule's "why?" opened: its citations, each with where its passage is and the passage itself
 * (`model.explain`, from the explanations the page loaded once at start).
 */
async function fillSources(d: HTMLDetailsElement): Promise<void> {
  if (!d.open || d.dataset.filled) return;
  const x = await model.explain(d.dataset.rule!);
  const where = (w: string) => (/^https:\/\//.test(w) ? `<a href="${escapeHtml(w)}" rel="noreferrer">${escapeHtml(w)}</a>` : escapeHtml(w));
  d.querySelector(".passages")!.innerHTML = x.sources.map((c) => `<div class="citation"><code>${escapeHtml(c.citation)}</code>${c.comment ? ` <small>(${escapeHtml(c.comment)})</small>` : ""}${
    c.quote === undefined ? ' <small class="no-passage">no quoted passage</small>'
      : `<div class="where">${[c.kind && escapeHtml(c.kind), c.where && where(c.where), c.read && `read ${escapeHtml(c.read)}`].filter(Boolean).join(", ")}</div><blockquote class="passage">${escapeHtml(c.quote)}</blockquote>`
  }</div>`).join("");
  d.dataset.filled = "true";
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
    e.error = one(returned.map((o) => errName(o.error?.code ?? 0)));
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
  // A profile that follows another falls back to that profile's expectation (spec-tests/FORMAT.md): say only what differs.
  const fallback = (p: string): Expectation => {
    const f = model.catalogue.profiles.find((x) => x.name === p)?.follows ?? null;
    return f === null ? ioctl.expect! : by[f] ?? fallback(f);
  };
  for (const c of sets) if (JSON.stringify(expectOf(c)) !== JSON.stringify(fallback(c.profile))) by[c.profile] = expectOf(c);
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

/** Show what the form's call does; false when the form has a mistake (shown in the page). */
function renderOnly(): boolean {
  try {
    const call = readForm();
    const sets = model.conformAll(call);
    renderOutcomes(sets);
    $("#svg").innerHTML = stateDiagram(model, stateOfHandle(call));
    $<HTMLTextAreaElement>("#vector").value = callAsVector(model, call, sets);
    status("");
    return true;
  } catch (err) {
    status((err as Error).message, true);
    $("#outcome-table").innerHTML = `<p class="fail" data-testid="call-error">${escapeHtml((err as Error).message)}</p>`;
    return false;
  }
}

/** The form changed: show it and put the call in the URL. */
function update(): void {
  if (renderOnly()) {
    history.replaceState(null, "", shareUrl(readForm()));
    $("#share-error").hidden = true;
  }
}

/**
 * The scenario editor's text: one step a line, each a JSON object of the vector format (blank lines and
 * lines starting with // are skipped). Returns the steps and the editor line of each.
 */
export function parseStepLines(text: string): { steps: Step[]; lines: number[] } {
  const steps: Step[] = [];
  const lines: number[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("//")) return;
    try {
      steps.push(JSON.parse(line) as Step);
    } catch (err) {
      throw new Error(`line ${i + 1}: not a JSON object: ${(err as Error).message}`);
    }
    lines.push(i + 1);
  });
  if (steps.length === 0) throw new Error("no steps: write one step a line, e.g. {\"op\": \"socket\", \"as\": \"s\"}");
  return { steps, lines };
}

function runScenario(): void {
  const out = $("#scenario-result");
  try {
    const { steps, lines } = parseStepLines($<HTMLTextAreaElement>("#scenario-steps").value);
    const profile = $<HTMLSelectElement>("#scenario-profile").value as ProfileName;
    let parsed;
    try {
      parsed = parseVectorText(JSON.stringify({ format: "lfp-vectors/1", cases: [{ id: "playground/scenario", title: "scenario", refs: ["none"], steps }] }), "scenario", model.catalogue);
    } catch (err) {
      // The runner names "step N"; the editor user sees lines.
      throw new Error((err as Error).message.replace(/^scenario: case "playground\/scenario", /gm, "").replace(/step (\d+)/g, (_m, n: string) => `line ${lines[Number(n)]}`));
    }
    const [c] = parsed;
    const { run, scenario, sockets } = new ModelTarget(model).play({ case: c, profile });
    const rows = c.steps.map((s, i) => {
      const a = run.steps[i];
      const text = !a ? "(not run)" : a.problem ?? [a.ret !== undefined ? `ret ${a.ret}` : "", a.error ? `error ${a.error}` : "", a.fastPath ? `fastPath ${a.fastPath}` : "", a.path ? `path ${a.path}` : "", a.completed !== undefined ? `completed ${a.completed}` : "", a.received !== undefined ? `received ${a.received}` : "", a.rule ? `(${a.rule})` : ""].filter(Boolean).join(", ");
      return `<tr><td>${lines[i]}</td><td><code>${escapeHtml(s.op)}</code></td><td data-testid="scenario-step-${i}">${escapeHtml(text)}</td></tr>`;
    });
    out.innerHTML = `<table><tr><th>line</th><th>op</th><th>result</th></tr>${rows.join("")}</table>`;
    // Highlight the state, at the end, of the socket the last step used.
    const lastSocket = [...c.steps].reverse().find((s) => s.socket || s.as);
    const named = lastSocket?.as ?? (lastSocket?.socket === undefined ? undefined : refName(socketRef(lastSocket.socket)));
    const id = sockets.get(named ?? "");
    $("#svg").innerHTML = stateDiagram(model, id === undefined ? null : ((o) => (o.ok ? o.state : null))(scenario.observe(id)));
  } catch (err) {
    out.innerHTML = `<p class="fail" data-testid="scenario-error">${escapeHtml((err as Error).message)}</p>`;
  }
}

/** Say something in the status line; an error stays until the next message. */
function status(text: string, error = false): void {
  const el = $("#status");
  el.textContent = text;
  el.className = error ? "fail" : "";
}

/** Copy to the clipboard, and say whether it worked (a refused write is reported, with what to do instead). */
async function copy(text: string, what: string, select?: HTMLTextAreaElement | HTMLInputElement): Promise<void> {
  try {
    if (!navigator.clipboard) throw new Error("this page has no clipboard access (it needs https or localhost)");
    await navigator.clipboard.writeText(text);
    status(`${what} copied`);
  } catch (err) {
    select?.focus();
    select?.select();
    status(`could not copy the ${what} (${(err as Error).message || "the browser refused"}); it is selected: copy it with Ctrl+C`, true);
  }
}

/** Take the call from the URL's #call=..., or report a broken link. Returns whether the form changed. */
function applyHash(): boolean {
  const shared = new URLSearchParams(location.hash.slice(1)).get("call");
  const box = $("#share-error");
  if (shared === null) return false;
  try {
    let call: Call;
    try { call = JSON.parse(shared) as Call; } catch { throw new Error("its #call= part is not valid JSON (was the link cut short?)"); }
    model.evaluateAll(call); // checks every field, naming the wrong one
    writeForm(call);
    box.hidden = true;
    return true;
  } catch (err) {
    box.textContent = `This shared link is broken: ${(err as Error).message}. The form shows the last valid call.`;
    box.hidden = false;
    return false;
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
  await model.loadExplanations(); // the page shows every rule's text and sources
  try { seed = await (await fetch("seed.json")).json(); } catch { seed = {}; }
  const conds = $("#conditions");
  for (const c of CONDITIONS) conds.insertAdjacentHTML("beforeend", `<label><input type="checkbox" name="c-${c}"> ${c}</label>`);
  const ps = $<HTMLSelectElement>("#scenario-profile");
  for (const p of model.profiles) ps.insertAdjacentHTML("beforeend", `<option${p === "windows" ? " selected" : ""}>${p}</option>`);
  $<HTMLTextAreaElement>("#scenario-steps").value = DEFAULT_SCENARIO.map((step) => JSON.stringify(step)).join("\n");
  // A broken link leaves the hash as it is (update() would replace it with the form's call).
  const broken = location.hash.includes("call=") && !applyHash();
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  window.addEventListener("hashchange", () => { if (applyHash()) update(); });
  // "toggle" does not bubble: caught on its way down to a card's "why?".
  $("#outcome-table").addEventListener("toggle", (e) => { if (e.target instanceof HTMLDetailsElement) void fillSources(e.target); }, true);
  $("#run-scenario").addEventListener("click", runScenario);
  $("#run-suite").addEventListener("click", () => void runSuiteInPage());
  $("#share").addEventListener("click", () => void copy(location.href, "link"));
  $("#copy-vector").addEventListener("click", () => void copy($<HTMLTextAreaElement>("#vector").value, "vector", $<HTMLTextAreaElement>("#vector")));
  if (broken) renderOnly();
  else update();
  document.body.dataset.ready = "true";
}

void main();
