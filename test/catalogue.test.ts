import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { Model } from "../host/node.js";
import { readSourceTables } from "../scripts/pack-catalogue.js";
import { model, root } from "./helpers.js";

const cat = suite("catalogue packed in the model");

cat("every string the sources hold comes back from the model, in its table and place", async () => {
  const m = await model();
  const { tables, grades, bases, traits } = readSourceTables(readFileSync(`${root}build/catalogue-source.wasm`));
  const c = m.catalogue;
  assert.equal(c.rules.map((r) => r.id), tables[0]);
  assert.equal(c.rules.map((r) => r.source), tables[1]);
  assert.equal(c.rules.map((r) => r.text), tables[2]);
  assert.equal(c.errors.map((x) => x.name), tables[3]);
  assert.equal(c.profiles.map((x) => x.name), tables[4]);
  assert.equal(c.profiles.map((x) => x.about), tables[5]);
  assert.equal(c.options.map((x) => x.name), tables[6]);
  assert.equal(c.levels.map((x) => x.name), tables[7]);
  assert.equal(c.states, tables[8]);
  assert.equal(c.ops, tables[9]);
  // The grade table is laid out as assembly/profiles.ts `at` says: a row per rule, a slot per profile.
  const profiles = tables[4].length;
  assert.is(grades.length, tables[0].length * profiles);
  for (let i = 0; i < tables[0].length; i++) {
    for (let p = 0; p < profiles; p++) assert.is(m.exports.ruleGrade(i, p), grades[i * profiles + p], `rule ${tables[0][i]} profile ${p}`);
  }
  assert.equal(c.profiles.map((x) => (x.follows === null ? -1 : c.profiles.findIndex((y) => y.name === x.follows))), bases);
  assert.is(traits.length, profiles);
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
