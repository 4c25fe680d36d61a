// The native driver: a typed WSAIoctl(SIO_LOOPBACK_FAST_PATH, ...) that first
// evaluates the call in the Wasm model, then, by mode, refuses what the model
// says fails (enforce), forwards and reports differences (audit), or only
// forwards (passthrough). Runs in a Windows Node (Windows, or Wine).
// Memory safety is the driver's job: it passes ws2_32 only memory it allocated
// itself, sized from what the caller handed over, and refuses counts larger
// than that before any native call.
import { createRequire } from "node:module";
import type { Model } from "../model.js";
import type { ProfileName } from "../catalogue.js";
import type { Outcome } from "../outcome.js";
import type { HandleKind } from "../call.js";
import { LfpError } from "../errors.js";
import { BlockPool, bindWs2_32, INVALID_SOCKET, WSA_IO_PENDING, type Block, type Koffi, type Ws2_32 } from "./ws2_32.js";
import { SENTINEL, completionStatus } from "./ntstatus.js";
import { CheckedCall, type DriverCall } from "./driver-call.js";

export type { DriverCall } from "./driver-call.js";

/** enforce: refuse what the model says fails; audit: forward and compare; passthrough: forward only. */
export type Mode = "enforce" | "audit" | "passthrough";

/** What ws2_32 did. */
export interface NativeResult {
  ret: 0 | -1;
  /** WSAGetLastError after a failure, 0 after success. */
  error: number;
  bytesReturned: number | "untouched";
  /** For an overlapped call: the completion seen within the wait, or "pending". */
  completion: { status: number; transferred: number; signalled: boolean } | "pending" | null;
}

/** A field where the system and the model disagree (audit). */
export interface Difference { field: "ret" | "error" | "bytesReturned"; model: string; system: string }

/** The result of one driver call. */
export interface DriverResult {
  mode: Mode;
  /** The model's outcome (null in passthrough). */
  model: Outcome | null;
  /** Whether ws2_32 was called. */
  forwarded: boolean;
  /** What ws2_32 did (null when refused). */
  system: NativeResult | null;
  /** enforce: why the call was refused (the model's rule and source). */
  refusal?: string;
  /** audit: where system and model disagree. */
  differences?: Difference[];
}

/** Options for opening the driver. */
export interface DriverOptions {
  /** The model (required for enforce and audit). */
  model: Model;
  /** The koffi module, or the path to require it from (default "koffi"). */
  koffi?: Koffi | string;
  /** Default mode; default "enforce". */
  mode?: Mode;
  /** The profile to evaluate with; default "wine" under Wine, else "windows". */
  profile?: ProfileName;
  /** Bindings to use instead of ws2_32.dll's (the benchmark swaps WSAIoctl for a trivial function to time the driver alone). */
  ws2_32?: Ws2_32;
}

const SOL_SOCKET = 0xffff;
const SO_TYPE = 0x1008;
const NO_CALL: DriverCall = {};
/** Synchronous calls whose buffers fit this many bytes each use the driver's preallocated memory. */
const SMALL = 64;

/**
 * The model's verdict on one encoded call, decoded once per outcome word. A refused call's
 * result depends on nothing else, so it is built once too (frozen, shared).
 */
interface Verdict { outcome: Outcome; refused: DriverResult | null }

export class NativeDriver {
  readonly mode: Mode;
  readonly profile: ProfileName;
  /** Native WSAIoctl calls made, for tests of enforce. */
  nativeCalls = 0;
  /** Events the driver created for overlapped calls, and closed (equal once no call is pending). */
  eventsCreated = 0;
  eventsClosed = 0;
  readonly #model: Model;
  readonly #w: Ws2_32;
  /** The profile's index in the model. */
  readonly #p: number;
  /** The call being made, checked and encoded: one object, rewritten by every call. */
  readonly #call = new CheckedCall();
  readonly #verdicts = new Map<number, Verdict>();
  /** What overlapped calls that returned pending still use. */
  #retained: { block: Block; event: bigint }[] = [];
  /** Memory for calls that do not fit the scratch, reused from call to call. */
  readonly #pool: BlockPool;
  /** Small memory reused by synchronous calls whose buffers fit (64 bytes in, 64 out, the DWORD), never given back. */
  readonly #scratch: Block;
  /** Its parts' addresses, computed once. */
  readonly #outAddr: bigint;
  readonly #brAddr: bigint;

  private constructor(model: Model, koffi: Koffi, w: Ws2_32, mode: Mode, profile: ProfileName) {
    this.#model = model;
    this.#w = w;
    this.#p = model.profileIndex(profile);
    this.#pool = new BlockPool(koffi);
    this.#scratch = this.#pool.take(256);
    this.#outAddr = this.#scratch.addr + BigInt(SMALL);
    this.#brAddr = this.#scratch.addr + BigInt(2 * SMALL);
    this.mode = mode;
    this.profile = profile;
  }

