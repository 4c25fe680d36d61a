// How a browser entry fetches: the .wasm, and the explanations for `loadModel`'s `explanations`
// option (the asset itself, or its URL fetched once when first needed; host/explain.ts applies it).
import { LfpError } from "./errors.js";
import type { ExplainAsset } from "./explain.js";

/** `fetch(url)`, a response with a status other than 2xx an LfpError (LFP_WASM). */
export async function fetched(url: string | URL): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new LfpError("LFP_WASM", `cannot fetch ${String(url)}: HTTP ${res.status}`);
  return res;
}

/**
 * What a browser entry hands `Model.setExplanations`: a function that gives the asset (`given`) or
 * fetches it (from `given`, else `fallback`), called when the explanations are first needed.
 */
export function fetchedExplanations(given: string | URL | ExplainAsset | undefined, fallback: URL | null): () => Promise<unknown> {
  if (given !== undefined && typeof given !== "string" && !(given instanceof URL)) return async () => given;
  const url = given ?? fallback;
  return async () => {
    if (url === null) throw new LfpError("LFP_WASM", "no URL to fetch the explanations from: pass loadModel({ explanations }) (the asset or its URL)");
    return (await fetched(url)).json();
  };
}
