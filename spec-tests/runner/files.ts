// Finding and reading vector files (Node only).
import { readFile } from "node:fs/promises";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Catalogue } from "../../host/catalogue.js";
import { LfpError } from "../../host/errors.js";
import type { LoadedCase, VectorFile } from "./vectors.js";
import { socketRef } from "./socket-ref.js";
import type { KnownDivergence } from "./run.js";

/** Files larger than this are refused before parsing (a runaway file, not a vector suite). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

async function collect(path: string, out: string[]): Promise<void> {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new LfpError("LFP_BAD_VECTOR", `${path}: no such file or directory`);
  }
  if (st.isDirectory()) {
    const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.isDirectory()) await collect(join(path, e.name), out);
      else if (e.name.endsWith(".json")) out.push(join(path, e.name));
    }
  } else out.push(path);
}

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
  const files: string[] = [];
  for (const p of paths) await collect(p, files);
  const seen = new Map<string, string>();
  const cases: LoadedCase[] = [];
  const problems: string[] = [];
  // Read synchronously: a suite is a few hundred KB from the page cache, and the thread pool's
  // round trips cost more than the reads (they were most of lfp spec's wait on a busy machine).
  // Parsed in order: a duplicate id names the first file.
  const texts = files.map((f) => {
    const name = relative(process.cwd(), f) || f;
    const st = statSync(f);
    // Only regular files: a device or /proc entry may read forever (/dev/zero) or fail (/proc/self/mem: EIO).
    if (!st.isFile()) return { name, error: `${name}: not a regular file` };
    if (st.size > MAX_FILE_BYTES) return { name, error: `${name}: ${st.size} bytes is more than the ${MAX_FILE_BYTES} a vector file may have` };
    let text: string;
    try {
      text = readFileSync(f, "utf8");
    } catch (err) {
      return { name, error: `${name}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
    }
    return { name, text, trusted: checked.size > 0 && checked.get(resolve(f)) === textDigest(text) };
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
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new LfpError("LFP_BAD_VECTOR", `${path}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : `not valid JSON: ${(err as Error).message}`}`);
  }
  const list = (data as { divergences?: unknown }).divergences;
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
