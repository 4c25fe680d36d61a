// The typed API over the model's .wasm. Works unchanged in Node and browsers:
// loading the bytes is the caller's business (see node.ts and browser.ts).
import { gradeName, inflateCatalogue, readCatalogue, type Catalogue, type ProfileName } from "./catalogue.js";
import { encodeCall, type Call, type EncodedCall } from "./call.js";
import { decodeOutcome, type Conformance, type Outcome } from "./outcome.js";
import { LfpError } from "./errors.js";
import { show } from "./show.js";
import { REQUIRED_EXPORTS, type ModelExports } from "./exports.js";
import { Scenario } from "./scenario.js";

/** The exports of a model instance; throws LfpError (LFP_WASM) when one is missing. */
function modelExports(instance: WebAssembly.Instance): ModelExports {
  if (typeof instance !== "object" || instance === null || typeof instance.exports !== "object" || instance.exports === null) throw new LfpError("LFP_WASM", `expected a WebAssembly.Instance, got ${show(instance)}`);
  for (const name of REQUIRED_EXPORTS) {
    if (!(name in instance.exports)) throw new LfpError("LFP_WASM", `the .wasm lacks the export "${name}": not a loopback-fast-path model, or a different version`);
  }
  return instance.exports as unknown as ModelExports;
}

/** The loaded model: evaluate calls, run scenarios, read the rule catalogue. */
export class Model {
  /** The raw exports (ABI in assembly/shared/layout.ts). */
  readonly exports: ModelExports;
  /** Errors, profiles, rules, states, transitions and options, as the model exports them. */
  readonly catalogue: Catalogue;
  /** Profile names in model order. */
  readonly profiles: readonly ProfileName[];
  /** Bumped by every scenario start; an older Scenario object then refuses to run. */
  scenarioGeneration = 0;
  /** Decoded outcomes by profile and outcome word: there are few distinct ones, so each is built once. */
  readonly #outcomes: Map<number, Outcome>[];
  readonly #profileIndex: Map<string, number>;

  /**
   * Wrap an instantiated model whose catalogue is already inflated (`Model.fromInstance` does
   * both). Throws LfpError (LFP_WASM) when an export is missing.
   */
  constructor(instance: WebAssembly.Instance, catalogueText: Uint8Array) {
    const e = modelExports(instance);
    this.exports = e;
    this.catalogue = readCatalogue(e, catalogueText);
    this.profiles = this.catalogue.profiles.map((p) => p.name);
    this.#outcomes = this.profiles.map(() => new Map());
    this.#profileIndex = new Map(this.profiles.map((name, i) => [name, i]));
  }

