// Where the package's own files are, wherever it is installed.
import { fileURLToPath } from "node:url";

/** The package root (this file is build/js/host/cli/paths.js). */
export const packageRoot = fileURLToPath(new URL("../../../../", import.meta.url));
/** The vectors shipped with the package. */
export const vectorsDir = fileURLToPath(new URL("../../../../spec-tests/vectors/", import.meta.url));
/** The checked-in list of known, explained divergences of the native targets. */
export const knownDivergencesFile = fileURLToPath(new URL("../../../../spec-tests/known-divergences.json", import.meta.url));
