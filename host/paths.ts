// Where the package's own files are, wherever it is installed: from tsc's output
// (build/js/host/paths.js) and from the bundles (build/dist/node/*.mjs, *.cjs).
import { fileURLToPath } from "node:url";

/** Set by scripts/bundle.ts: the package root relative to a bundle in build/dist/node. */
declare const LFP_PACKAGE_ROOT: string | undefined;

/** The package root, ending in a slash. */
export const packageRoot = fileURLToPath(new URL(typeof LFP_PACKAGE_ROOT === "string" ? LFP_PACKAGE_ROOT : "../../../", import.meta.url));
/** The vectors shipped with the package. */
export const vectorsDir = `${packageRoot}spec-tests/vectors/`;
/** The checked-in list of known, explained divergences of the native targets. */
export const knownDivergencesFile = `${packageRoot}spec-tests/known-divergences.json`;
/** The package's vector files checked against its model at build time: { files: { path from the root: textDigest } }. */
export const checkedVectorsFile = `${packageRoot}build/dist/node/vectors-checked.json`;
/** The built playground's static files. */
export const playgroundDir = `${packageRoot}build/dist/playground/`;
/** The script the native target runs in a Windows Node (the package's own module: it works from an installed package). */
export const nativeChildScript = `${packageRoot}build/dist/node/spec-tests/runner/targets/native/child.cjs`;
