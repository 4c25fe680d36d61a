// Packing an outcome word (layout in shared/layout.ts).
import { O_FAILED, O_ERROR, O_BYTES_RETURNED, O_KIND, O_VIA, O_STATUS, O_RULE, D_RETURNED, D_MODEL_ERROR } from "./shared/layout";

// @ts-ignore: decorator
@inline export function pack(
  disp: u32, failed: u32, err: u32, br: u32, kind: u32, via: u32, status: u32, rule: u32,
): u32 {
  return disp | (failed << O_FAILED) | (err << O_ERROR) | (br << O_BYTES_RETURNED)
    | (kind << O_KIND) | (via << O_VIA) | (status << O_STATUS) | (rule << O_RULE);
}

/** A step that succeeded, decided by `rule`. */
// @ts-ignore: decorator
@inline export function ok(rule: u32): u32 { return D_RETURNED | (rule << O_RULE); }

/** A step that failed with error index `err`, decided by `rule`. */
// @ts-ignore: decorator
@inline export function fail(err: u32, rule: u32): u32 {
  return D_RETURNED | (1 << O_FAILED) | (err << O_ERROR) | (rule << O_RULE);
}

/** The model refused the step (capacity, bad reference): `rule` says why. */
// @ts-ignore: decorator
@inline export function refuse(rule: u32): u32 { return D_MODEL_ERROR | (1 << O_FAILED) | (rule << O_RULE); }
