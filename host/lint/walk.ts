// Walking a project's folders: .gitignore files from the project root down (each read
// as a bounded regular file), the configuration's `ignore` patterns, `.git` skipped,
// links to folders not followed (as git). Synchronous: thousands of small directory
// reads cost less without the thread pool's round trips.
import { readdirSync, statSync, type Dirent } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { kindOf, readText } from "./files.js";
import { compileIgnore, type IgnoreRules } from "./gitignore.js";

/** .gitignore files larger than this are reported and not applied. */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** One set of gitignore rules and the folder they are relative to. */
interface Rules { base: string; prefix: string; ig: IgnoreRules }

/** What the walk found that it could not use. */
export interface WalkProblem { path: string; reason: string }

const posix = (p: string) => p.split(sep).join("/");

/** Walks the folders of one project root. */
export class Walker {
  readonly root: string;
  readonly #config: IgnoreRules | null;
  readonly #rootPrefix: string;
  readonly #rules = new Map<string, Rules[]>();
  readonly problems: WalkProblem[] = [];

  /** `ignorePatterns`: the configuration's patterns, relative to the root. */
  constructor(root: string, ignorePatterns: string[]) {
    this.root = root;
    this.#config = ignorePatterns.length ? compileIgnore(ignorePatterns.join("\n")) : null;
    this.#rootPrefix = root.endsWith(sep) ? root : root + sep;
  }

  /** Is this path (inside the root) excluded by the configuration's `ignore`, itself or through a folder above it? */
  configIgnores(abs: string, isDir: boolean): boolean {
    if (!this.#config) return false;
    const rel = posix(relative(this.root, abs));
    if (!rel || rel.startsWith("../") || rel === "..") return false;
    return this.#config.ignoresWithParents(rel, isDir);
  }

  /** The gitignore rules in force inside `dir`: those of every folder from the root down to it. */
  #rulesFor(dir: string, hasGitignore?: boolean): Rules[] {
    const cached = this.#rules.get(dir);
    if (cached) return cached;
    const inside = dir === this.root || (dir.startsWith(this.root + sep) || this.root === sep);
    const parent = inside && dir !== this.root ? this.#rulesFor(dirname(dir)) : [];
    let rules = parent;
    if (hasGitignore !== false) { // the walk knows from the folder's entries; a folder above a named path is looked at
      const file = join(dir, ".gitignore");
      const r = readText(file, MAX_GITIGNORE_BYTES);
      if (r.ok) rules = [...parent, { base: dir, prefix: dir.endsWith(sep) ? dir : dir + sep, ig: compileIgnore(r.text) }];
      else if (!/ENOENT|ENOTDIR/.test(r.reason)) this.problems.push({ path: file, reason: `${r.reason}; its rules are not applied` });
    }
    this.#rules.set(dir, rules);
    return rules;
  }

  /** In the walk: the folders above were checked on the way down. */
  #ignored(abs: string, isDir: boolean, rules: Rules[]): boolean {
    if (this.#config && abs.startsWith(this.#rootPrefix) && this.#config.ignores(posix(abs.slice(this.#rootPrefix.length)), isDir)) return true;
    for (const r of rules) {
      if (!abs.startsWith(r.prefix)) continue;
      const rel = sep === "/" ? abs.slice(r.prefix.length) : posix(abs.slice(r.prefix.length));
      if (r.ig.ignores(rel, isDir)) return true;
    }
    return false;
  }

  /**
   * Every file under `dir` whose name `wanted` accepts (the folder itself is not checked
   * against the rules: it was named, or reached by the walk), in a stable order, each
   * given to `visit` with its entry. The name is checked before the ignore rules, so
   * files of no interest cost no matching. Folders that cannot be listed are reported.
   */
  walk(dir: string, wanted: (name: string) => boolean, visit: (abs: string, entry: Dirent) => void): void {
    const stack = [dir];
    while (stack.length) {
      const d = stack.pop()!;
      let entries: Dirent[];
      try { entries = readdirSync(d, { withFileTypes: true }); } catch (err) {
        this.problems.push({ path: d, reason: `cannot list: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
        continue;
      }
      const rules = this.#rulesFor(d, entries.some((e) => e.name === ".gitignore"));
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: string[] = [];
      for (const e of entries) {
        if (e.name === ".git") continue;
        const isDir = e.isDirectory();
        if (!isDir && !wanted(e.name)) continue;
        const abs = join(d, e.name);
        if (this.#ignored(abs, isDir, rules)) continue;
        if (isDir) subdirs.push(abs);
        else visit(abs, e);
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
    }
  }
}

/** What a path named on the command line is. */
export function namedKind(path: string): { kind: "dir" | "file" } | { kind: "other"; reason: string } {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { kind: "dir" };
    if (st.isFile()) return { kind: "file" };
    return { kind: "other", reason: `not read: ${kindOf(st)}, not a regular file` };
  } catch (err) {
    return { kind: "other", reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}
