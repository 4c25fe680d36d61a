// What a run's exit status says: CI trusts it, so 0 only when cases ran and every one that ran
// passed, and none was left unrun by the harness. Shared by every reporter (the reporters print;
// this decides).
import type { SuiteResult } from "./run.js";

/** The exit status of a run (0 passed, 1 failed or incomplete, 2 nothing ran) and, unless 0, why in one line. */
export function runVerdict(r: SuiteResult): { status: 0 | 1 | 2; why: string | null } {
  const ran = r.passed + r.partial + r.failed;
  const unrun = [r.skipped ? `${r.skipped} skipped` : "", r.errors ? `${r.errors} never began (harness errors left after the retries)` : ""].filter(Boolean).join(", ");
  if (r.results.length === 0) return { status: 2, why: "no cases matched" };
  if (ran === 0) return { status: 2, why: `none of the ${r.results.length} selected case(s) ran (${unrun}): nothing was tested` };
  if (r.failed > 0) return { status: 1, why: null };
  if (r.errors > 0) return { status: 1, why: `${r.errors} of the ${r.results.length} selected case(s) never began (harness errors left after the retries): the run is incomplete, not a pass` };
  return { status: 0, why: null };
}
