// Entry point for browsers, the small validator: the neutral API plus a loader that fetches the
// .wasm. The rules' texts, sources and passages are not loaded with it: `model.explain(ruleId)`
// fetches them once, from loopback-fast-path.explain.json next to the module (or `explanations`).
import { Model } from "./model.js";
import { LfpError } from "./errors.js";
import { fetched, fetchedExplanations } from "./explain-fetch.js";
import type { ModelSource } from "./api.js";

export * from "./api.js";

/** Set by the bundler: the .wasm's and the explanations' names next to the bundle. */
declare const WASM_FILE: string | undefined;
declare const EXPLAIN_FILE: string | undefined;

/** Where the .wasm is expected by default: next to the bundle (which the build copies there), or build/release.wasm. */
export const defaultWasmUrl: URL = new URL(typeof WASM_FILE === "string" ? WASM_FILE : "../../release.wasm", import.meta.url);
/** Where `explain` fetches the explanations by default. */
export const defaultExplanationsUrl: URL = new URL(typeof EXPLAIN_FILE === "string" ? EXPLAIN_FILE : "../../explain.json", import.meta.url);

/** Load the model from `source`, or fetch it from `defaultWasmUrl`. Throws LfpError (LFP_WASM). */
export async function loadModel(source: ModelSource = {}): Promise<Model> {
  if (typeof source !== "object" || source === null) throw new LfpError("LFP_WASM", `loadModel: expected { bytes }, { module }, { url } or nothing, got ${source === null ? "null" : typeof source}`);
  let model: Model;
  if (source.module) model = await Model.fromModule(source.module);
  else if (source.bytes) model = await Model.fromBytes(source.bytes);
  else {
    // Compiled from its bytes: for a module this small streaming compilation gains nothing.
    model = await Model.fromBytes(await (await fetched(source.url ?? defaultWasmUrl)).arrayBuffer());
  }
  model.setExplanations(fetchedExplanations(source.explanations, defaultExplanationsUrl));
  return model;
}
