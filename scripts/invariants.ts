// What every outcome of the model must satisfy, whatever the input: used by
// the fuzz script and the property tests. Works on the raw ABI (assembly/shared/layout.ts).
import type { ModelExports } from "../host/exports.js";
import type { Model } from "../host/model.js";
import {
  F_API, F_BYTES_RETURNED, F_OVERLAPPED, F_ROUTINE, F_ERRNO, P_VALID, P_NULL, O_FAILED, O_ERROR, O_BYTES_RETURNED, O_KIND, O_VIA, O_STATUS,
  O_ERRNO_WRITTEN, O_RULE, O_COMPLETION_FAULTS, D_RETURNED, D_MODEL_ERROR, K_NONE, K_PENDING, OV_NOEVENT,
} from "../assembly/shared/layout.js";

/** Boundary values for every u32 count: 0, 1, 3, 4, 5, 2^31-1, 2^31, 2^32-1. */
export const U32_EDGES = [0, 1, 2, 3, 4, 5, 8, 0x7fffffff, 0x80000000, 0xffffffff];
/** Codes worth hitting: the code, its IOC_WS2 look-alike, SIO_FLUSH, 0. */
export const CODES = [0x98000010, 0x88000010, 0x28000004, 0, 0xdeadbeef];

/** A deterministic PRNG (xorshift32), so a seed reproduces a run. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}

/** The arguments of one evaluate call. */
export type Args = [profile: number, flags: number, code: number, cbIn: number, inLen: number, inValue: number, cbOut: number, outLen: number];

/** Random arguments over the whole call space (one of `profiles` profiles), counts biased to the edges. */
export function randomArgs(r: () => number, profiles: number): Args {
  const count = () => (r() & 1 ? U32_EDGES[r() % U32_EDGES.length] : r() & 15);
  return [r() % profiles, r() & 0x07ffffff, r() & 1 ? CODES[r() % CODES.length] : r(), count(), count(), r(), count(), count()];
}

/** Problems with one call outcome, or [] (layout in assembly/shared/layout.ts). */
export function outcomeProblems(m: Model, a: Args, o: number): string[] {
  const e = m.exports;
  const out: string[] = [];
  const disp = o & 3;
  const failed = (o >>> O_FAILED) & 1;
  const err = (o >>> O_ERROR) & 31;
  const br = (o >>> O_BYTES_RETURNED) & 3;
  const kind = (o >>> O_KIND) & 3;
  const status = (o >>> O_STATUS) & 31;
  const errnoWritten = (o >>> O_ERRNO_WRITTEN) & 1;
  const rule = (o >>> O_RULE) & 127;
  const flags = a[1];
  const ruleId = m.catalogue.rules[rule]?.id ?? "";
  const wsp = (flags >>> F_API) & 1;
  const errnoKind = (flags >>> F_ERRNO) & 3;
  if (rule >= e.ruleCount()) out.push(`rule ${rule} out of range`);
  if (o >>> (O_COMPLETION_FAULTS + 2)) out.push("bits above the layout set");
  if (((o >>> O_COMPLETION_FAULTS) & 1) && kind === K_NONE) out.push("a faulting completion without an operation");
  if (disp === D_MODEL_ERROR) out.push("a single call was refused by the model");
  if (disp !== D_RETURNED) return out;
  if (err >= e.errorCount() || status >= e.errorCount()) out.push("error index out of range");
  if (failed === 0 && err !== 0) out.push("returned 0 with an error");
  if (failed === 1 && err === 0) out.push("returned SOCKET_ERROR without an error");
  if (br === 3) out.push("bytesReturned kind 3");
  if (br !== 0 && ((flags >>> F_BYTES_RETURNED) & 3) !== P_VALID) out.push("wrote through a NULL or invalid lpcbBytesReturned");
  if (!wsp && errnoWritten) out.push("WSAIoctl wrote lpErrno");
  if (wsp && failed && !errnoWritten && errnoKind === P_VALID) out.push("WSPIoctl failed with a valid lpErrno without writing it");
  // Writing nothing through an unusable lpErrno: ReactOS's guard (reactos.errno-guarded), or no source says (wsp.errno-unwritable is the model's choice there).
  const noSource = m.catalogue.rules.find((x) => x.id === "wsp.errno-unwritable")?.grades[m.profiles[a[0]]] === "choice";
  if (wsp && failed && !errnoWritten && errnoKind !== P_VALID && ruleId !== "reactos.errno-guarded" && !noSource) {
    out.push("WSPIoctl failed without writing lpErrno outside the guarded ReactOS case");
  }
  if (kind === K_NONE && ((o >>> O_VIA) & 3) !== 0) out.push("a completion notification without an operation");
  if (kind === K_PENDING && (failed !== 1 || err !== 1)) out.push("a pending operation not reported as WSA_IO_PENDING");
  // Wine queues a completion routine with or without lpOverlapped (wine.routine-invalid, wine.unimplemented).
  const wineRoutine = (ruleId === "wine.routine-invalid" || ruleId === "wine.unimplemented") && ((flags >>> F_ROUTINE) & 3) !== P_NULL;
  if (kind !== K_NONE && ((flags >>> F_OVERLAPPED) & 3) < OV_NOEVENT && !wineRoutine) out.push("an overlapped operation without a valid lpOverlapped");
  if (failed && err === 1 && kind === K_NONE) out.push("WSA_IO_PENDING without an operation");
  return out;
}

