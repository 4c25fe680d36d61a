// Vector files in one canonical layout (scripts/format-vectors.ts, npm run vectors:format): every
// file of spec-tests/vectors is in it, and the printer changes layout only.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { formatVectorText, FormatError } from "../scripts/format-vectors.js";
import { plainEnv, root, vectorsDir } from "./helpers.js";

const fmt = suite("vector files' canonical form");
const files = readdirSync(vectorsDir).filter((f) => f.endsWith(".json")).sort();
const script = `${root}build/js/scripts/format-vectors.js`;

/** The value with its keys in order: equal texts mean equal values and the same key order. */
const value = (text: string) => JSON.stringify(JSON.parse(text));

fmt("every vector file is in canonical form", () => {
  assert.ok(files.length > 20, "the vectors are where this test looks");
  const off = files.filter((f) => formatVectorText(readFileSync(join(vectorsDir, f), "utf8")) !== readFileSync(join(vectorsDir, f), "utf8"));
  assert.equal(off, [], `not in canonical form: ${off.join(", ")}: run \`npm run vectors:format\` (after npm run build), which rewrites them`);
});

fmt("formatting a vector file keeps its value and key order, and formatting it again changes nothing", () => {
  for (const f of files) {
    const text = readFileSync(join(vectorsDir, f), "utf8");
    const once = formatVectorText(text);
    assert.is(value(once), value(text), f);
    assert.is(formatVectorText(once), once, f);
  }
});

fmt("the layout: one member a line down to the steps, one step a line, one alternative a line", () => {
  const text = '{"format":"lfp-vectors/1","description":"d","cases":[{"id":"in.too-small/x","title":"t","refs":["none"],"steps":[{"op":"socket","as":"s"},'
    + '{"op":"ioctl","socket":"s","cbIn":2,"expect":{"ret":-1,"error":"WSAEINVAL"},"expectBy":{"windows":{"ret":-1,"error":{"oneOf":["WSAEFAULT","WSAEINVAL"]}},"wine":{"ret":-1}},"note":"n"}]},'
    + `{"id":"in.too-small/y","title":"u","refs":[${Array.from({ length: 8 }, (_, i) => `"seed#Parameters/lpvInBuffer-${i}"`).join(",")}],"profiles":["wine"],"steps":[]}],"x":[]}`;
  assert.fixture(formatVectorText(text), `{
  "format": "lfp-vectors/1",
  "description": "d",
  "cases": [
    {
      "id": "in.too-small/x",
      "title": "t",
      "refs": ["none"],
      "steps": [
        {"op": "socket", "as": "s"},
        {"op": "ioctl", "socket": "s", "cbIn": 2, "expect": {"ret": -1, "error": "WSAEINVAL"}, "expectBy": {
          "windows": {"ret": -1, "error": {"oneOf": ["WSAEFAULT", "WSAEINVAL"]}},
          "wine": {"ret": -1}
        }, "note": "n"}
      ]
    },
    {
      "id": "in.too-small/y",
      "title": "u",
      "refs": [
        ${Array.from({ length: 8 }, (_, i) => `"seed#Parameters/lpvInBuffer-${i}"`).join(",\n        ")}
      ],
      "profiles": ["wine"],
      "steps": []
    }
  ],
  "x": []
}
`);
});

fmt("keys, strings and numbers keep their text: a 64-bit number or an escape is not rewritten", () => {
  const text = '{"format":"lfp-vectors/1","cases":[{"id":"a/b","steps":[{"op":"x","n":1.0,"m":1E3,"big":18446744073709551615,"s":"\\u00e9\\/","\\u0061":-0}]}]}';
  const out = formatVectorText(text);
  assert.ok(out.includes('{"op": "x", "n": 1.0, "m": 1E3, "big": 18446744073709551615, "s": "\\u00e9\\/", "\\u0061": -0}'), out);
  assert.is(value(out), value(text));
});

fmt("any file: the same value and key order, whatever its layout; formatting twice is formatting once", () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  const obj = <T>(req: Record<string, fc.Arbitrary<T>>) => fc.tuple(fc.record(req), fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 3 }), fc.boolean())
    .map(([a, b, first]) => (first ? { ...a, ...b } : { ...b, ...a }));
  const step = obj({ op: fc.constantFrom("socket", "ioctl"), expect: json, expectBy: fc.oneof(fc.dictionary(fc.constantFrom("windows", "wine", "windows-7"), json), json) });
  const file = obj({ format: fc.constant("lfp-vectors/1"), cases: fc.oneof(fc.array(obj({ id: fc.string(), refs: fc.array(fc.string(), { maxLength: 12 }), steps: fc.oneof(fc.array(step, { maxLength: 4 }), json) }), { maxLength: 3 }), json) });
  fc.assert(fc.property(fc.oneof(file, json), fc.constantFrom(undefined, 1, 2, "\t"), (v, indent) => {
    const text = JSON.stringify(v, null, indent);
    const once = formatVectorText(text);
    assert.is(value(once), value(text));
    assert.is(formatVectorText(once), once);
  }), { numRuns: 300 });
});

fmt("a file that is not JSON, or has a key twice, is refused with where and why", () => {
  assert.throws(() => formatVectorText('{"format":"lfp-vectors/1",\n"cases":[],\n"cases":[]}'), (e: unknown) => e instanceof FormatError && /line 3, column 1: the key "cases" appears twice/.test(e.message));
  assert.throws(() => formatVectorText('{"format":'), (e: unknown) => e instanceof FormatError && /not valid JSON/.test(e.message));
  assert.throws(() => formatVectorText(`{"cases":${"[".repeat(100)}${"]".repeat(100)}}`), (e: unknown) => e instanceof FormatError && /nested more than 64 deep/.test(e.message));
});

fmt("npm run vectors:format: --check lists what is not canonical (exit 1), without it rewrites; a bad file exits 2 with its name", () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-format-"));
  try {
    const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: "utf8", env: plainEnv });
    const loose = '{"format":"lfp-vectors/1","cases":[{"id":"x/y","title":"t","refs":["none"],"steps":[{"op":"socket","as":"s"}]}]}';
    writeFileSync(join(dir, "a.json"), loose);
    writeFileSync(join(dir, "b.json"), formatVectorText('{"format":"lfp-vectors/1","cases":[]}'));
    let r = run("--check", ".");
    assert.equal([r.status, r.stdout], [1, "not in canonical form: a.json\n1 of 2 vector file(s) in canonical form (npm run vectors:format rewrites them)\n"], r.stderr);
    assert.is(readFileSync(join(dir, "a.json"), "utf8"), loose, "--check writes nothing");
    r = run(".");
    assert.equal([r.status, r.stdout], [0, "1 of 2 vector file(s) rewritten in canonical form\n"], r.stderr);
    assert.is(readFileSync(join(dir, "a.json"), "utf8"), formatVectorText(loose));
    assert.is(run("--check", ".").status, 0);
    assert.match(run("--check").stdout, new RegExp(` of ${files.length} vector file\\(s\\) in canonical form`), "by default, the package's own vectors");
    writeFileSync(join(dir, "c.json"), '{"cases":[],\n"cases":[]}');
    r = run(".");
    assert.equal([r.status, r.stderr], [2, 'vectors:format: c.json: line 2, column 1: the key "cases" appears twice in one object (JSON would keep the last one, silently): remove one\n']);
    assert.equal([run("--fix").status, run("--fix").stderr.split("\n")[0]], [2, "vectors:format: unknown option --fix"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

fmt.run();
