// Build-time only: the catalogue's readable sources (the rule records of
// rules.ts, the profile records of profiles.ts, the precedence cells and orders
// of precedence.ts and the name tables of errors.ts, options.ts and
// transitions.ts) compiled into a small module of their own, so that
// scripts/pack-catalogue.ts can read every string as the compiler built it and
// pack them into the model (assembly/catalogue.ts), with the grades, bases,
// traits and the precedence table as tables: what a profile inherits from the
// one it follows is resolved here. The model never imports this.
import { R, PRECEDENCE_ROWS, rules } from "../rules";
import { G_NONE } from "../shared/layout";
import { P, NO_BASE, TRAIT_BITS, Grades, GRADES_ALL, namedGrade, profiles, at, slots } from "../profiles";
import { errorCount, errorCode, errorName, winsockErrorCount, winsockErrorCode } from "../errors";
import { cells, resolve, rowsOf } from "../precedence";
import { optionCount, optionName, optionLevel, optionNumber, levelCount, levelName, levelNumber } from "../options";
import { stateCount, stateName, opCount, opName, TRANSITIONS, TRANSITION_FIELDS } from "../transitions";

const IDS = new StaticArray<string>(<i32>R.COUNT);
const SOURCES = new StaticArray<string>(<i32>R.COUNT);
const TEXTS = new StaticArray<string>(<i32>R.COUNT);
const DECLARED_GRADES = new StaticArray<Grades>(<i32>R.COUNT);
const DEFINED = new StaticArray<bool>(<i32>R.COUNT);

function def(r: R, id: string, grades: Grades, source: string, text: string): void {
  assert(!DEFINED[r], "a rule has two records");
  DEFINED[r] = true;
  IDS[r] = id;
  DECLARED_GRADES[r] = grades;
  SOURCES[r] = source;
  TEXTS[r] = text;
}
rules(def);

const NAMES = new StaticArray<string>(<i32>P.COUNT);
const ABOUTS = new StaticArray<string>(<i32>P.COUNT);
const BASES = new StaticArray<i32>(<i32>P.COUNT);
const TRAITS = new StaticArray<u32>(<i32>P.COUNT);
const PROFILE_DEFINED = new StaticArray<bool>(<i32>P.COUNT);

function profile(p: P, name: string, follows: i32, traits: u32, about: string): void {
  assert(!PROFILE_DEFINED[p], "a profile has two records");
  // A profile follows one declared before it, so that its base is resolved first.
  assert(follows == NO_BASE || (follows >= 0 && follows < <i32>p), "a profile follows a profile after it (or itself)");
  assert(follows != NO_BASE || (traits >> TRAIT_BITS) == 0, "a profile that follows none removes a trait");
  PROFILE_DEFINED[p] = true;
  NAMES[p] = name;
  ABOUTS[p] = about;
  BASES[p] = follows;
  const mine = traits & ((1 << TRAIT_BITS) - 1);
  TRAITS[p] = follows == NO_BASE ? mine : (TRAITS[follows] & ~(traits >> TRAIT_BITS)) | mine;
}
assert(<i32>P.COUNT < GRADES_ALL, "more profiles than a rule's grades can name");
profiles(profile);

/** Every rule's grade per profile, in the model's layout (`at`): named, else the base's, else ALL's (none for a derived profile), else none. */
const GRADE_TABLE = new StaticArray<u8>(slots(<u32>R.COUNT));
for (let r: u32 = 0; r < <u32>R.COUNT; r++) {
  const g = DECLARED_GRADES[r];
  for (let p: u32 = 0; p < <u32>P.COUNT; p++) {
    const named = namedGrade(g, <i32>p);
    const base = BASES[p];
    const all = namedGrade(g, GRADES_ALL);
    GRADE_TABLE[at(r, p)] = <u8>(named >= 0 ? named : base != NO_BASE ? GRADE_TABLE[at(r, base)] : all >= 0 ? all : G_NONE);
  }
}

/** The precedence table in the model's layout (`at`): cells and orders as declared, then resolved (precedence.ts). */
const CELLS = new StaticArray<u32>(slots(PRECEDENCE_ROWS));
const CELL_DECLARED = new StaticArray<bool>(slots(PRECEDENCE_ROWS));
const BEATEN_BY = new StaticArray<u32>(slots(PRECEDENCE_ROWS));
function cell(r: R, value: u32, set: u32): void {
  assert(<u32>r < PRECEDENCE_ROWS, "a precedence cell for a rule that is no precedence row");
  while (set != 0) {
    const i = at(<u32>r, <u32>ctz(set));
    set &= set - 1;
    assert(!CELL_DECLARED[i], "a precedence cell is declared twice");
    CELLS[i] = value;
    CELL_DECLARED[i] = true;
  }
}
function order(p: P, first: R, then: R): void {
  assert(<u32>first < PRECEDENCE_ROWS && <u32>then < PRECEDENCE_ROWS, "an order of a rule that is no precedence row");
  BEATEN_BY[at(<u32>then, <u32>p)] |= 1 << <u32>first;
}
cells(cell, order);
resolve(CELLS, CELL_DECLARED, BEATEN_BY, BASES, TRAITS);

