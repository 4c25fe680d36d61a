// The catalogue as the model carries it: the names of the rule records and
// name tables (rule ids; error, profile, option, level, state and op names of
// rules.ts, errors.ts, profiles.ts, options.ts, transitions.ts) packed once as
// NUL-separated UTF-8 (≈ 2 KB: not compressed, the transport's gzip does as
// well); the rules' grades and the profiles' bases and traits as tables, with
// what a profile inherits from the one it follows already resolved. The
// explanations (rules' sources and texts, profiles' descriptions, the Winsock
// errors the model never produces) are not in the model: the build writes them
// to an asset of their own (loopback-fast-path.explain.json) that a host loads
// on demand, and the model carries that asset's digest so a host can tell it
// belongs to this build. scripts/pack-catalogue.ts generates
// build/generated/catalogue.ts from those sources at every build; nothing here
// is written by hand. A host decodes the text once and splits the tables by the
// counts the model exports.
import { CATALOGUE, RULE_GRADES, PROFILE_BASES, PROFILE_TRAITS, EXPLAIN_DIGEST, ABI_DIGEST } from "../build/generated/catalogue";
import { R } from "./rules";
import { G_NONE } from "./abi";
import { P, NO_BASE, at } from "./profiles";

export function ruleCount(): i32 { return <i32>R.COUNT; }
/** The evidence grade (abi.ts G_*) of rule `i` for profile `p`; G_NONE where it does not apply. */
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
/** Where the catalogue's names (NUL-separated UTF-8) start in memory. */
export function catalogueData(): usize { return changetype<usize>(CATALOGUE); }
/** Their length in bytes. */
export function catalogueBytes(): i32 { return CATALOGUE.length; }
/** The digest (FNV-1a, 32 bits) of the explanations asset built with this model. */
export function explainDigest(): u32 { return EXPLAIN_DIGEST; }
/** The digest of the ABI it was built with (shared/layout.ts and index.ts): a browser bundle checks it. */
export function abiDigest(): u32 { return ABI_DIGEST; }
