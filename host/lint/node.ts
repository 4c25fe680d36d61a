// Node side of the linter: grammars from node_modules, the projects of the paths named,
// reading files, the callers of helpers found in one bounded pass over each project,
// and the configuration and suppressions applied to the report.
import { createRequire } from "node:module";
import type { Dirent } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Model } from "../model.js";
import { Linter, type GrammarLoader, type LintOptions } from "./engine.js";
import { languageOf, MENTIONS_CODE, mayContainCallText, otherLanguageOf } from "./languages.js";
import { kindOf, readRegular, readSourceView } from "./files.js";
import { statSync } from "node:fs";
import { findProject, type Project } from "./project.js";
import { namedKind, Walker } from "./walk.js";
import { applyDirectives, type Directive } from "./suppress.js";
import type { ErrorHandling, Finding, LintLanguage, LintReport, Position, SocketContext, VersionGuard } from "./types.js";
import { lintProfiles } from "./model-adapter.js";

const require = createRequire(import.meta.url);

/** Thrown when the parser packages cannot be resolved; `missing` names them. */
export class MissingParsersError extends Error {
  constructor(readonly missing: string[], message: string) { super(message); }
}

/** Where the two parser packages are, or a MissingParsersError naming what to install. */
function parserPaths(): { grammars: string; runtime: string } {
  const missing: string[] = [];
  let grammars = "";
  let runtime = "";
  try { grammars = dirname(require.resolve("@vscode/tree-sitter-wasm/package.json")); } catch { missing.push("@vscode/tree-sitter-wasm"); }
  try { runtime = join(dirname(require.resolve("web-tree-sitter")), "web-tree-sitter.wasm"); } catch { missing.push("web-tree-sitter"); }
  if (missing.length) throw new MissingParsersError(missing, `${missing.join(" and ")} cannot be found`);
  return { grammars, runtime };
}

