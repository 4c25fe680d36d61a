// Build step (before the model is compiled): pack the catalogue into the model.
// Compiles assembly/catalogue/source.ts (the rule records and name tables, as
// written in assembly/) into a build-time module, reads every string from it,
// and writes build/generated/catalogue.ts: the names as one NUL-separated
// UTF-8 text, the rules' grades, the profiles' bases and traits and the
// precedence table (cells, orders, each profile's rows: what a profile inherits
// already resolved), and the digest of the explanations. The
// explanations (rules' sources and texts, profiles' descriptions, and the
// quoted passage of each citation that docs/evidence/passages.json holds) go
// to build/explain.json, which hosts load on demand. The model
// (assembly/catalogue.ts) imports the generated file; both are generated at
// every build and never committed. Fails when a table has a hole or a rule or
// profile has no record.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ExplainAsset } from "../host/explain.js";
import { splitCitations } from "./citations.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

interface SourceExports {
  memory: WebAssembly.Memory;
  /** The module's top-level code (the records), run once instantiated (asconfig.json exportStart) so that an abort can be read. */
  _start(): void;
  tableCount(): number; tableLength(t: number): number; tableString(t: number, i: number): number; tableName(t: number): number;
  ruleDefined(i: number): number; profileDefined(p: number): number; profileCount(): number;
  gradeSlots(): number; gradeSlot(i: number): number; profileBase(p: number): number; profileTraits(p: number): number;
  unreportedErrorCode(i: number): number;
  errorCodeAt(i: number): number; optionLevelAt(i: number): number; optionNumberAt(i: number): number; levelNumberAt(i: number): number;
  transitionSlots(): number; transitionSlot(i: number): number; transitionFields(): number;
  precedenceSlots(): number; precedenceCellSlot(i: number): number; precedenceOrderSlot(i: number): number; profileRows(p: number, maybe: number): number;
}

/** What the build-time module holds: every string of every table in table order, and the tables of numbers. */
export interface SourceTables {
  tables: string[][];
  /** Each table's name (assembly/catalogue/source.ts tableName), by table. */
  names: string[];
  /** Every rule's grade per profile, in the model's layout (assembly/profiles.ts `at`). */
  grades: number[];
  /** Per profile: the profile it follows (-1: none), and its traits (assembly/profiles.ts T_*), inheritance resolved. */
  bases: number[];
  traits: number[];
  /** The precedence table in the model's layout: each cell, and the rows that precede each (assembly/precedence.ts). */
  cells: number[];
  orders: number[];
  /** Per profile: the rows that apply to it, and those whose cell is MAYBE (bit i: row i). */
  rows: number[];
  maybeRows: number[];
  /** The Winsock numbers of table `error.unreported` (the errors the model never produces). */
  unreportedCodes: number[];
  /** The Winsock numbers of the errors the model produces; each option's level and optname; each level's number; the transitions' fields (errors.ts, options.ts, transitions.ts). */
  errorCodes: number[];
  optionNumbers: number[];
  levelNumbers: number[];
  transitions: number[];
  /** The fields of a transition (from, op, to, rule). */
  transitionFields: number;
}

