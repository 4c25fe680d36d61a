// Parsing IP literals (IPv4 dotted quad, IPv6 with :: and an embedded IPv4
// tail, each optionally with a port) into the words the model classifies.
// Parsing is plumbing; what counts as loopback is decided in the model.
import { LfpError } from "./errors.js";
import { show } from "./show.js";

/** An address as the model takes it: family and four big-endian 32-bit words. */
export interface ParsedAddress { family: 4 | 6; words: [number, number, number, number]; port: number | null }

function v4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n >>> 0;
}

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
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const groups = 8 - tail.length;
  let all: number[];
  if (halves.length === 2) {
    const fill = groups - head.length - rest.length;
    if (fill < 1) return null;
    all = [...head, ...new Array(fill).fill(0), ...rest, ...tail];
  } else {
    if (head.length !== groups) return null;
    all = [...head, ...tail];
  }
  if (all.length !== 8 || all.some((g) => Number.isNaN(g))) return null;
  return [0, 1, 2, 3].map((i) => ((all[i * 2] << 16) | all[i * 2 + 1]) >>> 0) as [number, number, number, number];
}

/** Parse `127.0.0.1`, `127.0.0.1:80`, `::1`, `[::1]:80`, `::ffff:127.0.0.1`. Throws LfpError naming `field`. */
export function parseAddress(text: unknown, fieldName: string, withPort: boolean): ParsedAddress {
  const field = typeof fieldName === "string" ? fieldName : "address"; // a label for messages, whatever a caller passes
  if (typeof text !== "string") throw new LfpError("LFP_BAD_VECTOR", `${field}: expected an IP address string, got ${show(text)}`);
  let host = text;
  let port: number | null = null;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracket) {
    host = bracket[1];
    port = bracket[2] === undefined ? null : Number(bracket[2]);
  } else if (/^[\d.]+:\d+$/.test(text)) {
    const i = text.lastIndexOf(":");
    host = text.slice(0, i);
    port = Number(text.slice(i + 1));
  }
  if (port !== null && (!withPort || port > 65535)) {
    throw new LfpError("LFP_BAD_VECTOR", `${field}: ${withPort ? "port out of range" : "no port expected"} in ${show(text)}`);
  }
  const a = v4(host);
  if (a !== null) return { family: 4, words: [a, 0, 0, 0], port };
  const b = host.includes(":") ? v6(host) : null;
  if (b !== null) return { family: 6, words: b, port };
  throw new LfpError("LFP_BAD_VECTOR", `${field}: ${show(text)} is not an IPv4 or IPv6 literal`);
}
