// lfp check: one call, evaluated for every profile (or one), explained.
import { loadModel } from "../node.js";
import type { Call, BufferArg, PointerArg, OverlappedArg, HandleKind, Conditions } from "../call.js";
import { CONDITION_BITS } from "../call.js";
import type { Conformance, Outcome } from "../outcome.js";
import type { ProfileName } from "../catalogue.js";
import { parse, u32Arg, choice, profilesArg, UsageError } from "./usage.js";
import { socketRef } from "../../spec-tests/runner/socket-ref.js";
import { colourWanted, painter, COLOUR_USAGE, type Paint } from "../colour.js";
import { parseJson, showJsonProblem } from "../json.js";
import { show as showValue } from "../show.js";
import type { Explanation } from "../explain.js";
import type { RuleId } from "../names.js";

export const checkUsage = `Usage: lfp check [options]
       lfp check --step '<json>'

Evaluate one WSAIoctl/WSPIoctl call with SIO_LOOPBACK_FAST_PATH and explain the
outcome for each profile: ret, error, *lpcbBytesReturned, *lpErrno, completion,
the rule that decided with its sources and evidence grade, and every other
outcome that conforms to the profile's sources.

Call options (defaults: the typical call, WSAIoctl on an overlapped TCP socket,
in bool:1, cbIn 4, out null, cbOut 0, bytesReturned valid, no overlapped):
  --api <a>                WSAIoctl | WSPIoctl
  --handle <h>             tcp | udp | not-a-socket | closed | invalid-socket
  --overlapped-socket <b>  yes | no   (WSA_FLAG_OVERLAPPED; default yes)
  --startup <b>            yes | no   (WSAStartup called; default yes)
  --code <n>               dwIoControlCode, decimal or 0x hex
  --in <buf>               null | invalid | bool:N | u32:N | bytes:HEX
  --cb-in <n>              cbInBuffer (default: the buffer's length)
  --out <buf>              as --in (default null)
  --cb-out <n>             cbOutBuffer (default 0)
  --bytes-returned <p>     valid | null | invalid
  --overlapped <o>         null | invalid | event | no-event
  --completion-routine <p> valid | null | invalid
  --thread-id <p>          valid | null | invalid (WSPIoctl)
  --errno <p>              valid | null | invalid (WSPIoctl)
  --condition <c>          ${Object.keys(CONDITION_BITS).join(" | ")} (repeatable)
  --step <json>            the call as JSON instead: a vector ioctl step, or the
                           API's Call object (fields as in spec-tests/FORMAT.md)
Output:
  --profile <p>            documented | windows | wine | reactos | windows-7 | all
                           (default all)
  --json                   per profile: the profile it follows (if any), the
                           conformance set, the preferred member and its
                           grade, as JSON
  --explain                then every rule that decided an outcome shown: its
                           text, grades and sources citation by citation, each
                           with its quoted passage (docs/evidence/passages.json)
${COLOUR_USAGE}
  -h, --help               this text

Exit status: 0 when evaluated, 2 on bad input or usage.`;

const POINTERS = ["valid", "null", "invalid"] as const;
const pointer = (v: string | undefined, flag: string): PointerArg | undefined =>
  v === undefined ? undefined : ((p) => (p === "null" ? null : p))(choice(v, flag, POINTERS));

function bufferArg(v: string | undefined, flag: string): BufferArg | undefined {
  if (v === undefined) return undefined;
  if (v === "null") return null;
  if (v === "invalid") return "invalid";
  const m = /^(bool|u32|bytes):(.*)$/.exec(v);
  if (m?.[1] === "bytes") {
    if (!/^([0-9a-fA-F]{2})*$/.test(m[2])) throw new UsageError(`${flag}: bytes: expects hex digits in pairs, got ${JSON.stringify(m[2])}`);
    return { bytes: m[2] };
  }
  if (m) return m[1] === "bool" ? { bool: u32Arg(m[2], flag) } : { u32: u32Arg(m[2], flag) };
  throw new UsageError(`${flag}: expected null, invalid, bool:N, u32:N or bytes:HEX, got ${JSON.stringify(v)}`);
}

