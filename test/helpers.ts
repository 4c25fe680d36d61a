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
 * A suite's `before` whose failure fails every test of the suite. uvu 0.5 loses an error thrown by
 * a `before` hook (its runner returns from a `finally`): the suite then reports "0 / N" and the
 * run still passes. Use this instead of `suite.before` for any setup that can fail.
 */
export function setUp(s: { before: ((fn: () => Promise<void> | void) => void) & { each: (fn: () => void) => void } }, fn: () => Promise<void> | void): void {
  let failed: unknown = null;
  s.before(async () => {
    try {
      await fn();
    } catch (err) {
      failed = err ?? new Error("set-up failed");
    }
  });
  s.before.each(() => {
    if (failed !== null) throw failed;
  });
}
/**
 * The environment for an lfp child whose output a test reads as plain text: uvu sets FORCE_COLOR=1
 * for its own output, and every lfp command honours it (host/colour.ts).
 */
export const plainEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "FORCE_COLOR"));
