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
// counts the model exports. The tables of numbers (the errors' Winsock numbers,
// the options' and levels' numbers, as errors.ts and options.ts declare them)
// are bare static data: read with load<type>(index * size, TABLE).
import {
  CATALOGUE, CATALOGUE_BYTES, RULE_GRADES, PROFILE_BASES, PROFILE_TRAITS, EXPLAIN_DIGEST, ABI_DIGEST,
  ERROR_CODES, ERROR_COUNT, OPTION_NUMBERS, OPTION_COUNT, LEVEL_NUMBERS, LEVEL_COUNT,
} from "../build/generated/catalogue";
import { R } from "./rules";
import { G_NONE } from "./shared/layout";
import { P, NO_BASE, at } from "./profiles";

export function ruleCount(): i32 { return <i32>R.COUNT; }
/** The evidence grade (shared/layout.ts G_*) of rule `i` for profile `p`; G_NONE where it does not apply. */
export function ruleGrade(i: i32, p: i32): u32 {
  return i >= 0 && i < <i32>R.COUNT && p >= 0 && p < <i32>P.COUNT ? <u32>load<u8>(<usize>at(i, p), RULE_GRADES) : G_NONE;
}
/** The profile that profile `p` follows where its sources say nothing, or -1 (none, or no such profile). */
export function profileBase(p: i32): i32 {
  return p >= 0 && p < <i32>P.COUNT ? <i32>load<i8>(<usize>at(0, p), PROFILE_BASES) : NO_BASE;
}
/** The traits (profiles.ts T_*) of a known profile. */
// @ts-ignore: decorator
@inline export function traitsOf(p: u32): u32 { return load<u32>(<usize>at(0, p) * sizeof<u32>(), PROFILE_TRAITS); }
/** Where the catalogue's names (NUL-separated UTF-8) start in memory. */
export function catalogueData(): usize { return CATALOGUE; }
/** Their length in bytes. */
export function catalogueBytes(): i32 { return CATALOGUE_BYTES; }
/** The digest (FNV-1a, 32 bits) of the explanations asset built with this model. */
export function explainDigest(): u32 { return EXPLAIN_DIGEST; }
/** The digest of the ABI it was built with (shared/layout.ts and index.ts): a browser bundle checks it. */
export function abiDigest(): u32 { return ABI_DIGEST; }

/** The errors the model produces, and their Winsock numbers (errors.ts). */
export function errorCount(): i32 { return ERROR_COUNT; }
export function errorCode(i: i32): u32 { return i >= 0 && i < ERROR_COUNT ? <u32>load<u16>(<usize>i * sizeof<u16>(), ERROR_CODES) : 0; }
/** The options the scenarios know: each one's level and optname (options.ts). */
export function optionCount(): i32 { return OPTION_COUNT; }
export function optionLevel(i: i32): u32 { return i >= 0 && i < OPTION_COUNT ? load<u32>(<usize>(i * 2) * sizeof<u32>(), OPTION_NUMBERS) : 0; }
export function optionNumber(i: i32): u32 { return i >= 0 && i < OPTION_COUNT ? load<u32>(<usize>(i * 2 + 1) * sizeof<u32>(), OPTION_NUMBERS) : 0; }
/** The setsockopt levels, by number (options.ts). */
export function levelCount(): i32 { return LEVEL_COUNT; }
export function levelNumber(i: i32): u32 { return i >= 0 && i < LEVEL_COUNT ? <u32>load<u16>(<usize>i * sizeof<u16>(), LEVEL_NUMBERS) : 0; }
