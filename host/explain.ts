// Explanations: the rules' texts and sources, each source split into its citations with the
// passage it rests on, the profiles' descriptions, and the Winsock errors the model never produces
// (so that vector files and hosts can name any). They are not in the model's .wasm (a validator
// answers every call without them): the build writes them to an asset of their own,
// loopback-fast-path.explain.json (format lfp-explain/2, scripts/pack-catalogue.ts), which Node's
// entry reads when the model loads and the browser entry fetches once, on demand. This module is
// loaded with them (a separate chunk in the browser bundle).
import { readPrecedence, readTransitions, type Catalogue, type Grade, type ProfileName } from "./catalogue.js";
import type { ErrorName, RuleId } from "./names.js";
import type { ModelExports } from "./exports.js";

/**
 * One citation of a rule's sources (id grammar: docs/evidence/README.md), with the passage it rests
 * on when docs/evidence/passages.json gives one: `kind`, `where`, the date it was `read`, the exact
 * `quote`. A citation without a passage has only `citation` (and its `comment`).
 */
export interface Citation {
  citation: string;
  /** The parenthesised comment written after the citation in the rule's source. */
  comment?: string;
  kind?: string;
  where?: string;
  read?: string;
  quote?: string;
}

/** What `model.explain(ruleId)` answers: why the rule holds, and on what. */
export interface Explanation {
  id: RuleId;
  text: string;
  /** The rule's sources as written in assembly/rules.ts. */
  source: string;
  /** Per profile name: the grade, or null where the rule does not apply. */
  grades: Record<ProfileName, Grade | null>;
  /** `source`, citation by citation. */
  sources: Citation[];
}

/** The explanations asset as the build writes it. */
export interface ExplainAsset {
  format: "lfp-explain/2";
  /** FNV-1a of the content: the model built with it exports the same number (explainDigest). */
  digest: number;
  /** Each rule's text and sources, the sources citation by citation (without their passages). */
  rules: { id: string; text: string; source: string; sources: { citation: string; comment?: string }[] }[];
  /** The passage of every citation that has one, once however many rules cite it. */
  passages: Record<string, { kind: string; where?: string; read?: string; quote?: string }>;
  profiles: { name: string; about: string }[];
  /** The scenario ops' names, by the model's op numbers (the transition table's `op`). */
  ops: string[];
  /** The Winsock errors the model never produces, after those it does (catalogue.errors). */
  errors: { name: string; code: number }[];
}

/** The explanations as a model holds them once applied: per rule, its text, its sources and their citations with passages. */
export interface Explanations {
  rules: { text: string; source: string; sources: Citation[] }[];
}

const hex = (n: unknown) => (typeof n === "number" ? `0x${n.toString(16).padStart(8, "0")}` : String(n));

/**
 * Apply `asset`, the explanations of the model whose catalogue is `cat` (digest `digest`): fill the
 * catalogue's rule texts and sources and profile descriptions, add the errors the model never
 * produces to its errors, and read its op names, transitions and precedence table. Returns the
 * explanations with each citation's passage, or, when it is not the explanations of this build of
 * the model, why (the caller throws LfpError LFP_WASM: this module is loaded on demand and keeps to
 * itself).
 */
export function applyExplanations(cat: Catalogue, e: ModelExports, asset: unknown): Explanations | string {
  const a = asset as ExplainAsset;
  const digest = e.explainDigest() >>> 0;
  if (a?.format !== "lfp-explain/2") return "not a loopback-fast-path explanations asset (format lfp-explain/2)";
  if (a.digest !== digest || a.rules?.length !== cat.rules.length || a.profiles?.length !== cat.profiles.length) {
    return `the explanations asset belongs to another build of the model (digest ${hex(a.digest)}, the model's ${hex(digest)})`;
  }
  cat.rules.forEach((r, i) => { r.text = a.rules[i].text; r.source = a.rules[i].source; });
  cat.profiles.forEach((p, i) => { p.about = a.profiles[i].about; });
  for (const x of a.errors) cat.errors.push({ index: cat.errors.length, name: x.name as ErrorName, code: x.code });
  cat.ops.push(...a.ops);
  cat.transitions.push(...readTransitions(e, cat));
  cat.precedence.push(...readPrecedence(e, cat));
  return { rules: a.rules.map((r) => ({ text: r.text, source: r.source, sources: r.sources.map((c) => ({ ...c, ...a.passages[c.citation] })) })) };
}