/** The tables in the order the model packs them (host/catalogue.ts reads them in this order). */
export function tableCount(): i32 { return 11; }
/** How many strings table `t` holds. */
export function tableLength(t: i32): i32 {
  switch (t) {
    case 0: case 1: case 2: return <i32>R.COUNT;
    case 3: return errorCount();
    case 4: case 5: return <i32>P.COUNT;
    case 6: return optionCount();
    case 7: return levelCount();
    case 8: return stateCount();
    case 9: return opCount();
    case 10: return winsockErrorCount() - errorCount();
  }
  return 0;
}
/** String `i` of table `t` ("" past its end, so the build can check every table's length). */
export function tableString(t: i32, i: i32): string {
  const inRules = i >= 0 && i < <i32>R.COUNT;
  const inProfiles = i >= 0 && i < <i32>P.COUNT;
  switch (t) {
    case 0: return inRules ? IDS[i] : "";
    case 1: return inRules ? SOURCES[i] : "";
    case 2: return inRules ? TEXTS[i] : "";
    case 3: return i < errorCount() ? errorName(i) : "";
    case 4: return inProfiles && PROFILE_DEFINED[i] ? NAMES[i] : "";
    case 5: return inProfiles && PROFILE_DEFINED[i] ? ABOUTS[i] : "";
    case 6: return optionName(i);
    case 7: return levelName(i);
    case 8: return stateName(i);
    case 9: return opName(i);
    case 10: return i >= 0 && i < winsockErrorCount() - errorCount() ? errorName(errorCount() + i) : "";
  }
  return "";
}
/** The Winsock number of entry `i` of table 10 (an error the model never produces). */
export function unreportedErrorCode(i: i32): u32 { return winsockErrorCode(errorCount() + i); }
/**
 * What table `t` holds. The build packs the names into the model and writes the explanations
 * (`rule.source`, `rule.text`, `profile.about`, the op names of the transition table `op.name`, and
 * the names of the Winsock errors the model never produces, `error.unreported`) to an asset of their
 * own that a host loads on demand
 * (scripts/pack-catalogue.ts).
 */
export function tableName(t: i32): string {
  switch (t) {
    case 0: return "rule.id";
    case 1: return "rule.source";
    case 2: return "rule.text";
    case 3: return "error.name";
    case 4: return "profile.name";
    case 5: return "profile.about";
    case 6: return "option.name";
    case 7: return "level.name";
    case 8: return "state.name";
    case 9: return "op.name";
    case 10: return "error.unreported";
  }
  return "";
}
/** Was rule `i` given a record? */
export function ruleDefined(i: i32): bool { return i >= 0 && i < <i32>R.COUNT && DEFINED[i]; }
/** Was profile `p` given a record? */
export function profileDefined(p: i32): bool { return p >= 0 && p < <i32>P.COUNT && PROFILE_DEFINED[p]; }
/** Slots of the grade table (rules × profiles, laid out by `at`), and slot `i`. */
export function gradeSlots(): i32 { return slots(<u32>R.COUNT); }
export function gradeSlot(i: i32): u32 { return i >= 0 && i < slots(<u32>R.COUNT) ? GRADE_TABLE[i] : 0; }
/** Profile `p`'s base (-1: none) and its traits, inheritance resolved. */
export function profileBase(p: i32): i32 { return p >= 0 && p < <i32>P.COUNT ? BASES[p] : NO_BASE; }
export function profileTraits(p: i32): u32 { return p >= 0 && p < <i32>P.COUNT ? TRAITS[p] : 0; }
/** How many profiles the model numbers (P.COUNT). */
export function profileCount(): i32 { return P.COUNT; }
/** Slots of the precedence tables (rows × profiles, laid out by `at`); cell `i`, and the rows that precede row-slot `i`. */
export function precedenceSlots(): i32 { return slots(PRECEDENCE_ROWS); }
export function precedenceCellSlot(i: i32): u32 { return i >= 0 && i < slots(PRECEDENCE_ROWS) ? CELLS[i] : 0; }
export function precedenceOrderSlot(i: i32): u32 { return i >= 0 && i < slots(PRECEDENCE_ROWS) ? BEATEN_BY[i] : 0; }
/** The rows that apply to profile `p` (bit i: row i), or with `maybe` those whose cell is MAYBE. */
export function profileRows(p: i32, maybe: bool): u32 { return p >= 0 && p < <i32>P.COUNT ? rowsOf(CELLS, <u32>p, maybe) : 0; }
/** The tables of numbers the model carries as bare data (catalogue.ts, transitions/table.ts): each as declared. */
export function errorCodeAt(i: i32): u32 { return errorCode(i); }
export function optionLevelAt(i: i32): u32 { return optionLevel(i); }
export function optionNumberAt(i: i32): u32 { return optionNumber(i); }
export function levelNumberAt(i: i32): u32 { return levelNumber(i); }
export function transitionSlots(): i32 { return TRANSITIONS.length; }
export function transitionFields(): i32 { return TRANSITION_FIELDS; }
export function transitionSlot(i: i32): u32 { return i >= 0 && i < TRANSITIONS.length ? TRANSITIONS[i] : 0; }
