import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { Model } from "../host/node.js";
import { EXPLAIN_TABLES, readSourceTables } from "../scripts/pack-catalogue.js";
import { model, root } from "./helpers.js";

const cat = suite("catalogue packed in the model");

cat("every string the sources hold comes back, from the model or its explanations, in its table and place", async () => {
  const m = await model();
  const { tables, names, grades, unreportedCodes } = readSourceTables(readFileSync(`${root}build/catalogue-source.wasm`));
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
  for (let i = 0; i < grades.length; i++) {
    for (let p = 0; p < 4; p++) assert.is(m.exports.ruleGrade(i, p), (grades[i] >> (p * 3)) & 7, `rule ${table("rule.id")[i]} profile ${p}`);
  }
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
