// The canonical printer of vector files (npm run vectors:format): one layout for every file, so
// that a case reads from top to bottom and a diff shows the step that changed.
//
//   {
//     "format": "lfp-vectors/1",
//     "cases": [
//       {
//         "id": "in.too-small/cb-in-2",
//         "title": "...",
//         "refs": ["seed#Parameters/lpvInBuffer"],
//         "steps": [
//           {"op": "socket", "as": "s"},
//           {"op": "ioctl", "socket": "s", "cbIn": 2, "expect": {"ret": -1, "error": "WSAEINVAL"}, "expectBy": {
//             "windows": {"ret": -1, "error": {"oneOf": ["WSAEFAULT", "WSAEINVAL"]}},
//             "wine": {"ret": -1, "error": "WSAEOPNOTSUPP"}
//           }}
//         ]
//       }
//     ]
//   }
//
// The file, its cases and each case are one member a line; `steps` one step a line; a step's
// `expectBy` one profile a line (the alternatives one below the other); `refs` one ref a line
// when they would not fit in 160 columns; everything else inline, as JSON.stringify spaces it. Only layout changes: members keep their order, and every key,
// string and number keeps its exact text (a 64-bit number or an escape is not rewritten), so
// the file parses to the same value. Formatting a formatted file changes nothing.
import { relative } from "node:path";
import { parseJson, showJsonProblem } from "../host/json.js";

/** A JSON value with its scalars' and keys' text as written. */
type Node =
  | { kind: "object"; members: [key: string, value: Node][] }
  | { kind: "array"; items: Node[] }
  | { kind: "scalar"; text: string };

/** A case's array that would make a longer line than this (`refs`) is printed one item a line. */
const WIDTH = 160;
/** Deeper than this is no vector file (the schema's deepest value is a few levels down). */
const MAX_DEPTH = 64;

/** A vector file's text that cannot be formatted: not JSON, a key twice, or nested too deep. */
export class FormatError extends Error {}

/** Read a JSON text that `parseJson` accepted, keeping each key's and scalar's text. */
function read(text: string): Node {
  let i = 0;
  const space = () => { while (i < text.length && " \t\n\r".includes(text[i]!)) i++; };
  const string = () => {
    const start = i++;
    for (;;) {
      const c = text[i++];
      if (c === "\\") i++;
      else if (c === '"') return text.slice(start, i);
    }
  };
  const value = (depth: number): Node => {
    if (depth > MAX_DEPTH) throw new FormatError(`nested more than ${MAX_DEPTH} deep: not a vector file`);
    space();
    const c = text[i];
    if (c === "{" || c === "[") {
      i++;
      const node: Node = c === "{" ? { kind: "object", members: [] } : { kind: "array", items: [] };
      space();
      if (text[i] === (c === "{" ? "}" : "]")) { i++; return node; }
      for (;;) {
        if (node.kind === "object") {
          space();
          const key = string();
          space();
          i++; // :
          node.members.push([key, value(depth + 1)]);
        } else {
          node.items.push(value(depth + 1));
        }
        space();
        if (text[i++] !== ",") return node; // } or ]
      }
    }
    if (c === '"') return { kind: "scalar", text: string() };
    const start = i;
    while (i < text.length && !",]} \t\n\r".includes(text[i]!)) i++;
    return { kind: "scalar", text: text.slice(start, i) };
  };
  return value(0);
}

/** A node on one line: JSON.stringify's spacing (`{"a": 1, "b": [2, 3]}`). */
function inline(n: Node): string {
  if (n.kind === "scalar") return n.text;
  if (n.kind === "array") return `[${n.items.map(inline).join(", ")}]`;
  return `{${n.members.map(([k, v]) => `${k}: ${inline(v)}`).join(", ")}}`;
}

/** The key as a string (keys are kept as written; the layout rules compare their values). */
const keyName = (k: string): string => JSON.parse(k) as string;
/** An array of objects (the cases, the steps). */
const objects = (n: Node): n is Extract<Node, { kind: "array" }> => n.kind === "array" && n.items.every((x) => x.kind === "object");

/** `parts` one a line, indented one level deeper than `indent`, where the closing bracket goes. */
function lines(open: string, close: string, parts: string[], indent: string): string {
  return parts.length === 0 ? `${open}${close}` : `${open}\n${parts.map((p) => `${indent}  ${p}`).join(",\n")}\n${indent}${close}`;
}

