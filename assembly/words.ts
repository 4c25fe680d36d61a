// Tables of u32 words in static memory: `memory.data(n * WORD, WORD)` reserves n zeroed words at a
// constant address, so the model fills its tables at start without an allocator and no runtime
// code ships in the .wasm (the validator's size, issue 25).

/** The bytes of a word. */
// @ts-ignore: decorator
@inline export const WORD: i32 = sizeof<u32>();

/** Word `i` of the table at `table`. */
// @ts-ignore: decorator
@inline export function word(table: usize, i: u32): u32 { return load<u32>(table + <usize>i * sizeof<u32>()); }
/** Set word `i` of the table at `table`. */
// @ts-ignore: decorator
@inline export function setWord(table: usize, i: u32, v: u32): void { store<u32>(table + <usize>i * sizeof<u32>(), v); }