/** Every string of every table, in table order, and the grade, base and trait tables, read from the build-time module. */
export function readSourceTables(bytes: BufferSource): SourceTables {
  let e: SourceExports;
  const utf16 = new TextDecoder("utf-16le");
  const str = (ptr: number) => (ptr === 0 ? "" : utf16.decode(new Uint8Array(e.memory.buffer, ptr, new Uint32Array(e.memory.buffer, ptr - 4, 1)[0])));
  e = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: { abort: (message: number, file: number, line: number) => { throw new Error(`${str(file)}:${line}: ${str(message)}`); } },
  }).exports as unknown as SourceExports;
  e._start();
  const tables: string[][] = [];
  const names: string[] = [];
  for (let t = 0; t < e.tableCount(); t++) {
    names.push(str(e.tableName(t)));
    const n = e.tableLength(t);
    const table: string[] = [];
    for (let i = 0; i < n; i++) {
      const s = str(e.tableString(t, i));
      if (s === "" || s.includes("\0")) throw new Error(`catalogue table ${t}: entry ${i} of ${n} is ${s === "" ? "missing" : "holds a NUL"}`);
      table.push(s);
    }
    if (str(e.tableString(t, n)) !== "") throw new Error(`catalogue table ${t}: more names than its count (${n})`);
    tables.push(table);
  }
  for (let i = 0; i < tables[0].length; i++) if (!e.ruleDefined(i)) throw new Error(`rule ${i} has no record in assembly/rules.ts`);
  const profiles = e.profileCount();
  for (let p = 0; p < profiles; p++) if (!e.profileDefined(p)) throw new Error(`profile ${p} has no record in assembly/profiles.ts`);
  const list = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  const unreported = names.indexOf("error.unreported");
  return {
    tables, names,
    grades: list(e.gradeSlots(), (i) => e.gradeSlot(i)), bases: list(profiles, (p) => e.profileBase(p)), traits: list(profiles, (p) => e.profileTraits(p) >>> 0),
    cells: list(e.precedenceSlots(), (i) => e.precedenceCellSlot(i) >>> 0), orders: list(e.precedenceSlots(), (i) => e.precedenceOrderSlot(i) >>> 0),
    rows: list(profiles, (p) => e.profileRows(p, 0) >>> 0), maybeRows: list(profiles, (p) => e.profileRows(p, 1) >>> 0),
    unreportedCodes: unreported < 0 ? [] : tables[unreported].map((_, i) => e.unreportedErrorCode(i) >>> 0),
    errorCodes: list(tables[names.indexOf("error.name")]?.length ?? 0, (i) => e.errorCodeAt(i) >>> 0),
    optionNumbers: list(tables[names.indexOf("option.name")]?.length ?? 0, (i) => i).flatMap((i) => [e.optionLevelAt(i) >>> 0, e.optionNumberAt(i) >>> 0]),
    levelNumbers: list(tables[names.indexOf("level.name")]?.length ?? 0, (i) => e.levelNumberAt(i) >>> 0),
    transitions: list(e.transitionSlots(), (i) => e.transitionSlot(i) >>> 0),
    transitionFields: e.transitionFields(),
  };
}

/** The tables that explain rather than name: they go to the explanations asset, not into the model. */
export const EXPLAIN_TABLES = ["rule.source", "rule.text", "profile.about", "op.name", "error.unreported"];

/** The packed text: every table's strings, NUL-separated, tables one after the other. */
export function packText(tables: string[][]): Uint8Array {
  return new TextEncoder().encode(tables.flat().join("\0"));
}

/**
 * The digest of the model's ABI: its exports (assembly/index.ts) and their layout
 * (assembly/shared/layout.ts), as the model exports it (abiDigest) and the browser bundles expect it.
 */
export function abiDigest(): number {
  return fnv1a(new TextEncoder().encode(["assembly/index.ts", "assembly/shared/layout.ts"].map((f) => readFileSync(`${root}${f}`, "utf8")).join("\0")));
}

/** FNV-1a, 32 bits: the digest that ties an explanations asset to the model built with it. */
export function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

interface Passage { kind: string; where: string; read: string; quote: string }

/**
 * The explanations asset: every rule's text and sources, each source split into its citations with
 * the passage docs/evidence/passages.json gives it (nothing where it has none), every profile's
 * description, the scenario ops' names (for the transition table), and the Winsock errors the model
 * never produces (so that any can be named); `digest`
 * is what the model built with it exports (explainDigest).
 */
export function explainAsset(tables: string[][], names: string[], unreportedCodes: number[], passages: Record<string, Passage>): ExplainAsset {
  const table = (name: string) => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`assembly/catalogue/source.ts has no table named ${name}`);
    return tables[i];
  };
  const [ids, sources, texts, profiles, abouts, ops, unreported] = ["rule.id", "rule.source", "rule.text", "profile.name", "profile.about", "op.name", "error.unreported"].map(table);
  const rules = ids.map((id, i) => ({ id, text: texts[i], source: sources[i], sources: splitCitations(sources[i]) }));
  const cited: ExplainAsset["passages"] = {};
  for (const { citation } of rules.flatMap((r) => r.sources)) {
    const p = passages[citation];
    if (p) cited[citation] = { kind: p.kind, ...(p.where ? { where: p.where } : {}), ...(p.read ? { read: p.read } : {}), ...(p.quote ? { quote: p.quote } : {}) };
  }
  const body = {
    rules,
    passages: cited,
    profiles: profiles.map((name, i) => ({ name, about: abouts[i] })),
    ops,
    errors: unreported.map((name, i) => ({ name, code: unreportedCodes[i] })),
  };
  return { format: "lfp-explain/2", digest: fnv1a(new TextEncoder().encode(JSON.stringify(body))), ...body };
}