/** A step: inline but for `expectBy`, one profile a line. */
function step(n: Node, indent: string): string {
  if (n.kind !== "object") return inline(n);
  let out = "{";
  n.members.forEach(([k, v], i) => {
    if (i > 0) out += ", ";
    out += keyName(k) === "expectBy" && v.kind === "object" && v.members.length > 0
      ? `${k}: ${lines("{", "}", v.members.map(([p, e]) => `${p}: ${inline(e)}`), indent)}`
      : `${k}: ${inline(v)}`;
  });
  return `${out}}`;
}

/** A case: one member a line; `steps` one step a line; another array (`refs`) one item a line if it is longer than WIDTH. */
function testCase(n: Node, indent: string): string {
  if (n.kind !== "object") return inline(n);
  const inner = `${indent}  `;
  return lines("{", "}", n.members.map(([k, v]) => {
    if (v.kind !== "array") return `${k}: ${inline(v)}`;
    if (keyName(k) === "steps" && objects(v)) return `${k}: ${lines("[", "]", v.items.map((s) => step(s, `${inner}  `)), inner)}`;
    const one = `${k}: ${inline(v)}`;
    return inner.length + one.length <= WIDTH ? one : `${k}: ${lines("[", "]", v.items.map(inline), inner)}`;
  }), indent);
}

/** The canonical text of a vector file's text (ending in a newline). Throws FormatError. */
export function formatVectorText(text: string): string {
  const parsed = parseJson(text);
  if (parsed.problem) throw new FormatError(showJsonProblem("", parsed.problem).replace(/^: |^, /, ""));
  const root = read(text);
  if (root.kind !== "object") return `${inline(root)}\n`;
  return `${lines("{", "}", root.members.map(([k, v]) => (keyName(k) === "cases" && objects(v)
    ? `${k}: ${lines("[", "]", v.items.map((c) => testCase(c, "    ")), "  ")}`
    : `${k}: ${inline(v)}`)), "")}\n`;
}

/** The command: rewrite (or with --check, list) the vector files that are not in canonical form. */
async function main(args: string[]): Promise<number> {
  const { readRegularText, showPath, walkFiles, writeFileAtomic } = await import("../host/fs-safe.js");
  const { LfpError } = await import("../host/errors.js");
  const { packageRoot } = await import("../host/paths.js");
  const check = args.includes("--check");
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--check");
  if (unknown.length) {
    process.stderr.write(`vectors:format: unknown option ${unknown[0]}\nusage: npm run vectors:format [-- [--check] [files or folders...]]  (default: spec-tests/vectors)\n`);
    return 2;
  }
  const paths = args.filter((a) => !a.startsWith("-"));
  const walked = walkFiles(paths.length ? paths : [`${packageRoot}spec-tests/vectors`], ".json", { maxFiles: 10000, maxEntries: 100000 });
  const files = walked.files.map((f) => (typeof f === "string" ? f : f.toString("utf8")));
  const problems = [...walked.problems];
  const changed: string[] = [];
  for (const file of files) {
    const name = showPath(relative(process.cwd(), file) || file);
    let text: string;
    let formatted: string;
    try {
      text = readRegularText(file, { maxBytes: 8 * 1024 * 1024, name, kind: "a vector file" });
      formatted = formatVectorText(text);
      if (formatted === text) continue;
      if (!check) writeFileAtomic(file, formatted);
    } catch (err) {
      if (err instanceof FormatError) problems.push(`${name}: ${err.message}`);
      else if (err instanceof LfpError) problems.push(err.message);
      else throw err;
      continue;
    }
    changed.push(name);
  }
  for (const p of problems) process.stderr.write(`vectors:format: ${p}\n`);
  if (check) {
    for (const c of changed) process.stdout.write(`not in canonical form: ${c}\n`);
    process.stdout.write(`${files.length - changed.length} of ${files.length} vector file(s) in canonical form${changed.length ? " (npm run vectors:format rewrites them)" : ""}\n`);
  } else {
    process.stdout.write(`${changed.length} of ${files.length} vector file(s) rewritten in canonical form\n`);
  }
  return problems.length ? 2 : check && changed.length ? 1 : 0;
}

if (process.argv[1]?.endsWith("format-vectors.js")) process.exitCode = await main(process.argv.slice(2));
