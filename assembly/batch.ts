// Batch evaluation over records laid out in linear memory, so a host can run
// millions of calls with one boundary crossing. A record is 8 little-endian
// u32 words, the arguments of `evaluate` in order:
//   profile, flags, code, cbIn, inLen, inValue, cbOut, outLen
// `batchReserve(n)` makes room for n records followed by n u32 outcomes and
// returns the address of the first record; the outcomes start at
// address + n * 32. The area is reused (and grown) by later reservations;
// a host should take the address again after each reservation.
import { evaluateInline } from "./contract";

// @ts-ignore: decorator
@inline const RECORD_BYTES: usize = 32;

/** The area: after the model's static data (the model allocates nothing else), grown in place. */
// @ts-ignore: decorator
@inline function areaStart(): usize { return (__heap_base + 15) & ~15; }
let areaBytes: usize = 0;

/** Room for `count` records and their outcomes; returns 0 when memory cannot grow. */
export function batchReserve(count: u32): usize {
  const need = <u64>count * (RECORD_BYTES + 4);
  if (need > 0x7fff0000) return 0;
  if (<usize>need <= areaBytes) return areaStart();
  const pages = <i32>((areaStart() + <usize>need + 0xffff) >> 16) - memory.size();
  if (pages > 0 && memory.grow(pages) < 0) return 0;
  areaBytes = <usize>need;
  return areaStart();
}

/** Evaluate `count` records at `ptr` (from batchReserve); outcomes go after them. */
export function evaluateBatch(ptr: usize, count: u32): void {
  if (<u64>count * (RECORD_BYTES + 4) > <u64>areaBytes || ptr != areaStart()) return;
  let rec = ptr;
  let out = ptr + <usize>count * RECORD_BYTES;
  const end = out;
  while (rec < end) {
    store<u32>(out, evaluateInline(
      load<u32>(rec), load<u32>(rec, 4), load<u32>(rec, 8), load<u32>(rec, 12),
      load<u32>(rec, 16), load<u32>(rec, 20), load<u32>(rec, 24), load<u32>(rec, 28),
    ));
    rec += RECORD_BYTES;
    out += 4;
  }
}
