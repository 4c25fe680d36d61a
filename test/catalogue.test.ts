import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { Model } from "../host/node.js";
import { EXPLAIN_TABLES, explainAsset, readSourceTables } from "../scripts/pack-catalogue.js";
import { splitCitations } from "../scripts/citations.js";
import { CELL_MAYBE_BIT } from "../assembly/shared/layout.js";
import { model, root } from "./helpers.js";

const cat = suite("catalogue packed in the model");

cat("every string the sources hold comes back, from the model or its explanations, in its table and place", async () => {
  const m = await model();
  const { tables, names, grades, bases, traits, unreportedCodes } = readSourceTables(readFileSync(`${root}build/catalogue-source.wasm`));
  const table = (name: string) => tables[names.indexOf(name)];
  const c = m.catalogue;
  assert.equal(c.rules.map((r) => r.id), table("rule.id"));
  assert.equal(c.rules.map((r) => r.source), table("rule.source"));
  assert.equal(c.rules.map((r) => r.text), table("rule.text"));
  assert.equal(c.errors.map((x) => x.name), [...table("error.name"), ...table("error.unreported")]);
  assert.equal(c.errors.slice(m.exports.errorCount()).map((x) => x.code), unreportedCodes);
  assert.equal(c.profiles.map((x) => x.name), table("profile.name"));
  assert.equal(c.profiles.map((x) => x.about), table("profile.about"));
  assert.equal(c.options.map((x) => x.name), table("option.name"));
  assert.equal(c.levels.map((x) => x.name), table("level.name"));
  assert.equal(c.states, table("state.name"));
  assert.equal(c.ops, table("op.name"));
  assert.equal(names.length, tables.length);
  // The grade table is laid out as assembly/profiles.ts `at` says: a row per rule, a slot per profile.
  const profiles = table("profile.name").length;
  assert.is(grades.length, table("rule.id").length * profiles);
  for (let i = 0; i < table("rule.id").length; i++) {
    for (let p = 0; p < profiles; p++) assert.is(m.exports.ruleGrade(i, p), grades[i * profiles + p], `rule ${table("rule.id")[i]} profile ${p}`);
  }
  assert.equal(c.profiles.map((x) => (x.follows === null ? -1 : c.profiles.findIndex((y) => y.name === x.follows))), bases);
  assert.is(traits.length, profiles);
});

cat("the precedence table the model carries is the one precedence.ts declares, resolved by the build", async () => {
  const m = await model();
  const e = m.exports;
  const { cells, orders, rows, maybeRows, bases } = readSourceTables(readFileSync(`${root}build/catalogue-source.wasm`));
  const profiles = bases.length;
  const n = e.precedenceRowCount();
  assert.is(cells.length, n * profiles);
  const slot = (row: number, p: number) => row * profiles + p;
  for (let p = 0; p < profiles; p++) {
    let applies = 0, maybe = 0;
    for (let row = 0; row < n; row++) {
      assert.is(e.precedenceCell(row, p), cells[slot(row, p)], `row ${row} profile ${p}`);
      if (cells[slot(row, p)] & ((1 << CELL_MAYBE_BIT) - 1)) applies |= 1 << row;
      if (cells[slot(row, p)] & (1 << CELL_MAYBE_BIT)) maybe |= 1 << row;
      // An order the sources fix is one the model reports; a total order adds every earlier row.
      for (let first = 0; first < n; first++) if ((orders[slot(row, p)] >>> first) & 1) assert.ok(e.precedenceOrdered(first, row, p), `${first} before ${row} in profile ${p}`);
    }
    assert.equal([rows[p] >>> 0, maybeRows[p] >>> 0], [applies >>> 0, maybe >>> 0], `the rows of profile ${p}`);
  }
  // wine and reactos read their code in order; windows orders only what a source fixes.
  for (const name of ["wine", "reactos"] as const) {
    for (let row = 1; row < n; row++) assert.ok(e.precedenceOrdered(row - 1, row, m.profileIndex(name)), `${name}: ${row - 1} before ${row}`);
  }
  assert.not.ok(e.precedenceOrdered(0, 1, m.profileIndex("documented")), "the seed orders nothing");
});

cat("the model carries the names only: the explanations are the asset beside it", async () => {
  const m = await model();
  const { tables, names } = readSourceTables(readFileSync(`${root}build/catalogue-source.wasm`));
  const wasm = readFileSync(`${root}build/release.wasm`);
  for (const [t, name] of names.entries()) {
    const inModel = tables[t].filter((s) => s.length > 12).map((s) => wasm.includes(Buffer.from(s)));
    if (EXPLAIN_TABLES.includes(name)) assert.ok(inModel.every((x) => !x), `${name} is not in the model`);
    else assert.ok(inModel.every((x) => x), `${name} is in the model`);
  }
  const bare = await Model.fromBytes(wasm);
  assert.is(bare.explained, false);
  assert.equal([bare.catalogue.rules[0].text, bare.catalogue.precedence, bare.catalogue.transitions], ["", [], []]);
  assert.is(bare.catalogue.errors.length, m.exports.errorCount());
  // The same answers without them.
  assert.equal(bare.evaluateAll({ handle: "udp" }).map((o) => [o.ret, o.error?.name, o.rule.id, o.grade]), m.evaluateAll({ handle: "udp" }).map((o) => [o.ret, o.error?.name, o.rule.id, o.grade]));
});

