// Finding and reading vector files (Node only).
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Catalogue } from "../../host/catalogue.js";
import { LfpError } from "../../host/errors.js";
import { parseVectorText } from "./parse.js";
import type { LoadedCase } from "./vectors.js";
import type { KnownDivergence } from "./run.js";

/** Files larger than this are refused before parsing (a runaway file, not a vector suite). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

async function collect(path: string, out: string[]): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new LfpError("LFP_BAD_VECTOR", `${path}: no such file or directory`);
  }
  if (st.isDirectory()) {
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.isDirectory()) await collect(join(path, e.name), out);
      else if (e.name.endsWith(".json")) out.push(join(path, e.name));
    }
  } else out.push(path);
}

/** Load every case under `paths` (files or folders of *.json). All problems of all files are reported together. */
export async function loadVectors(paths: string[], cat: Catalogue): Promise<LoadedCase[]> {
  const files: string[] = [];
  for (const p of paths) await collect(p, files);
  const seen = new Map<string, string>();
  const cases: LoadedCase[] = [];
  const problems: string[] = [];
  // Read concurrently (the reads were most of the wait), parse in order (duplicate ids name the first file).
  const texts = await Promise.all(files.map(async (f) => {
    const name = relative(process.cwd(), f) || f;
    const st = await stat(f);
    // Only regular files: a device or /proc entry may read forever (/dev/zero) or fail (/proc/self/mem: EIO).
    if (!st.isFile()) return { name, error: `${name}: not a regular file` };
    if (st.size > MAX_FILE_BYTES) return { name, error: `${name}: ${st.size} bytes is more than the ${MAX_FILE_BYTES} a vector file may have` };
    try {
      return { name, text: await readFile(f, "utf8") };
    } catch (err) {
      return { name, error: `${name}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
    }
  }));
  for (const t of texts) {
    if (t.error !== undefined) { problems.push(t.error); continue; }
    try {
      cases.push(...parseVectorText(t.text!, t.name, cat, seen));
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