/** Grammars from the installed @vscode/tree-sitter-wasm, tree-sitter's runtime from web-tree-sitter. */
export function nodeGrammars(): GrammarLoader {
  const { grammars, runtime } = parserPaths();
  return {
    grammar: async (file) => {
      const r = readRegular(join(grammars, "wasm", file), 64 * 1024 * 1024);
      if (!r.ok) throw new MissingParsersError(["@vscode/tree-sitter-wasm"], `the grammar ${join(grammars, "wasm", file)}: ${r.reason}`);
      return new Uint8Array(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
    },
    runtime,
    module: async () => require("web-tree-sitter") as typeof import("web-tree-sitter"),
  };
}

/** A linter over Node's file system. */
export function nodeLinter(model: Model, options: Partial<LintOptions> = {}): Linter {
  return new Linter(model, nodeGrammars(), options);
}

/** How lintPaths is run. */
export interface LintPathsOptions {
  /** Paths in the report are relative to this folder (default: the process's). */
  cwd?: string;
  /** A configuration file to use instead of the one found (--config), or false for none (--no-config). */
  config?: string | false;
  /** The model's profiles plus the linter's (to check `profiles` in a configuration); default: the linter's model. */
  profiles?: readonly string[];
}

/** A project found for the paths named, with what was walked of it. */
interface ProjectRun extends Project {
  walker: Walker;
  /** The whole root was walked by the first pass (its files are all in `files`). */
  rootWalked: boolean;
  files: string[];
}

/** The files named or found under the paths, grouped by project; other paths reported. */
function collect(paths: string[], cwd: string, profiles: readonly string[], explicit: string | false | undefined, report: LintReport, show: (abs: string) => string): { projects: ProjectRun[]; other: { abs: string; language: string }[] } {
  const projects = new Map<string, ProjectRun>();
  const other: { abs: string; language: string }[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const abs = resolve(cwd, p);
    const kind = namedKind(abs);
    if (kind.kind === "other") { report.problems.push({ file: p, reason: kind.reason }); continue; }
    const found = findProject(abs, profiles, explicit);
    let run = projects.get(found.root);
    if (!run) {
      run = { ...found, walker: new Walker(found.root, found.config.ignore), rootWalked: false, files: [] };
      projects.set(found.root, run);
      for (const n of found.notes) (report.notes ??= []).push({ file: found.configFile ?? found.root, reason: n });
    }
    const r = run;
    if (kind.kind === "file") {
      if (seen.has(abs)) continue;
      seen.add(abs);
      if (r.walker.configIgnores(abs, false)) { (report.notes ??= []).push({ file: p, reason: `not linted: matched by "ignore" in ${r.configFile}` }); continue; }
      if (languageOf(abs)) { r.files.push(abs); continue; }
      const lang = otherLanguageOf(abs);
      report.problems.push({ file: p, reason: lang ? `not linted: ${lang} is not a language lfp lint reads (C/C++, C#, Python, Go, Rust)` : "not linted: not a C/C++, C#, Python, Go or Rust source file (by its extension)" });
      continue;
    }
    if (abs !== r.root && r.walker.configIgnores(abs, true)) { (report.notes ??= []).push({ file: p, reason: `not linted: matched by "ignore" in ${r.configFile}` }); continue; }
    if (abs === r.root) r.rootWalked = true;
    r.walker.walk(abs, (name) => languageOf(name) !== null || otherLanguageOf(name) !== null, (file: string, e: Dirent) => {
      if (seen.has(file)) return;
      const lang = languageOf(e.name);
      const otherLang = lang ? null : otherLanguageOf(e.name);
      if (!lang && !otherLang) return;
      seen.add(file);
      if (e.isSymbolicLink()) {
        // A link to a source file is linted; a broken one or one to anything else is reported. Links to folders are not followed (as git).
        let why: string | null = null;
        try { const st = statSync(file); if (!st.isFile()) why = st.isDirectory() ? null : `not read: ${kindOf(st)}, not a regular file`; else why = ""; } catch (err) { why = `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`; }
        if (why === null) return;
        if (why) { report.problems.push({ file: show(file), reason: why }); return; }
      } else if (!e.isFile()) { report.problems.push({ file: show(file), reason: `not read: ${e.isFIFO() ? "a FIFO (named pipe)" : e.isSocket() ? "a socket" : "a device"}, not a regular file` }); return; }
      if (lang) r.files.push(file);
      else other.push({ abs: file, language: otherLang! });
    });
  }
  for (const r of projects.values()) for (const w of r.walker.problems) report.problems.push({ file: show(w.path), reason: w.reason });
  return { projects: [...projects.values()], other };
}

/** The source files lint reads under `paths` (the walk of lintPaths, for benchmarks). */
export function sourceFiles(paths: string[], cwd = process.cwd(), profiles: readonly string[] = []): string[] {
  const report: LintReport = { sites: [], problems: [], stats: { files: 0, parsed: 0, bytes: 0, ms: 0 } };
  return collect(paths, resolve(cwd), profiles, false, report, (a) => a).projects.flatMap((p) => p.files);
}

/**
 * Lint files and folders. Each path's project (nearest `.git` or configuration upward) is
 * found; its configuration's `ignore` and `rules` apply, suppression comments are read,
 * and the callers of a helper are searched in the whole project. Paths in the report are
 * relative to `cwd`; `report.root` is the first project's root.
 */
export async function lintPaths(linter: Linter, paths: string[], options: LintPathsOptions | string = {}): Promise<LintReport & { projects: Project[]; uris: Record<string, string> }> {
  const opts = typeof options === "string" ? { cwd: options } : options;
  const cwd = resolve(opts.cwd ?? process.cwd());
  const t0 = performance.now();
  // Paths as shown: relative to cwd (a prefix cut for the files under it, path.relative for the rest).
  const prefix = cwd.endsWith(sep) ? cwd : cwd + sep;
  const show = (abs: string) => (abs.startsWith(prefix) ? (sep === "/" ? abs.slice(prefix.length) : abs.slice(prefix.length).split(sep).join("/")) : relative(cwd, abs).split(sep).join("/") || abs);
  const report: LintReport & { projects: Project[]; uris: Record<string, string> } = { sites: [], problems: [], stats: { files: 0, parsed: 0, bytes: 0, ms: 0 }, projects: [], uris: {} };
  const profiles = opts.profiles ?? lintProfiles(linter.model);
  const { projects, other } = collect(paths, cwd, profiles, opts.config, report, show);
  report.projects = projects.map(({ root, config, configFile, notes }) => ({ root, config, configFile, notes }));
  if (projects[0]) report.root = projects[0].root;
  const directives: Directive[] = [];
  const owner = new Map<string, ProjectRun>();
  const skip = linter.limits.byteSearch;
  for (const project of projects) {
    for (const file of project.files) {
      const shown = show(file);
      owner.set(shown, project);
      report.stats.files++;
      const r = readSourceView(file, linter.limits.maxBytes * 4);
      if (!r.ok) { report.problems.push({ file: shown, reason: r.reason }); continue; }
      report.stats.bytes += r.bytes.byteLength;
      if (skip && !mayContainCallText(r.bytes.toString("latin1"))) continue;
      const out = await linter.lintSource(shown, languageOf(file)!, Buffer.from(r.bytes));
      if (out.parsed) report.stats.parsed++;
      if (out.problem) report.problems.push(out.problem);
      if (out.note) (report.notes ??= []).push(out.note);
      if (out.directives) directives.push(...out.directives);
      report.sites.push(...out.sites);
    }
  }
  for (const { abs, language } of other) {
    const r = readSourceView(abs, linter.limits.maxBytes * 4);
    if (!r.ok) continue;
    const text = r.bytes.toString("latin1");
    if (mayContainCallText(text) && MENTIONS_CODE.test(text)) (report.notLinted ??= []).push({ file: show(abs), language });
  }
  for (const project of projects) await followCallers(linter, report, project, show);
  // URIs relative to the first project's root, for the files the report names (SARIF %SRCROOT%).
  const named = new Set([...report.sites.map((x) => x.file), ...report.problems.map((x) => x.file), ...(report.notes ?? []).map((x) => x.file), ...(report.notLinted ?? []).map((x) => x.file), ...directives.map((d) => d.file), ...report.sites.flatMap((x) => x.findings.flatMap((f) => (f.related ?? []).map((r) => r.file)))]);
  for (const f of named) if (projects[0]) report.uris[f] = relative(projects[0].root, resolve(cwd, f)).split(sep).join("/");
  // The configuration's rule levels, then the suppression comments.
  for (const site of report.sites) site.findings = applyRules(site.findings, owner.get(site.file));
  const extra = applyDirectives(report.sites.flatMap((s) => s.findings), directives);
  const kept = extra.flatMap((f) => applyRules([f], owner.get(f.file)));
  if (kept.length) report.extra = kept;
  report.stats.ms = Math.round(performance.now() - t0);
  return report;
}

/** A project's rule settings: a level changed, or the finding dropped ("off"). */
function applyRules(findings: Finding[], project: ProjectRun | undefined): Finding[] {
  const rules = project?.config.rules;
  if (!rules || !Object.keys(rules).length) return findings;
  return findings.flatMap((f) => {
    const s = rules[f.id];
    if (s === undefined) return [f];
    if (s === "off") return [];
    return [{ ...f, level: s }];
  });
}

/** At most this many other files are parsed for the callers of one helper. */
const MAX_CALLER_FILES = 200;

/** A helper whose callers elsewhere decide a call site's stage or error policy. */
interface Wanted { function: string; parameter?: number; self?: boolean; exceptions: boolean }

/**
 * Sites whose socket is a parameter of a helper, or whose error is returned by one, with
 * no caller in their file: the callers in the project's other files decide the stage and
 * the error policy. One pass over the project's files of those languages: each file is
 * read once (regular files within the size limit only), searched for every helper's name
 * at once, and parsed once if it names one.
 */
async function followCallers(linter: Linter, report: LintReport, project: ProjectRun, show: (abs: string) => string): Promise<void> {
  const mine = new Set(project.files.map(show));
  const pending = report.sites.map((site, index) => {
    if (!mine.has(site.file)) return null;
    const wanted = new Map<string, Wanted>();
    const exceptions = site.shape.api === "Socket.IOControl" || site.shape.api === "socket.ioctl";
    for (const c of site.sockets) if (c.caller && !wanted.has(c.caller.function)) wanted.set(c.caller.function, { ...c.caller, exceptions });
    if (site.errors.caller && !wanted.has(site.errors.caller.function)) wanted.set(site.errors.caller.function, { function: site.errors.caller.function, exceptions });
    // A site with no version guard in a function its file does not call: its callers' guards count.
    if (site.function && linter.guardOpen(site) && !wanted.has(site.function)) wanted.set(site.function, { function: site.function, exceptions });
    return wanted.size ? { index, site, wanted: [...wanted.values()], contexts: [] as SocketContext[], handlings: [] as ErrorHandling[], guards: [] as { guard: VersionGuard | null; at: Position; file: string }[], where: [] as string[], parsed: 0 } : null;
  }).filter((p) => p !== null);
  if (!pending.length) return;
  const languages = new Set<LintLanguage>(pending.map((p) => p.site.language));
  const names = [...new Set(pending.flatMap((p) => p.wanted.map((w) => w.function)))];
  const word = /[\w$]/;
  /** The helpers' names in a file, as whole words (helper1 is not in helper10): a byte search, then the neighbours checked. */
  const namesIn = (bytes: Buffer): string[] => names.filter((n) => {
    for (let i = bytes.indexOf(n); i >= 0; i = bytes.indexOf(n, i + 1)) {
      const before = i > 0 ? String.fromCharCode(bytes[i - 1]) : "";
      const after = i + n.length < bytes.length ? String.fromCharCode(bytes[i + n.length]) : "";
      if (!word.test(before) && !word.test(after)) return true;
    }
    return false;
  });
  const files: string[] = [];
  if (project.rootWalked) files.push(...project.files);
  else project.walker.walk(project.root, (name) => { const l = languageOf(name); return l !== null && languages.has(l); }, (abs) => files.push(abs));
  for (const file of files) {
    const lang = languageOf(file)!;
    if (!languages.has(lang)) continue;
    const shown = show(file);
    const here = pending.filter((p) => p.site.language === lang && p.site.file !== shown && p.parsed < MAX_CALLER_FILES);
    if (!here.length) continue;
    // Read again rather than kept from the first pass: copying every file the first pass reads costs more than reading the files of one language again.
    const r = readSourceView(file, linter.limits.maxBytes);
    report.stats.callerFiles = (report.stats.callerFiles ?? 0) + 1;
    if (!r.ok) continue; // a file lint itself reads is reported by the first pass; others are not linted
    const bytes = r.bytes;
    const present = namesIn(bytes);
    if (!present.length) continue;
    const want = here.filter((p) => p.wanted.some((w) => present.includes(w.function)));
    if (!want.length) continue;
    const asked = [...new Map(want.flatMap((p) => p.wanted).filter((w) => present.includes(w.function)).map((w) => [`${w.function}/${w.parameter}/${w.self}/${w.exceptions}`, w])).values()];
    report.stats.callerParsed = (report.stats.callerParsed ?? 0) + 1;
    const found = await linter.callersIn(lang, Buffer.from(bytes), asked);
    for (const p of want) {
      p.parsed++;
      for (const res of found) {
        if (!res.handlings.length || !p.wanted.some((w) => w.function === res.function && w.parameter === res.parameter && w.self === res.self && w.exceptions === res.exceptions)) continue;
        p.contexts.push(...res.contexts.map((c) => ({ ...c, evidence: `${c.evidence} (${shown})`, ...(c.decidedAt ? { decidedAt: { ...c.decidedAt, file: shown } } : {}) })));
        p.handlings.push(...res.handlings);
        if (res.function === p.site.function) p.guards.push(...res.guards.map((guard, i) => ({ guard, at: res.at[i], file: shown })));
        p.where.push(`${res.function}() is called in ${shown}`);
      }
    }
  }
  for (const p of pending) {
    const where = [...new Set(p.where)];
    report.sites[p.index] = where.length ? linter.refine(p.site, p.contexts, p.handlings, where.join("; "), p.guards) : linter.noCallers(p.site, files.filter((f) => languageOf(f) === p.site.language).length);
  }
}