function main(): void {
  execFileSync(process.execPath, [`${root}node_modules/assemblyscript/bin/asc.js`, "--config", "assembly/catalogue/asconfig.json"], { cwd: root, stdio: "inherit" });
  const { tables, names, grades, bases, traits, cells, orders, rows: profileRows, maybeRows, unreportedCodes, errorCodes, optionNumbers, levelNumbers, transitions, transitionFields } = readSourceTables(readFileSync(`${root}build/catalogue-source.wasm`));
  const passagesFile = `${root}docs/evidence/passages.json`;
  const passages = existsSync(passagesFile) ? (JSON.parse(readFileSync(passagesFile, "utf8")) as { passages: Record<string, Passage> }).passages : {};
  const explain = explainAsset(tables, names, unreportedCodes, passages);
  const text = packText(tables.filter((_, t) => !EXPLAIN_TABLES.includes(names[t])));
  const rows = (xs: ArrayLike<number>) => Array.from(xs).join(",").replace(/((?:\d+,){40})/g, "$1\n  ");
  mkdirSync(`${root}build/generated`, { recursive: true });
  // Each table is bare static data (memory.data: its address, no array header): read with
  // load<type>(index * size, TABLE) in assembly/catalogue.ts and assembly/precedence/table.ts.
  const bits: Record<string, number> = { u8: 8, i8: 8, u16: 16, u32: 32 };
  const table = (name: string, type: string, xs: ArrayLike<number>) => {
    const max = 2 ** bits[type];
    for (const x of Array.from(xs)) if (type !== "i8" && (x < 0 || x >= max)) throw new Error(`pack-catalogue: ${name}: ${x} does not fit ${type}`);
    return `export const ${name} = memory.data<${type}>([${rows(xs)}]);`;
  };
  writeFileSync(`${root}build/generated/catalogue.ts`, [
    "// Generated by scripts/pack-catalogue.ts from assembly/catalogue/source.ts at every build. Do not edit.",
    `// ${tables.map((t) => t.length).join(" + ")} strings (${names.join(", ")}): the names, ${text.length} bytes of UTF-8, in the model.`,
    table("RULE_GRADES", "u8", grades),
    table("PROFILE_BASES", "i8", bases),
    table("PROFILE_TRAITS", "u32", traits),
    table("PRECEDENCE_CELLS", "u32", cells),
    table("PRECEDENCE_BEATEN_BY", "u32", orders),
    table("PROFILE_ROWS", "u32", profileRows),
    table("MAYBE_ROWS", "u32", maybeRows),
    `export const EXPLAIN_DIGEST: u32 = 0x${explain.digest.toString(16).padStart(8, "0")};`,
    `export const ABI_DIGEST: u32 = 0x${abiDigest().toString(16).padStart(8, "0")};`,
    table("CATALOGUE", "u8", text),
    `export const CATALOGUE_BYTES: i32 = ${text.length};`,
    table("ERROR_CODES", "u16", errorCodes),
    `export const ERROR_COUNT: i32 = ${errorCodes.length};`,
    table("OPTION_NUMBERS", "u32", optionNumbers),
    `export const OPTION_COUNT: i32 = ${optionNumbers.length / 2};`,
    table("LEVEL_NUMBERS", "u16", levelNumbers),
    `export const LEVEL_COUNT: i32 = ${levelNumbers.length};`,
    table("TRANSITIONS", "u8", transitions),
    `export const TRANSITION_COUNT: i32 = ${transitions.length / transitionFields};`,
    "",
  ].join("\n"));
  const explainJson = `${JSON.stringify(explain)}\n`;
  writeFileSync(`${root}build/explain.json`, explainJson);
  const quoted = explain.rules.flatMap((r) => r.sources).filter((c) => explain.passages[c.citation]?.quote !== undefined).length;
  process.stdout.write(`pack-catalogue: names ${text.length} bytes UTF-8 in the model; explanations ${explainJson.length} bytes (${quoted} citations quoted) in build/explain.json\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
