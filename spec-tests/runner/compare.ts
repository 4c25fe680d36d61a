// Checking a step's actual against its expectation for a profile.
import type { Catalogue } from "../../host/catalogue.js";
import type { StepActual } from "./target.js";
import type { Expectation, OneOf, Step } from "./vectors.js";

/** One field that did not match. */
export interface Mismatch { step: number; op: string; field: string; expected: string; actual: string }

/**
 * The expectation that applies to `profile`: expectBy[profile], else that of the profile it
 * follows (`cat.profiles[].follows`, and so on up), else expect.
 */
export function expectationFor(step: Step, profile: string, cat: Pick<Catalogue, "profiles">): Expectation | undefined {
  for (let p: string | null = profile; p !== null; p = cat.profiles.find((x) => x.name === p)?.follows ?? null) {
    const e = step.expectBy?.[p];
    if (e !== undefined) return e;
  }
  return step.expect;
}

/** A list-valued field: a list, or { oneOf: [list, ...] }. */
function optionsOfList<T>(v: OneOf<T[]>): T[][] {
  return Array.isArray(v) ? [v] : (v as { oneOf: T[][] }).oneOf;
}

function options<T>(v: OneOf<T>): T[] {
  return typeof v === "object" && v !== null && "oneOf" in (v as object) ? (v as { oneOf: T[] }).oneOf : [v as T];
}

export function errorCode(v: string | number, cat: Catalogue): number {
  if (typeof v === "number") return v;
  return cat.errors.find((e) => e.name === v)?.code ?? NaN;
}

export function showError(code: number | undefined, cat: Catalogue): string {
  if (code === undefined) return "(nothing)";
  if (code === 0) return "0";
  const e = cat.errors.find((x) => x.code === code);
  return e ? `${e.name} (${code})` : String(code);
}

function showExpected<T>(v: OneOf<T>, show: (x: T) => string): string {
  const o = options(v);
  return o.length === 1 ? show(o[0]) : `one of ${o.map(show).join(", ")}`;
}

/**
 * Compare one step; returns the mismatching fields. The model target also gives the other outcomes
 * that conform to the profile's sources: the expectation must admit each of them, or it asserts
 * more than its sources fix.
 */
export function compareStep(index: number, step: Step, actual: StepActual, profile: string, cat: Catalogue): Mismatch[] {
  const out = compareOne(index, step, actual, profile, cat);
  for (const alt of actual.alternatives ?? []) {
    for (const m of compareOne(index, step, alt, profile, cat)) {
      out.push({ ...m, field: `${m.field} (conformance)`, actual: `${m.actual}, which the sources also allow (rule ${alt.rule}): the expectation must admit it` });
    }
  }
  return out;
}

function compareOne(index: number, step: Step, actual: StepActual, profile: string, cat: Catalogue): Mismatch[] {
  const out: Mismatch[] = [];
  const miss = (field: string, expected: string, got: string) => out.push({ step: index, op: step.op, field, expected, actual: got });
  if (actual.problem !== undefined) {
    miss("(step)", "to run", actual.problem);
    return out;
  }
  const e = expectationFor(step, profile, cat);
  if (actual.ret === "refused" && options(e?.ret ?? -1).every((r) => r !== "refused")) {
    miss("ret", e?.ret === undefined ? "(any result the model can give)" : showExpected(e.ret, String), `refused by the model (rule ${actual.rule})`);
    return out;
  }
  if (!e) return out;
  const err = (v: string | number) => showError(errorCode(v, cat), cat);
  if (e.ret !== undefined && !options(e.ret).includes(actual.ret as never)) miss("ret", showExpected(e.ret, String), String(actual.ret));
  if (e.error !== undefined && !options(e.error).some((x) => errorCode(x, cat) === actual.error)) miss("error", showExpected(e.error, err), showError(actual.error, cat));
  if (e.bytesReturned !== undefined) {
    const a = actual.bytesReturned;
    const ok = options(e.bytesReturned).some((x) => x === a || (x === "nonzero" && typeof a === "number" && a !== 0));
    if (!ok) miss("bytesReturned", showExpected(e.bytesReturned, String), String(a));
  }
  if (e.errno !== undefined) {
    const a = actual.errno;
    const ok = options(e.errno).some((x) => (x === "untouched" ? a === "untouched" : errorCode(x, cat) === a));
    if (!ok) miss("errno", showExpected(e.errno, (x) => (x === "untouched" ? x : err(x))), a === "untouched" || a === undefined ? String(a) : showError(a, cat));
  }
  if (e.completion !== undefined) {
    const a = actual.completion ?? null;
    if (e.completion === null) {
      if (a !== null) miss("completion", "null (no overlapped operation)", JSON.stringify({ ...a, status: showError(a.status, cat) }));
    } else if (a === null) {
      miss("completion", "an overlapped operation", "null (none was started)");
    } else {
      const c = e.completion;
      if (c.via !== undefined && !options(c.via).includes(a.via)) miss("completion.via", showExpected(c.via, String), a.via);
      if (c.status !== undefined && !options(c.status).some((x) => errorCode(x, cat) === a.status)) miss("completion.status", showExpected(c.status, err), showError(a.status, cat));
      if (c.transferred !== undefined && !options(c.transferred).includes(a.transferred)) miss("completion.transferred", showExpected(c.transferred, String), String(a.transferred));
      if (c.flags !== undefined && !options(c.flags).includes(a.flags ?? 0)) miss("completion.flags", showExpected(c.flags, String), String(a.flags ?? 0));
      if (c.channels !== undefined) {
        const got = (a.channels ?? (a.via === "none" ? [] : [a.via])).join(",");
        if (!optionsOfList(c.channels).some((x) => x.join(",") === got)) miss("completion.channels", showExpected(c.channels as OneOf<string[]>, (x) => `[${x.join(", ")}]`), `[${got}]`);
      }
      if (c.faults !== undefined && !options(c.faults).includes(a.faults ?? false)) miss("completion.faults", showExpected(c.faults, String), String(a.faults ?? false));
    }
  }
  for (const f of ["completed", "received", "fastPath", "path"] as const) {
    const x = e[f];
    if (x !== undefined && !options<unknown>(x).includes(actual[f])) miss(f, showExpected<unknown>(x, String), String(actual[f]));
  }
  return out;
}