/** A vector ioctl step or a Call object, as a Call. */
function callFromJson(text: string): Call {
  const parsed = parseJson(text);
  if (parsed.problem) throw new UsageError(showJsonProblem("--step", parsed.problem));
  const data = parsed.value;
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new UsageError("--step: expected a JSON object");
  const { op, socket, expect: _e, expectBy: _b, note: _n, as: _a, ...rest } = data as Record<string, unknown>;
  if (op !== undefined && op !== "ioctl") throw new UsageError(`--step: op: only "ioctl" steps can be checked, got ${showValue(op)}`);
  const call = rest as Call;
  if (socket !== undefined && typeof socket !== "string") throw new UsageError(`--step: socket: expected a string, got ${showValue(socket)}`);
  const ref = socket === undefined ? undefined : socketRef(socket);
  if (ref?.kind === "not-a-socket" || ref?.kind === "invalid-socket") call.handle = ref.kind;
  else if (ref?.kind === "closed") call.handle = "closed";
  return call;
}

/** One outcome in one line: what it returns, writes and completes. */
function summary(o: Outcome): string {
  const [ret, error, br, ...rest] = outcomeFields(o);
  const errno = rest[0]?.startsWith("*lpErrno") ? `   ${rest.shift()}` : "";
  return [`${ret}   ${error}   ${br}${errno}`, ...rest.map((l) => `    ${l}`)].join("\n");
}

/**
 * An outcome's fields, one a line: ret, error, *lpcbBytesReturned, then *lpErrno and the completion
 * when there are (`every`: always, so that side-by-side columns line up).
 */
function outcomeFields(o: Outcome, every = false): string[] {
  const lines = [`ret ${o.ret}`, `error ${o.error === null ? "0" : `${o.error.name} (${o.error.code})`}`, `*lpcbBytesReturned ${o.bytesReturned}`];
  if (o.errno !== "untouched" || every) lines.push(`*lpErrno ${o.errno}`);
  if (!o.completion && every) lines.push("completion none (synchronous)");
  if (o.completion) {
    const st = o.completion.status.code === 0 ? "0" : `${o.completion.status.name} (${o.completion.status.code})`;
    lines.push(`completion ${o.completion.state}, via ${o.completion.channels.join(" then ") || "none"}, status ${st}, transferred ${o.completion.transferred}${o.completion.faults ? ", delivering it faults the process" : ""}`);
  }
  return lines;
}

/** What a profile follows where its sources say nothing (null: none). */
type Follows = (profile: string) => string | null;
/** A profile's name, and the profile it follows. */
const title = (c: Conformance, follows: Follows) => ((f) => (f === null ? c.profile : `${c.profile} (follows ${f})`))(follows(c.profile));

/** One profile below the other (what a pipe or a narrow terminal gets). */
function show(c: Conformance, follows: Follows): string[] {
  const o = c.preferred;
  const lines = [title(c, follows), `  ${summary(o)}   [${c.members[0].grade ?? "n/a"}]`];
  lines.push(`  rule ${o.rule.id}: ${o.rule.text}`, `  source ${o.rule.source}`);
  if (c.members.length > 1) {
    lines.push(`  also conforming (${c.members.length - 1}):`);
    for (const m of c.members.slice(1)) lines.push(`  - ${summary(m.outcome)}   [${m.grade ?? "n/a"}, rule ${m.outcome.rule.id}]`);
  }
  return lines;
}

/** The JSON form of one profile's answer: the profile it follows, the conformance set, the preferred member first, each with its grade. */
function conformanceJson(c: Conformance, follows: string | null) {
  return {
    profile: c.profile,
    follows,
    preferred: c.preferred,
    grade: c.members[0].grade,
    conforming: c.members.map((m) => ({ ...m.outcome, grade: m.grade })),
  };
}

/** One profile's answer as lines for a column: the profile, the preferred outcome with its grade and rule, the other conforming outcomes. */
function fields(c: Conformance, follows: Follows): string[] {
  const o = c.preferred;
  const lines = [title(c, follows), ...outcomeFields(o, true), `grade ${c.members[0].grade ?? "n/a"}`, `rule ${o.rule.id}: ${o.rule.text}`, `source ${o.rule.source}`];
  if (c.members.length > 1) {
    lines.push(`also conforming (${c.members.length - 1}):`);
    for (const m of c.members.slice(1)) lines.push(`- ${outcomeFields(m.outcome).join(", ")} [${m.grade ?? "n/a"}, rule ${m.outcome.rule.id}]`);
  }
  return lines;
}

