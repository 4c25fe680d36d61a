// Entry point for single-file use in browsers: the .wasm is inlined in the bundle. The rules'
// texts, sources and passages are fetched on the first `explain`, from
// loopback-fast-path.explain.json next to this file (or `explanations`), as in the browser entry.
import wasm from "../build/release.wasm";
import { Model } from "./model.js";
import { fetchedExplanations } from "./explain-fetch.js";
import type { ModelSource } from "./api.js";

export * from "./api.js";

/** Set by the bundler: the explanations' name next to the bundle. */
declare const EXPLAIN_FILE: string | undefined;
/** This file's URL; none in the CommonJS build (`explanations` must then be given). */
const here: string | undefined = import.meta.url;

/** Load the model: from `source`, or from the bytes inlined in this file. */
export async function loadModel(source: ModelSource = {}): Promise<Model> {
  const model = source.module ? await Model.fromModule(source.module) : await Model.fromBytes(source.bytes ?? wasm);
  model.setExplanations(fetchedExplanations(source.explanations, here && typeof EXPLAIN_FILE === "string" ? new URL(EXPLAIN_FILE, here) : null));
  return model;
}
