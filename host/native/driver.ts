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
import { Arena, bindWs2_32, INVALID_SOCKET, WSA_IO_PENDING, type Koffi, type Ws2_32 } from "./ws2_32.js";
import { SENTINEL, completionStatus } from "./ntstatus.js";

/** enforce: refuse what the model says fails; audit: forward and compare; passthrough: forward only. */
export type Mode = "enforce" | "audit" | "passthrough";

/** One call as the driver takes it: real buffers, not descriptions. */
export interface DriverCall {
  /** What the handle is, if the caller knows; otherwise the driver asks ws2_32 (one getsockopt). */
  handle?: HandleKind;
  /** dwIoControlCode; default SIO_LOOPBACK_FAST_PATH. */
  code?: number;
  /** The input bytes handed over (lpvInBuffer); null for NULL. Default: a 4-byte BOOL 1. */
  in?: Uint8Array | null;
  /** cbInBuffer; default in.length. Larger than in.length is refused. */
  cbIn?: number;
  /** The output bytes handed over; null for NULL (default). */
  out?: Uint8Array | null;
  /** cbOutBuffer; default 0. Larger than out.length is refused. */
  cbOut?: number;
  /** Pass lpcbBytesReturned (default true) or NULL. */
  bytesReturned?: boolean;
  /** Make the call overlapped, with or without an event (waited for up to `waitMs`). */
  overlapped?: { event: boolean; waitMs?: number } | null;
}

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
}

const SOL_SOCKET = 0xffff;
const SO_TYPE = 0x1008;

export class NativeDriver {
  readonly mode: Mode;
  readonly profile: ProfileName;
  /** Native WSAIoctl calls made, for tests of enforce. */
  nativeCalls = 0;
  readonly #model: Model;
  readonly #koffi: Koffi;
  readonly #w: Ws2_32;
  /** Small memory reused by synchronous calls whose buffers fit (64 bytes in, 64 out, the DWORD). */
  readonly #scratch: { addr: bigint; view: DataView };
  /** Its parts' addresses, computed once. */
  readonly #outAddr: bigint;
  readonly #brAddr: bigint;

