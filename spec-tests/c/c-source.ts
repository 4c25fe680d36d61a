// Writing C source text: literals and the parts of a vector step both
// generators need (the observer and the Wine-style test).
import { parseAddress, type ParsedAddress } from "../../host/address.js";
import { buffer, encodeCall } from "../../host/call.js";
import { F_BYTES_RETURNED, F_IN, F_OUT, F_OVERLAPPED, F_ROUTINE, M_POINTER, P_VALID } from "../../assembly/shared/layout.js";
import type { Catalogue } from "../../host/catalogue.js";
import { callOf } from "../runner/step-call.js";
import { stepRef } from "../runner/socket-ref.js";
import type { LoadedCase, Step } from "../runner/vectors.js";
import { onIssuingThread } from "../runner/targets/native/player.js";

/** A C string literal of `s` (UTF-8 bytes beyond ASCII escaped, so the source stays ASCII). */
export function cString(s: string): string {
  let out = "\"";
  for (const b of Buffer.from(s, "utf8")) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b === 0x0a) out += "\\n";
    else if (b >= 0x20 && b < 0x7f && b !== 0x3f) out += String.fromCharCode(b); // '?' escaped: no trigraphs
    else out += `\\${b.toString(8).padStart(3, "0")}`;
  }
  return `${out}"`;
}

/** Text safe inside a C block comment. */
export function cComment(s: string): string {
  return s.replace(/\*\//g, "* /").replace(/[^\x20-\x7e]/g, "?");
}

/** An identifier made of a case id: letters, digits and underscores. */
export function cIdentifier(id: string): string {
  return id.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "");
}

/** The address of a bind or connect step. */
export function addressOf(text: string): ParsedAddress {
  return parseAddress(text, "address", true);
}

/** A struct lfp_addr / test address literal: { family, { four big-endian words }, port or -1 }. */
export function addressLiteral(a: ParsedAddress): string {
  return `{ ${a.family}, { ${a.words.map((w) => `0x${w.toString(16)}`).join(", ")} }, ${a.port ?? -1} }`;
}

/** The socket() arguments of a socket step. */
export function socketArgs(step: Step): { af: string; type: string; protocol: string; flags: string } {
  const dgram = step.type === "dgram";
  const udp = (step.protocol ?? (dgram ? "udp" : "tcp")) === "udp";
  return {
    af: step.family === "inet6" ? "AF_INET6" : "AF_INET",
    type: dgram ? "SOCK_DGRAM" : "SOCK_STREAM",
    protocol: udp ? "IPPROTO_UDP" : "IPPROTO_TCP",
    flags: step.overlapped === false ? "0" : "WSA_FLAG_OVERLAPPED",
  };
}

/** Whether a connect step names a socket of the case (else an address). */
export function connectsToSocket(c: LoadedCase, step: Step): boolean {
  return c.steps.some((x) => x.as === step.to);
}

/** A setsockopt step's level and option numbers, from the model's catalogue. */
export function optionNumbers(step: Step, cat: Pick<Catalogue, "levels" | "options">): { level: number; name: number } {
  const level = cat.levels.find((l) => l.name === step.level);
  const opt = cat.options.find((o) => o.name === step.name);
  if (!level || !opt) throw new Error(`setsockopt ${step.level}/${step.name}: not in the model's catalogue`);
  return { level: level.number, name: opt.number };
}

/** An ioctl step as the call it makes: every argument, from the same encoding the model and the Node player use. */
export interface IoctlArgs {
  handle: "socket" | "not-a-socket" | "invalid-socket";
  socket: string | null;
  wsp: boolean;
  code: number;
  inKind: number;
  inBytes: Uint8Array;
  cbIn: number;
  outKind: number;
  outLen: number;
  cbOut: number;
  bytesReturned: number;
  overlapped: number;
  routine: number;
  as: string | null;
}

export function ioctlArgs(step: Step): IoctlArgs {
  const call = callOf(step);
  const c = encodeCall(call);
  const ref = stepRef(step);
  const kind = (shift: number) => (c.flags >>> shift) & M_POINTER;
  const inKind = kind(F_IN);
  let inBytes: Uint8Array = new Uint8Array(0);
  if (inKind === P_VALID) {
    const b = buffer(call.in ?? { bool: 1 }, "in");
    // Hex as given; a BOOL or u32 as its 4 little-endian bytes.
    inBytes = b.bytes ?? new Uint8Array(4);
    if (b.bytes === null) new DataView(inBytes.buffer).setUint32(0, b.value, true);
  }
  return {
    handle: ref.kind === "not-a-socket" || ref.kind === "invalid-socket" ? ref.kind : "socket",
    socket: ref.kind === "socket" || ref.kind === "closed" ? ref.name : null,
    wsp: step.api === "WSPIoctl",
    code: c.code, inKind, inBytes, cbIn: c.cbIn,
    outKind: kind(F_OUT), outLen: c.outLen, cbOut: c.cbOut,
    bytesReturned: kind(F_BYTES_RETURNED), overlapped: kind(F_OVERLAPPED), routine: kind(F_ROUTINE),
    as: step.as ?? null,
  };
}

