// The typed API over the model's .wasm. Works unchanged in Node and browsers:
// loading the bytes is the caller's business (see node.ts and browser.ts).
import { gradeName, readCatalogue, type Catalogue, type ProfileName } from "./catalogue.js";
import { encodeCall, type Call, type EncodedCall } from "./call.js";
import { decodeOutcome, type Conformance, type Outcome } from "./outcome.js";
import { LfpError } from "./errors.js";
import type { Explanation, Explanations } from "./explain.js";
import { isObject, show } from "./show.js";
import { REQUIRED_EXPORTS, type ModelExports } from "./exports.js";
import { Scenario } from "./scenario.js";

/** Set by the browser bundles (false): a page compiles and instantiates asynchronously. */
declare const LFP_NODE_SYNC: boolean | undefined;
/** Compile and instantiate synchronously where the platform allows it for a module this small (Node). */
const NODE_SYNC = typeof LFP_NODE_SYNC === "boolean" ? LFP_NODE_SYNC : typeof process === "object" && !!process.versions?.node;

/** Set by the browser bundles: the ABI digest of the model built with them (scripts/pack-catalogue.ts). */
declare const LFP_ABI_DIGEST: number | undefined;
const hex = (n: unknown) => (typeof n === "number" ? `0x${(n >>> 0).toString(16).padStart(8, "0")}` : "none");

/** The exports of a model instance; throws LfpError (LFP_WASM) when one is missing. */
function namedExports(instance: WebAssembly.Instance): ModelExports {
  for (const name of REQUIRED_EXPORTS) {
    if (!(name in instance.exports)) throw new LfpError("LFP_WASM", `the .wasm lacks the export "${name}": not a loopback-fast-path model, or a different version`);
  }
  return instance.exports as unknown as ModelExports;
}

/** The exports of the model whose ABI digest is `digest`; throws LfpError (LFP_WASM) for another. */
function digestExports(instance: WebAssembly.Instance, digest: number): ModelExports {
  const abi = (instance.exports.abiDigest as (() => number) | undefined)?.();
  if (abi === undefined || abi >>> 0 !== digest) throw new LfpError("LFP_WASM", `the .wasm is not the loopback-fast-path model of this version (its ABI digest ${hex(abi)}, this bundle's ${hex(digest)})`);
  return instance.exports as unknown as ModelExports;
}

