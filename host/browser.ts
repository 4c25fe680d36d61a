// Entry point for browsers: the neutral API plus a loader that fetches the .wasm.
import { Model } from "./model.js";
import { LfpError } from "./errors.js";
import type { ModelSource } from "./api.js";

export * from "./api.js";

/** Set by the bundler: the .wasm's name next to the bundle. */
declare const WASM_FILE: string | undefined;

/** Where the .wasm is expected by default: next to the bundle (which the build copies there), or build/release.wasm. */
export const defaultWasmUrl: URL = new URL(typeof WASM_FILE === "string" ? WASM_FILE : "../../release.wasm", import.meta.url);

/** Load the model from `source`, or fetch it from `defaultWasmUrl`. Throws LfpError (LFP_WASM). */
export async function loadModel(source: ModelSource = {}): Promise<Model> {
  if (typeof source !== "object" || source === null) throw new LfpError("LFP_WASM", `loadModel: expected { bytes }, { module }, { url } or nothing, got ${source === null ? "null" : typeof source}`);
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
