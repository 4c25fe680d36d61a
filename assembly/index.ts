// The model's exports. Everything is integers in, integers out. The names
// (rule ids, error, profile, option, level, state and op names) are one block
// of UTF-8 (catalogue.ts), read once by the host; the rules' sources and texts
// are an asset beside the model, loaded on demand.
export { evaluate, conform, conformCount, conformOutcome, conformGrade } from "./contract";
export { precedenceRowCount, precedenceCell, precedenceOrdered } from "./precedence/table";
export { batchReserve, evaluateBatch } from "./batch";

export { profileCount } from "./profiles";
export {
  ruleCount, ruleGrade, profileBase, catalogueData, catalogueBytes, explainDigest, abiDigest,
  errorCount, errorCode, optionCount, optionLevel, optionNumber, levelCount, levelNumber,
} from "./catalogue";

/** An empty export: the cost of crossing into Wasm, for the benchmarks. */
export function nop(): void {}
export {
  scenarioReset, scenarioCondition, scenarioValue, opSocket, opBind, opListen, opConnect,
  opAccept, opIoctl, opSetsockopt, opSend, opRecv, opClose, opCancel, opExitThread, opWait, observe,
  scenarioLive, scenarioPending,
} from "./scenario";
export { classify } from "./address";
export { optionInSubset } from "./options";
export { stateCount, opCount } from "./transitions";
export { transitionCount, transitionField, transitionsTaken, transitionsClear } from "./transitions/table";
