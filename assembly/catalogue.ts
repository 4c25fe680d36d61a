// The catalogue as the model carries it: every string of the rule records and
// name tables (rules.ts, errors.ts, profiles.ts, options.ts, transitions.ts)
// packed once as NUL-separated UTF-8 and compressed with deflate-raw (RFC
// 1951); the rules' grades and the profiles' bases and traits as tables, with
// what a profile inherits from the one it follows already resolved.
// scripts/pack-catalogue.ts generates build/generated/catalogue.ts from those
// sources at every build; nothing here is written by hand. A host inflates the
// bytes once (DecompressionStream "deflate-raw") and splits the tables by the
// counts the model exports.
import { CATALOGUE, CATALOGUE_TEXT_BYTES, RULE_GRADES, PROFILE_BASES, PROFILE_TRAITS } from "../build/generated/catalogue";
import { R } from "./rules";
import { G_NONE } from "./shared/layout";
import { P, NO_BASE, at } from "./profiles";

export function ruleCount(): i32 { return <i32>R.COUNT; }
/** The evidence grade (shared/layout.ts G_*) of rule `i` for profile `p`; G_NONE where it does not apply. */
export function ruleGrade(i: i32, p: i32): u32 {
  return i >= 0 && i < <i32>R.COUNT && p >= 0 && p < <i32>P.COUNT ? <u32>unchecked(RULE_GRADES[at(i, p)]) : G_NONE;
}
/** The profile that profile `p` follows where its sources say nothing, or -1 (none, or no such profile). */
export function profileBase(p: i32): i32 {
  return p >= 0 && p < <i32>P.COUNT ? <i32>unchecked(PROFILE_BASES[at(0, p)]) : NO_BASE;
}
/** The traits (profiles.ts T_*) of a known profile. */
// @ts-ignore: decorator
@inline export function traitsOf(p: u32): u32 { return unchecked(PROFILE_TRAITS[at(0, p)]); }
/** Where the compressed catalogue starts in memory. */
export function catalogueData(): usize { return changetype<usize>(CATALOGUE); }
/** Its length in bytes, compressed. */
export function catalogueBytes(): i32 { return CATALOGUE.length; }
/** Its length in bytes once inflated (the host checks it). */
export function catalogueTextBytes(): i32 { return CATALOGUE_TEXT_BYTES; }
