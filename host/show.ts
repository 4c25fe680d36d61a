// A value as an error message shows it: JSON where JSON can say it, never a throw (a BigInt, a
// cycle, a value nested too deep for JSON.stringify, a throwing getter), never a page of text.

/** At most this many characters of a value are shown. */
const SHOWN = 80;

/** `v` for a message: its JSON (BigInt as `12n`), cut to 80 characters; a description where JSON fails. */
export function show(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x));
  } catch {
    return Array.isArray(v) ? "an array (too deep or circular to show)" : "an object (too deep, circular or unreadable to show)";
  }
  if (s === undefined) s = typeof v === "bigint" ? `${v}n` : typeof v === "symbol" ? "a symbol" : typeof v === "function" ? "a function" : "undefined";
  return s.length > SHOWN ? `${s.slice(0, SHOWN - 3)}...` : s;
}

/** Is `v` an object that is neither null nor an array (what an options or call argument must be)? */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
