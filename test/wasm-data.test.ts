// scripts/pack-data.ts: the release model's static data in few segments, the memory a model
// starts with unchanged byte for byte.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { packData } from "../scripts/pack-data.js";
import { root } from "./helpers.js";

const t = suite("the model's static data, packed");

/** The memory of `bytes` once instantiated (its start has run). */
function memoryOf(bytes: Uint8Array<ArrayBuffer>): Uint8Array {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort: () => { throw new Error("aborted"); } } });
  return new Uint8Array((instance.exports.memory as WebAssembly.Memory).buffer).slice();
}

t("the release model is built with a few data segments", () => {
  const { after } = packData(readFileSync(`${root}build/release.wasm`));
  assert.ok(after > 0 && after <= 6, `${after} segments`); // binaryen writes ≈ 60; the zeroed tables (memory.data) split the rest
});

t("packing keeps the memory a model starts with, however the data was split", () => {
  for (const file of ["build/release.wasm", "build/debug.wasm"]) {
    const original = new Uint8Array(readFileSync(`${root}${file}`));
    for (const gap of [1, 8, 64, 1 << 20]) {
      assert.equal(memoryOf(packData(original, gap).bytes), memoryOf(original), `${file}, gap ${gap}`);
    }
  }
});

t("a segment it cannot read is refused, not rewritten", () => {
  // (module (memory 1) (data "x")): a passive segment, which pack-data does not know how to place.
  const passive = Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0, 5, 3, 1, 0, 1, 12, 1, 1, 11, 4, 1, 1, 1, 120]);
  new WebAssembly.Module(passive);
  assert.throws(() => packData(passive), /not an active segment of memory 0/);
});

t.run();