/** Bytes as a C string literal (its terminating NUL is not counted). */
export function bytesLiteral(b: Uint8Array): string {
  return `"${[...b].map((x) => `\\x${x.toString(16).padStart(2, "0")}`).join("")}"`;
}

export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

/**
 * The C expression that plays one step with the step mechanics (spec-tests/c/steps): `st` is
 * the case's state, `a` where the step's outcome goes; it is 1 when the step ran.
 */
export function stepCall(c: LoadedCase, step: Step, cat: Pick<Catalogue, "levels" | "options">, st: string, a: string): string {
  const s = (name: string | undefined) => cString(name ?? "");
  switch (step.op) {
    case "socket": {
      const x = socketArgs(step);
      return `lfp_socket(${st}, ${s(step.as)}, ${x.af}, ${x.type}, ${x.protocol}, ${x.flags}, ${a})`;
    }
    case "bind": return `lfp_bind(${st}, ${s(step.socket)}, &(const struct lfp_addr)${addressLiteral(addressOf(step.address!))}, ${a})`;
    case "listen": return `lfp_listen(${st}, ${s(step.socket)}, ${a})`;
    case "connect":
      return connectsToSocket(c, step)
        ? `lfp_connect_socket(${st}, ${s(step.socket)}, ${s(step.to)}, ${a})`
        : `lfp_connect_addr(${st}, ${s(step.socket)}, &(const struct lfp_addr)${addressLiteral(addressOf(step.to!))}, ${a})`;
    case "accept": return `lfp_accept(${st}, ${s(step.socket)}, ${s(step.as)}, ${a})`;
    case "ioctl": {
      const x = ioctlArgs(step);
      const handle = { socket: "LFP_H_SOCKET", "not-a-socket": "LFP_H_NOT_A_SOCKET", "invalid-socket": "LFP_H_INVALID_SOCKET" }[x.handle];
      const fields = [
        `.handle = ${handle}`, ...(x.socket !== null ? [`.socket = ${s(x.socket)}`] : []), ...(x.wsp ? [".wsp = 1"] : []),
        `.code = ${hex(x.code)}`, `.in_kind = ${x.inKind}`, ...(x.inKind === 1 ? [`.in = (const unsigned char *)${bytesLiteral(x.inBytes)}`, `.in_len = ${x.inBytes.length}`] : []),
        `.cb_in = ${x.cbIn}`, `.out_kind = ${x.outKind}`, `.out_len = ${x.outLen}`, `.cb_out = ${x.cbOut}`,
        `.bytes_returned = ${x.bytesReturned}`, `.overlapped = ${x.overlapped}`, `.routine = ${x.routine}`, ...(x.as !== null ? [`.as = ${s(x.as)}`] : []),
        ...(onIssuingThread(c, c.steps.indexOf(step)) ? [".on_thread = 1"] : []),
      ];
      return `lfp_ioctl(${st}, &(const struct lfp_ioctl){ ${fields.join(", ")} }, ${a})`;
    }
    case "setsockopt": {
      const n = optionNumbers(step, cat);
      return `lfp_setsockopt(${st}, ${s(step.socket)}, ${hex(n.level)} /* ${step.level} */, ${hex(n.name)} /* ${step.name} */, ${hex(step.value!)}, ${a})`;
    }
    case "send": return `lfp_send(${st}, ${s(step.socket)}, ${step.bytes}, ${a})`;
    case "recv": return `lfp_recv(${st}, ${s(step.socket)}, ${step.bytes}, ${a})`;
    case "close": return `lfp_close(${st}, ${s(step.socket)}, ${a})`;
    case "wait": return `lfp_wait(${st}, ${s(step.operation)}, ${a})`;
    case "cancel": return `lfp_cancel(${st}, ${s(step.socket)}, ${step.operation === undefined ? "NULL" : s(step.operation)}, ${+onIssuingThread(c, c.steps.indexOf(step))}, ${a})`;
    case "condition": return `lfp_condition(${st}, ${a})`;
    case "observe": return `lfp_cannot(${st}, ${cString("observe cannot be performed on a real stack")})`;
    case "exitThread": return `lfp_exit_thread(${st}, ${a})`;
  }
}
