// The model's tables (errors, profiles, rules, states, transitions, options),
// read once from the .wasm exports. The host keeps no copy of its own.
import type { ModelExports } from "./exports.js";
import type { ErrorName, ProfileName, RuleId } from "./names.js";
import { LfpError } from "./errors.js";
import {
  G_NONE, G_OBSERVED, G_SOURCE, G_DOCUMENTED, G_INFERRED, G_CHOICE, CELL_CLASS_SHIFT, CELL_MAYBE_BIT, CELL_ALT_SHIFT, CELL_ALT_GRADE_SHIFT, CELL_ALT2_SHIFT, CELL_ALT2_GRADE_SHIFT,
  CL_PROLOG, CL_PARAM, CL_PARAM_ZERO, CL_UNSUPPORTED, CL_WSH, CL_CRASH, CL_UNAVAILABLE, CL_APC_FAULT,
} from "../assembly/shared/layout.js";

/** An error the model can report. */
export interface ErrorInfo { index: number; name: ErrorName; code: number }
/**
 * A behaviour profile; `follows`: the profile whose behaviour it has where its own sources say
 * nothing (null: none); `about` is an explanation, loaded as a rule's text is (RuleInfo).
 */
export interface ProfileInfo { index: number; name: ProfileName; about: string; follows: ProfileName | null }
/**
 * How a claim of the model is known (assembly/shared/layout.ts G_*): `observed` on a real implementation,
 * read in its `source`, `documented` by the seed or Microsoft, `inferred` by analogy, or the
 * model's `choice` where no source says.
 */
export type Grade = "observed" | "source" | "documented" | "inferred" | "choice";
const GRADES: Record<number, Grade | null> = { [G_NONE]: null, [G_OBSERVED]: "observed", [G_SOURCE]: "source", [G_DOCUMENTED]: "documented", [G_INFERRED]: "inferred", [G_CHOICE]: "choice" };
/** The grade for an exported grade number (0: the claim does not apply). */
export function gradeName(n: number): Grade | null { return GRADES[n] ?? null; }

/** A rule of the model, with the sources it follows and its evidence grade per profile. */
export interface RuleInfo {
  index: number; id: RuleId;
  /**
   * The rule's sources and text. Set when the model's explanations are loaded: at start in Node and
   * `loopback-fast-path/inline`; in the browser entry, "" until `await model.explain(id)` or
   * `await model.loadExplanations()` (`model.explained` says which).
   */
  source: string; text: string;
  /** Per profile name: the grade, or null where the rule does not apply to that profile. */
  grades: Record<ProfileName, Grade | null>;
}
/** A socket state transition (assembly/transitions.ts). */
export interface TransitionInfo { index: number; from: string; op: string; to: string; rule: string }
/** A socket option the scenarios know. */
export interface OptionInfo { index: number; name: string; level: number; number: number; inSubset: boolean }
/** One row of the call contract's error precedence table, in order. */
export interface PrecedenceRow {
  rule: RuleInfo;
  /** Per profile (model order): how the row reports, or null where it does not apply. */
  cells: (PrecedenceCell | null)[];
}
/** One profile's cell of a precedence row. */
export interface PrecedenceCell {
  error: ErrorInfo;
  reports: PrecedenceClass;
  grade: Grade | null;
  /** The row holds under one reading of the sources only: the outcome without it conforms too. */
  maybe: boolean;
  /** Other outcomes of the row that conform too (at most two; none: empty). */
  alternatives: { error: ErrorInfo; reports: PrecedenceClass; grade: Grade | null }[];
}
/** How a failing row reports (assembly/precedence.ts CL_*). */
export type PrecedenceClass = "prolog" | "param" | "param-zero" | "unsupported" | "wsh-inline" | "crash" | "unavailable" | "apc-fault";
const CLASSES: Record<number, PrecedenceClass> = {
  [CL_PROLOG]: "prolog", [CL_PARAM]: "param", [CL_PARAM_ZERO]: "param-zero", [CL_UNSUPPORTED]: "unsupported",
  [CL_WSH]: "wsh-inline", [CL_CRASH]: "crash", [CL_UNAVAILABLE]: "unavailable", [CL_APC_FAULT]: "apc-fault",
};

/** A setsockopt level. */
export interface LevelInfo { name: string; number: number }

/** Profile names; the model is the authority, this type (generated: host/names.ts) only names them for TypeScript users. */
export type { ProfileName };

