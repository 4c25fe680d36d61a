// The model's exports. Everything is integers in, integers out. The strings
// (rule ids, sources and texts, error, profile, option, level, state and op
// names) are one compressed block of UTF-8 (catalogue.ts), read once by the host.
export { evaluate, conform, conformCount, conformOutcome, conformGrade } from "./contract";
export { precedenceRowCount, precedenceCell, precedenceOrdered } from "./precedence";
export { batchReserve, evaluateBatch } from "./batch";
export { errorCount, errorCode } from "./errors";
export { profileCount } from "./profiles";
export { ruleCount, ruleGrade, profileBase, catalogueData, catalogueBytes, catalogueTextBytes } from "./catalogue";

/** An empty export: the cost of crossing into Wasm, for the benchmarks. */
export function nop(): void {}
export {
  scenarioReset, scenarioCondition, scenarioValue, opSocket, opBind, opListen, opConnect,
  opAccept, opIoctl, opSetsockopt, opSend, opRecv, opClose, opCancel, opExitThread, opWait, observe,
  scenarioLive, scenarioPending,
} from "./scenario";
export { classify } from "./address";
export {
  optionCount, optionLevel, optionNumber, optionInSubset, levelCount, levelNumber,
} from "./options";
export {
  stateCount, opCount, transitionCount, transitionField,
  transitionsTaken, transitionsClear,
} from "./transitions";
