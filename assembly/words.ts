// Tables of u32 words in static memory: `memory.data(n * WORD, WORD)` reserves n zeroed words at a
// constant address, so the model fills its tables at start without an allocator and no runtime
// code ships in the .wasm (the validator's size, issue 25). Word i of TABLE is
// `load<u32>(<usize>i * WORD, TABLE)`: the table's address is the load's constant offset.

/** The bytes of a word. */
// @ts-ignore: decorator
@inline export const WORD: i32 = sizeof<u32>();
