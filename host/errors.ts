/**
 * The one error class the library throws for a caller's mistake (bad call
 * description, bad vector, unknown name) or an unusable environment. `code`
 * is stable and documented in README; `message` names what was wrong and where.
 */
export class LfpError extends Error {
  /** `LFP_BAD_CALL`, `LFP_BAD_VECTOR`, `LFP_BAD_ARGUMENT`, `LFP_WASM`, `LFP_NO_WS2_32`, `LFP_NATIVE`, `LFP_VECTOR_FAILED`. */
  readonly code: LfpErrorCode;
  constructor(code: LfpErrorCode, message: string) {
    super(message);
    this.code = code;
    // As Node's own errors: the stack's first line names the code ("LfpError [LFP_BAD_CALL]: ..."),
    // as it is formatted on first read; the name is "LfpError".
    this.name = `LfpError [${code}]`;
    void this.stack;
    this.name = "LfpError";
  }
}

export type LfpErrorCode =
  | "LFP_BAD_CALL"
  | "LFP_BAD_VECTOR"
  | "LFP_BAD_ARGUMENT"
  | "LFP_WASM"
  | "LFP_NO_WS2_32"
  | "LFP_NATIVE"
  /** A vector run by `vectorTests` (loopback-fast-path/runner) did not hold; the message lists the mismatches. */
  | "LFP_VECTOR_FAILED";
