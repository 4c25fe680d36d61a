// Every citation of the model and of the vectors resolves to a quoted passage (issue 19 §2): the
// rules' sources come from the model's exported catalogue, the refs from the vector files; the
// passages and the re-read from docs/evidence/.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import type { Catalogue, Grade } from "../host/catalogue.js";
import { loadVectors } from "../spec-tests/runner/files.js";
import { model, root, vectorsDir } from "./helpers.js";

interface Passage { kind: "microsoft" | "code" | "observation" | "report" | "rfc" | "none"; where: string; read: string; quote: string }
const passages: Record<string, Passage> = JSON.parse(readFileSync(`${root}docs/evidence/passages.json`, "utf8")).passages;
const reread: { target: string; passages: string[]; verdict: string; note: string }[] =
  JSON.parse(readFileSync(`${root}docs/evidence/reread.json`, "utf8")).entries;

/** Where the parenthesis opened at `open` closes (-1: never). */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

/** Split a rule's sources into citation ids (grammar: docs/evidence/README.md); throws on a malformed item. */
export function citations(source: string): string[] {
  const items: string[] = [];
  let depth = 0, quoted = false, start = 0;
  for (let i = 0; i <= source.length; i++) {
    const ch = source[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "(") depth++;
    else if (!quoted && ch === ")") depth--;
    else if (i === source.length || (ch === ";" && depth === 0 && !quoted)) { items.push(source.slice(start, i).trim()); start = i + 1; }
  }
  const ids: string[] = [];
  for (const item of items) {
    const open = item.indexOf(" (");
    const id = open < 0 ? item : item.slice(0, open);
    if (open >= 0 && closing(item, open + 1) !== item.length - 1) throw new Error(`text after the comment in "${item}"`);
    const ranged = /^(.+?) (L\d+(?:-\d+)?(?:, L\d+(?:-\d+)?)*)$/.exec(id);
    if (ranged) for (const r of ranged[2].split(", ")) ids.push(`${ranged[1]} ${r}`);
    else ids.push(id);
  }
  return ids;
}

/** The recording a vector's `observed:wine-8` ref names: the case's own steps as recorded on Wine 8.0. */
const RECORDED_REF = "observed:wine-8";
const recorded = new Set<string>(JSON.parse(readFileSync(`${root}spec-tests/observations/wine-8.0.json`, "utf8")).cases.map((c: { id: string }) => c.id));

/** A vector's refs that resolve to nothing: neither a passage nor the case's own recording (docs/evidence/README.md). */
export function unresolvedRefs(cases: { id: string; refs: string[] }[], have: Record<string, unknown>, isRecorded: (id: string) => boolean): string[] {
  return cases.flatMap((c) => c.refs.filter((r) => !(Object.hasOwn(have, r) || (r === RECORDED_REF && isRecorded(c.id)))).map((r) => `${c.id}: ${r}`));
}

/**
 * What the re-read must give a verdict for: every rule, every precedence cell of every profile
 * (a following profile's inherited cells too), and every grade of a profile that follows another
 * wherever it or its base has one (inherited grades are claims about it as well).
 */
export function rereadTargets(cat: Pick<Catalogue, "rules" | "precedence" | "profiles">): string[] {
  const targets = cat.rules.map((r) => `rule:${r.id}`);
  for (const row of cat.precedence) row.cells.forEach((cell, p) => { if (cell) targets.push(`cell:${row.rule.id}/${cat.profiles[p].name}`); });
  for (const p of cat.profiles) {
    if (!p.follows) continue;
    for (const r of cat.rules) if (r.grades[p.name] || r.grades[p.follows]) targets.push(`grade:${r.id}/${p.name}`);
  }
  return targets;
}

