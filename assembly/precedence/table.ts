// The precedence table as the model reads it: every cell and order declared in precedence.ts,
// what a profile inherits from the one it follows and the orders its traits imply, resolved by
// the build (assembly/catalogue/source.ts) and carried as static data
// (build/generated/catalogue.ts), so that nothing is built at start. Every table is read
// through profiles.ts `at`; the cell layout is precedence.ts's.
import { PRECEDENCE_CELLS, PRECEDENCE_BEATEN_BY, PROFILE_ROWS, MAYBE_ROWS } from "../../build/generated/catalogue";
import { P, T_ORDER_TOTAL, at } from "../profiles";
import { PRECEDENCE_ROWS } from "../rules";
import { traitsOf } from "../catalogue";

/** Bit i set: row i applies to the profile (its cell has an outcome). */
// @ts-ignore: decorator
@inline export function profileRows(profile: u32): u32 { return load<u32>(<usize>at(0, profile) * sizeof<u32>(), PROFILE_ROWS); }
/** Bit i set: row i's cell is MAYBE for the profile. */
// @ts-ignore: decorator
@inline export function maybeRows(profile: u32): u32 { return load<u32>(<usize>at(0, profile) * sizeof<u32>(), MAYBE_ROWS); }
/** The cell of `row` for `profile` (see the layout in precedence.ts). */
// @ts-ignore: decorator
@inline export function rowCell(row: u32, profile: u32): u32 {
  return load<u32>(<usize>at(row, profile) * sizeof<u32>(), PRECEDENCE_CELLS);
}

/** The rows that precede row `r` in a known profile: those its sources order before it, and in a total order every earlier row. */
// @ts-ignore: decorator
@inline function beatenBy(r: u32, profile: u32): u32 {
  // wine:dlls/ws2_32/socket.c@wine-8.0 and reactos:dll/win32/msafd: read in order, so every earlier row wins.
  const total = (traitsOf(profile) & T_ORDER_TOTAL) != 0 ? (1 << r) - 1 : 0;
  return load<u32>(<usize>at(r, profile) * sizeof<u32>(), PRECEDENCE_BEATEN_BY) | total;
}

/** Of the rows in `hits`, those no other row in `hits` precedes in `profile`: each conforms. */
export function minimalRows(hits: u32, profile: u32): u32 {
  let out: u32 = 0;
  let rest = hits;
  while (rest != 0) {
    const r = <u32>ctz(rest);
    rest &= rest - 1;
    if ((hits & beatenBy(r, profile)) == 0) out |= 1 << r;
  }
  return out;
}

/** The table as data for hosts: rows, and each row's cell per profile (layout in precedence.ts); 0 = does not apply. */
export function precedenceRowCount(): i32 { return PRECEDENCE_ROWS; }
export function precedenceCell(row: i32, profile: i32): u32 {
  return row >= 0 && row < <i32>PRECEDENCE_ROWS && profile >= 0 && profile < <i32>P.COUNT ? rowCell(row, profile) : 0;
}
/** Does a source fix that row `first` precedes row `then` in `profile`? */
export function precedenceOrdered(first: i32, then: i32, profile: i32): bool {
  return first >= 0 && then >= 0 && first < <i32>PRECEDENCE_ROWS && then < <i32>PRECEDENCE_ROWS && profile >= 0
    && profile < <i32>P.COUNT && (beatenBy(then, profile) & (1 << first)) != 0;
}
