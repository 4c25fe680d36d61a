// Entry point for Node: the neutral API plus a loader that reads the package's .wasm.
import { readFile } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";
import { useRawInflater } from "./catalogue.js";
import { Model } from "./model.js";
import { LfpError } from "./errors.js";
import type { ModelSource } from "./api.js";

export * from "./api.js";

useRawInflater((packed) => new Uint8Array(inflateRawSync(packed)));

/** Where a bundle finds the .wasm, relative to itself (set by scripts/bundle.ts). */
declare const LFP_NODE_WASM: string | undefined;

/** The package's release model: build/release.wasm, or the copy next to a bundle. */
export const defaultWasmUrl = new URL(typeof LFP_NODE_WASM === "string" ? LFP_NODE_WASM : "../../release.wasm", import.meta.url);

/**
 * Load the model: from `source` (bytes, module, or a file:/http: URL) or, by
 * default, the package's build/release.wasm. Throws LfpError (LFP_WASM).
 */
export async function loadModel(source: ModelSource = {}): Promise<Model> {
  if (typeof source !== "object" || source === null) throw new LfpError("LFP_WASM", `loadModel: expected { bytes }, { module }, { url } or nothing, got ${source === null ? "null" : typeof source}`);
  if (source.module) return Model.fromModule(source.module);
  if (source.bytes) return Model.fromBytes(source.bytes);
  let url: URL;
  try {
    url = source.url === undefined ? defaultWasmUrl : new URL(source.url);
  } catch {
    throw new LfpError("LFP_WASM", `loadModel: url: not a URL: ${JSON.stringify(String(source.url))}`);
  }
  if (url.protocol !== "file:") {
    let res: Response;
    try {
      res = await fetch(url);
    } catch (err) {
      throw new LfpError("LFP_WASM", `cannot fetch ${url.href}: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}`);
    }
    if (!res.ok) throw new LfpError("LFP_WASM", `cannot fetch ${url.href}: HTTP ${res.status}`);
    return Model.fromBytes(await res.arrayBuffer());
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await readFile(url));
  } catch (err) {
    throw new LfpError("LFP_WASM", `cannot read the model at ${url.pathname} (${(err as NodeJS.ErrnoException).code}); run "npm run build" first`);
  }
  return Model.fromBytes(bytes);
}
