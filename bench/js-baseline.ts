// The alternative a user would write by hand: the same call-contract checks
// as plain JavaScript, for the windows profile, over the same integer
// encoding (assembly/shared/layout.ts). bench.ts checks it gives the model's answer on
// random calls before timing it, so the comparison is between equals.
// (A benchmark baseline, not used by the library.)

const LFP = 0x98000010;
const FLUSH = 0x28000004;
// Error indices and rule indices as the model numbers them (checked against the model in bench.ts).
const E = { FAULT: 4, INTR: 6, NETDOWN: 8, NOTSOCK: 9, OPNOTSUPP: 10, NOTINIT: 11, ACCES: 3, IO_PENDING: 1 };
const R = { NOTINIT: 5, NOTSOCK: 7, NETDOWN: 8, BR: 10, OV: 12, RT: 13, TID: 15, FLUSH_UNSUP: 16, UNKNOWN: 17, PROVIDER: 18, NOT_TCP: 19, IN_PTR: 20, IN_SMALL: 21, ACCES: 24, INTR: 25, SYNC: 28, OVERLAPPED: 29, DEFERRED: 30, IGNORED: 31, ERRNO: 32, BOOL: 34 };

function pack(failed: number, err: number, br: number, kind: number, via: number, status: number, rule: number): number {
  return ((failed << 2) | (err << 3) | (br << 8) | (kind << 10) | (via << 12) | (status << 14) | (rule << 20)) >>> 0;
}
function prolog(err: number, rule: number): number { return pack(1, err, 0, 0, 0, 0, rule); }
function param(err: number, rule: number, ovCall: boolean): number { return pack(1, err, ovCall ? 0 : 1, 0, 0, 0, rule); }
function unsup(rule: number, ovCall: boolean, via: number): number {
  return ovCall ? pack(1, E.IO_PENDING, 0, 1, via, E.OPNOTSUPP, rule) : pack(1, E.OPNOTSUPP, 1, 0, 0, 0, rule);
}

/**
 * The windows profile of the call contract, by hand. Its MAYBE rows (env.blocking-in-progress,
 * pointer.completion-routine-unused, out.pointer, out.cb-nonzero) are never the preferred
 * outcome, so the output buffer does not matter here; bits 27 and 28 of the outcome (a faulting
 * completion, hEvent signalled too) arise only in the wine and reactos profiles.
 */
export function jsCheckWindows(flags: number, code: number, cbIn: number, inLen: number, inValue: number, cbOut: number, outLen: number): number {
  void cbOut; void outLen;
  const wsp = flags & 1;
  const handle = (flags >>> 2) & 7;
  const attr = (flags >>> 5) & 1;
  const inP = (flags >>> 6) & 3;
  const br = (flags >>> 10) & 3;
  const ov = (flags >>> 12) & 3;
  const rt = (flags >>> 14) & 3;
  const tid = (flags >>> 16) & 3;
  const ep = (flags >>> 18) & 3;
  const conds = flags >>> 20;
  const ovCall = attr !== 0 && ov !== 0;
  const via = !ovCall ? 0 : rt === 1 ? 2 : ov === 3 ? 1 : 0;
  const lfp = code === LFP;
  let out: number;
  if (wsp === 0 && (flags & 2) === 0) out = prolog(E.NOTINIT, R.NOTINIT);
  else if (handle >= 2) out = prolog(E.NOTSOCK, R.NOTSOCK);
  else if (conds & 1) out = param(E.NETDOWN, R.NETDOWN, ovCall);
  else if (br !== 1) out = prolog(E.FAULT, R.BR);
  else if (attr !== 0 && ov === 1) out = pack(1, E.FAULT, 0, 0, 0, 0, R.OV);
  else if (ovCall && rt === 2) out = pack(1, E.FAULT, 0, 0, 0, 0, R.RT);
  else if (wsp !== 0 && ovCall && rt !== 0 && tid !== 1) out = pack(1, E.FAULT, 0, 0, 0, 0, R.TID);
  else if (code === FLUSH) out = unsup(R.FLUSH_UNSUP, ovCall, via);
  else if (!lfp) out = unsup(R.UNKNOWN, ovCall, via);
  else if (conds & 8) out = unsup(R.PROVIDER, ovCall, via);
  else if (handle === 1) out = unsup(R.NOT_TCP, ovCall, via);
  else if (cbIn > 0 && (inP !== 1 || inLen < cbIn)) out = param(E.FAULT, R.IN_PTR, ovCall);
  else if (cbIn < 4) out = param(E.FAULT, R.IN_SMALL, ovCall);
  else if (conds & 16) out = param(E.ACCES, R.ACCES, ovCall);
  else if ((conds & 4) && !ovCall) out = param(E.INTR, R.INTR, ovCall);
  else if (attr === 0 && ov !== 0) out = pack(0, 0, 1, 0, 0, 0, R.IGNORED);
  else if (ovCall) out = conds & 32 ? pack(1, E.IO_PENDING, 0, 2, via, E.IO_PENDING, R.DEFERRED) : pack(0, 0, via === 2 ? 1 : 0, 1, via, 0, inValue >>> 0 > 1 ? R.BOOL : R.OVERLAPPED);
  else out = pack(0, 0, 1, 0, 0, 0, inValue >>> 0 > 1 ? R.BOOL : R.SYNC);
  if (wsp !== 0 && (out >>> 2) & 1) {
    if (ep !== 1) return (R.ERRNO << 20) | 1;
    out |= 1 << 19;
  }
  if (br !== 1) out &= ~(3 << 8);
  return out >>> 0;
}
