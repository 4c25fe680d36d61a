// The scenario API: sockets and connections played through the model's state
// machine (assembly/scenario.ts). One scenario at a time per Model.
import type { Model } from "./model.js";
import type { ProfileName } from "./catalogue.js";
import type { RuleId, StateName } from "./names.js";
import { encodeCall, encodeConditions, u32, type Call, type Conditions } from "./call.js";
import { decodeOutcome, type Member, type Outcome } from "./outcome.js";
import { gradeName } from "./catalogue.js";
import {
  OBS_REQUESTED, OBS_PATH, OBS_RULE, OBS_OTHER_PATH, OBS_OTHER_REQUESTED, OBS_UNKNOWN, PATH_NONE, PATH_SLOW, PATH_FAST,
  LIVE_CONNECTIONS, LIVE_OPERATIONS,
} from "../assembly/shared/layout.js";
import { parseAddress } from "./address.js";
import { LfpError } from "./errors.js";
import { isObject, show } from "./show.js";

/** A socket of the scenario (the id the model gave it). */
export type SocketId = number;
/** The handle an ioctl is made on: a socket, a handle that is not a socket, or INVALID_SOCKET. */
export type IoctlHandle = SocketId | "not-a-socket" | "invalid-socket";

/** An op's outcome plus what it produced. */
export interface StepOutcome extends Outcome {
  /** socket/accept: the new socket. */
  socket?: SocketId;
  /** ioctl (overlapped) and queued send: the operation to `wait` for. */
  operation?: number;
  /** send: whether it completed now (false: queued by flow control). */
  completed?: boolean;
  /** recv: bytes received; wait: bytes transferred. */
  bytes?: number;
  /** Every outcome of the step that conforms to the profile's sources, this one first, with grades. */
  conforming: Member[];
}

/** The outcome of `socket` and `accept`: on success (`ok`) it has the new socket. */
export type SocketOutcome = (StepOutcome & { ok: true; ret: 0; socket: SocketId }) | (StepOutcome & { ok: false; socket?: undefined });

/** What `observe` reports for a socket of the scenario. */
export interface Observation {
  ok: true;
  state: StateName;
  fastPath: "requested" | "off";
  path: "fast" | "slow" | "none";
  /** The rule that decided the path (or, unconnected, the request rule). */
  rule: string;
  /** Where the sources allow another reading (path.listener-late): the path and request under it. */
  otherReading: { fastPath: "requested" | "off"; path: "fast" | "slow" | "none" } | null;
}

/** What `observe` answers for a reference the scenario does not have: refused, as an ioctl on it is. */
export interface ObserveRefusal {
  ok: false;
  ret: "refused";
  /** scenario.bad-reference. */
  rule: RuleId;
}

/** Options for `socket`. */
export interface SocketOptions { family?: "inet" | "inet6"; type?: "stream" | "dgram"; protocol?: "tcp" | "udp"; overlapped?: boolean }

const PATHS: Record<number, Observation["path"]> = { [PATH_NONE]: "none", [PATH_SLOW]: "slow", [PATH_FAST]: "fast" };

export class Scenario {
  readonly #model: Model;
  readonly #generation: number;
  readonly profile: ProfileName;

  /** Use Model.scenario(). */
  constructor(model: Model, profileIndex: number, profile: ProfileName, startup: boolean) {
    this.#model = model;
    this.profile = profile;
    this.#generation = ++model.scenarioGeneration;
    model.exports.scenarioReset(profileIndex, startup ? 1 : 0);
  }

