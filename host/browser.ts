// Entry point for browsers: the neutral API plus a loader that fetches the .wasm.
import { Model } from "./model.js";
import { LfpError } from "./errors.js";
import type { ModelSource } from "./api.js";

export * from "./api.js";

/** Where the .wasm is expected by default: next to this module (bundles copy it there). */
export const defaultWasmUrl: URL = new URL(WASM_FILE, import.meta.url);

declare const WASM_FILE: string;

/** Load the model from `source`, or fetch it from `defaultWasmUrl`. Throws LfpError (LFP_WASM). */
export async function loadModel(source: ModelSource = {}): Promise<Model> {
  if (source.module) return Model.fromModule(source.module);
  if (source.bytes) return Model.fromBytes(source.bytes);
  const url = source.url ?? defaultWasmUrl;
  const res = await fetch(url);
  if (!res.ok) throw new LfpError("LFP_WASM", `cannot fetch ${String(url)}: HTTP ${res.status}`);
  if (typeof WebAssembly.compileStreaming === "function" && res.headers.get("content-type") === "application/wasm") {
    return Model.fromModule(await WebAssembly.compileStreaming(res));
  }
  return Model.fromBytes(await res.arrayBuffer());
}
