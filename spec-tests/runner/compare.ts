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

function options<T>(v: OneOf<T>): T[] {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "oneOf" in (v as object) ? (v as { oneOf: T[] }).oneOf : [v as T];
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

/**
 * One field a step's expectation may check: what the vector admits (`expected`: undefined when it
 * does not check the field), what an outcome gives (`actual`: undefined when the outcome has no such
 * field, e.g. a completion's status when it started no operation), whether an admitted value
 * matches a given one, and how both read in a report.
 */
interface Field {
  name: string;
  expected(e: Expectation): unknown[] | undefined;
  actual(a: StepActual): unknown;
  admits(expected: unknown, actual: unknown): boolean;
  showExpected(v: unknown): string;
  showActual(v: unknown): string;
}

type Completion = NonNullable<StepActual["completion"]>;

function fields(cat: Catalogue): Field[] {
  const expectedOf = (get: (e: Expectation) => OneOf<unknown> | undefined) => (e: Expectation) => { const x = get(e); return x === undefined ? undefined : options(x); };
  const plain = (name: string, get: (e: Expectation) => OneOf<unknown> | undefined, actual: (a: StepActual) => unknown): Field =>
    ({ name, expected: expectedOf(get), actual, admits: (x, a) => x === a, showExpected: String, showActual: String });
  // An error, by name or number.
  const coded = (name: string, get: (e: Expectation) => OneOf<string | number> | undefined, actual: (a: StepActual) => unknown): Field => ({
    name, expected: expectedOf(get), actual, admits: (x, a) => errorCode(x as string | number, cat) === a,
    showExpected: (x) => showError(errorCode(x as string | number, cat), cat), showActual: (a) => showError(a as number, cat),
  });
  const sub = <K extends keyof Completion>(k: K, dflt?: Completion[K]) => (a: StepActual) => (a.completion ? a.completion[k] ?? dflt : undefined);
  const channels = (l: unknown) => `[${(l as string[]).join(", ")}]`;
  return [
    plain("ret", (e) => e.ret, (a) => a.ret),
    coded("error", (e) => e.error, (a) => a.error),
    // "nonzero" admits any written value but 0 (a real target writes a number; the model says "nonzero").
    { ...plain("bytesReturned", (e) => e.bytesReturned, (a) => a.bytesReturned), admits: (x, a) => x === a || (x === "nonzero" && typeof a === "number" && a !== 0) },
    { ...coded("errno", (e) => e.errno, (a) => a.errno), admits: (x, a) => (x === "untouched" ? a === "untouched" : errorCode(x as string | number, cat) === a),
      showExpected: (x) => (x === "untouched" ? "untouched" : showError(errorCode(x as string | number, cat), cat)), showActual: (a) => (a === "untouched" ? a : showError(a as number, cat)) },
    // Whether the call started an overlapped operation; the completion's own fields follow, over the outcomes that started one.
    { name: "completion", expected: (e) => (e.completion === undefined ? undefined : [e.completion]),
      actual: (a) => a.completion ?? null, admits: (x, a) => (x === null) === (a === null),
      showExpected: (x) => (x === null ? "null (no overlapped operation)" : "an overlapped operation"),
      showActual: (a) => (a === null ? "null (none was started)" : JSON.stringify({ ...(a as Completion), status: showError((a as Completion).status, cat) })) },
    plain("completion.via", (e) => e.completion?.via, sub("via")),
    coded("completion.status", (e) => e.completion?.status, sub("status")),
    plain("completion.transferred", (e) => e.completion?.transferred, sub("transferred")),
    plain("completion.flags", (e) => e.completion?.flags, sub("flags", 0)),
    { name: "completion.channels", expected: expectedOf((e) => e.completion?.channels), showExpected: channels, showActual: channels,
      actual: (a) => (a.completion ? a.completion.channels ?? (a.completion.via === "none" ? [] : [a.completion.via]) : undefined),
      admits: (x, a) => (x as string[]).join() === (a as string[]).join() },
    plain("completion.faults", (e) => e.completion?.faults, sub("faults", false)),
    plain("completed", (e) => e.completed, (a) => a.completed),
    plain("received", (e) => e.received, (a) => a.received),
    plain("fastPath", (e) => e.fastPath, (a) => a.fastPath),
    plain("path", (e) => e.path, (a) => a.path),
  ];
}

const list = (xs: string[]) => (xs.length === 1 ? xs[0] : `one of ${xs.join(", ")}`);

/**
 * Compare one step; returns the mismatching fields.
 *
 * A real target gives one answer: each checked field's value must be one the expectation admits.
 * The model target gives its conformance set (`actual` and its `alternatives`: every outcome the
 * profile's sources allow), and each checked field is compared as a set, both ways: the values the
 * expectation admits must be exactly the values the set's outcomes give for that field. A value the
 * model gives that the vector does not admit fails as "(vector over-certain)": the vector asserts
 * more than its sources fix; a value the vector admits that no outcome gives fails as "(model
 * over-certain)": the model fixes what the sources leave open, or the vector admits what they
 * exclude. A completion's own fields are compared over the outcomes that started an operation (the
 * field `completion` compares whether one was started).
 */
export function compareStep(index: number, step: Step, actual: StepActual, profile: string, cat: Catalogue): Mismatch[] {
  const out: Mismatch[] = [];
  const miss = (field: string, expected: string, got: string) => out.push({ step: index, op: step.op, field, expected, actual: got });
  if (actual.problem !== undefined) {
    miss("(step)", "to run", actual.problem);
    return out;
  }
  const e = expectationFor(step, profile, cat);
  const members = [actual, ...(actual.alternatives ?? [])];
  const isSet = actual.alternatives !== undefined;
  const refused = members.find((m) => m.ret === "refused");
  if (refused && options(e?.ret ?? -1).every((r) => r !== "refused")) {
    miss("ret", e?.ret === undefined ? "(any result the model can give)" : list(options(e.ret).map(String)), `refused by the model (rule ${refused.rule})`);
    return out;
  }
  if (!e) return out;
  for (const f of fields(cat)) {
    const want = f.expected(e);
    if (want === undefined) continue;
    const giving = members.filter((m) => f.actual(m) !== undefined);
    // A completion's fields when no outcome started an operation: the field `completion` said so.
    if (giving.length === 0 && f.name.startsWith("completion.") && members.every((m) => !m.completion)) continue;
    if (giving.length === 0) {
      miss(f.name, list(want.map(f.showExpected)), "(nothing)");
      continue;
    }
    const admitted = giving.filter((m) => want.some((x) => f.admits(x, f.actual(m))));
    if (!isSet || admitted.length === 0) {
      if (admitted.length === 0) miss(f.name, list(want.map(f.showExpected)), list([...new Set(giving.map((m) => f.showActual(f.actual(m))))]));
      continue;
    }
    const notAdmitted = giving.filter((m) => !admitted.includes(m));
    if (notAdmitted.length) {
      const extra = [...new Map(notAdmitted.map((m) => [f.showActual(f.actual(m)), m.rule])).entries()];
      miss(`${f.name} (vector over-certain)`, list(want.map(f.showExpected)),
        `${list([...new Set(giving.map((m) => f.showActual(f.actual(m))))])}: the sources also allow ${extra.map(([v, r]) => `${v} (rule ${r})`).join(", ")}; the expectation must admit it`);
    }
    const unmatched = want.filter((x) => !giving.some((m) => f.admits(x, f.actual(m))));
    if (unmatched.length) {
      miss(`${f.name} (model over-certain)`, list(want.map(f.showExpected)),
        `only ${list([...new Set(giving.map((m) => f.showActual(f.actual(m))))])}: the model gives no ${unmatched.map(f.showExpected).join(", ")}`);
    }
  }
  return out;
}
