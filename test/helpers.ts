// Shared by the tests: the built model, loaded once; paths of the repository.
import { fileURLToPath } from "node:url";
import { loadModel, type Model } from "../host/node.js";

let cached: Promise<Model> | null = null;
/** The release model from build/release.wasm. */
export function model(): Promise<Model> {
  cached ??= loadModel();
  return cached;
}

/** The repository root (tests run from build/js/test). */
export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const vectorsDir = `${root}spec-tests/vectors`;
export const lfp = `${root}bin/lfp.js`;
/**
 * The environment for an lfp child whose output a test reads as plain text: uvu sets FORCE_COLOR=1
 * for its own output, and every lfp command honours it (host/colour.ts).
 */
export const plainEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "FORCE_COLOR"));
