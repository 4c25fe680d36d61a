// Hostile command lines (scripts/fuzz-cli.ts) with a fixed seed: a bounded run in npm test;
// `npm run fuzz:cli -- --inputs 20000` runs a large one.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fuzzCli } from "../scripts/fuzz-cli.js";

test("200 hostile command lines: each ends with exit 0, 1 or 2 and a message; no crash, hang or stack trace", async () => {
  const r = await fuzzCli(200, 1);
  assert.equal([r.crashes, r.hangs, r.stackTraces, r.silentErrors], [0, 0, 0, 0], r.examples.join("\n"));
  assert.is(r.exit0 + r.exit1 + r.exit2, 200);
  assert.ok(r.exit2 > 100, `most hostile lines are usage errors (${r.exit2})`);
});

test.run();