const SCHEMES = /^(seed#|wsaioctl#|winsock#|win32#|wine:|wine-test:|reactos:|github:|hotfix#|observed:|rfc:|none$)/;
/** Which passage kinds can carry a grade (docs/evidence/README.md, "What a grade needs"). */
function carries(grade: Grade, id: string, p: Passage): boolean {
  switch (grade) {
    case "documented": return p.kind === "microsoft";
    case "source": return p.kind === "code" && /:L\d+/.test(p.where);
    case "observed": return p.kind === "observation" || p.kind === "report" || (id.startsWith("wine-test:") && !/todo_wine/.test(p.quote));
    case "inferred": return p.kind !== "none";
    case "choice": return p.kind === "none";
  }
}

const ev = suite("evidence: citations resolve to quoted passages");
let loaded: ReturnType<typeof loadVectors> | null = null;
/** The package's vector cases, read once. */
const vectors = async () => (loaded ??= loadVectors([vectorsDir], (await model()).catalogue));

ev("every rule's sources parse into known citation ids, each with a passage", async () => {
  const { catalogue } = await model();
  const missing: string[] = [];
  for (const rule of catalogue.rules) {
    for (const id of citations(rule.source)) {
      assert.ok(SCHEMES.test(id), `${rule.id}: "${id}" is not a citation id (docs/evidence/README.md)`);
      if (!passages[id]) missing.push(`${rule.id}: ${id}`);
    }
  }
  assert.equal(missing, [], "citations without a passage");
});

ev("every vector's refs resolve to a passage (or to the case's own recording)", async () => {
  const cases = await vectors();
  assert.ok(cases.length > 100, "the vectors are read");
  assert.equal(unresolvedRefs(cases, passages, (id) => recorded.has(id)), [], "refs without a passage");
  // The check can fail: a page without its passage, a range no passage holds, a recording that is not there.
  assert.equal(unresolvedRefs([{ id: "x/y", refs: ["seed#Remarks", "seed#Remarks/wfp", RECORDED_REF] }], passages, () => false),
    ["x/y: seed#Remarks", `x/y: ${RECORDED_REF}`]);
});

ev("every passage is cited by a rule, a vector or a verdict of the re-read, and is complete", async () => {
  const { catalogue } = await model();
  const cases = await vectors();
  const cited = new Set([...catalogue.rules.flatMap((r) => citations(r.source)), ...cases.flatMap((c) => c.refs), ...reread.flatMap((e) => e.passages)]);
  assert.equal(Object.keys(passages).filter((id) => !cited.has(id)), [], "passages nothing cites");
  for (const [id, p] of Object.entries(passages)) {
    assert.ok(["microsoft", "code", "observation", "report", "rfc", "none"].includes(p.kind), `${id}: kind`);
    assert.match(p.read, /^\d{4}-\d{2}-\d{2}$/, `${id}: read`);
    if (p.kind !== "none") assert.ok(p.where && p.quote, `${id}: where and quote`);
  }
});

ev("a rule's grade in every profile is carried by one of its passages", async () => {
  const { catalogue } = await model();
  const wrong: string[] = [];
  for (const rule of catalogue.rules) {
    const ids = citations(rule.source);
    for (const [profile, grade] of Object.entries(rule.grades)) {
      if (!grade) continue;
      if (!ids.some((id) => passages[id] && carries(grade, id, passages[id]))) wrong.push(`${rule.id} ${profile}: ${grade}`);
      if (grade === "choice" && !/\bor\b|both conform|alternative|instead/.test(rule.text + rule.source)) wrong.push(`${rule.id} ${profile}: choice names no alternative`);
    }
  }
  assert.equal(wrong, [], "grades no cited passage can carry");
});

ev("quotes of this repository's files are in the file, at the lines named", () => {
  for (const [id, p] of Object.entries(passages)) {
    const local = /^(spec-tests\/[^:#]+):L(\d+)(?:-(\d+))?$/.exec(p.where);
    if (local) {
      const lines = readFileSync(`${root}${local[1]}`, "utf8").split("\n");
      assert.is(lines.slice(Number(local[2]) - 1, Number(local[3] ?? local[2])).join("\n"), p.quote, `${id} at ${p.where}`);
    }
    const record = /^spec-tests\/observations\/(.+\.json)#(.+)$/.exec(p.where);
    if (record) {
      const c = JSON.parse(readFileSync(`${root}spec-tests/observations/${record[1]}`, "utf8")).cases.find((x: { id: string }) => x.id === record[2]);
      assert.ok(c, `${id}: no recorded case ${record[2]}`);
      assert.is(JSON.stringify(c.steps), p.quote, `${id}: the quote is not the recorded steps`);
    }
  }
});

ev("every rule, precedence cell and following profile's grade has a verdict of the re-read, on passages that exist", async () => {
  const { catalogue } = await model();
  const targets = rereadTargets(catalogue);
  assert.ok(targets.some((t) => t.startsWith("grade:")) === catalogue.profiles.some((p) => p.follows), "a following profile's grades are targets");
  const have = new Map(reread.map((e) => [e.target, e]));
  assert.equal(targets.filter((t) => !have.has(t)), [], "rules and cells without a verdict");
  assert.equal(reread.map((e) => e.target).filter((t) => !targets.includes(t)), [], "verdicts for no rule or cell");
  for (const e of reread) {
    assert.ok(["holds", "wrong", "over-graded", "under-graded", "unsupported"].includes(e.verdict), `${e.target}: verdict ${e.verdict}`);
    assert.ok(e.verdict === "holds" || e.note, `${e.target}: a finding needs its correction`);
    for (const id of e.passages) assert.ok(passages[id], `${e.target}: passage ${id} is not in passages.json`);
  }
});

ev("the grammar splits items, line lists and comments, and refuses a trailing text", () => {
  assert.equal(citations("seed#Remarks/wfp (WFP callout; slow path); wine:a.c@wine-8.0 L1-2, L5 (x)"),
    ["seed#Remarks/wfp", "wine:a.c@wine-8.0 L1-2", "wine:a.c@wine-8.0 L5"]);
  assert.throws(() => citations("seed#Remarks/wfp (a) and more"), /text after the comment/);
  // A line range after a comment would hide inside it: the item is refused, not read as one citation.
  assert.throws(() => citations("wine:a.c@wine-8.0 L1-2 (x), L5 (y)"), /text after the comment/);
});

ev.run();
