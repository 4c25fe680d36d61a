// Fingerprints that follow a finding across edits: a hash of the rule, the call's text
// without whitespace, its enclosing function and its rank among identical calls there,
// so that lines moved above it do not change it (SARIF partialFingerprints; --baseline).
import type { CallSite, Finding, LintReport } from "./types.js";

/** The partialFingerprints key lint writes (versioned: a change of recipe is a new key). */
export const FINGERPRINT_KEY = "lfpCallSite/v1";

/** 64 bits of FNV-1a (two 32-bit lanes), as 16 hex digits. */
function hash(text: string): string {
  let a = 0x811c9dc5, b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
    b ^= b >>> 15;
  }
  return a.toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

const normal = (s: string) => s.replace(/\s+/g, "");

/** Every finding of the report (call sites first, then the others) with its fingerprint. */
export function fingerprinted(report: LintReport): { finding: Finding; site: CallSite | null; fingerprint: string }[] {
  const rank = new Map<string, number>();
  const out: { finding: Finding; site: CallSite | null; fingerprint: string }[] = [];
  const add = (finding: Finding, site: CallSite | null, basis: string) => {
    const k = `${finding.file}\0${finding.id}\0${basis}`;
    const n = rank.get(k) ?? 0;
    rank.set(k, n + 1);
    out.push({ finding, site, fingerprint: hash(`${finding.id}\0${basis}\0${n}`) });
  };
  for (const site of report.sites) for (const f of site.findings) add(f, site, `${site.function ?? ""}\0${normal(site.text)}`);
  for (const f of report.extra ?? []) add(f, null, normal(f.message).replace(/\d+/g, "#"));
  return out;
}