/** Words of `text` in lines of at most `width` characters (a longer word is cut). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    for (let w = word; w.length > 0;) {
      const room = line ? width - line.length - 1 : width;
      if (w.length <= room) { line = line ? `${line} ${w}` : w; w = ""; }
      else if (line) { out.push(line); line = ""; }
      else { out.push(w.slice(0, width)); w = w.slice(width); }
    }
  }
  if (line) out.push(line);
  return out;
}

/**
 * Colours by level, on the finished lines (so that columns keep their widths): profile names bold,
 * an error or status of 0 green, WSA_IO_PENDING yellow, another error and a call that ends the
 * process red.
 */
function paintCheck(line: string, profiles: readonly string[], paint: Paint): string {
  // A header: profile names, each with the profile it follows if any ("windows-7 (follows windows)").
  const names = line.replace(/\(follows \S+\)/g, "").trim();
  if (names !== "" && names.split(/\s+/).every((w) => profiles.includes(w))) return line.replace(/\S+/g, (p) => (profiles.includes(p) ? paint("bold", p) : p));
  return line
    .replace(/\b(?:error|status) (?:0\b|WSA\w+ \(\d+\))/g, (m) => paint(m.endsWith(" 0") ? "pass" : m.includes("WSA_IO_PENDING") ? "warning" : "fail", m))
    .replace(/\bret (?:crash|unavailable|refused)\b/g, (m) => paint("fail", m));
}

/** The rules that decided the outcomes of `sets` (preferred and also conforming), each once, in order of appearance. */
function decidingRules(sets: Conformance[]): RuleId[] {
  return [...new Set(sets.flatMap((c) => c.members.map((m) => m.outcome.rule?.id).filter((id) => id !== undefined)))];
}

/** `lfp check --explain`: each rule's text and grades, then its citations with where each passage is and the passage itself. */
export function explanationLines(explanations: Explanation[], paint: Paint): string[] {
  const lines = ["", paint("bold", explanations.length === 1 ? "why: the rule above, with its sources" : `why: the ${explanations.length} rules above, with their sources`)];
  for (const x of explanations) {
    const grades = Object.entries(x.grades).filter(([, g]) => g !== null).map(([p, g]) => `${p} ${g}`).join(", ");
    lines.push("", `${paint("bold", x.id)}: ${x.text}`, `  grades: ${grades || "none (the rule applies to no profile)"}`);
    x.sources.forEach((c, i) => {
      lines.push(`  [${i + 1}] ${c.citation}${c.comment ? ` (${c.comment})` : ""}`);
      if (c.quote === undefined) { lines.push("      no quoted passage for this citation"); return; }
      lines.push(`      ${[c.kind, c.where, c.read && `read ${c.read}`].filter(Boolean).join(", ")}`);
      for (const q of c.quote.split("\n")) lines.push(`      > ${q}`.trimEnd());
    });
  }
  return lines;
}

/** The minimum width of a column when profiles are laid out side by side. */
export const COLUMN_MIN = 40;
const GAP = 2;

/** The profiles side by side, each field wrapped within its column; null when `columns` is too narrow. */
export function sideBySide(sets: Conformance[], columns: number, follows: Follows): string[] | null {
  const n = sets.length;
  const width = Math.floor((columns - GAP * (n - 1)) / n);
  if (n < 2 || width < COLUMN_MIN) return null;
  const cells = sets.map((c) => fields(c, follows));
  const out: string[] = [];
  for (let f = 0; f < Math.max(...cells.map((c) => c.length)); f++) {
    const wrapped = cells.map((c) => wrap(c[f] ?? "", width));
    for (let i = 0; i < Math.max(...wrapped.map((w) => w.length)); i++) {
      out.push(wrapped.map((w) => (w[i] ?? "").padEnd(width)).join(" ".repeat(GAP)).trimEnd());
    }
    if (f === 0) out.push(cells.map(() => "-".repeat(width)).join(" ".repeat(GAP)));
  }
  return out;
}