/** A browser bundle checks the model's ABI digest instead of every export's name: the same guarantee in a few bytes. */
function modelExports(instance: WebAssembly.Instance): ModelExports {
  if (typeof instance !== "object" || instance === null || typeof instance.exports !== "object" || instance.exports === null) throw new LfpError("LFP_WASM", `expected a WebAssembly.Instance, got ${show(instance)}`);
  return typeof LFP_ABI_DIGEST === "number" ? digestExports(instance, LFP_ABI_DIGEST) : namedExports(instance);
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
  /** The rules' texts, sources and passages once applied; how to fetch them until then. */
  #explanations: Explanations | null = null;
  #explaining: Promise<Explanations> | null = null;
  #fetchExplanations: () => Promise<unknown> = async () => { throw new LfpError("LFP_WASM", "no explanations were given for this model (loadModel's `explanations` option)"); };

  /**
   * Wrap an instantiated model: checks its exports and reads its catalogue. Throws LfpError
   * (LFP_WASM) when an export is missing or the catalogue is damaged.
   */
  constructor(instance: WebAssembly.Instance) {
    const e = modelExports(instance);
    this.exports = e;
    this.catalogue = readCatalogue(e);
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

  /**
   * Where the rules' texts, sources and passages come from (the entry points set it): a function
   * that gives the explanations asset, called once when they are first needed; or, with `applied`,
   * the asset already applied to this model's catalogue (host/explain.ts `applyExplanations`).
   */
  setExplanations(source: (() => Promise<unknown>) | Explanations, applied = false): void {
    if (applied) this.#explanations = source as Explanations;
    else this.#fetchExplanations = source as () => Promise<unknown>;
  }

  /** Are the rules' texts and sources loaded (`catalogue.rules[i].text` set)? Always in Node. */
  get explained(): boolean {
    return this.#explanations !== null;
  }

  /** Load the explanations once (a failed fetch is tried again on the next call). Throws LfpError (LFP_WASM). */
  async loadExplanations(): Promise<void> {
    if (this.#explanations) return;
    // The code that applies them is loaded with them (a module of its own in the browser bundle).
    this.#explaining ??= Promise.all([import("./explain.js"), this.#fetchExplanations()]).then(([{ applyExplanations }, asset]) => {
      const applied = applyExplanations(this.catalogue, this.exports, asset);
      if (typeof applied === "string") throw new LfpError("LFP_WASM", applied);
      return (this.#explanations = applied);
    });
    try {
      await this.#explaining;
    } finally {
      this.#explaining = null;
    }
  }

  /**
   * Why rule `ruleId` holds: its text, its sources citation by citation with their quoted passages
   * where the evidence has them, and its grades. Loads the explanations on first use (browser entry).
   * Throws LfpError: LFP_BAD_ARGUMENT for an unknown rule, LFP_WASM when the explanations cannot be had.
   */
  async explain(ruleId: string): Promise<Explanation> {
    const rule = this.catalogue.rules.find((r) => r.id === ruleId);
    if (!rule) throw new LfpError("LFP_BAD_ARGUMENT", `unknown rule ${show(ruleId)}`);
    await this.loadExplanations();
    const x = this.#explanations!.rules[rule.index];
    return { id: rule.id, text: x.text, source: x.source, grades: rule.grades, sources: x.sources };
  }

  /** Compile and instantiate a model from its bytes. */
  static async fromBytes(bytes: BufferSource): Promise<Model> {
    let module: WebAssembly.Module;
    try {
      // Synchronous where the platform allows it for a module this small (Node; not a browser's main
      // thread): the async compile waits on a background thread (≈ 40 ms of idle in lfp spec).
      module = NODE_SYNC ? new WebAssembly.Module(bytes) : await WebAssembly.compile(bytes);
    } catch (err) {
      throw new LfpError("LFP_WASM", `not a valid .wasm: ${(err as Error).message}`);
    }
    return Model.fromModule(module);
  }

  /** Instantiate a model from a compiled module. */
  static async fromModule(module: WebAssembly.Module): Promise<Model> {
    // The debug model calls abort on a failed check; the release model is built without it
    // (asconfig.json: --use abort=, the validator's size) and traps with "unreachable" instead.
    const imports = { env: { abort: () => { throw new LfpError("LFP_WASM", "the model aborted (a bug in the model)"); } } };
    let instance: WebAssembly.Instance;
    try {
      instance = NODE_SYNC ? new WebAssembly.Instance(module, imports) : await WebAssembly.instantiate(module, imports);
    } catch (err) {
      throw new LfpError("LFP_WASM", `cannot instantiate the model: ${(err as Error)?.message ?? show(err)}`);
    }
    return Model.fromInstance(instance);
  }

  /** Wrap an instance (as the constructor does). Throws LfpError (LFP_WASM). */
  static async fromInstance(instance: WebAssembly.Instance): Promise<Model> {
    return new Model(instance);
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
    return this.#outcome(p, this.evaluateEncoded(p, encodeCall(call)));
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
    return this.#conform(this.#profileIndex.get(profile) ?? this.profileIndex(profile), encodeCall(call));
  }

  /** `conform` under every profile, in profile order. */
  conformAll(call: Call): Conformance[] {
    const c = encodeCall(call);
    return this.profiles.map((_, p) => this.#conform(p, c));
  }

  #conform(p: number, c: EncodedCall): Conformance {
    this.exports.conform(p, c.flags, c.code, c.cbIn, c.inLen, c.inValue, c.cbOut, c.outLen);
    return this.conformance(p);
  }

  /** What `call` does under every profile, in profile order. */
  evaluateAll(call: Call): Outcome[] {
    const c = encodeCall(call);
    return this.profiles.map((_, p) => this.#outcome(p, this.evaluateEncoded(p, c)));
  }

  /** Start a scenario (a fresh set of sockets) under `profile`. Starting another ends this one. */
  scenario(profile: ProfileName = "windows", options: { startup?: boolean } = {}): Scenario {
    if (!isObject(options)) throw new LfpError("LFP_BAD_ARGUMENT", `scenario options: expected an object, got ${show(options)}`);
    if (options.startup !== undefined && typeof options.startup !== "boolean") throw new LfpError("LFP_BAD_ARGUMENT", `startup: expected true or false, got ${show(options.startup)}`);
    return new Scenario(this, this.profileIndex(profile), profile, options.startup ?? true);
  }

  /** The transitions taken since the last `clearTransitions`, by index (catalogue.transitions). */
  transitionsTaken(): number[] {
    const bits = this.exports.transitionsTaken() >>> 0;
    const taken: number[] = [];
    for (let t = 0; t < this.exports.transitionCount(); t++) if ((bits >>> t) & 1) taken.push(t);
    return taken;
  }

  /** Forget which transitions were taken. */
  clearTransitions(): void {
    this.exports.transitionsClear();
  }
}
