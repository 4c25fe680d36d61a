// JSON text as the tools read it: JSON.parse, plus what JSON.parse lets pass silently: a key
// given twice in one object, where the last one wins (a second "steps" would hide the steps a
// reviewer reads). Problems say the line and column. Platform-neutral, no recursion (a file
// nested 100,000 deep is read like any other).

/** Where an offset of `text` is: 1-based line and column. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) { line++; start = i + 1; }
  return { line, column: offset - start + 1 };
}

/** A problem of a JSON text: a syntax error (where the engine says) or a key given twice. */
export interface JsonProblem { kind: "syntax" | "duplicate"; message: string; line?: number; column?: number }

/** Parse `text`; a syntax error or a duplicate key is returned as a problem, never thrown. */
export function parseJson(text: string): { value: unknown; problem?: undefined } | { problem: JsonProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = String((err as Error).message);
    const at = /position (\d+)/.exec(message);
    return { problem: { kind: "syntax", message: message.replace(/ in JSON at position \d+.*$/s, ""), ...(at ? lineColumn(text, Number(at[1])) : {}) } };
  }
  const dup = duplicateKey(text);
  if (dup !== null) {
    return { problem: { kind: "duplicate", message: `the key ${JSON.stringify(dup.key)} appears twice in one object (JSON would keep the last one, silently): remove one`, ...lineColumn(text, dup.offset) } };
  }
  return { value };
}

/** The problem as one line about `file`. */
export function showJsonProblem(file: string, p: JsonProblem): string {
  const at = p.line === undefined ? "" : ` at line ${p.line}, column ${p.column}`;
  return p.kind === "syntax" ? `${file}: not valid JSON${at}: ${p.message}` : `${file}${at.replace(" at", ",")}: ${p.message}`;
}

/**
 * The first key that appears twice in one object of a valid JSON text, with the offset of its
 * second occurrence; null if none. One pass, a stack of the open objects' keys.
 */
export function duplicateKey(text: string): { key: string; offset: number } | null {
  // One entry per open container: the keys seen (an object) or null (an array).
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { // a string: find its end (a quote not escaped)
      let j = i + 1;
      for (;; j++) {
        j = text.indexOf('"', j);
        if (j < 0) return null; // cannot happen in valid JSON
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if ((j - 1 - k) % 2 === 0) break;
      }
      if (expectKey) {
        const raw = text.slice(i + 1, j);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, j + 1)) as string) : raw;
        const keys = stack[stack.length - 1]!;
        if (keys.has(key)) return { key, offset: i };
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b) { stack.push(new Set()); expectKey = true; } // {
    else if (c === 0x5b) { stack.push(null); expectKey = false; } // [
    else if (c === 0x7d || c === 0x5d) { stack.pop(); expectKey = false; } // } ]
    else if (c === 0x2c) expectKey = stack[stack.length - 1] != null; // , in an object: a key follows
  }
  return null;
}