  /** The outcome for a word, decoded once and then shared (outcomes are frozen). */
  #outcome(p: number, word: number): Outcome {
    let o = this.#outcomes[p].get(word);
    if (o === undefined) {
      o = decodeOutcome(word, this.profiles[p], this.catalogue);
      if (o.completion) Object.freeze(o.completion);
      Object.freeze(o);
      this.#outcomes[p].set(word, o);
    }
    return o;
  }

  /** The outcome for profile index `p` and an outcome word from `evaluateEncoded`: decoded once, then shared (frozen). */
  outcome(p: number, word: number): Outcome {
    return this.#outcome(p, word);
  }

  /** Compile and instantiate a model from its bytes. */
  static async fromBytes(bytes: BufferSource): Promise<Model> {
    let module: WebAssembly.Module;
    try {
      // Synchronous where the platform allows it for a module this small (Node; not a browser's main
      // thread): the async compile waits on a background thread (≈ 40 ms of idle in lfp spec).
      module = typeof process === "object" && process.versions?.node ? new WebAssembly.Module(bytes) : await WebAssembly.compile(bytes);
    } catch (err) {
      throw new LfpError("LFP_WASM", `not a valid .wasm: ${(err as Error).message}`);
    }
    return Model.fromModule(module);
  }

  /** Instantiate a model from a compiled module. */
  static async fromModule(module: WebAssembly.Module): Promise<Model> {
    const imports = { env: { abort: () => { throw new LfpError("LFP_WASM", "the model aborted (a bug in the model)"); } } };
    let instance: WebAssembly.Instance;
    try {
      instance = typeof process === "object" && process.versions?.node ? new WebAssembly.Instance(module, imports) : await WebAssembly.instantiate(module, imports);
    } catch (err) {
      throw new LfpError("LFP_WASM", `cannot instantiate the model: ${(err as Error)?.message ?? show(err)}`);
    }
    return Model.fromInstance(instance);
  }

  /** Wrap an instance: checks its exports and inflates its catalogue (once). Throws LfpError (LFP_WASM). */
  static async fromInstance(instance: WebAssembly.Instance): Promise<Model> {
    return new Model(instance, await inflateCatalogue(modelExports(instance)));
  }

  /** The index of a profile; throws LfpError (LFP_BAD_ARGUMENT) for an unknown name. */
  profileIndex(name: string): number {
    const i = this.profiles.indexOf(name as ProfileName);
    if (i < 0) throw new LfpError("LFP_BAD_ARGUMENT", `unknown profile ${show(name)}; known: ${this.profiles.join(", ")}`);
    return i;
  }

  /** Evaluate an already encoded call for profile index `p`: the raw outcome word. */
  evaluateEncoded(p: number, c: EncodedCall): number {
    return this.exports.evaluate(p, c.flags, c.code, c.cbIn, c.inLen, c.inValue, c.cbOut, c.outLen) >>> 0;
  }

  /**
   * What `call` does under `profile` (default "windows"), and why. Throws LfpError for a bad
   * call. The outcome is frozen and shared by every call with the same result.
   */
  evaluate(call: Call, profile: ProfileName = "windows"): Outcome {
    const p = this.#profileIndex.get(profile) ?? this.profileIndex(profile);
    const c = encodeCall(call);
    return this.#outcome(p, this.exports.evaluate(p, c.flags, c.code, c.cbIn, c.inLen, c.inValue, c.cbOut, c.outLen) >>> 0);
  }

  /** The outcomes the model's last `conform` (or scenario op) left in its buffer, for profile index `p`. */
  conformance(p: number): Conformance {
    const e = this.exports;
    const n = e.conformCount();
    const members = [];
    for (let i = 0; i < n; i++) members.push({ outcome: this.#outcome(p, e.conformOutcome(i) >>> 0), grade: gradeName(e.conformGrade(i)) });
    return { profile: this.profiles[p], preferred: members[0].outcome, members };
  }

  /**
   * Every outcome of `call` that conforms to `profile`'s sources (default "windows"), the preferred
   * one first, each with its evidence grade. Throws LfpError for a bad call.
   */
  conform(call: Call, profile: ProfileName = "windows"): Conformance {
    const p = this.#profileIndex.get(profile) ?? this.profileIndex(profile);
    const c = encodeCall(call);
    this.exports.conform(p, c.flags, c.code, c.cbIn, c.inLen, c.inValue, c.cbOut, c.outLen);
    return this.conformance(p);
  }

  /** `conform` under every profile, in profile order. */
  conformAll(call: Call): Conformance[] {
    const c = encodeCall(call);
    return this.profiles.map((_, p) => {
      this.exports.conform(p, c.flags, c.code, c.cbIn, c.inLen, c.inValue, c.cbOut, c.outLen);
      return this.conformance(p);
    });
  }

  /** What `call` does under every profile, in profile order. */
  evaluateAll(call: Call): Outcome[] {
    const c = encodeCall(call);
    return this.profiles.map((_, p) => this.#outcome(p, this.evaluateEncoded(p, c)));
  }

  /** Start a scenario (a fresh set of sockets) under `profile`. Starting another ends this one. */
  scenario(profile: ProfileName = "windows", options: { startup?: boolean } = {}): Scenario {
    if (typeof options !== "object" || options === null || Array.isArray(options)) throw new LfpError("LFP_BAD_ARGUMENT", `scenario options: expected an object, got ${show(options)}`);
    if (options.startup !== undefined && typeof options.startup !== "boolean") throw new LfpError("LFP_BAD_ARGUMENT", `startup: expected true or false, got ${show(options.startup)}`);
    return new Scenario(this, this.profileIndex(profile), profile, options.startup ?? true);
  }

  /** Bits of the transitions taken since the last `clearTransitions` (index = catalogue.transitions). */
  transitionsTaken(): number[] {
    const bits = this.exports.transitionsTaken() >>> 0;
    return this.catalogue.transitions.filter((t) => (bits >>> t.index) & 1).map((t) => t.index);
  }

  /** Forget which transitions were taken. */
  clearTransitions(): void {
    this.exports.transitionsClear();
  }
}
