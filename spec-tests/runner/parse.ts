// Reading vector text into checked cases: JSON syntax, the JSON Schema
// (schema/lfp-vectors-1.schema.json, compiled ahead of time with ajv), then what a schema cannot say
// (names the model must know, references between steps, unique ids). Every
// problem is reported with file, case, step and field; nothing throws a
// stack trace at the user. Platform-neutral (no file access here).
import type { ErrorObject } from "ajv";
import validate from "./validate-vectors.js";
import type { Catalogue } from "../../host/catalogue.js";
import { socketRef } from "./socket-ref.js";
import { parseAddress } from "../../host/address.js";
import { LfpError } from "../../host/errors.js";
import { parseJson, showJsonProblem } from "../../host/json.js";
import { show } from "../../host/show.js";
import { OPS, type Case, type LoadedCase, type Step, type VectorFile, type Expectation } from "./vectors.js";


/** Where a problem is: file, case id, step index and op, field path. */
function where(file: string, data: unknown, path: string[]): string {
  let text = file;
  let i = 0;
  if (path[0] === "cases" && path.length > 1) {
    const c = (data as VectorFile).cases?.[Number(path[1])];
    text += `: case ${typeof c?.id === "string" ? JSON.stringify(c.id) : `#${path[1]}`}`;
    i = 2;
    if (path[2] === "steps" && path.length > 3) {
      const s = (c as Case | undefined)?.steps?.[Number(path[3])];
      text += `, step ${path[3]}${typeof s?.op === "string" ? ` (${s.op})` : ""}`;
      i = 4;
    }
  }
  const field = path.slice(i).join(".");
  return field ? `${text}, field "${field}"` : text;
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case "discriminator": {
      const p = e.params as { error: string; tag: string; tagValue: unknown };
      return p.error === "mapping" ? `must be one of ${OPS.map((o) => JSON.stringify(o)).join(", ")}` : `missing field "${p.tag}"`;
    }
    case "additionalProperties": return `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case "required": return `missing field "${(e.params as { missingProperty: string }).missingProperty}"`;
    case "enum": return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    case "const": return `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    default: return e.message ?? e.keyword;
  }
}

/** Schema errors worth showing: the deepest ones, without if/then and anyOf wrappers. */
function schemaProblems(file: string, data: unknown, errors: ErrorObject[]): string[] {
  const useful = errors.filter((e) => e.keyword !== "if" && e.keyword !== "anyOf" && e.keyword !== "oneOf");
  // For an anyOf that failed, show one line saying what was expected instead of every branch.
  const anyOf = errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath);
  const out = new Set<string>();
  for (const e of useful) {
    const underAnyOf = anyOf.some((p) => e.instancePath === p);
    const path = e.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (e.keyword === "discriminator" && (e.params as { error: string }).error === "mapping") path.push("op");
    if (e.keyword === "additionalProperties" || e.keyword === "required") {
      out.add(`${where(file, data, path)}: ${describe(e)}`);
    } else if (underAnyOf) {
      out.add(`${where(file, data, path)}: value ${valueAt(data, path)} is not allowed here (see spec-tests/FORMAT.md)`);
    } else {
      out.add(`${where(file, data, path)}: ${describe(e)}`);
    }
  }
  if (out.size === 0) for (const p of anyOf) {
    const path = p.split("/").slice(1);
    out.add(`${where(file, data, path)}: value ${valueAt(data, path)} is not allowed here (see spec-tests/FORMAT.md)`);
  }
  return [...out];
}