  /** Open the driver: loads koffi and ws2_32. Throws LfpError (LFP_NO_WS2_32) where there is no ws2_32. */
  static open(options: DriverOptions): NativeDriver {
    if (process.platform !== "win32") {
      throw new LfpError("LFP_NO_WS2_32", `the native driver needs a Windows Node (this is ${process.platform}); on Linux run it under Wine (see "lfp doctor")`);
    }
    let koffi: Koffi;
    try {
      koffi = typeof options.koffi === "object" ? options.koffi : (createRequire(import.meta.url)(options.koffi ?? "koffi") as Koffi);
    } catch (err) {
      throw new LfpError("LFP_NO_WS2_32", `koffi cannot be loaded: ${(err as Error).message}`);
    }
    let w: Ws2_32;
    try {
      w = options.ws2_32 ?? bindWs2_32(koffi);
    } catch (err) {
      throw new LfpError("LFP_NO_WS2_32", `ws2_32.dll cannot be bound: ${(err as Error).message}`);
    }
    let wine = false;
    try {
      koffi.load("ntdll.dll").func("const char *wine_get_version()");
      wine = true;
    } catch { /* not Wine */ }
    const mode = options.mode ?? "enforce";
    if (!["enforce", "audit", "passthrough"].includes(mode)) throw new LfpError("LFP_BAD_ARGUMENT", `mode: expected enforce, audit or passthrough, got ${JSON.stringify(mode)}`);
    return new NativeDriver(options.model, koffi, w, mode, options.profile ?? (wine ? "wine" : "windows"));
  }

