// Finding and reading vector files (Node only), through the one safe reader (host/fs-safe.ts).
import { relative, resolve } from "node:path";
import type { Catalogue } from "../../host/catalogue.js";
import { LfpError } from "../../host/errors.js";
import { readRegularText, showPath, walkFiles, type FsPath } from "../../host/fs-safe.js";
import { parseJson, showJsonProblem } from "../../host/json.js";
import type { LoadedCase, VectorFile } from "./vectors.js";
import { socketRef } from "./socket-ref.js";
import type { KnownDivergence } from "./run.js";

/** Files larger than this are refused before parsing (a runaway file, not a vector suite). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** A walk that finds more vector files, or more entries, than this stops: that tree is no suite. */
export const MAX_FILES = 10000;
export const MAX_ENTRIES = 100000;
/** All the files of one load together may not hold more than this. */
export const MAX_SUITE_BYTES = 256 * 1024 * 1024;

/**
 * A fingerprint of a file's text: its length and two 32-bit FNV-1a style hashes. It notices an
 * edited file (an accidental match is about 1 in 2^64); it is no defence against someone forging
 * a file, which needs no forging: they could edit the checked list as well. (node:crypto is not
 * used: importing it costs more than the check it would save.)
 */
export function textDigest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
  }
  return `${text.length}-${(a >>> 0).toString(16)}-${(b >>> 0).toString(16)}`;
}

/**
 * Load every case under `paths` (files or folders of *.json). All problems of all files are reported together.
 * `checked` lists files (absolute path → `textDigest` of their text) that were checked against this very model
 * when the package was built (scripts/bundle.ts): a file with that exact text is not checked again, so the
 * schema validator is not even loaded for the package's own vectors. Any other file gets every check.
 */
export async function loadVectors(paths: string[], cat: Catalogue, checked: ReadonlyMap<string, string> = new Map()): Promise<LoadedCase[]> {
  const walked = walkFiles(paths, ".json", { maxFiles: MAX_FILES, maxEntries: MAX_ENTRIES });
  if (walked.cut) throw new LfpError("LFP_BAD_VECTOR", walked.problems.join("\n"));
  const seen = new Map<string, string>();
  const cases: LoadedCase[] = [];
  const problems: string[] = [...walked.problems];
  let total = 0;
  // Read synchronously: a suite is a few hundred KB from the page cache, and the thread pool's
  // round trips cost more than the reads (they were most of lfp spec's wait on a busy machine).
  // Parsed in order: a duplicate id names the first file.
  const texts = walked.files.map((f: FsPath) => {
    if (total > MAX_SUITE_BYTES) throw new LfpError("LFP_BAD_VECTOR", `${paths.map((p) => showPath(p)).join(", ")}: the files hold more than ${MAX_SUITE_BYTES} bytes together: not a vector suite (name the files or folder of the vectors)`);
    const path = typeof f === "string" ? f : f.toString("utf8");
    const name = showPath(relative(process.cwd(), path) || path);
    let text: string;
    try {
      // Only regular files: a device or /proc entry may read forever (/dev/zero) or fail (/proc/self/mem: EIO).
      text = readRegularText(f, { maxBytes: MAX_FILE_BYTES, name, kind: "a vector file", code: "LFP_BAD_VECTOR" });
    } catch (err) {
      if (!(err instanceof LfpError)) throw err;
      return { name, error: err.message };
    }
    total += text.length;
    return { name, text, trusted: checked.size > 0 && checked.get(resolve(path)) === textDigest(text) };
  });
  // The validator is most of the runner's code: loaded only when a file needs it.
  const parse = texts.every((t) => t.trusted) ? null : (await import("./parse.js")).parseVectorText;
  for (const t of texts) {
    if (t.error !== undefined) { problems.push(t.error); continue; }
    if (t.trusted) {
      const trusted = (JSON.parse(t.text!) as VectorFile).cases.map((c) => ({ ...c, file: t.name }));
      // What the parser derives from a checked case (parse.ts), so that targets read the same thing
      // (test/runner.test.ts compares both loads of the package's vectors).
      for (const c of trusted) for (const s of c.steps) if (s.op === "ioctl") s.ref = socketRef(s.socket ?? "");
      for (const c of trusted) seen.set(c.id, t.name);
      cases.push(...trusted);
      continue;
    }
    try {
      cases.push(...parse!(t.text!, t.name, cat, seen));
    } catch (err) {
      if (!(err instanceof LfpError)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length) throw new LfpError("LFP_BAD_VECTOR", problems.join("\n"));
  return cases;
}

/** Read and check a known-divergences file. Throws LfpError (LFP_BAD_VECTOR) naming the entry and field. */
export async function loadKnownDivergences(path: string): Promise<KnownDivergence[]> {
  const parsed = parseJson(readRegularText(path, { maxBytes: MAX_FILE_BYTES, code: "LFP_BAD_VECTOR" }));
  if (parsed.problem) throw new LfpError("LFP_BAD_VECTOR", showJsonProblem(showPath(path), parsed.problem));
  const data = parsed.value;
  const list = typeof data === "object" && data !== null ? (data as { divergences?: unknown }).divergences : undefined;
  if (!Array.isArray(list)) throw new LfpError("LFP_BAD_VECTOR", `${path}, field "divergences": expected an array`);
  list.forEach((d, i) => {
    const e = d as Record<string, unknown>;
    const bad = (field: string, what: string) => { throw new LfpError("LFP_BAD_VECTOR", `${path}: divergence #${i}, field "${field}": expected ${what}`); };
    if (typeof e.target !== "string") bad("target", "a target name");
    if (typeof e.case !== "string") bad("case", "a case id");
    if (typeof e.at !== "object" || e.at === null || Array.isArray(e.at) || Object.keys(e.at).length === 0) bad("at", "the fields that name the step (e.g. {\"op\": \"send\", \"socket\": \"c\"})");
    if (!Array.isArray(e.fields) || e.fields.length === 0 || !e.fields.every((f) => typeof f === "string")) bad("fields", "a non-empty array of field names");
    if (typeof e.reason !== "string" || e.reason.length < 10) bad("reason", "the reason, in words");
  });
  return list as KnownDivergence[];
}
