// node build/js/scripts/agree.js EXE.json NODE.json: do lfp-observe.exe's recording and
// lfp observe's of the same system agree (spec-tests/c/agreement.ts)? Exit 0 yes, 1 no, 2 usage.
import { readObservations } from "../host/cli/observe.js";
import { agreement } from "../spec-tests/c/agreement.js";

const [exe, node] = process.argv.slice(2);
if (!exe || !node) {
  process.stderr.write("usage: node build/js/scripts/agree.js <lfp-observe.exe recording> <lfp observe recording>\n");
  process.exit(2);
}
const a = agreement(readObservations(exe), readObservations(node));
for (const p of a.problems) process.stdout.write(`disagree: ${p}\n`);
process.stdout.write(`${a.compared} steps compared field by field, ${a.problems.length} disagreement(s); ${a.onlyExe.length} step(s) only the .exe ran${a.onlyExe.length ? ` (${a.onlyExe.join(", ")})` : ""}\n`);
process.exitCode = a.problems.length ? 1 : 0;