  /** The raw ws2_32 bindings, for setting up sockets. */
  get ws2_32(): Ws2_32 { return this.#w; }

  /** What the model needs to know of a handle: TCP, UDP, or not a socket (asked of ws2_32). */
  handleKind(s: bigint): HandleKind {
    if (s === INVALID_SOCKET) return "invalid-socket";
    const v = this.#scratch;
    v.view.setInt32(4, 4, true);
    if (this.#w.getsockopt(s, SOL_SOCKET, SO_TYPE, v.addr, v.addr + 4n) !== 0) return "not-a-socket";
    return v.view.getInt32(0, true) === 1 ? "tcp" : "udp";
  }

  /**
   * WSAIoctl on socket `s`, checked by the model first according to `mode`. The result of a
   * call enforce refuses is frozen and shared by every refusal with the same reason.
   */
  ioctl(s: bigint, call: DriverCall = NO_CALL, mode: Mode = this.mode): DriverResult {
    const c = this.#call.check(call);
    let model: Outcome | null = null;
    if (mode !== "passthrough") {
      const verdict = this.#verdict(this.#model.evaluateEncoded(this.#p, c.encode(call.handle ?? this.handleKind(s))));
      if (mode === "enforce" && verdict.refused !== null) return verdict.refused;
      model = verdict.outcome;
    }
    const system = c.overlapped === null && (c.input?.length ?? 0) <= SMALL && (c.output?.length ?? 0) <= SMALL ? this.#syncSmall(s, c) : this.#any(s, c);
    const result: DriverResult = { mode, model, forwarded: true, system };
    if (mode === "audit" && model) result.differences = compare(model, system);
    return result;
  }

  /** The verdict for an outcome word, decoded the first time it is seen. */
  #verdict(word: number): Verdict {
    let v = this.#verdicts.get(word);
    if (v === undefined) {
      const outcome = this.#model.outcome(this.#p, word);
      const refused: DriverResult | null = outcome.ret === 0 ? null : Object.freeze({
        mode: "enforce", model: outcome, forwarded: false, system: null,
        refusal: `${outcome.rule.id}: ${outcome.rule.text} (${outcome.rule.source})`,
      } satisfies DriverResult);
      v = { outcome, refused };
      this.#verdicts.set(word, v);
    }
    return v;
  }

  /** A synchronous call with small buffers: the driver's preallocated memory, no allocation. */
  #syncSmall(s: bigint, c: CheckedCall): NativeResult {
    const w = this.#w;
    const { input, output, bytesReturned: withBr } = c;
    const m = this.#scratch;
    // Layout: [0, 64) input, [64, 128) output, [128, 132) *lpcbBytesReturned.
    const bytes = m.bytes;
    // A loop, not TypedArray.set: for the few bytes of a BOOL the builtin's entry costs more than the copy.
    if (input !== null) for (let i = 0; i < input.length; i++) bytes[i] = input[i];
    if (output !== null) for (let i = 0; i < output.length; i++) bytes[SMALL + i] = output[i];
    m.view.setUint32(2 * SMALL, SENTINEL, true);
    this.nativeCalls++;
    const ret = w.WSAIoctl(s, c.code | 0, input !== null ? m.addr : 0n, c.cbIn, output !== null ? this.#outAddr : 0n, c.cbOut, withBr ? this.#brAddr : 0n, 0n, 0n);
    const error = ret === 0 ? 0 : w.WSAGetLastError();
    if (output !== null) output.set(bytes.subarray(SMALL, SMALL + c.cbOut)); // what ws2_32 wrote, back to the caller
    const v = m.view.getUint32(2 * SMALL, true);
    return { ret: ret === 0 ? 0 : -1, error, bytesReturned: !withBr || v === SENTINEL ? "untouched" : v, completion: null };
  }

  /** Any other call: a block of the pool (kept, with its event, while an overlapped call may still write it). */
  #any(s: bigint, c: CheckedCall): NativeResult {
    this.#sweep();
    const w = this.#w;
    const { input, output, overlapped } = c;
    // Layout: OVERLAPPED [0, 32), the event list [32, 40), *lpcbBytesReturned [40, 44), input, output.
    const inAt = 48;
    const outAt = inAt + align8(input?.length ?? 0);
    const block = this.#pool.take(outAt + (output?.length ?? 0));
    const { view, addr } = block;
    let event = 0n;
    let keep = false;
    try {
      if (input !== null) block.bytes.set(input, inAt);
      if (output !== null) block.bytes.set(output, outAt);
      view.setUint32(40, SENTINEL, true);
      if (overlapped !== null) {
        view.setBigUint64(0, BigInt(SENTINEL), true);
        if (overlapped.event) {
          event = BigInt(w.WSACreateEvent());
          this.eventsCreated++;
          view.setBigUint64(24, event, true);
        }
      }
      this.nativeCalls++;
      const ret = w.WSAIoctl(s, c.code | 0, input !== null ? addr + BigInt(inAt) : 0n, c.cbIn, output !== null ? addr + BigInt(outAt) : 0n, c.cbOut, c.bytesReturned ? addr + 40n : 0n, overlapped !== null ? addr : 0n, 0n);
      const error = ret === 0 ? 0 : w.WSAGetLastError();
      if (output !== null) output.set(block.bytes.subarray(outAt, outAt + c.cbOut)); // what ws2_32 wrote so far, back to the caller
      const v = view.getUint32(40, true);
      const result: NativeResult = { ret: ret === 0 ? 0 : -1, error, bytesReturned: !c.bytesReturned || v === SENTINEL ? "untouched" : v, completion: null };
      if (overlapped !== null && (ret === 0 || error === WSA_IO_PENDING)) {
        let signalled = false;
        if (event !== 0n) {
          view.setBigUint64(32, event, true);
          signalled = w.WSAWaitForMultipleEvents(1, addr + 32n, 1, overlapped.waitMs ?? 200, 0) === 0;
        }
        const status = overlappedStatus(view);
        if (status === "pending") {
          result.completion = "pending";
          // The system may still write the OVERLAPPED and signal the event: keep both until it is done.
          this.#retained.push({ block, event });
          keep = true;
        } else {
          result.completion = { status: status ?? Number(view.getBigUint64(0, true) & 0xffffffffn), transferred: Number(view.getBigUint64(8, true) & 0xffffffffn), signalled };
        }
      }
      return result;
    } finally {
      if (!keep) {
        if (event !== 0n) { w.WSACloseEvent(event); this.eventsClosed++; }
        this.#pool.give(block);
      }
    }
  }

  /** Free what completed overlapped calls kept. Called before every call that uses the pool, and by `release`. */
  #sweep(): void {
    if (this.#retained.length === 0) return;
    this.#retained = this.#retained.filter((r) => {
      if (overlappedStatus(r.block.view) === "pending") return true;
      if (r.event !== 0n) { this.#w.WSACloseEvent(r.event); this.eventsClosed++; }
      this.#pool.give(r.block);
      return false;
    });
  }

  /**
   * Close the events and reuse the memory of overlapped calls that have completed since they
   * returned pending; returns how many are still pending (their memory stays: the system may write it).
   */
  release(): number {
    this.#sweep();
    return this.#retained.length;
  }
}

const align8 = (n: number) => (n + 7) & ~7;

/** The completion status in an OVERLAPPED's Internal field (see ntstatus.ts). */
function overlappedStatus(ov: DataView): number | "pending" | null {
  return completionStatus(Number(ov.getBigUint64(0, true) & 0xffffffffn));
}

function compare(model: Outcome, system: NativeResult): Difference[] {
  const out: Difference[] = [];
  if (model.ret !== system.ret) out.push({ field: "ret", model: String(model.ret), system: String(system.ret) });
  if (model.error.code !== system.error) out.push({ field: "error", model: String(model.error.code), system: String(system.error) });
  const mb = model.bytesReturned;
  const sb = system.bytesReturned;
  if (!(mb === sb || (mb === "nonzero" && typeof sb === "number" && sb !== 0))) out.push({ field: "bytesReturned", model: String(mb), system: String(sb) });
  return out;
}
