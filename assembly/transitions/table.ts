// The transition table as the model reads it: declared in transitions.ts, written by the build
// (assembly/catalogue/source.ts, scripts/pack-catalogue.ts) as bare static data, a byte a field.
import { TRANSITIONS, TRANSITION_COUNT } from "../../build/generated/catalogue";
import { TRANSITION_FIELDS } from "../transitions";

export function transitionCount(): i32 { return TRANSITION_COUNT; }
/** Field f (0 from, 1 op, 2 to, 3 rule) of transition t. */
export function transitionField(t: i32, f: i32): u32 {
  return t >= 0 && t < TRANSITION_COUNT && f >= 0 && f < TRANSITION_FIELDS ? <u32>load<u8>(<usize>(t * TRANSITION_FIELDS + f), TRANSITIONS) : 0;
}

/** Transitions taken since the last `transitionsClear`, one bit each. */
let taken: u32 = 0;

/** Record the transition from `from` by `op`; returns its index, or -1 if there is none. */
export function take(from: u32, op: u32): i32 {
  for (let t = 0; t < TRANSITION_COUNT; t++) {
    const at = <usize>(t * TRANSITION_FIELDS);
    if (<u32>load<u8>(at, TRANSITIONS) == from && <u32>load<u8>(at + 1, TRANSITIONS) == op) {
      taken |= 1 << t;
      return t;
    }
  }
  return -1;
}
export function transitionsTaken(): u32 { return taken; }
export function transitionsClear(): void { taken = 0; }