export async function check(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parse({
    args: argv,
    allowPositionals: false,
    options: {
      api: { type: "string" }, handle: { type: "string" }, "overlapped-socket": { type: "string" },
      startup: { type: "string" }, code: { type: "string" }, in: { type: "string" }, "cb-in": { type: "string" },
      out: { type: "string" }, "cb-out": { type: "string" }, "bytes-returned": { type: "string" },
      overlapped: { type: "string" }, "completion-routine": { type: "string" }, "thread-id": { type: "string" },
      errno: { type: "string" }, condition: { type: "string", multiple: true }, step: { type: "string" },
      profile: { type: "string", default: "all" }, json: { type: "boolean", default: false }, explain: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  void positionals;
  if (values.help) { out(checkUsage); return 0; }
  let call: Call;
  const callFlags = Object.keys(values).filter((k) => !["step", "profile", "json", "explain", "help"].includes(k));
  if (values.step !== undefined) {
    if (callFlags.length) throw new UsageError(`--step cannot be combined with --${callFlags[0]}`);
    call = callFromJson(values.step);
  } else {
    const yesNo = (v: string | undefined, flag: string) => (v === undefined ? undefined : choice(v, flag, ["yes", "no"] as const) === "yes");
    let ov: OverlappedArg | undefined;
    if (values.overlapped !== undefined) {
      const o = choice(values.overlapped, "--overlapped", ["null", "invalid", "event", "no-event"] as const);
      ov = o === "null" ? null : o === "invalid" ? "invalid" : { event: o === "event" };
    }
    const conditions: Conditions = {};
    for (const c of values.condition ?? []) conditions[choice(c, "--condition", Object.keys(CONDITION_BITS) as (keyof Conditions)[])] = true;
    call = {
      api: values.api === undefined ? undefined : choice(values.api, "--api", ["WSAIoctl", "WSPIoctl"] as const),
      handle: values.handle === undefined ? undefined : choice(values.handle, "--handle", ["tcp", "udp", "not-a-socket", "closed", "invalid-socket"] as const satisfies readonly HandleKind[]),
      overlappedSocket: yesNo(values["overlapped-socket"], "--overlapped-socket"),
      startup: yesNo(values.startup, "--startup"),
      code: values.code === undefined ? undefined : u32Arg(values.code, "--code"),
      in: bufferArg(values.in, "--in"),
      cbIn: values["cb-in"] === undefined ? undefined : u32Arg(values["cb-in"], "--cb-in"),
      out: bufferArg(values.out, "--out"),
      cbOut: values["cb-out"] === undefined ? undefined : u32Arg(values["cb-out"], "--cb-out"),
      bytesReturned: pointer(values["bytes-returned"], "--bytes-returned"),
      overlapped: ov,
      completionRoutine: pointer(values["completion-routine"], "--completion-routine"),
      threadId: pointer(values["thread-id"], "--thread-id"),
      errno: pointer(values.errno, "--errno"),
      conditions: Object.keys(conditions).length ? conditions : undefined,
    };
    for (const k of Object.keys(call) as (keyof Call)[]) if (call[k] === undefined) delete call[k];
  }
  const model = await loadModel();
  const profiles = profilesArg(values.profile!, model.profiles) as ProfileName[];
  const sets = profiles.length === model.profiles.length ? model.conformAll(call) : profiles.map((p) => model.conform(call, p));
  const follows: Follows = (p) => model.catalogue.profiles.find((x) => x.name === p)?.follows ?? null;
  const explanations = values.explain ? await Promise.all(decidingRules(sets).map((id) => model.explain(id))) : [];
  if (values.json) {
    out(JSON.stringify({ call, profiles: sets.map((c) => conformanceJson(c, follows(c.profile))), ...(values.explain ? { explanations } : {}) }, null, 1));
  } else {
    const columns = process.stdout.isTTY ? process.stdout.columns ?? 0 : 0;
    const paint = painter(colourWanted(process.stdout));
    const lines = sideBySide(sets, columns, follows) ?? sets.flatMap((c) => show(c, follows));
    const why = values.explain ? explanationLines(explanations, paint) : [];
    out([`call ${JSON.stringify(call)}`, ...lines.map((l) => paintCheck(l, model.profiles, paint)), ...why].join("\n"));
  }
  return 0;
}