/** The value at `path`, as a message shows it (bounded: it may be nested 100,000 deep). */
function valueAt(data: unknown, path: string[]): string {
  let node = data;
  for (const p of path) node = (node as Record<string, unknown> | undefined)?.[p];
  const text = show(node);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Checks a schema cannot make, against the model's catalogue and the steps before. */
function semanticProblems(file: string, index: number, c: Case, cat: Catalogue, seenIds: Map<string, string>): string[] {
  const out: string[] = [];
  const at = (s: number | null, field: string) => where(file, { cases: { [index]: c } }, s === null ? ["cases", String(index), field] : ["cases", String(index), "steps", String(s), field]);
  const profiles = new Set<string>(cat.profiles.map((p) => p.name));
  const errors = new Set<string>(cat.errors.map((e) => e.name));
  const prior = seenIds.get(c.id);
  if (prior !== undefined) out.push(`${at(null, "id")}: duplicate case id, first in ${prior}`);
  else seenIds.set(c.id, file);
  for (const [k, p] of (c.profiles ?? []).entries()) if (!profiles.has(p)) out.push(`${at(null, `profiles.${k}`)}: unknown profile ${JSON.stringify(p)}; known: ${[...profiles].join(", ")}`);
  const sockets = new Set<string>();
  const closed = new Set<string>();
  const operations = new Set<string>();
  const checkError = (s: number, field: string, v: unknown) => {
    const values = typeof v === "object" && v !== null && "oneOf" in v ? (v as { oneOf: unknown[] }).oneOf : [v];
    for (const x of values) {
      if (typeof x === "string" && x !== "untouched" && !errors.has(x)) out.push(`${at(s, field)}: ${JSON.stringify(x)} is no Winsock error name`);
      if (typeof x === "number" && x !== 0 && !cat.errors.some((e) => e.code === x)) out.push(`${at(s, field)}: ${x} is no Winsock error number`);
    }
  };
  const checkExpect = (s: number, e: Expectation | undefined, prefix: string) => {
    if (!e) return;
    if (e.error !== undefined) checkError(s, `${prefix}.error`, e.error);
    if (e.errno !== undefined) checkError(s, `${prefix}.errno`, e.errno);
    if (e.completion && e.completion.status !== undefined) checkError(s, `${prefix}.completion.status`, e.completion.status);
  };
  const needSocket = (s: number, field: string, name: string | undefined) => {
    if (name !== undefined && !sockets.has(name)) out.push(`${at(s, field)}: no socket named ${JSON.stringify(name)} was created by an earlier step`);
  };
  /** A step's `as` names a new socket or operation: the name must be free. */
  const claim = (s: number, name: string | undefined, names: Set<string>) => {
    if (name === undefined) return;
    if (sockets.has(name) || operations.has(name)) out.push(`${at(s, "as")}: the name ${JSON.stringify(name)} is already used`);
    names.add(name);
  };
  const needOperation = (s: number, name: string | undefined) => {
    if (name !== undefined && !operations.has(name)) out.push(`${at(s, "operation")}: no operation named ${JSON.stringify(name)} was started by an earlier ioctl or send step`);
  };
  c.steps.forEach((step: Step, s: number) => {
    checkExpect(s, step.expect, "expect");
    for (const [p, e] of Object.entries(step.expectBy ?? {})) {
      if (!profiles.has(p)) out.push(`${at(s, `expectBy.${p}`)}: unknown profile ${JSON.stringify(p)}; known: ${[...profiles].join(", ")}`);
      checkExpect(s, e, `expectBy.${p}`);
    }
    switch (step.op) {
      case "socket":
      case "accept":
        if (step.op === "accept") needSocket(s, "socket", step.socket);
        claim(s, step.as, sockets);
        break;
      case "ioctl": {
        const ref = socketRef(step.socket ?? "");
        step.ref = ref;
        if (ref.kind === "closed") {
          if (!sockets.has(ref.name)) needSocket(s, "socket", ref.name);
          else if (!closed.has(ref.name)) out.push(`${at(s, "socket")}: "closed:${ref.name}" needs an earlier close step for ${JSON.stringify(ref.name)}`);
        } else if (ref.kind === "socket") needSocket(s, "socket", ref.name);
        claim(s, step.as, operations);
        break;
      }
      case "send":
        needSocket(s, "socket", step.socket);
        claim(s, step.as, operations);
        break;
      case "wait":
        needOperation(s, step.operation);
        break;
      case "cancel":
        needSocket(s, "socket", step.socket);
        needOperation(s, step.operation);
        break;
      case "close":
        needSocket(s, "socket", step.socket);
        if (step.socket !== undefined) closed.add(step.socket);
        break;
      case "connect":
        needSocket(s, "socket", step.socket);
        if (step.to !== undefined && !sockets.has(step.to)) {
          try { parseAddress(step.to, "to", true); } catch (err) {
            out.push(`${at(s, "to")}: neither a socket created by an earlier step nor an address (${(err as LfpError).message.replace(/^to: /, "")})`);
          }
        }
        break;
      case "bind":
        needSocket(s, "socket", step.socket);
        if (step.address !== undefined) {
          try { parseAddress(step.address, "address", true); } catch (err) { out.push(`${at(s, "address")}: ${(err as LfpError).message.replace(/^address: /, "")}`); }
        }
        break;
      case "setsockopt":
        needSocket(s, "socket", step.socket);
        if (step.level !== undefined && !cat.levels.some((l) => l.name === step.level)) out.push(`${at(s, "level")}: unknown level ${JSON.stringify(step.level)}; known: ${cat.levels.map((l) => l.name).join(", ")}`);
        if (step.name !== undefined && !cat.options.some((o) => o.name === step.name)) out.push(`${at(s, "name")}: unknown option ${JSON.stringify(step.name)}; known: ${cat.options.map((o) => o.name).join(", ")}`);
        break;
      default:
        needSocket(s, "socket", step.socket);
    }
  });
  return out;
}

/** Parse and check the text of one vector file. Throws LfpError (LFP_BAD_VECTOR) listing every problem. */
export function parseVectorText(text: string, file: string, cat: Catalogue, seenIds: Map<string, string> = new Map()): LoadedCase[] {
  const parsed = parseJson(text);
  if (parsed.problem) throw new LfpError("LFP_BAD_VECTOR", showJsonProblem(file, parsed.problem));
  const data = parsed.value;
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new LfpError("LFP_BAD_VECTOR", `${file}: expected an object {"format": "lfp-vectors/1", "cases": [...]}`);
  }
  const fmt = (data as { format?: unknown }).format;
  if (fmt !== "lfp-vectors/1") {
    throw new LfpError("LFP_BAD_VECTOR", `${file}, field "format": expected "lfp-vectors/1", got ${show(fmt)}`);
  }
  // The schema's validators are compiled at build time (scripts/build-validator.ts).
  if (!validate(data)) {
    throw new LfpError("LFP_BAD_VECTOR", schemaProblems(file, data, validate.errors ?? []).join("\n"));
  }
  const vf = data as VectorFile;
  const problems = vf.cases.flatMap((c, i) => semanticProblems(file, i, c, cat, seenIds));
  if (problems.length) throw new LfpError("LFP_BAD_VECTOR", problems.join("\n"));
  return vf.cases.map((c) => ({ ...c, file }));
}
