/** The raw exports of the model's .wasm (ABI in assembly/shared/layout.ts). */
export interface ModelExports {
  memory: WebAssembly.Memory;
  nop(): void;
  evaluate(profile: number, flags: number, code: number, cbIn: number, inLen: number, inValue: number, cbOut: number, outLen: number): number;
  conform(profile: number, flags: number, code: number, cbIn: number, inLen: number, inValue: number, cbOut: number, outLen: number): number;
  conformCount(): number; conformOutcome(i: number): number; conformGrade(i: number): number;
  batchReserve(count: number): number;
  evaluateBatch(ptr: number, count: number): void;
  errorCount(): number; errorCode(i: number): number;
  profileCount(): number;
  /** The profile that profile `p` follows where its sources say nothing, or -1. */
  profileBase(p: number): number;
  ruleCount(): number; ruleGrade(i: number, p: number): number;
  /** The catalogue's names: address and length of their NUL-separated UTF-8. */
  catalogueData(): number; catalogueBytes(): number;
  /** The digest of the explanations asset built with this model (host/explain.ts). */
  explainDigest(): number;
  /** The digest of the ABI it was built with (assembly/index.ts and shared/layout.ts). */
  abiDigest(): number;
  optionCount(): number; optionLevel(i: number): number; optionNumber(i: number): number; optionInSubset(i: number): number;
  levelCount(): number; levelNumber(i: number): number;
  stateCount(): number; opCount(): number;
  transitionCount(): number; transitionField(t: number, f: number): number;
  transitionsTaken(): number; transitionsClear(): void;
  precedenceRowCount(): number; precedenceCell(row: number, profile: number): number; precedenceOrdered(first: number, then: number, profile: number): number;
  classify(family: number, w0: number, w1: number, w2: number, w3: number): number;
  scenarioReset(profile: number, started: number): void;
  scenarioCondition(mask: number, on: number): void;
  scenarioValue(): number;
  opSocket(family: number, type: number, protocol: number, overlapped: number): number;
  opBind(s: number, family: number, w0: number, w1: number, w2: number, w3: number): number;
  opListen(s: number): number;
  opConnect(s: number, target: number, family: number, w0: number, w1: number, w2: number, w3: number): number;
  opAccept(s: number): number;
  opIoctl(s: number, flags: number, code: number, cbIn: number, inLen: number, inValue: number, cbOut: number, outLen: number): number;
  opSetsockopt(s: number, level: number, option: number, value: number): number;
  opSend(s: number, bytes: number): number;
  opRecv(s: number, bytes: number): number;
  opClose(s: number): number;
  opCancel(s: number, op: number): number;
  opExitThread(): number;
  opWait(op: number): number;
  scenarioLive(): number;
  scenarioPending(): number;
  observe(s: number): number;
}

/** Names every export the host needs, to check a .wasm before use. */
export const REQUIRED_EXPORTS = [
  "memory", "nop", "evaluate", "conform", "conformCount", "conformOutcome", "conformGrade", "batchReserve", "evaluateBatch", "errorCount", "errorCode",
  "profileCount", "profileBase", "ruleCount", "ruleGrade", "catalogueData", "catalogueBytes", "explainDigest", "abiDigest",
  "optionCount", "optionLevel", "optionNumber", "optionInSubset",
  "levelCount", "levelNumber", "stateCount", "opCount",
  "transitionCount", "transitionField", "transitionsTaken", "transitionsClear", "classify",
  "precedenceRowCount", "precedenceCell", "precedenceOrdered",
  "scenarioReset", "scenarioCondition", "scenarioValue", "opSocket", "opBind", "opListen", "opConnect",
  "opAccept", "opIoctl", "opSetsockopt", "opSend", "opRecv", "opClose", "opCancel", "opExitThread", "opWait", "observe",
  "scenarioLive", "scenarioPending",
] as const;
