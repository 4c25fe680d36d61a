// Build-time only: the catalogue's readable sources (the rule records of
// rules.ts and the name tables of errors.ts, profiles.ts, options.ts and
// transitions.ts) compiled into a small module of their own, so that
// scripts/pack-catalogue.ts can read every string as the compiler built it and
// pack them into the model (assembly/catalogue.ts). The model never imports this.
import { R, rules } from "../rules";
import { errorCount, errorName, winsockErrorCount, winsockErrorCode } from "../errors";
import { profileCount, profileName, profileAbout } from "../profiles";
import { optionCount, optionName, levelCount, levelName } from "../options";
import { stateCount, stateName, opCount, opName } from "../transitions";

const IDS = new StaticArray<string>(<i32>R.COUNT);
const SOURCES = new StaticArray<string>(<i32>R.COUNT);
const TEXTS = new StaticArray<string>(<i32>R.COUNT);
const GRADES = new StaticArray<u32>(<i32>R.COUNT);
const DEFINED = new StaticArray<bool>(<i32>R.COUNT);

function def(r: R, id: string, grades: u32, source: string, text: string): void {
  assert(!DEFINED[r], "a rule has two records");
  DEFINED[r] = true;
  IDS[r] = id;
  GRADES[r] = grades;
  SOURCES[r] = source;
  TEXTS[r] = text;
}
rules(def);

/** The tables in the order the model packs them (host/catalogue.ts reads them in this order). */
export function tableCount(): i32 { return 11; }
/** How many strings table `t` holds. */
export function tableLength(t: i32): i32 {
  switch (t) {
    case 0: case 1: case 2: return <i32>R.COUNT;
    case 3: return errorCount();
    case 4: case 5: return profileCount();
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
  switch (t) {
    case 0: return inRules ? IDS[i] : "";
    case 1: return inRules ? SOURCES[i] : "";
    case 2: return inRules ? TEXTS[i] : "";
    case 3: return i < errorCount() ? errorName(i) : "";
    case 4: return profileName(i);
    case 5: return profileAbout(i);
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
/** Rule `i`'s grades, 3 bits a profile (rules.ts G). */
export function ruleGrades(i: i32): u32 { return i >= 0 && i < <i32>R.COUNT ? GRADES[i] : 0; }
