// The vectors against the model's own catalogue: every rule has vectors in its
// topic file, every transition is exercised, every documented error code is
// produced, and every rule whose outcome differs by profile has a vector with
// expectBy.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { loadVectors } from "../spec-tests/runner/files.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { ModelTarget } from "../spec-tests/runner/model-target.js";
import type { LoadedCase } from "../spec-tests/runner/vectors.js";
import { model, setUp, vectorsDir } from "./helpers.js";

const coverage = suite("coverage of the model by the vectors");
let cases: LoadedCase[] = [];

setUp(coverage, async () => {
  cases = await loadVectors([vectorsDir], (await model()).catalogue);
});

coverage("every rule decides an outcome of a vector named after it, in its topic file, and every vector names a rule", async () => {
  const m = await model();
  const ids = new Set<string>(m.catalogue.rules.map((r) => r.id));
  const target = new ModelTarget(m);
  // The rules that decide a step's outcome (the preferred one or another conforming one), by case.
  const decided = new Map<string, Set<string>>();
  for (const c of cases) {
    const rules = new Set<string>();
    for (const p of m.profiles) {
      if (c.profiles && !c.profiles.includes(p)) continue;
      for (const s of target.runOne({ case: c, profile: p }).steps) {
        for (const a of [s, ...(s.alternatives ?? [])]) if (a.rule !== undefined) rules.add(a.rule);
      }
    }
    decided.set(c.id, rules);
  }
  for (const r of m.catalogue.rules) {
    const mine = cases.filter((c) => c.id.startsWith(`${r.id}/`));
    assert.ok(mine.length > 0, `rule ${r.id} has no vector (expected an id "${r.id}/...")`);
    for (const c of mine) assert.ok(c.file.endsWith(`/${r.id.split(".")[0]}.json`), `${c.id} should be in ${r.id.split(".")[0]}.json, is in ${c.file}`);
    assert.ok(mine.some((c) => decided.get(c.id)!.has(r.id)), `rule ${r.id} decides no outcome of its vectors (${mine.map((c) => c.id).join(", ")})`);
  }
  for (const c of cases) assert.ok(ids.has(c.id.split("/")[0]), `${c.id} names no rule`);
});

coverage("every transition of the state machine is exercised", async () => {
  const m = await model();
  m.clearTransitions();
  await runSuite(cases, new ModelTarget(m), [...m.profiles], m.catalogue);
  const taken = new Set(m.transitionsTaken());
  const missing = m.catalogue.transitions.filter((t) => !taken.has(t.index)).map((t) => `${t.from} --${t.op}--> ${t.to}`);
  assert.equal(missing, [], `transitions no vector takes: ${missing.join("; ")}`);
});

coverage("every error code of the seed's table, and WSANOTINITIALISED, is produced by a vector", async () => {
  const m = await model();
  const r = await runSuite(cases, new ModelTarget(m), [...m.profiles], m.catalogue);
  assert.is(r.failed, 0);
  const seen = new Set<number>();
  const target = new ModelTarget(m);
  for (const c of cases) for (const p of m.profiles) {
    if (c.profiles && !c.profiles.includes(p)) continue;
    for (const s of target.runOne({ case: c, profile: p }).steps) {
      if (s.error) seen.add(s.error);
      if (s.completion?.status) seen.add(s.completion.status);
    }
  }
  const seed = ["WSA_IO_PENDING", "WSA_OPERATION_ABORTED", "WSAEACCES", "WSAEFAULT", "WSAEINPROGRESS", "WSAEINTR", "WSAEINVAL", "WSAENETDOWN", "WSAENOTSOCK", "WSAEOPNOTSUPP", "WSANOTINITIALISED"];
  const missing = seed.filter((n) => !seen.has(m.catalogue.errors.find((e) => e.name === n)!.code));
  assert.equal(missing, []);
});

coverage("every precedence row whose outcome differs by profile has a vector with expectBy", async () => {
  const m = await model();
  // A row differs when the model gives different outcomes for the vectors that hit it.
  const target = new ModelTarget(m);
  for (const rule of m.catalogue.precedence.map((row) => row.rule)) {
    const mine = cases.filter((c) => c.id.startsWith(`${rule.id}/`));
    const outcomes = new Set<string>();
    for (const c of mine) for (const p of m.profiles) {
      if (!c.profiles || c.profiles.includes(p)) outcomes.add(JSON.stringify(target.runOne({ case: c, profile: p }).steps.map(({ rule: _r, ...s }) => s)));
    }
    if (outcomes.size > 1) {
      assert.ok(mine.some((c) => c.steps.some((s) => s.expectBy !== undefined)), `${rule.id}: outcomes differ by profile but no vector has expectBy`);
    }
  }
});

coverage.run();