  #e() {
    if (this.#model.scenarioGeneration !== this.#generation) {
      throw new LfpError("LFP_BAD_ARGUMENT", "this scenario has ended: a newer one was started on the same Model");
    }
    return this.#model.exports;
  }

  #out(word: number): StepOutcome {
    const e = this.#model.exports;
    const cat = this.#model.catalogue;
    const r = decodeOutcome(word >>> 0, this.profile, cat) as StepOutcome;
    const conforming: Member[] = [];
    for (let i = 0, n = e.conformCount(); i < n; i++) {
      const w = e.conformOutcome(i) >>> 0;
      conforming.push({ outcome: i === 0 ? r : decodeOutcome(w, this.profile, cat), grade: gradeName(e.conformGrade(i)) });
    }
    r.conforming = conforming;
    return r;
  }

  #sock(s: unknown, field = "socket"): number {
    if (typeof s !== "number" || !Number.isInteger(s) || s < 0) throw new LfpError("LFP_BAD_ARGUMENT", `${field}: expected a socket id, got ${show(s)}`);
    return s;
  }

  /** The outcome of socket/accept, with `ok` and, on success, the new socket. */
  #withSocket(r: StepOutcome): SocketOutcome {
    if (r.ret !== 0) return Object.assign(r, { ok: false as const }) as SocketOutcome;
    return Object.assign(r, { ok: true as const, ret: 0 as const, socket: this.#model.exports.scenarioValue() });
  }

  /** socket(): defaults inet, stream, tcp (udp for dgram), overlapped. Narrow on `ok` to get the socket. */
  socket(o: SocketOptions = {}): SocketOutcome {
    if (!isObject(o)) throw new LfpError("LFP_BAD_ARGUMENT", `socket options: expected an object, got ${show(o)}`);
    /** The option's value: 0 for the first choice (the default), 1 for the second. */
    const which = (field: string, v: unknown, [a, b]: [string, string]) => {
      if (v !== a && v !== b) throw new LfpError("LFP_BAD_ARGUMENT", `${field}: expected "${a}" or "${b}", got ${show(v)}`);
      return v === a ? 0 : 1;
    };
    const family = which("family", o.family ?? "inet", ["inet", "inet6"]);
    const type = which("type", o.type ?? "stream", ["stream", "dgram"]);
    const protocol = which("protocol", o.protocol ?? (type ? "udp" : "tcp"), ["tcp", "udp"]);
    const e = this.#e();
    return this.#withSocket(this.#out(e.opSocket(family ? 6 : 4, type + 1, protocol ? 17 : 6, (o.overlapped ?? true) ? 1 : 0)));
  }

  bind(s: SocketId, address: string): StepOutcome {
    const a = parseAddress(address, "address", true);
    return this.#out(this.#e().opBind(this.#sock(s), a.family, ...a.words));
  }

  listen(s: SocketId): StepOutcome {
    return this.#out(this.#e().opListen(this.#sock(s)));
  }

  /** connect() to a listening socket of the scenario, or to an address ("127.0.0.1:80", "[::1]:80"). */
  connect(s: SocketId, to: SocketId | string): StepOutcome {
    const e = this.#e();
    if (typeof to === "number") return this.#out(e.opConnect(this.#sock(s), this.#sock(to, "to"), 0, 0, 0, 0, 0));
    const a = parseAddress(to, "to", true);
    return this.#out(e.opConnect(this.#sock(s), -1, a.family, ...a.words));
  }

  /** accept() on a listening socket. Narrow on `ok` to get the accepted socket. */
  accept(listener: SocketId): SocketOutcome {
    return this.#withSocket(this.#out(this.#e().opAccept(this.#sock(listener))));
  }

  /** An ioctl on a socket of the scenario; the handle kind, overlapped attribute and WSAStartup come from the scenario. */
  ioctl(s: IoctlHandle, call: Omit<Call, "handle" | "overlappedSocket" | "startup"> = {}): StepOutcome {
    const c = encodeCall(call); // first: it refuses what is not a call object
    for (const k of ["handle", "overlappedSocket", "startup"]) {
      if (k in call) throw new LfpError("LFP_BAD_CALL", `${k}: set by the scenario, not by the call`);
    }
    const handle = s === "not-a-socket" ? -1 : s === "invalid-socket" ? -2 : this.#sock(s);
    const e = this.#e();
    const r = this.#out(e.opIoctl(handle, c.flags, c.code, c.cbIn, c.inLen, c.inValue, c.cbOut, c.outLen));
    const op = e.scenarioValue() >>> 0;
    if (r.completion !== null && op !== 0xffffffff) r.operation = op;
    return r;
  }

  /** setsockopt(s, level, name, value), names as in catalogue.options / catalogue.levels. */
  setsockopt(s: SocketId, level: string, name: string, value: number): StepOutcome {
    const cat = this.#model.catalogue;
    const lv = cat.levels.find((l) => l.name === level);
    if (!lv) throw new LfpError("LFP_BAD_ARGUMENT", `level: unknown ${show(level)}; known: ${cat.levels.map((l) => l.name).join(", ")}`);
    const opt = cat.options.find((o) => o.name === name);
    if (!opt) throw new LfpError("LFP_BAD_ARGUMENT", `name: unknown option ${show(name)}; known: ${cat.options.map((o) => o.name).join(", ")}`);
    return this.#out(this.#e().opSetsockopt(this.#sock(s), lv.number, opt.index, u32(value, "value", 0)));
  }

  send(s: SocketId, bytes: number): StepOutcome {
    const e = this.#e();
    const r = this.#out(e.opSend(this.#sock(s), u32(bytes, "bytes", 0)));
    for (const m of r.conforming.slice(1)) if (m.outcome.ret === 0) (m.outcome as StepOutcome).completed = m.outcome.completion === null;
    if (r.ret === 0) {
      r.completed = r.completion === null;
      if (r.completion !== null) r.operation = e.scenarioValue() >>> 0;
      r.completion = null;
    }
    return r;
  }

  recv(s: SocketId, bytes: number): StepOutcome {
    const e = this.#e();
    const r = this.#out(e.opRecv(this.#sock(s), u32(bytes, "bytes", 0)));
    r.bytes = e.scenarioValue() >>> 0;
    return r;
  }

  close(s: SocketId): StepOutcome {
    return this.#out(this.#e().opClose(this.#sock(s)));
  }

  /**
   * CancelIoEx on one operation of socket `s`, or CancelIo (every operation of `s`) when `operation`
   * is left out: what is pending completes with WSA_OPERATION_ABORTED.
   */
  cancel(s: SocketId, operation?: number): StepOutcome {
    return this.#out(this.#e().opCancel(this.#sock(s), operation === undefined ? -1 : this.#sock(operation, "operation")));
  }

  /** The thread that issued the scenario's overlapped operations exits: they complete with WSA_OPERATION_ABORTED. */
  exitThread(): StepOutcome {
    return this.#out(this.#e().opExitThread());
  }

  /** Open sockets, used connections and operation slots not yet waited for; a quiescent scenario has none. */
  live(): { sockets: number; connections: number; operations: number; pending: number } {
    const e = this.#e();
    const w = e.scenarioLive() >>> 0;
    return { sockets: w & 0xff, connections: (w >>> LIVE_CONNECTIONS) & 0xff, operations: (w >>> LIVE_OPERATIONS) & 0xff, pending: e.scenarioPending() >>> 0 };
  }

  /** Wait for an operation (from ioctl or a queued send): its completion, or still pending. */
  wait(operation: number): StepOutcome {
    const e = this.#e();
    const r = this.#out(e.opWait(this.#sock(operation, "operation")));
    r.bytes = e.scenarioValue() >>> 0;
    if (r.completion) r.completion.transferred = r.bytes;
    return r;
  }

  /** Switch environment conditions; only the ones named change. */
  condition(c: Conditions): void {
    const on = encodeConditions(c ?? null); // refuses what is not an object of booleans
    const off = encodeConditions(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, !v])));
    const e = this.#e();
    if (on) e.scenarioCondition(on, 1);
    if (off) e.scenarioCondition(off, 0);
  }

  /** The socket's state, fast-path request and path; a socket the scenario does not have is refused (`ok: false`), as an ioctl on it is. */
  observe(s: SocketId): Observation | ObserveRefusal {
    const w = this.#e().observe(this.#sock(s)) >>> 0;
    if (w === OBS_UNKNOWN) return { ok: false, ret: "refused", rule: "scenario.bad-reference" };
    const cat = this.#model.catalogue;
    const path = PATHS[(w >>> OBS_PATH) & 3];
    const other = (w >>> OBS_OTHER_PATH) & 3;
    const fastPath = (w >>> OBS_REQUESTED) & 1 ? "requested" : "off";
    const otherRequested = (w >>> OBS_OTHER_REQUESTED) & 1 ? "requested" : "off";
    return {
      ok: true,
      state: cat.states[w & 7] as StateName,
      fastPath,
      path,
      rule: cat.rules[(w >>> OBS_RULE) & 127].id as RuleId,
      otherReading: other === PATH_NONE && otherRequested === fastPath ? null
        : { fastPath: otherRequested, path: other === PATH_NONE ? path : PATHS[other] },
    };
  }
}
