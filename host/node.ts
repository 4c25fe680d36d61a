// Entry point for Node: the neutral API plus a loader that reads the package's .wasm and its
// explanations (rule texts, sources, passages), both at load: `lfp check` and every report use them.
// Read synchronously: node:fs/promises alone costs `lfp check` ≈ 2 ms to load, and the model is read once.
import { readFileSync } from "node:fs";
import { Model } from "./model.js";
import { LfpError } from "./errors.js";
import { applyExplanations } from "./explain.js";
import type { ModelSource } from "./api.js";

export * from "./api.js";

/** Where a bundle finds the .wasm and the explanations, relative to itself (set by scripts/bundle.ts). */
declare const LFP_NODE_WASM: string | undefined;
declare const LFP_NODE_EXPLAIN: string | undefined;

/** The package's release model: build/release.wasm, or the package's copy. */
export const defaultWasmUrl = new URL(typeof LFP_NODE_WASM === "string" ? LFP_NODE_WASM : "../../release.wasm", import.meta.url);
/** The explanations built with it (host/explain.ts). */
export const defaultExplanationsUrl = new URL(typeof LFP_NODE_EXPLAIN === "string" ? LFP_NODE_EXPLAIN : "../../explain.json", import.meta.url);

/**
 * Load the model: from `source` (bytes, module, or a file:/http: URL) or, by
 * default, the package's build/release.wasm. Throws LfpError (LFP_WASM).
 */
export async function loadModel(source: ModelSource = {}): Promise<Model> {
  if (typeof source !== "object" || source === null) throw new LfpError("LFP_WASM", `loadModel: expected { bytes }, { module }, { url } or nothing, got ${source === null ? "null" : typeof source}`);
  if (source.module) return explained(await Model.fromModule(source.module), source);
  if (source.bytes) return explained(await Model.fromBytes(source.bytes), source);
  let url: URL;
  try {
    url = source.url === undefined ? defaultWasmUrl : new URL(source.url);
  } catch {
    throw new LfpError("LFP_WASM", `loadModel: url: not a URL: ${JSON.stringify(String(source.url))}`);
  }
  if (url.protocol !== "file:") return explained(await Model.fromBytes(await fetchBytes(url)), source);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(url));
  } catch (err) {
    throw new LfpError("LFP_WASM", `cannot read the model at ${url.pathname} (${(err as NodeJS.ErrnoException).code}); run "npm run build" first`);
  }
  return explained(await Model.fromBytes(bytes), source);
}

async function fetchBytes(url: URL): Promise<ArrayBuffer> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new LfpError("LFP_WASM", `cannot fetch ${url.href}: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}`);
  }
  if (!res.ok) throw new LfpError("LFP_WASM", `cannot fetch ${url.href}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

/**
 * Give `model` its explanations: `source.explanations` (the asset, or a URL: a file is read now,
 * anything else fetched on the first `explain`), else the package's own file, read now. Another
 * build of the model than the package's gets them only if they are its own (same digest);
 * otherwise its `explain` says whose they are.
 */
function explained(model: Model, source: ModelSource): Model {
  const given = source.explanations;
  const apply = (asset: unknown) => {
    const applied = applyExplanations(model.catalogue, model.exports, asset);
    if (typeof applied === "string") throw new LfpError("LFP_WASM", applied);
    model.setExplanations(applied, true);
  };
  if (given !== undefined && typeof given !== "string" && !(given instanceof URL)) {
    apply(given);
    return model;
  }
  let url: URL;
  try {
    url = given === undefined ? defaultExplanationsUrl : new URL(given);
  } catch {
    throw new LfpError("LFP_WASM", `loadModel: explanations: not a URL: ${JSON.stringify(given)}`);
  }
  if (url.protocol !== "file:") {
    model.setExplanations(async () => JSON.parse(new TextDecoder().decode(await fetchBytes(url))));
    return model;
  }
  let asset: unknown;
  try {
    asset = JSON.parse(readFileSync(url, "utf8"));
  } catch (err) {
    throw new LfpError("LFP_WASM", `cannot read the explanations at ${url.pathname} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); run "npm run build" first`);
  }
  const ownModel = given === undefined && !source.bytes && !source.module && source.url === undefined;
  try {
    apply(asset);
  } catch (err) {
    if (ownModel || given !== undefined) throw err;
    model.setExplanations(async () => asset); // another build: its explain() reports the mismatch
  }
  return model;
}
