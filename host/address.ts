// Parsing IP literals (IPv4 dotted quad, IPv6 with :: and an embedded IPv4
// tail, each optionally with a port) into the words the model classifies.
// Parsing is plumbing; what counts as loopback is decided in the model.
import { LfpError } from "./errors.js";
import { show } from "./show.js";

/** An address as the model takes it: family and four big-endian 32-bit words. */
export interface ParsedAddress { family: 4 | 6; words: [number, number, number, number]; port: number | null }

/** A dotted quad as one big-endian word, or null. */
function v4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  return m && m.slice(1).every((p) => +p < 256) ? m.slice(1).reduce((n, p) => n * 256 + +p, 0) >>> 0 : null;
}

/** Eight 16-bit groups ("::" standing for one or more zero groups; the last two may be a dotted quad) as four words, or null. */
function v6(text: string): [number, number, number, number] | null {
  let tail: number[] = [];
  let body = text;
  const lastColon = text.lastIndexOf(":");
  const last = text.slice(lastColon + 1);
  if (last.includes(".")) { // embedded IPv4 tail: ::ffff:127.0.0.1
    const n = v4(last);
    if (n === null) return null;
    tail = [n >>> 16, n & 0xffff];
    body = text.slice(0, lastColon + 1);
    if (!body.endsWith("::")) body = body.slice(0, -1);
  }
  const halves = body.split("::");
  const groups = (s = "") => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  const fill = 8 - tail.length - head.length - rest.length;
  if (halves.length > 2 || (halves.length === 2 ? fill < 1 : fill !== 0)) return null;
  const all = [...head, ...Array<string>(fill).fill("0"), ...rest];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const n = [...all.map((g) => parseInt(g, 16)), ...tail];
  return [0, 1, 2, 3].map((i) => ((n[i * 2] << 16) | n[i * 2 + 1]) >>> 0) as [number, number, number, number];
}

/** Parse `127.0.0.1`, `127.0.0.1:80`, `::1`, `[::1]:80`, `::ffff:127.0.0.1`. Throws LfpError naming `field`. */
export function parseAddress(text: unknown, fieldName: string, withPort: boolean): ParsedAddress {
  const field = typeof fieldName === "string" ? fieldName : "address"; // a label for messages, whatever a caller passes
  if (typeof text !== "string") throw new LfpError("LFP_BAD_VECTOR", `${field}: expected an IP address string, got ${show(text)}`);
  // [host]:port or [host]; a dotted quad with a port; else the host alone.
  const m = /^\[([^\]]+)\](?::(\d+))?$|^([\d.]+):(\d+)$/.exec(text);
  const host = m ? m[1] ?? m[3] : text;
  const digits = m?.[2] ?? m?.[4];
  const port = digits === undefined ? null : Number(digits);
  if (port !== null && (!withPort || port > 65535)) {
    throw new LfpError("LFP_BAD_VECTOR", `${field}: ${withPort ? "port out of range" : "no port expected"} in ${show(text)}`);
  }
  const a = v4(host);
  if (a !== null) return { family: 4, words: [a, 0, 0, 0], port };
  const b = host.includes(":") ? v6(host) : null;
  if (b !== null) return { family: 6, words: b, port };
  throw new LfpError("LFP_BAD_VECTOR", `${field}: ${show(text)} is not an IPv4 or IPv6 literal`);
}
