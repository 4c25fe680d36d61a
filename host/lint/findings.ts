// From what was read at a call site and what the model answered, to findings.
// Every finding that states an outcome takes it from the model's verdicts.
import type { CallSite, Finding, Level, ProfileVerdict, RelatedLocation, SocketContext } from "./types.js";
import { FAST_PATH_CODE, WRONG_WS2_CODE } from "./constants.js";
import { lintRule, type LintRuleId } from "./rules.js";
import { guardText } from "./guard.js";

const failed = (v: ProfileVerdict) => v.ret !== 0;
const hex = (n: number) => `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, "0")}`;

/** A compact per-profile row: `documented 0 | windows 0 | wine -1 WSAEOPNOTSUPP | reactos -1 WSAEINVAL`. */
export function outcomeRow(vs: ProfileVerdict[]): string {
  return vs.map((v) => `${v.profile} ${v.ret}${v.error !== "0" ? ` ${v.error}` : ""}${v.path ? ` path=${v.path}` : ""}`).join(" | ");
}

/** The calls that set a stage, as related locations of the finding about it. */
function relatedOf(site: Omit<CallSite, "findings">, ctxs: SocketContext[]): RelatedLocation[] {
  const seen = new Set<string>();
  const out: RelatedLocation[] = [];
  for (const c of ctxs) {
    const d = c.decidedAt;
    if (!d) continue;
    const file = d.file ?? site.file;
    const k = `${file}:${d.start.line}:${d.start.column}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ file, start: d.start, end: d.end, message: `\`${d.text}\` sets the socket's stage (${c.stage}) before the ioctl`, kind: "stage" });
  }
  return out;
}

/** The findings of one call site; the model's verdicts in `site.model` are those of the profiles the project targets. */
export function findingsFor(site: Omit<CallSite, "findings">, comments: string): Finding[] {
  const out: Finding[] = [];
  const add = (id: LintRuleId, message: string, evidence: ProfileVerdict[], level?: Level, related?: RelatedLocation[]) => {
    const r = lintRule(id);
    const f: Finding = { id, level: level ?? r.level, message, file: site.file, start: site.start, end: site.end, evidence };
    if (r.fix) f.fix = r.fix;
    if (related?.length) f.related = related;
    out.push(f);
  };
  const { shape, model } = site;
  const scenario = model.scenario ?? model.call;
  const stageVerdicts = model.scenario ?? [];

  // The code.
  if (shape.code.known && shape.code.value === WRONG_WS2_CODE) {
    add("lfp/wrong-code", `the code is ${hex(WRONG_WS2_CODE)} (_WSAIOW(IOC_WS2, 16)), not SIO_LOOPBACK_FAST_PATH ${hex(FAST_PATH_CODE)}`, model.call);
  } else if (shape.code.known && shape.code.value === FAST_PATH_CODE && /IOC_WS2/.test(comments)) {
    add("lfp/wrong-code", "a comment says IOC_WS2; the code is right (0x98000010 = _WSAIOW(IOC_VENDOR, 16)) but the comment is not", model.call, "note");
  }
  // The BOOL and the sizes.
  if (shape.bool?.known && shape.bool.value !== 0 && shape.bool.value !== 1) {
    add("lfp/bool-not-one", `the BOOL is ${shape.bool.value >>> 0} (${hex(shape.bool.value)}): read as TRUE`, model.call);
  }
  if (shape.cbIn.known && shape.cbIn.value !== 4 && shape.bool !== null) {
    const small = shape.cbIn.value < 4;
    add("lfp/cb-in", `cbInBuffer is ${shape.cbIn.value} (${shape.cbIn.text})${small ? ": too small for the BOOL" : ": only the first 4 bytes count"}`, model.call, small ? "error" : "note");
  }
  if (shape.bytesReturned === "null" && !shape.overlapped) {
    add("lfp/bytes-returned-null", "lpcbBytesReturned is NULL on a synchronous call", model.call);
  }
  // The socket.
  const ctxs = site.sockets;
  const at = (stage: string) => ctxs.filter((c) => c.stage === stage).map((c) => c.evidence).join("; ");
  if (ctxs.some((c) => c.type === "datagram")) add("lfp/udp-socket", `the socket is a datagram socket (${ctxs.filter((c) => c.type === "datagram").map((c) => c.evidence).join("; ")})`, stageVerdicts.length ? stageVerdicts : model.call);
  const rel = (stage: string) => relatedOf(site, ctxs.filter((c) => c.stage === stage));
  if (ctxs.some((c) => c.stage === "connected")) add("lfp/after-connect", `the socket is already connected (${at("connected")})`, stageVerdicts, undefined, rel("connected"));
  if (ctxs.some((c) => c.stage === "listening")) add("lfp/after-listen", `the socket is already listening (${at("listening")})`, stageVerdicts, undefined, rel("listening"));
  if (ctxs.some((c) => c.stage === "accepted")) add("lfp/accepted-socket", `the socket is an accepted socket (${at("accepted")})`, stageVerdicts, undefined, rel("accepted"));
  // The error policy. Profiles a version guard keeps the call from are already out of the verdicts; say so.
  const e = site.errors;
  const failing = scenario.filter(failed);
  const nr = model.notReached ?? [];
  const g = site.guard;
  const reach = g && nr.length ? `; ${guardText(g, nr.map((p) => p.profile))}` : "";
  const guardAt: RelatedLocation[] = g && nr.length ? [{ file: g.file ?? site.file, start: g.start, end: g.end, message: `\`${g.condition}\` guards the call${g.via ? `, ${g.via}` : ""}: not reached on ${nr.map((p) => `${p.profile} (reports ${p.reports})`).join(", ")}`, kind: "guard" }] : [];
  if ((e.policy === "ignored" || e.policy === "swallowed") && failing.length) {
    const how = e.policy === "ignored" ? "the result is not checked" : "every failure is caught and dropped";
    add("lfp/errors-ignored", `${how} (${e.evidence}); the call fails on ${failing.map((v) => `${v.profile} (${v.error})`).join(", ")} here${reach}`, failing, undefined, guardAt);
  }
  if (e.policy === "opnotsupp-only") {
    const einval = failing.filter((v) => v.error !== "WSAEOPNOTSUPP");
    if (einval.length) add("lfp/rejects-einval", `only WSAEOPNOTSUPP is tolerated (${e.evidence}); ${einval.map((v) => `${v.profile} answers ${v.error}`).join(", ")} and that is fatal here${reach}`, einval, undefined, guardAt);
  }
  if (e.policy === "fatal" && !e.tolerates.includes("WSAEOPNOTSUPP") && failing.length) {
    add("lfp/fails-on-unsupported", `any failure is fatal (${e.evidence}): ${failing.map((v) => `${v.profile} answers ${v.error}`).join(", ")}${reach}`, failing, undefined, guardAt);
  }
  if (e.returnComparedToError) add("lfp/return-compared-to-error", "the return value (0 or SOCKET_ERROR) is compared with an error code", model.call);
  if (site.usesBytesReturned) {
    add("lfp/uses-bytes-returned", `${shape.bytesReturnedName ?? "the bytes-returned value"} is read after the call: ${model.call.map((v) => `${v.profile} ${v.bytesReturned}`).join(", ")}`, model.call);
  }
  add("lfp/deprecated", "SIO_LOOPBACK_FAST_PATH is deprecated (KB2957927, grpc/grpc#18057): remove the call or make it opt-in", model.call);
  return out;
}