/** One random scenario op on the raw exports; returns the outcome word (or observe word). */
export function randomOp(e: ModelExports, r: () => number, sockets: number): number {
  const s = (r() % (sockets + 3)) - 2;
  const addrs: [number, number, number, number, number][] = [
    [4, 0x7f000001, 0, 0, 0], [4, 0x7f000002, 0, 0, 0], [6, 0, 0, 0, 1], [6, 0, 0, 0xffff, 0x7f000001],
    [4, 0x0a000001, 0, 0, 0], [4, 0, 0, 0, 0], [6, 0xfe800000, 0, 0, 1], [6, 0, 0, 0, 0],
  ];
  const a = addrs[r() % addrs.length];
  const count = () => (r() & 1 ? U32_EDGES[r() % U32_EDGES.length] : r() & 255);
  switch (r() % 16) {
    case 14: return e.opCancel(s, r() & 1 ? -1 : (r() % 66) - 1);
    case 15: return r() % 4 === 0 ? e.opExitThread() : e.opWait((r() % 70) - 2);
    case 0: case 1: return e.opSocket(r() & 1 ? 4 : r() & 1 ? 6 : 5, (r() % 3) + 1, r() & 1 ? 6 : 17, r() & 1);
    case 2: return e.opBind(s, a[0], a[1], a[2], a[3], a[4]);
    case 3: return e.opListen(s);
    case 4: return e.opConnect(s, r() & 1 ? (r() % (sockets + 2)) - 1 : -1, a[0], a[1], a[2], a[3], a[4]);
    case 5: return e.opAccept(s);
    case 6: { const x = randomArgs(r, 1); return e.opIoctl(s, x[1], x[2], x[3], x[4], x[5], x[6], x[7]); }
    case 7: return e.opIoctl(s, 0x2 | (1 << 6) | (1 << 10) | ((r() & 1) << 12), 0x98000010, 4, 4, r() & 1, 0, 0);
    case 8: return e.opSetsockopt(s, [0xffff, 0, 41, 6, 7][r() % 5], (r() % 24) - 1, count());
    case 9: return e.opSend(s, count());
    case 10: return e.opRecv(s, count());
    case 11: return e.opClose(s);
    case 12: return e.opWait((r() % 70) - 2);
    default: e.scenarioCondition(1 << (r() % 7), r() & 1); return e.observe(s);
  }
}
