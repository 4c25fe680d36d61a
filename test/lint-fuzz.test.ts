// A bounded run of the hostile-tree fuzzer for lfp lint (npm run fuzz:inputs runs it
// large): FIFOs, links to /dev/zero and /dev/stdin, a .gitignore that is one of them or
// garbage, broken configurations, sparse 256 MB files, a source turned into a FIFO while
// lint runs — every tree gets a report or a configuration message.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { fuzzLintTrees } from "../scripts/fuzz-inputs.js";

const f = suite("hostile project trees for lfp lint");

f("20 generated trees: no throw, no hang, problems reported", async () => {
  const r = await fuzzLintTrees(20, 5);
  assert.equal([r.throws, r.hangs], [0, 0], r.examples.join("\n"));
  assert.is(r.trees, 20);
  assert.ok(r.problemsReported > 0, "the hostile files are reported");
  assert.ok(r.sites > 0, "and the sources around them still linted");
});

f.run();