  private constructor(model: Model, koffi: Koffi, w: Ws2_32, mode: Mode, profile: ProfileName) {
    this.#model = model;
    this.#koffi = koffi;
    this.#w = w;
    this.#scratch = new Arena(koffi).alloc(256); // lives as long as the driver
    this.#outAddr = this.#scratch.addr + 64n;
    this.#brAddr = this.#scratch.addr + 128n;
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
      w = bindWs2_32(koffi);
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

  /** WSAIoctl on socket `s`, checked by the model first according to `mode`. */
  ioctl(s: bigint, call: DriverCall = {}, mode: Mode = this.mode): DriverResult {
    const input = call.in === undefined ? new Uint8Array([1, 0, 0, 0]) : call.in;
    const cbIn = call.cbIn ?? input?.length ?? 0;
    const output = call.out ?? null;
    const cbOut = call.cbOut ?? 0;
    // Memory safety: never let ws2_32 read or write past what the caller handed over.
    if (!Number.isInteger(cbIn) || cbIn < 0 || cbIn > 0xffffffff) throw new LfpError("LFP_BAD_CALL", `cbIn: expected an unsigned 32-bit integer, got ${cbIn}`);
    if (!Number.isInteger(cbOut) || cbOut < 0 || cbOut > 0xffffffff) throw new LfpError("LFP_BAD_CALL", `cbOut: expected an unsigned 32-bit integer, got ${cbOut}`);
    if (cbIn > (input?.length ?? 0)) throw new LfpError("LFP_BAD_CALL", `cbIn: ${cbIn} is larger than the ${input?.length ?? 0} bytes handed over; refused before ws2_32`);
    if (cbOut > (output?.length ?? 0)) throw new LfpError("LFP_BAD_CALL", `cbOut: ${cbOut} is larger than the ${output?.length ?? 0} bytes handed over; refused before ws2_32`);
    let model: Outcome | null = null;
    if (mode !== "passthrough") {
      model = this.#model.evaluate({
        handle: call.handle ?? this.handleKind(s), code: call.code,
        in: input === null ? null : input.length === 4 ? { u32: (input[0] | (input[1] << 8) | (input[2] << 16) | (input[3] << 24)) >>> 0 } : { bytes: Buffer.from(input).toString("hex") }, cbIn,
        out: output === null ? null : { bytes: Buffer.from(output).toString("hex") }, cbOut,
        bytesReturned: call.bytesReturned === false ? null : "valid",
        overlapped: call.overlapped ? { event: call.overlapped.event } : null,
      }, this.profile);
      if (mode === "enforce" && model.ret !== 0) {
        return { mode, model, forwarded: false, system: null, refusal: `${model.rule.id}: ${model.rule.text} (${model.rule.source})` };
      }
    }
    const system = this.#call(s, call, input, cbIn, output, cbOut);
    const result: DriverResult = { mode, model, forwarded: true, system };
    if (mode === "audit" && model) result.differences = compare(model, system);
    return result;
  }

  #syncSmall(s: bigint, call: DriverCall, input: Uint8Array | null, cbIn: number, output: Uint8Array | null, cbOut: number): NativeResult {
    const w = this.#w;
    const m = this.#scratch;
    // Layout: [0, 64) input, [64, 128) output, [128, 132) *lpcbBytesReturned.
    if (input) for (let i = 0; i < input.length; i++) m.view.setUint8(i, input[i]);
    if (output) for (let i = 0; i < output.length; i++) m.view.setUint8(64 + i, output[i]);
    m.view.setUint32(128, SENTINEL, true);
    this.nativeCalls++;
    const ret = w.WSAIoctl(s, (call.code ?? 0x98000010) | 0, input ? m.addr : 0n, cbIn, output ? this.#outAddr : 0n, cbOut, call.bytesReturned === false ? 0n : this.#brAddr, 0n, 0n);
    const error = ret === 0 ? 0 : w.WSAGetLastError();
    const v = m.view.getUint32(128, true);
    return { ret: ret === 0 ? 0 : -1, error, bytesReturned: call.bytesReturned === false || v === SENTINEL ? "untouched" : v, completion: null };
  }

  #call(s: bigint, call: DriverCall, input: Uint8Array | null, cbIn: number, output: Uint8Array | null, cbOut: number): NativeResult {
    const w = this.#w;
    if (!call.overlapped && (input?.length ?? 0) <= 64 && (output?.length ?? 0) <= 64) return this.#syncSmall(s, call, input, cbIn, output, cbOut);
    const a = new Arena(this.#koffi);
    let keep = false;
    try {
      const copy = (bytes: Uint8Array | null) => {
        if (bytes === null) return 0n;
        const m = a.alloc(bytes.length);
        bytes.forEach((b, i) => m.view.setUint8(i, b));
        return m.addr;
      };
      const inAddr = copy(input);
      const outAddr = copy(output);
      const br = a.alloc(4);
      br.view.setUint32(0, SENTINEL, true);
      let ov: ReturnType<Arena["alloc"]> | null = null;
      let event = 0n;
      if (call.overlapped) {
        ov = a.alloc(32);
        ov.view.setBigUint64(0, BigInt(SENTINEL), true);
        if (call.overlapped.event) {
          event = BigInt(w.WSACreateEvent());
          ov.view.setBigUint64(24, event, true);
        }
      }
      this.nativeCalls++;
      const ret = w.WSAIoctl(s, (call.code ?? 0x98000010) | 0, inAddr, cbIn, outAddr, cbOut, call.bytesReturned === false ? 0n : br.addr, ov?.addr ?? 0n, 0n);
      const error = ret === 0 ? 0 : w.WSAGetLastError();
      const v = br.view.getUint32(0, true);
      const result: NativeResult = { ret: ret === 0 ? 0 : -1, error, bytesReturned: call.bytesReturned === false || v === SENTINEL ? "untouched" : v, completion: null };
      if (ov && (ret === 0 || error === WSA_IO_PENDING)) {
        let signalled = false;
        if (event !== 0n) {
          const list = a.alloc(8);
          list.view.setBigUint64(0, event, true);
          signalled = w.WSAWaitForMultipleEvents(1, list.addr, 1, call.overlapped!.waitMs ?? 200, 0) === 0;
        }
        const internal = Number(ov.view.getBigUint64(0, true) & 0xffffffffn);
        const status = completionStatus(internal);
        if (status === "pending") {
          result.completion = "pending";
          keep = true; // the system may still write the OVERLAPPED: leave it allocated
        } else {
          result.completion = { status: status ?? internal, transferred: Number(ov.view.getBigUint64(8, true) & 0xffffffffn), signalled };
        }
      }
      if (event !== 0n) w.WSACloseEvent(event);
      return result;
    } finally {
      if (!keep) a.freeAll();
    }
  }
}

function compare(model: Outcome, system: NativeResult): Difference[] {
  const out: Difference[] = [];
  if (model.ret !== system.ret) out.push({ field: "ret", model: String(model.ret), system: String(system.ret) });
  if ((model.error?.code ?? 0) !== system.error) out.push({ field: "error", model: String(model.error?.code ?? 0), system: String(system.error) });
  const mb = model.bytesReturned;
  const sb = system.bytesReturned;
  if (!(mb === sb || (mb === "nonzero" && typeof sb === "number" && sb !== 0))) out.push({ field: "bytesReturned", model: String(mb), system: String(sb) });
  return out;
}
