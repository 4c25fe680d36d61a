// A rule's `source` split into its citations, by the grammar of docs/evidence/README.md: items
// separated by ";" outside parentheses and quotes; an item is a citation id, optionally followed by
// one parenthesised comment; several line ranges of one file ("<file> L1-2, L5") are one id each.
// Build-time only (scripts/pack-catalogue.ts writes the result into the explanations asset).

/** One citation of a rule's sources, without its passage. */
export interface CitationRef { citation: string; comment?: string }

/** Where the parenthesis opened at `open` closes (-1: never). */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

export function splitCitations(source: string): CitationRef[] {
  const items: string[] = [];
  let depth = 0, quoted = false, start = 0;
  for (let i = 0; i <= source.length; i++) {
    const ch = source[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "(") depth++;
    else if (!quoted && ch === ")") depth--;
    else if (i === source.length || (ch === ";" && depth === 0 && !quoted)) { items.push(source.slice(start, i).trim()); start = i + 1; }
  }
  const out: CitationRef[] = [];
  for (const item of items.filter((x) => x !== "")) {
    const open = item.indexOf(" (");
    // Text after the comment (even a line range followed by a comment of its own) does not follow
    // the grammar: the item stays whole, as written.
    const whole = open < 0 || closing(item, open + 1) !== item.length - 1;
    const id = whole ? item : item.slice(0, open);
    const comment = whole ? undefined : item.slice(open + 2, -1);
    const ranged = /^(.+?) (L\d+(?:-\d+)?(?:, L\d+(?:-\d+)?)*)$/.exec(id);
    const ids = ranged ? ranged[2].split(", ").map((r) => `${ranged[1]} ${r}`) : [id];
    for (const citation of ids) out.push(comment === undefined ? { citation } : { citation, comment });
  }
  return out;
}
