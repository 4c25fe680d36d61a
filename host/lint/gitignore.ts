// gitignore patterns compiled into a few regular expressions, so that a walk tests each
// path once per run of patterns instead of once per pattern (a Visual Studio .gitignore
// has hundreds). The rules are git's (gitignore(5)): blank lines and `#` comments are
// skipped, `!` re-includes, a trailing `/` matches folders only, a pattern with a `/`
// before its end is anchored to the .gitignore's folder, `*` `?` `[...]` do not cross
// `/`, `**` does; the last pattern that matches decides. test/lint-gitignore.test.ts
// checks it against the `ignore` package on generated patterns and paths.

/**
 * One run of consecutive patterns of the same sign. Patterns without a `/` match a name
 * at any depth: they are tested against the last name of the path only (literal names in
 * a set, `*.ext` as suffixes, the rest as one expression); patterns with a `/` are tested
 * against the whole path. Folder-only patterns are left out for files.
 */
interface Group {
  negate: boolean;
  names: Kind;
  namesDirOnly: Kind;
  paths: RegExp | null;
  pathsDirOnly: RegExp | null;
}
/** Name patterns by kind: literal names, `*.ext` suffixes (by their last extension, looked up), the rest as one expression. */
interface Kind { literals: Set<string>; suffixes: Map<string, string[]>; re: RegExp | null }

/** A compiled .gitignore. */
export interface IgnoreRules {
  /**
   * Is this path (relative to the .gitignore's folder, `/`-separated, no leading `./`)
   * ignored, its parent folders being known not to be (as in a walk from the top)?
   */
  ignores(path: string, isDir: boolean): boolean;
  /** The same for a path whose parent folders were not looked at: each is checked first. */
  ignoresWithParents(path: string, isDir: boolean): boolean;
}
/** The regular-expression source of one glob segment run (no `/` handling beyond `**`). */
function globSource(glob: string): string | null {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "\\") {
      i++;
      if (i >= glob.length) return null; // a trailing backslash matches nothing (git: invalid)
      out += glob[i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    } else if (c === "*") {
      if (glob[i + 1] === "*") {
        const atStart = i === 0 || glob[i - 1] === "/";
        const atEnd = i + 2 === glob.length || glob[i + 2] === "/";
        if (atStart && atEnd) {
          // `**/` any folders (zero or more), `/**` everything inside, lone `**` anything.
          if (i + 2 < glob.length) { out += "(?:.*/)?"; i += 2; } else { out += ".*"; i += 1; }
          continue;
        }
        i++; // `**` inside a segment is like `*`
      }
      out += "[^/]*";
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) { out += "\\["; continue; }
      let body = glob.slice(i + 1, end);
      if (body.startsWith("!") || body.startsWith("^")) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\(?!\])/g, "\\\\").replace(/\//g, "")}]`;
      i = end;
    } else {
      out += c.replace(/[.+^${}()|\\/]/g, "\\$&");
    }
  }
  return out;
}

const GLOB = /[*?[\\]/;

/** One pattern line, or null for a blank line or a comment. */
function parseLine(line: string): { negate: boolean; dirOnly: boolean; anchored: boolean; glob: string; source: string } | null {
  let p = line.replace(/\r$/, "");
  // Trailing spaces are dropped unless escaped.
  p = p.replace(/(?<!\\)\s+$/, "");
  if (p.endsWith("\\ ")) p = p.slice(0, -2) + " ";
  if (!p || p.startsWith("#")) return null;
  let negate = false;
  if (p.startsWith("!")) { negate = true; p = p.slice(1); }
  else if (p.startsWith("\\!") || p.startsWith("\\#")) p = p.slice(1);
  let dirOnly = false;
  if (p.endsWith("/")) { dirOnly = true; p = p.replace(/\/+$/, ""); }
  if (!p) return null;
  let anchored = p.includes("/");
  if (p.startsWith("/")) p = p.slice(1);
  if (p.startsWith("**/") && !p.slice(3).includes("/")) { anchored = false; p = p.slice(3); } // `**/name` is `name`
  const body = globSource(p);
  if (body === null) return null;
  return { negate, dirOnly, anchored, glob: p, source: `^${body}$` };
}

const newKind = (): Kind => ({ literals: new Set(), suffixes: new Map(), re: null });

/** The text after a name's last dot (or the whole name), the key of the suffix table. */
const lastExt = (name: string) => name.slice(name.lastIndexOf(".") + 1);

function kindTest(k: Kind, name: string): boolean {
  if (k.literals.has(name)) return true;
  if (k.suffixes.size) {
    const list = k.suffixes.get(lastExt(name));
    if (list) for (const s of list) if (name.endsWith(s)) return true;
  }
  return k.re !== null && k.re.test(name);
}

/** Compile the text of a .gitignore. */
export function compileIgnore(text: string): IgnoreRules {
  const groups: Group[] = [];
  type Building = { negate: boolean; names: Kind; namesDirOnly: Kind; nameRes: string[]; nameDirRes: string[]; paths: string[]; pathsDirOnly: string[] };
  let cur: Building | null = null;
  const flush = () => {
    if (!cur) return;
    const b: Building = cur;
    if (b.nameRes.length) b.names.re = new RegExp(b.nameRes.join("|"));
    if (b.nameDirRes.length) b.namesDirOnly.re = new RegExp(b.nameDirRes.join("|"));
    groups.push({
      negate: b.negate, names: b.names, namesDirOnly: b.namesDirOnly,
      paths: b.paths.length ? new RegExp(b.paths.join("|")) : null,
      pathsDirOnly: b.pathsDirOnly.length ? new RegExp(b.pathsDirOnly.join("|")) : null,
    });
    cur = null;
  };
  for (const line of text.split("\n")) {
    const r = parseLine(line);
    if (!r) continue;
    try { new RegExp(r.source); } catch { continue; } // a pattern git could not use either
    if (!cur || cur.negate !== r.negate) { flush(); cur = { negate: r.negate, names: newKind(), namesDirOnly: newKind(), nameRes: [], nameDirRes: [], paths: [], pathsDirOnly: [] }; }
    const c: Building = cur;
    if (r.anchored) (r.dirOnly ? c.pathsDirOnly : c.paths).push(r.source);
    else {
      const kind = r.dirOnly ? c.namesDirOnly : c.names;
      if (!GLOB.test(r.glob)) kind.literals.add(r.glob);
      else if (/^\*\.[^*?[\\/]+$/.test(r.glob)) { // `*.ext`: looked up by the name's last extension
        const suffix = r.glob.slice(1);
        const key = lastExt(suffix);
        const list = kind.suffixes.get(key);
        if (list) list.push(suffix); else kind.suffixes.set(key, [suffix]);
      }
      else (r.dirOnly ? c.nameDirRes : c.nameRes).push(r.source);
    }
  }
  flush();
  const ignores = (path: string, isDir: boolean): boolean => {
    const slash = path.lastIndexOf("/");
    const name = slash < 0 ? path : path.slice(slash + 1);
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i];
      const hit = kindTest(g.names, name) || (g.paths !== null && g.paths.test(path))
        || (isDir && (kindTest(g.namesDirOnly, name) || (g.pathsDirOnly !== null && g.pathsDirOnly.test(path))));
      if (hit) return !g.negate;
    }
    return false;
  };
  return {
    ignores,
    ignoresWithParents(path: string, isDir: boolean): boolean {
      const parts = path.split("/");
      for (let i = 1; i < parts.length; i++) if (ignores(parts.slice(0, i).join("/"), true)) return true;
      return ignores(path, isDir);
    },
  };
}
