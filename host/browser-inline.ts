// Entry point for single-file use in browsers: the .wasm is inlined in the bundle.
import wasm from "../build/release.wasm";
import { Model } from "./model.js";
import type { ModelSource } from "./api.js";

export * from "./api.js";

/** Load the model: from `source`, or from the bytes inlined in this file. */
export async function loadModel(source: ModelSource = {}): Promise<Model> {
  if (source.module) return Model.fromModule(source.module);
  return Model.fromBytes(source.bytes ?? wasm);
}
