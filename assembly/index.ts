// The model's exports. Everything is integers in, integers out; strings are
// static UTF-16 data (length in bytes at ptr - 4), read once by the host.
export { evaluate, conform, conformCount, conformOutcome, conformGrade } from "./contract";
export { precedenceRowCount, precedenceCell, precedenceOrdered } from "./precedence";
export { batchReserve, evaluateBatch } from "./batch";
export { errorCount, errorCode, errorName } from "./errors";
export { profileCount, profileName, profileAbout } from "./profiles";
export { ruleCount, ruleId, ruleSource, ruleText, ruleGrade } from "./rules";

/** An empty export: the cost of crossing into Wasm, for the benchmarks. */
export function nop(): void {}
export {
  scenarioReset, scenarioCondition, scenarioValue, opSocket, opBind, opListen, opConnect,
  opAccept, opIoctl, opSetsockopt, opSend, opRecv, opClose, opCancel, opExitThread, opWait, observe,
  scenarioLive, scenarioPending,
} from "./scenario";
export { classify } from "./address";
export {
  optionCount, optionName, optionLevel, optionNumber, optionInSubset,
  levelCount, levelName, levelNumber,
} from "./options";
export {
  stateCount, stateName, opCount, opName, transitionCount, transitionField,
  transitionsTaken, transitionsClear,
} from "./transitions";
