/** The raw exports of the model's .wasm (ABI in assembly/abi.ts). */
export interface ModelExports {
  memory: WebAssembly.Memory;
  nop(): void;
  evaluate(profile: number, flags: number, code: number, cbIn: number, inLen: number, inValue: number, cbOut: number, outLen: number): number;
  conform(profile: number, flags: number, code: number, cbIn: number, inLen: number, inValue: number, cbOut: number, outLen: number): number;
  conformCount(): number; conformOutcome(i: number): number; conformGrade(i: number): number;
  batchReserve(count: number): number;
  evaluateBatch(ptr: number, count: number): void;
  errorCount(): number; errorCode(i: number): number; errorName(i: number): number;
  profileCount(): number; profileName(i: number): number; profileAbout(i: number): number;
  ruleCount(): number; ruleId(i: number): number; ruleSource(i: number): number; ruleText(i: number): number; ruleGrade(i: number, p: number): number;
  optionCount(): number; optionName(i: number): number; optionLevel(i: number): number; optionNumber(i: number): number; optionInSubset(i: number): number;
  levelCount(): number; levelName(i: number): number; levelNumber(i: number): number;
  stateCount(): number; stateName(i: number): number; opCount(): number; opName(i: number): number;
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
  "memory", "nop", "evaluate", "conform", "conformCount", "conformOutcome", "conformGrade", "batchReserve", "evaluateBatch", "errorCount", "errorCode", "errorName",
  "profileCount", "profileName", "profileAbout", "ruleCount", "ruleId", "ruleSource", "ruleText", "ruleGrade",
  "optionCount", "optionName", "optionLevel", "optionNumber", "optionInSubset",
  "levelCount", "levelName", "levelNumber", "stateCount", "stateName", "opCount", "opName",
  "transitionCount", "transitionField", "transitionsTaken", "transitionsClear", "classify",
  "precedenceRowCount", "precedenceCell", "precedenceOrdered",
  "scenarioReset", "scenarioCondition", "scenarioValue", "opSocket", "opBind", "opListen", "opConnect",
  "opAccept", "opIoctl", "opSetsockopt", "opSend", "opRecv", "opClose", "opCancel", "opExitThread", "opWait", "observe",
  "scenarioLive", "scenarioPending",
] as const;
