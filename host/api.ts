// The platform-neutral API: everything but loading the .wasm from a default place.
export { Model } from "./model.js";
export { Scenario, type SocketId, type IoctlHandle, type StepOutcome, type SocketOutcome, type Observation, type ObserveRefusal, type SocketOptions } from "./scenario.js";
export type { ErrorName, RuleId, StateName } from "./names.js";
export { LfpError, type LfpErrorCode } from "./errors.js";
export { encodeCall, SIO_LOOPBACK_FAST_PATH, type Call, type Conditions, type BufferArg, type PointerArg, type OverlappedArg, type HandleKind, type EncodedCall } from "./call.js";
export { decodeOutcome, type Outcome, type Completion, type Via, type Conformance, type Member } from "./outcome.js";
export { parseAddress, type ParsedAddress } from "./address.js";
export type { Catalogue, ErrorInfo, ProfileInfo, ProfileName, RuleInfo, TransitionInfo, OptionInfo, LevelInfo, PrecedenceRow, PrecedenceCell, PrecedenceClass, Grade } from "./catalogue.js";
export type { ModelExports } from "./exports.js";
import type { ExplainAsset } from "./explain.js";
export type { Explanation, Citation, ExplainAsset } from "./explain.js";

/** Where to take the model from; with none, the package's own release .wasm. */
export interface ModelSource {
  /** The .wasm bytes. */
  bytes?: BufferSource;
  /** An already compiled module. */
  module?: WebAssembly.Module;
  /** A URL to fetch (browsers; `file:` URLs in Node). */
  url?: string | URL;
  /**
   * The rules' texts, sources and passages for `model.explain`: the asset itself or its URL.
   * Default: the package's loopback-fast-path.explain.json (Node reads it at load; a browser
   * fetches it from next to the module on the first `explain`).
   */
  explanations?: string | URL | ExplainAsset;
}
