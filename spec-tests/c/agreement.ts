// Whether two recordings of the same cases agree: the .exe's (lfp-observe.exe)
// and the Node player's (lfp observe). Every step the Node player ran, the .exe
// ran too, with the same value in every field; a step only the .exe ran is one
// the Node player skips for a capability only the .exe has. Any other
// difference is a bug in one of the two players.
import { isDeepStrictEqual } from "node:util";
import type { Observations } from "../../host/cli/observe.js";
import { EXE_EXTRA } from "./generate-observer.js";

export interface Agreement {
  /** Steps both ran, compared field by field. */
  compared: number;
  /** Steps only the .exe ran ("<case> step <n>"). */
  onlyExe: string[];
  /** Every disagreement, in words; empty when the recordings agree. */
  problems: string[];
}

export function agreement(exe: Observations, node: Observations): Agreement {
  const out: Agreement = { compared: 0, onlyExe: [], problems: [] };
  const byId = new Map(exe.cases.map((c) => [c.id, c]));
  const extra = new RegExp(`needs "(${EXE_EXTRA.join("|")})"|follows step \\d+, which was not run`);
  for (const id of byId.keys()) if (!node.cases.some((c) => c.id === id)) out.problems.push(`${id}: recorded by the .exe only`);
  for (const n of node.cases) {
    const e = byId.get(n.id);
    if (!e) { out.problems.push(`${n.id}: recorded by the Node player only`); continue; }
    for (const k of ["skip", "problem", "harness"] as const) {
      if (e[k] !== n[k]) out.problems.push(`${n.id}: ${k}: .exe ${JSON.stringify(e[k])}, Node ${JSON.stringify(n[k])}`);
    }
    for (let j = 0; j < Math.max(e.steps.length, n.steps.length); j++) {
      const x = e.steps[j] ?? null;
      const y = n.steps[j] ?? null;
      if (y !== null) {
        if (x === null) out.problems.push(`${n.id} step ${j}: the Node player ran it, the .exe did not`);
        else if (!isDeepStrictEqual(x, y)) out.problems.push(`${n.id} step ${j}: .exe ${JSON.stringify(x)}, Node ${JSON.stringify(y)}`);
        else out.compared++;
      } else if (x !== null) {
        const why = n.skipped?.find((s) => s.step === j)?.reason ?? "";
        if (extra.test(why)) out.onlyExe.push(`${n.id} step ${j}`);
        else out.problems.push(`${n.id} step ${j}: only the .exe ran it, and the Node player did not say it needs ${EXE_EXTRA.join(" or ")} (${why || "no reason"})`);
      }
    }
  }
  return out;
}
