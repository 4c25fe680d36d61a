// What a step needs from a target beyond plain Winsock calls, and which steps
// of a case a target can therefore run: like test262's feature flags, a target
// declares the features it has, and a step needing a feature it lacks is not
// run (the case is reported as partial, with the step and the reason), while
// every other step is still compared.
import { buffer } from "../../host/call.js";
import type { Catalogue, ProfileName } from "../../host/catalogue.js";
import { expectationFor } from "./compare.js";
import type { LoadedCase, Step } from "./vectors.js";

/** A feature a step may need. */
export type Feature =
  | "observe" | "conditions" | "simulated-addresses" | "model-refusals"
  | "queued-send-operations" | "large-sends" | "oversized-counts" | "wsp-provider" | "cancel-io" | "thread-exit";

/** Sends larger than this are a feature of their own (a real stack would have to buffer them). */
export const LARGE_SEND_BYTES = 16 * 1024 * 1024;

/**
 * What each feature is, and whether a step needing it leaves the sockets as they were
 * (`readOnly`): after a skipped read-only step the case goes on; after any other skipped
 * step the later steps would start from a different state, so they are not run either.
 */
export const FEATURES: Record<Feature, { readOnly: boolean; what: string }> = {
  "observe": { readOnly: true, what: "observe reads the model's socket state, which a real stack does not expose" },
  "conditions": { readOnly: false, what: "an environmental condition (network down, WFP callout, ...) cannot be created on demand" },
  "simulated-addresses": { readOnly: false, what: "a non-loopback address or remote peer exists only in the model" },
  "model-refusals": { readOnly: false, what: "the step expects a refusal by the model (its capacity or a bad reference), which a real stack does not make" },
  "queued-send-operations": { readOnly: true, what: "a send queued by flow control is no operation a real stack lets the caller wait for" },
  "large-sends": { readOnly: false, what: `a send of more than ${LARGE_SEND_BYTES} bytes is not made for real` },
  "oversized-counts": { readOnly: false, what: "a count larger than the buffer handed over is refused by the driver before ws2_32 (memory safety)" },
  "wsp-provider": { readOnly: false, what: "WSPIoctl needs a provider's WSPStartup and procedure table" },
  "cancel-io": { readOnly: false, what: "the target cannot call CancelIo/CancelIoEx on the thread that issued the case's operations" },
  "thread-exit": { readOnly: false, what: "the target cannot issue the case's operations on a thread of their own and end it" },
};

/** The features one step needs. `simulated` says whether an address exists only in the model. */
export function stepFeatures(step: Step, c: LoadedCase, profile: ProfileName, simulated: (address: string) => boolean, cat: Pick<Catalogue, "profiles">): Feature[] {
  const out: Feature[] = [];
  const ret = expectationFor(step, profile, cat)?.ret;
  const rets = typeof ret === "object" && ret !== null ? ret.oneOf : [ret];
  if (rets.includes("refused")) out.push("model-refusals");
  switch (step.op) {
    case "observe": out.push("observe"); break;
    case "condition":
      if (Object.entries(step).some(([k, v]) => k !== "op" && v === true)) out.push("conditions");
      break;
    case "bind": if (simulated(step.address!)) out.push("simulated-addresses"); break;
    case "connect": if (!c.steps.some((x) => x.as === step.to) && simulated(step.to!)) out.push("simulated-addresses"); break;
    case "wait": if (c.steps.some((x) => x.op === "send" && x.as === step.operation)) out.push("queued-send-operations"); break;
    case "send": if (step.bytes! > LARGE_SEND_BYTES) out.push("large-sends"); break;
    case "cancel": out.push("cancel-io"); break;
    case "exitThread": out.push("thread-exit"); break;
    case "ioctl": {
      if (step.api === "WSPIoctl") out.push("wsp-provider");
      const inb = step.in === undefined ? { kind: 1, len: 4 } : buffer(step.in, "in");
      const outb = step.out === undefined ? { kind: 0, len: 0 } : buffer(step.out, "out");
      if ((inb.kind === 1 && step.cbIn !== undefined && step.cbIn > inb.len) || (outb.kind === 1 && (step.cbOut ?? 0) > outb.len)) out.push("oversized-counts");
      break;
    }
  }
  return out;
}

/** A step a target does not run, and why. */
export interface SkippedStep { step: number; reason: string }

/**
 * The steps of `c` a target with `capabilities` cannot run, in order, each with its
 * reason; every other step runs and is compared.
 */
export function skippedSteps(c: LoadedCase, profile: ProfileName, capabilities: ReadonlySet<Feature>, simulated: (address: string) => boolean, cat: Pick<Catalogue, "profiles">): SkippedStep[] {
  const out: SkippedStep[] = [];
  for (const [i, step] of c.steps.entries()) {
    const missing = stepFeatures(step, c, profile, simulated, cat).filter((f) => !capabilities.has(f));
    if (missing.length === 0) continue;
    out.push({ step: i, reason: `step ${i} (${step.op}) needs "${missing[0]}": ${FEATURES[missing[0]].what}` });
    if (missing.some((f) => !FEATURES[f].readOnly)) {
      for (let j = i + 1; j < c.steps.length; j++) out.push({ step: j, reason: `step ${j} (${c.steps[j].op}) follows step ${i}, which was not run and changes the state it starts from` });
      break;
    }
  }
  return out;
}