/** Everything the model exports as data. */
export interface Catalogue {
  errors: ErrorInfo[];
  profiles: ProfileInfo[];
  rules: RuleInfo[];
  states: string[];
  /** The scenario ops' names and the state transitions: they come with the explanations (empty until then, as RuleInfo's texts). */
  ops: string[];
  transitions: TransitionInfo[];
  options: OptionInfo[];
  levels: LevelInfo[];
  /** The error precedence table; it comes with the explanations (empty until they are loaded, as RuleInfo's texts). */
  precedence: PrecedenceRow[];
}

function list<T>(count: number, item: (i: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(item(i));
  return out;
}

/**
 * Read every table the model exports: the names are NUL-separated UTF-8 at `catalogueData()`, in
 * the order assembly/catalogue/source.ts packs them, each table as long as its count export. The
 * explanations (rules' sources and texts, profiles' descriptions, the precedence table, the errors
 * the model never produces) come later (host/explain.ts). Throws LfpError (LFP_WASM) when the
 * names are damaged.
 */
export function readCatalogue(e: ModelExports): Catalogue {
  let strings: string[];
  try {
    strings = new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(e.memory.buffer, e.catalogueData(), e.catalogueBytes())).split("\0");
  } catch (err) {
    throw new LfpError("LFP_WASM", `the model's catalogue is not UTF-8: ${(err as Error).message}`);
  }
  let next = 0;
  const take = (count: number) => strings.slice(next, (next += count));
  const [ids, errorNames, profileNames, optionNames, levelNames, states] = [
    e.ruleCount(), e.errorCount(), e.profileCount(), e.optionCount(), e.levelCount(), e.stateCount(),
  ].map(take);
  if (next !== strings.length) throw new LfpError("LFP_WASM", `the model's catalogue holds ${strings.length} strings, its counts say ${next}`);
  const errors = list(e.errorCount(), (i) => ({ index: i, name: errorNames[i] as ErrorName, code: e.errorCode(i) >>> 0 }));
  const profiles = list(e.profileCount(), (i) => {
    const base = e.profileBase(i);
    return { index: i, name: profileNames[i] as ProfileName, about: "", follows: base >= 0 ? profileNames[base] as ProfileName : null };
  });
  const rules = list(e.ruleCount(), (i) => ({
    index: i, id: ids[i] as RuleId, source: "", text: "",
    grades: Object.fromEntries(profiles.map((p) => [p.name, gradeName(e.ruleGrade(i, p.index))])) as Record<ProfileName, Grade | null>,
  }));
  return {
    errors,
    profiles,
    rules,
    states,
    ops: [],
    transitions: [],
    options: list(e.optionCount(), (i) => ({
      index: i, name: optionNames[i], level: e.optionLevel(i) >>> 0, number: e.optionNumber(i) >>> 0, inSubset: e.optionInSubset(i) !== 0,
    })),
    levels: list(e.levelCount(), (i) => ({ name: levelNames[i], number: e.levelNumber(i) >>> 0 })),
    precedence: [],
  };
}

/** The state transitions as the model exports them (host/explain.ts reads them with the explanations: the op names are there). */
export function readTransitions(e: ModelExports, cat: Catalogue): TransitionInfo[] {
  return list(e.transitionCount(), (t) => ({
    index: t,
    from: cat.states[e.transitionField(t, 0)],
    op: cat.ops[e.transitionField(t, 1)],
    to: cat.states[e.transitionField(t, 2)],
    rule: cat.rules[e.transitionField(t, 3)].id,
  }));
}

/** The precedence table as the model exports it (host/explain.ts reads it with the explanations). */
export function readPrecedence(e: ModelExports, cat: Catalogue): PrecedenceRow[] {
  return list(e.precedenceRowCount(), (r) => ({
    rule: cat.rules[r],
    cells: list(e.profileCount(), (p) => {
      const c = e.precedenceCell(r, p);
      if ((c & 0xff) === 0) return null;
      const alternatives = [[CELL_ALT_SHIFT, CELL_ALT_GRADE_SHIFT], [CELL_ALT2_SHIFT, CELL_ALT2_GRADE_SHIFT]].flatMap(([at, grade]) => {
        const a = (c >>> at) & 0xff;
        return a === 0 ? [] : [{ error: cat.errors[a & 31], reports: CLASSES[a >>> CELL_CLASS_SHIFT], grade: gradeName((c >>> grade) & 7) }];
      });
      return {
        error: cat.errors[c & 31], reports: CLASSES[(c >>> CELL_CLASS_SHIFT) & 7], grade: gradeName(e.ruleGrade(r, p)), maybe: ((c >>> CELL_MAYBE_BIT) & 1) === 1,
        alternatives,
      };
    }),
  }));
}
