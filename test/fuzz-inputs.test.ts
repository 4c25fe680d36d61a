// A bounded run of the hostile-input fuzzer for lint sources and playground HTTP
// requests (npm run fuzz:inputs runs it large): every input gets an answer.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { fuzzInputs } from "../scripts/fuzz-inputs.js";

const f = suite("hostile inputs to lint and the playground server");

f("mutated sources and raw requests: no throw, no hang, the server still serves", async () => {
  const r = await fuzzInputs(60, 150, 3);
  assert.equal([r.lintThrows, r.lintHangs, r.httpHangs, r.serverAlive], [0, 0, 0, true], r.examples.join("\n"));
  assert.is(r.lintInputs, 60);
  assert.ok(r.lintProblemsReported > 0 && r.lintSites > 0, "the mutations reach both the problem reports and the analysis");
  assert.ok(r.httpAnswered > 0, "the server answered");
});

f.run();
