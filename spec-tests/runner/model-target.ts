// The model target: plays each case's steps through the Wasm model's scenario API.
import type { Model } from "../../host/model.js";
import type { Scenario, StepOutcome } from "../../host/scenario.js";
import type { Outcome } from "../../host/outcome.js";
import { CONDITION_NAMES, type Conditions } from "../../host/call.js";
import { LfpError } from "../../host/errors.js";
import type { CaseRun, PlannedCase, StepActual, Target } from "./target.js";
import type { Step } from "./vectors.js";
import { callOf } from "./step-call.js";
import { stepRef } from "./socket-ref.js";

export { callOf };

/** The conditions a condition step sets. */
export function conditionsOf(step: Step): Conditions {
  const c: Conditions = {};
  for (const k of CONDITION_NAMES) if (step[k] !== undefined) c[k] = step[k];
  return c;
}

function actualOfOutcome(o: Outcome): StepActual {
  const a: StepActual = { ret: o.ret, error: o.error?.code ?? 0, rule: o.rule.id };
  a.bytesReturned = o.bytesReturned;
  a.errno = o.errno;
  a.completion = o.completion && {
    via: o.completion.via, status: o.completion.status.code, transferred: o.completion.transferred, flags: o.completion.flags,
    channels: o.completion.channels, faults: o.completion.faults,
  };
  return a;
}

function actualOf(o: StepOutcome): StepActual {
  const a = actualOfOutcome(o);
  if (o.completed !== undefined) a.completed = o.completed;
  const others = o.conforming.slice(1).map((m) => {
    const a = actualOfOutcome(m.outcome);
    const done = (m.outcome as StepOutcome).completed;
    if (done !== undefined) a.completed = done;
    return a;
  });
  a.alternatives = others;
  return a;
}

function playStep(sc: Scenario, step: Step, sockets: Map<string, number>, ops: Map<string, number>): StepActual {
  const sock = (name: string | undefined): number => {
    const id = name === undefined ? undefined : sockets.get(name);
    if (id === undefined) throw new StepProblem(`socket ${JSON.stringify(name)} does not exist (the step that should have created it failed)`);
    return id;
  };
  switch (step.op) {
    case "socket": {
      const o = sc.socket({ family: step.family, type: step.type, protocol: step.protocol, overlapped: step.overlapped as boolean | undefined });
      if (o.socket !== undefined) sockets.set(step.as!, o.socket);
      return actualOf(o);
    }
    case "bind": return actualOf(sc.bind(sock(step.socket), step.address!));
    case "listen": return actualOf(sc.listen(sock(step.socket)));
    case "connect": return actualOf(sc.connect(sock(step.socket), sockets.has(step.to!) ? sockets.get(step.to!)! : step.to!));
    case "accept": {
      const o = sc.accept(sock(step.socket));
      if (o.socket !== undefined) sockets.set(step.as!, o.socket);
      return actualOf(o);
    }
    case "ioctl": {
      const ref = stepRef(step);
      const handle = ref.kind === "not-a-socket" || ref.kind === "invalid-socket" ? ref.kind : sock(ref.name);
      const o = sc.ioctl(handle, callOf(step));
      if (step.as !== undefined && o.operation !== undefined) ops.set(step.as, o.operation);
      return actualOf(o);
    }
    case "setsockopt": return actualOf(sc.setsockopt(sock(step.socket), step.level!, step.name!, step.value!));
    case "send": {
      const o = sc.send(sock(step.socket), step.bytes!);
      if (step.as !== undefined && o.operation !== undefined) ops.set(step.as, o.operation);
      return actualOf(o);
    }
    case "recv": {
      const o = sc.recv(sock(step.socket), step.bytes!);
      const a = actualOf(o);
      for (const x of [a, ...(a.alternatives ?? [])]) x.received = o.bytes;
      return a;
    }
    case "close": return actualOf(sc.close(sock(step.socket)));
    case "cancel": {
      if (step.operation === undefined) return actualOf(sc.cancel(sock(step.socket)));
      const op = ops.get(step.operation);
      if (op === undefined) throw new StepProblem(`operation ${JSON.stringify(step.operation)} was not started (its ioctl or send did not start an overlapped operation)`);
      return actualOf(sc.cancel(sock(step.socket), op));
    }
    case "exitThread": return actualOf(sc.exitThread());
    case "condition": sc.condition(conditionsOf(step)); return { alternatives: [] };
    case "observe": {
      const v = sc.observe(sock(step.socket));
      if (!v.ok) return { ret: v.ret, rule: v.rule, alternatives: [] };
      return { fastPath: v.fastPath, path: v.path, rule: v.rule, alternatives: v.otherReading ? [{ ...v.otherReading, rule: v.rule }] : [] };
    }
    case "wait": {
      const op = ops.get(step.operation!);
      if (op === undefined) throw new StepProblem(`operation ${JSON.stringify(step.operation)} was not started (its ioctl or send did not start an overlapped operation)`);
      const o = sc.wait(op);
      const a = actualOf(o);
      if (o.completion?.state === "complete") a.completed = true;
      else a.completed = false;
      return a;
    }
  }
}

class StepProblem extends Error {}

/** Runs vectors on the Wasm model, for each profile asked. */
export class ModelTarget implements Target {
  readonly name = "model";
  readonly profile = null;
  constructor(readonly model: Model) {}

  async run(cases: PlannedCase[]): Promise<CaseRun[]> {
    return cases.map((p) => this.runOne(p));
  }

  runOne(p: PlannedCase): CaseRun {
    return this.play(p).run;
  }

  /** Play a case and keep what it left: the scenario and the socket ids by name (the playground reads the final states). */
  play({ case: c, profile }: PlannedCase): { run: CaseRun; scenario: Scenario; sockets: Map<string, number> } {
    const sc = this.model.scenario(profile, { startup: c.startup ?? true });
    const sockets = new Map<string, number>();
    const ops = new Map<string, number>();
    const steps: StepActual[] = [];
    for (const step of c.steps) {
      try {
        steps.push(playStep(sc, step, sockets, ops));
      } catch (err) {
        if (err instanceof StepProblem || err instanceof LfpError) {
          steps.push({ problem: err.message });
          break;
        }
        throw err;
      }
    }
    return { run: { steps }, scenario: sc, sockets };
  }
}
