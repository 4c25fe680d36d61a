// Quiescence: drive random scenarios, then close every socket and wait for every
// operation. Nothing may stay pending, and every socket, connection and
// operation slot must be released — except an operation a cited source says
// never completes (Wine on INVALID_SOCKET, rule wine.unimplemented).
// `npm run soak -- --target model` and the property test run it.
import type { Model } from "../host/model.js";
import { randomOp, rng } from "./invariants.js";
import { D_MODEL_ERROR, K_COMPLETE, K_NEVER, K_PENDING, O_FAILED, O_KIND, O_RULE, LIVE_CONNECTIONS, LIVE_OPERATIONS } from "../assembly/shared/layout.js";

/** What a quiescence run found. */
export interface QuiescenceReport { scenarios: number; opsPlayed: number; neverCompleting: number; problems: string[] }

export function quiesce(model: Model, scenarios: number, seed: number): QuiescenceReport {
  const e = model.exports;
  const never = model.catalogue.rules.find((x) => x.id === "wine.unimplemented")!.index;
  const socketRule = model.catalogue.rules.find((x) => x.id === "state.socket")!.index;
  const problems: string[] = [];
  const r = rng(seed);
  let opsPlayed = 0;
  let neverCompleting = 0;
  for (let k = 0; k < scenarios; k++) {
    const s = r();
    const rr = rng(s);
    const profile = rr() & 3;
    e.scenarioReset(profile, 1);
    let sockets = 0;
    const steps = 5 + (rr() % 60);
    for (let i = 0; i < steps; i++) {
      const w = randomOp(e, rr, Math.max(sockets, 2)) >>> 0;
      if ((w & 3) === 0 && ((w >>> O_RULE) & 127) === socketRule && !((w >>> O_FAILED) & 1)) sockets++;
      opsPlayed++;
    }
    for (let id = 0; id < 64; id++) e.opClose(id);
    let left = 0;
    for (let op = 0; op < 64; op++) {
      const w = e.opWait(op) >>> 0;
      if ((w & 3) === D_MODEL_ERROR) continue; // no such operation
      const kind = (w >>> O_KIND) & 3;
      if (kind === K_NEVER && ((w >>> O_RULE) & 127) === never) { left++; continue; }
      if (kind !== K_COMPLETE) problems.push(`seed ${s} (profile ${profile}): operation ${op} still ${kind === K_PENDING ? "pending" : `kind ${kind}`} after every socket closed (rule ${model.catalogue.rules[(w >>> O_RULE) & 127].id})`);
    }
    neverCompleting += left;
    const live = e.scenarioLive() >>> 0;
    const [open, conns, ops] = [live & 0xff, (live >>> LIVE_CONNECTIONS) & 0xff, (live >>> LIVE_OPERATIONS) & 0xff];
    if (open || conns || ops !== left || e.scenarioPending()) {
      problems.push(`seed ${s} (profile ${profile}): after closing and waiting, ${open} sockets open, ${conns} connections, ${ops} operation slots (${left} never complete by a cited source), ${e.scenarioPending()} pending`);
    }
  }
  return { scenarios, opsPlayed, neverCompleting, problems };
}
