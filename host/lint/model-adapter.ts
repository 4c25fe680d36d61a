// The linter's only contact with the model's API (host/api.ts): turning a call
// shape into a `Call`, a stage into a scenario, and the model's outcomes into
// verdicts. When the model's API changes, this file is the one to adapt.
import type { Model } from "../model.js";
import type { Call } from "../call.js";
import type { Outcome } from "../outcome.js";
import type { StepOutcome, Scenario } from "../scenario.js";
import type { CallShape, ModelAnswer, ProfileVerdict, SocketType, Stage } from "./types.js";

/** The call as the model takes it. Unknown values take the typical call's (BOOL 1, cbInBuffer 4). */
export function modelCall(shape: CallShape, type: SocketType): Call {
  const call: Call = {
    api: shape.api === "WSPIoctl" ? "WSPIoctl" : "WSAIoctl",
    code: shape.code.known ? shape.code.value : 0x98000010,
    in: shape.bool === null ? null : { bool: shape.bool.known ? shape.bool.value >>> 0 : 1 },
    cbIn: shape.cbIn.known ? shape.cbIn.value >>> 0 : 4,
    out: shape.outNull ? null : { bytes: "00".repeat(Math.min(shape.cbOut.known ? shape.cbOut.value : 4, 64)) },
    cbOut: shape.cbOut.known ? shape.cbOut.value >>> 0 : 0,
    bytesReturned: shape.bytesReturned === "null" ? null : "valid",
    overlapped: shape.overlapped ? { event: !shape.completionRoutine } : null,
    completionRoutine: shape.completionRoutine ? "valid" : null,
  };
  if (type === "datagram") call.handle = "udp";
  return call;
}

function verdict(o: Outcome | StepOutcome): ProfileVerdict {
  const v: ProfileVerdict = {
    profile: o.profile, ret: o.ret, error: o.error === null ? "0" : o.error.name,
    bytesReturned: o.bytesReturned, rule: o.rule.id, source: o.rule.source,
  };
  if (o.grade) v.grade = o.grade; // the evidence grade of the deciding rule for this profile
  return v;
}

/** Play the stage in a scenario; returns the ioctl's outcome and the socket the path is read on. */
function play(sc: Scenario, stage: Stage, type: SocketType, call: Omit<Call, "handle" | "overlappedSocket" | "startup">): { r: StepOutcome; observe: number | null } {
  const kind = type === "datagram" ? "dgram" : "stream";
  const need = (o: StepOutcome) => { if (o.socket === undefined) throw new Error(`scenario step refused: ${o.rule.id}`); return o.socket; };
  switch (stage) {
    case "created": {
      const s = need(sc.socket({ type: kind }));
      return { r: sc.ioctl(s, call), observe: null };
    }
    case "bound": {
      const s = need(sc.socket({ type: kind }));
      sc.bind(s, "127.0.0.1");
      return { r: sc.ioctl(s, call), observe: null };
    }
    case "listening": { // the call after listen(); then a client that asked for the fast path connects
      const l = need(sc.socket());
      sc.bind(l, "127.0.0.1"); sc.listen(l);
      const r = sc.ioctl(l, call);
      const c = need(sc.socket()); sc.ioctl(c); sc.connect(c, l);
      const a = sc.accept(l);
      return { r, observe: a.socket ?? null };
    }
    case "connected": { // both sides asked before connecting except this one, which asks after connect()
      const l = need(sc.socket());
      sc.bind(l, "127.0.0.1"); sc.ioctl(l); sc.listen(l);
      const c = need(sc.socket()); sc.connect(c, l);
      return { r: sc.ioctl(c, call), observe: c };
    }
    case "accepted": { // a client that asked connects to a listener; the call is made on the accepted socket
      const l = need(sc.socket());
      sc.bind(l, "127.0.0.1"); sc.listen(l);
      const c = need(sc.socket()); sc.ioctl(c); sc.connect(c, l);
      const a = need(sc.accept(l));
      return { r: sc.ioctl(a, call), observe: a };
    }
    default: throw new Error(`no scenario for stage ${stage}`);
  }
}

/** Ask the model: the call check for every profile, and the scenario of the stage when it is known. */
export function askModel(model: Model, shape: CallShape, stage: Stage, type: SocketType): ModelAnswer {
  const call = modelCall(shape, type);
  const answer: ModelAnswer = { call: model.evaluateAll(call).map(verdict), scenario: null, stage, modelCall: { ...call } };
  if (stage === "unknown") return answer;
  const { handle: _h, ...scenarioCall } = call;
  answer.scenario = model.profiles.map((p) => {
    const sc = model.scenario(p);
    const { r, observe } = play(sc, stage, type, scenarioCall);
    const v = verdict(r);
    if (observe !== null) {
      const o = sc.observe(observe);
      if (!o.ok) throw new Error(`lint: the model refused to observe socket ${observe} (${o.rule})`);
      v.path = o.path;
      v.pathRule = o.rule;
    }
    return v;
  });
  return answer;
}

/** The model's profile names. */
export function profileNames(model: Model): readonly string[] {
  return model.profiles;
}

/** The profiles a project can target in lint (a configuration's "profiles", --profile): the model's, windows-7 included. */
export const lintProfiles = profileNames;
