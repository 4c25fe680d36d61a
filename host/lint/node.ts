// Node side of the linter: grammars from node_modules, walking folders with
// .gitignore, reading files, and the report over many paths.
import { readFile, readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import type { Model } from "../model.js";
import { Linter, type GrammarLoader, type LintLimits } from "./engine.js";
import { languageOf } from "./languages.js";
import type { ErrorHandling, LintReport, SocketContext } from "./types.js";

const require = createRequire(import.meta.url);

/** Grammars from the installed @vscode/tree-sitter-wasm, tree-sitter's runtime from web-tree-sitter. */
export function nodeGrammars(): GrammarLoader {
  const dir = dirname(require.resolve("@vscode/tree-sitter-wasm/package.json"));
  return {
    grammar: async (file) => new Uint8Array(await readFile(join(dir, "wasm", file))),
    runtime: join(dirname(require.resolve("web-tree-sitter")), "web-tree-sitter.wasm"),
  };
}

/** A linter over Node's file system. */
export function nodeLinter(model: Model, limits: Partial<LintLimits> = {}): Linter {
  return new Linter(model, nodeGrammars(), limits);
}

interface Walked { files: string[]; problems: { file: string; reason: string }[] }

/** The files under `paths` that have a linted extension, honouring .gitignore files and skipping .git. */
export async function collectFiles(paths: string[], cwd: string): Promise<Walked> {
  const out: Walked = { files: [], problems: [] };
  for (const p of paths) {
    let st;
    try { st = await stat(p); } catch (err) { out.problems.push({ file: p, reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }); continue; }
    if (st.isFile()) { out.files.push(p); continue; }
    if (st.isDirectory()) await walkDir(p, [], out, cwd);
  }
  return out;
}

/** One .gitignore's rules and the folder they are relative to. */
interface Rules { base: string; ig: Ignore }

async function walkDir(dir: string, inherited: Rules[], out: Walked, cwd: string): Promise<void> {
  const rules = [...inherited];
  try {
    const text = await readFile(join(dir, ".gitignore"), "utf8");
    rules.push({ base: dir, ig: ignore().add(text) });
  } catch { /* no .gitignore here */ }
  let entries;
  try { entries = await readdir(dir, { withFileTypes: true }); } catch (err) {
    out.problems.push({ file: relative(cwd, dir) || dir, reason: `cannot list: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name === ".git") continue;
    const full = join(dir, e.name);
    const isDir = e.isDirectory();
    if (rules.some((r) => r.ig.ignores(relative(r.base, full).split(sep).join("/") + (isDir ? "/" : "")))) continue;
    if (isDir) await walkDir(full, rules, out, cwd);
    else if (e.isFile() && languageOf(e.name)) out.files.push(full);
    else if (e.isSymbolicLink() && languageOf(e.name)) {
      // A link to a source file is linted; a broken one is reported. Links to folders are not followed (as git).
      try {
        if ((await stat(full)).isFile()) out.files.push(full);
      } catch (err) {
        out.problems.push({ file: relative(cwd, full).split(sep).join("/"), reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      }
    }
  }
}

/** Lint files and folders; paths in the report are relative to `cwd`. */
export async function lintPaths(linter: Linter, paths: string[], cwd = process.cwd()): Promise<LintReport> {
  const t0 = performance.now();
  const walked = await collectFiles(paths, cwd);
  const report: LintReport = { sites: [], problems: [...walked.problems], stats: { files: walked.files.length, parsed: 0, bytes: 0, ms: 0 } };
  for (const file of walked.files) {
    const shown = relative(cwd, file).split(sep).join("/") || file;
    const lang = languageOf(file);
    if (!lang) continue;
    let bytes: Buffer;
    try {
      const st = await stat(file);
      if (st.size > linter.limits.maxBytes * 4) { // not even read into memory
        report.problems.push({ file: shown, reason: `too large to read (${(st.size / 1048576).toFixed(1)} MiB)` });
        continue;
      }
      bytes = await readFile(file);
    } catch (err) {
      report.problems.push({ file: shown, reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      continue;
    }
    report.stats.bytes += bytes.byteLength;
    const r = await linter.lintSource(shown, lang, bytes);
    if (r.parsed) report.stats.parsed++;
    if (r.problem) report.problems.push(r.problem);
    report.sites.push(...r.sites);
  }
  await followCallers(linter, report, walked.files, cwd);
  report.stats.ms = Math.round(performance.now() - t0);
  return report;
}

/** At most this many other files are parsed for the callers of one helper. */
const MAX_CALLER_FILES = 200;

/**
 * Sites whose socket is a parameter of a helper, or whose error is returned by one, with
 * no caller in their file: the callers in the other files linted (same language, found
 * by a byte search for the helper's name) decide the stage and the error policy.
 */
async function followCallers(linter: Linter, report: LintReport, files: string[], cwd: string): Promise<void> {
  const pending = report.sites.map((site, index) => {
    const wanted = new Map<string, { function: string; parameter?: number; exceptions: boolean }>();
    const exceptions = site.shape.api === "Socket.IOControl" || site.shape.api === "socket.ioctl";
    for (const c of site.sockets) if (c.caller && !wanted.has(c.caller.function)) wanted.set(c.caller.function, { ...c.caller, exceptions });
    if (site.errors.caller && !wanted.has(site.errors.caller.function)) wanted.set(site.errors.caller.function, { function: site.errors.caller.function, exceptions });
    return { index, site, wanted: [...wanted.values()] };
  }).filter((p) => p.wanted.length);
  for (const p of pending) {
    const contexts: SocketContext[] = [];
    const handlings: ErrorHandling[] = [];
    const where: string[] = [];
    let parsed = 0;
    for (const file of files) {
      const shown = relative(cwd, file).split(sep).join("/") || file;
      if (shown === p.site.file || languageOf(file) !== p.site.language || parsed >= MAX_CALLER_FILES) continue;
      let bytes: Buffer;
      try { bytes = await readFile(file); } catch { continue; } // already reported by the first pass
      if (!p.wanted.some((w) => bytes.includes(w.function))) continue;
      parsed++;
      for (const r of await linter.callersIn(p.site.language, bytes, p.wanted)) {
        if (!r.handlings.length) continue;
        contexts.push(...r.contexts.map((c) => ({ ...c, evidence: `${c.evidence} (${shown})` })));
        handlings.push(...r.handlings);
        where.push(`${r.function}() is called in ${shown}`);
      }
    }
    if (where.length) report.sites[p.index] = linter.refine(p.site, contexts, handlings, where.join("; "));
  }
}
