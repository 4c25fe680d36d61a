// The driver's call: real buffers, checked for memory safety and encoded into
// the model's integer ABI without building a `Call` object. Per call it does
// no allocation: the checked fields live in one object the driver rewrites.
// Pure JavaScript (no koffi), so it is tested on any platform against
// encodeCall, the ABI's one author.
import { encodeCall, SIO_LOOPBACK_FAST_PATH, type EncodedCall, type HandleKind } from "../call.js";
import { LfpError } from "../errors.js";

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
  /** The output bytes handed over (lpvOutBuffer); null for NULL (default). The first cbOut bytes get what ws2_32 wrote there. */
  out?: Uint8Array | null;
  /** cbOutBuffer; default 0. Larger than out.length is refused. */
  cbOut?: number;
  /** Pass lpcbBytesReturned (default true) or NULL. */
  bytesReturned?: boolean;
  /** Make the call overlapped, with or without an event (waited for up to `waitMs`). */
  overlapped?: { event: boolean; waitMs?: number } | null;
}

/** The handle kinds in the order of the shape table. */
const HANDLE_KINDS: readonly HandleKind[] = ["tcp", "udp", "not-a-socket", "closed", "invalid-socket"];
/** The default input: a 4-byte BOOL 1. Never written (the driver copies it into its own memory). */
const DEFAULT_IN = new Uint8Array([1, 0, 0, 0]);

/** The shape-table index of a handle kind, or -1. A switch: no lookup object, no allocation. */
function handleIndex(h: unknown): number {
  switch (h) {
    case "tcp": return 0;
    case "udp": return 1;
    case "not-a-socket": return 2;
    case "closed": return 3;
    case "invalid-socket": return 4;
    default: return -1;
  }
}

function bad(why: string): never {
  throw new LfpError("LFP_BAD_CALL", why);
}

/** A count: undefined (the default) or an unsigned 32-bit integer. */
function count(v: unknown, dflt: number, field: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) bad(`${field}: expected an unsigned 32-bit integer, got ${JSON.stringify(v)}`);
  return v;
}

/** A buffer argument: undefined (the default), null, or a Uint8Array. */
function bytes(v: unknown, dflt: Uint8Array | null, field: string): Uint8Array | null {
  if (v === undefined) return dflt;
  if (v === null || v instanceof Uint8Array) return v;
  return bad(`${field}: expected a Uint8Array or null, got ${typeof v === "object" ? Object.prototype.toString.call(v) : JSON.stringify(v)}`);
}

/** The first 4 bytes (fewer when fewer were handed over), little-endian, as encodeCall reads them. */
function firstWord(b: Uint8Array | null): number {
  if (b === null) return 0;
  if (b.length >= 4) return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  let v = 0;
  for (let i = b.length - 1; i >= 0; i--) v = v * 256 + b[i];
  return v;
}

/** Where a call shape's flags word sits in the table. */
function shapeIndex(handle: number, inGiven: boolean, outGiven: boolean, bytesReturned: boolean, overlapped: number): number {
  return (((handle * 2 + +inGiven) * 2 + +outGiven) * 2 + +bytesReturned) * 3 + overlapped;
}

/** The model's flags word for every call shape (handle × in × out × lpcbBytesReturned × lpOverlapped), encoded once by encodeCall. */
function shapeFlags(): Uint32Array {
  const table = new Uint32Array(HANDLE_KINDS.length * 24);
  const overlaps = [null, { event: false }, { event: true }] as const;
  HANDLE_KINDS.forEach((handle, h) => {
    for (const inGiven of [false, true]) for (const outGiven of [false, true]) for (const bytesReturned of [false, true]) {
      overlaps.forEach((overlapped, o) => {
        table[shapeIndex(h, inGiven, outGiven, bytesReturned, o)] = encodeCall({
          handle, in: inGiven ? { bytes: "" } : null, out: outGiven ? { bytes: "" } : null,
          bytesReturned: bytesReturned ? "valid" : null, overlapped,
        }).flags;
      });
    }
  });
  return table;
}

/**
 * A DriverCall checked and its defaults filled in. One instance per driver, rewritten by every
 * `check` (read its fields before the next call).
 */
export class CheckedCall {
  input: Uint8Array | null = null;
  output: Uint8Array | null = null;
  cbIn = 0;
  cbOut = 0;
  code = SIO_LOOPBACK_FAST_PATH;
  /** lpcbBytesReturned is passed. */
  bytesReturned = true;
  overlapped: { event: boolean; waitMs?: number } | null = null;
  /** The call for the model, filled by `encode`. */
  readonly encoded: EncodedCall = { flags: 0, code: 0, cbIn: 0, inLen: 0, inValue: 0, cbOut: 0, outLen: 0 };
  readonly #flags = shapeFlags();

  /** Check `call` (throws LfpError LFP_BAD_CALL naming the field) and fill in the defaults. */
  check(call: DriverCall): this {
    const input = bytes(call.in, DEFAULT_IN, "in");
    const output = bytes(call.out, null, "out");
    const inLen = input === null ? 0 : input.length;
    const outLen = output === null ? 0 : output.length;
    const cbIn = count(call.cbIn, inLen, "cbIn");
    const cbOut = count(call.cbOut, 0, "cbOut");
    // Memory safety: never let ws2_32 read or write past what the caller handed over.
    if (cbIn > inLen) bad(`cbIn: ${cbIn} is larger than the ${inLen} bytes handed over; refused before ws2_32`);
    if (cbOut > outLen) bad(`cbOut: ${cbOut} is larger than the ${outLen} bytes handed over; refused before ws2_32`);
    const ov = call.overlapped;
    if (ov !== undefined && ov !== null && (typeof ov !== "object" || typeof ov.event !== "boolean")) bad(`overlapped: expected null or {event: true|false, waitMs?}, got ${JSON.stringify(ov)}`);
    const br = call.bytesReturned;
    if (br !== undefined && typeof br !== "boolean") bad(`bytesReturned: expected true or false, got ${JSON.stringify(br)}`);
    this.input = input;
    this.output = output;
    this.cbIn = cbIn;
    this.cbOut = cbOut;
    this.code = count(call.code, SIO_LOOPBACK_FAST_PATH, "code");
    this.bytesReturned = br !== false;
    this.overlapped = ov ?? null;
    return this;
  }

  /** Encode the checked call for the model, for a handle of kind `handle`. */
  encode(handle: HandleKind): EncodedCall {
    const h = handleIndex(handle);
    if (h < 0) bad(`handle: expected one of ${HANDLE_KINDS.join(", ")}, got ${JSON.stringify(handle)}`);
    const e = this.encoded;
    const ov = this.overlapped;
    e.flags = this.#flags[shapeIndex(h, this.input !== null, this.output !== null, this.bytesReturned, ov === null ? 0 : ov.event ? 2 : 1)];
    e.code = this.code;
    e.cbIn = this.cbIn;
    e.inLen = this.input === null ? 0 : this.input.length;
    e.inValue = firstWord(this.input);
    e.cbOut = this.cbOut;
    e.outLen = this.output === null ? 0 : this.output.length;
    return e;
  }
}