cat("explain: a rule's text and sources citation by citation, with a passage only where the evidence has one", async () => {
  const m = await model();
  const x = await m.explain("in.too-small");
  const rule = m.catalogue.rules.find((r) => r.id === "in.too-small")!;
  assert.equal([x.id, x.text, x.source, x.grades], [rule.id, rule.text, rule.source, rule.grades]);
  assert.equal(x.sources.map((c) => c.citation), splitCitations(rule.source).map((c) => c.citation));
  assert.equal(splitCitations('seed#Return value/WSAEFAULT (lists it); wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L1-2, L5 (windows)'), [
    { citation: "seed#Return value/WSAEFAULT", comment: "lists it" },
    { citation: "wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L1-2", comment: "windows" },
    { citation: "wine-test:dlls/ws2_32/tests/sock.c@wine-8.0 L5", comment: "windows" },
  ]);
  // A line range after a comment does not follow the grammar: the item stays whole (test/evidence.test.ts refuses it).
  assert.equal(splitCitations("wine:a.c@wine-8.0 L1-2 (x), L5 (y)"), [{ citation: "wine:a.c@wine-8.0 L1-2 (x), L5 (y)" }]);
  // The build copies a passage where docs/evidence/passages.json has one, and invents none.
  const { tables, names, unreportedCodes } = readSourceTables(readFileSync(`${root}build/catalogue-source.wasm`));
  const first = splitCitations(tables[names.indexOf("rule.source")][0])[0].citation;
  const asset = explainAsset(tables, names, unreportedCodes, { [first]: { kind: "observation", where: "w", read: "2026-12-06", quote: "q" }, "not:cited": { kind: "x", where: "w", read: "r", quote: "unused" } });
  assert.equal(asset.passages, { [first]: { kind: "observation", where: "w", read: "2026-12-06", quote: "q" } }, "each cited passage once, no other");
  assert.is(asset.rules[0].sources[0].citation, first);
  // Applied, each citation carries its passage; the asset keeps each passage once.
  const built = JSON.parse(readFileSync(`${root}build/explain.json`, "utf8"));
  const citedOnce = new Set(built.rules.flatMap((r: { sources: { citation: string }[] }) => r.sources.map((c) => c.citation)));
  assert.ok(Object.keys(built.passages).every((c) => citedOnce.has(c)) && Object.keys(built.passages).length > 100);
  try {
    await m.explain("no.such-rule");
    assert.unreachable("an unknown rule was explained");
  } catch (err) {
    assert.is((err as { code?: string }).code, "LFP_BAD_ARGUMENT");
  }
});

cat("explanations of another build are refused, and a model answers without them", async () => {
  const wasm = readFileSync(`${root}build/release.wasm`);
  const asset = JSON.parse(readFileSync(`${root}build/explain.json`, "utf8"));
  const { loadModel } = await import("../host/node.js");
  try {
    await loadModel({ bytes: wasm, explanations: { ...asset, digest: asset.digest ^ 1 } });
    assert.unreachable("a foreign asset was applied");
  } catch (err) {
    assert.is((err as { code?: string }).code, "LFP_WASM");
    assert.match((err as Error).message, /another build of the model/);
  }
  const m = await loadModel({ bytes: wasm });
  assert.is(m.explained, true, "the package's own explanations, for the same build");
});

cat("a damaged catalogue is refused with LFP_WASM, not a stack trace", async () => {
  const bytes = new Uint8Array(readFileSync(`${root}build/release.wasm`));
  const m = await model();
  const at = m.exports.catalogueData();
  // Find the block in the file by its first 16 bytes and overwrite its start.
  const head = new Uint8Array(m.exports.memory.buffer, at, 16);
  const pos = bytes.findIndex((_, i) => head.every((b, k) => bytes[i + k] === b));
  assert.ok(pos > 0, "the packed block is in the file");
  bytes.fill(0xff, pos, pos + 8);
  try {
    await Model.fromBytes(bytes);
    assert.unreachable("a damaged catalogue loaded");
  } catch (err) {
    assert.is((err as { code?: string }).code, "LFP_WASM");
    assert.match((err as Error).message, /catalogue/);
  }
});

cat.run();
