// Files a command reads or writes for the user, one way for every command (Node only).
// Reading: only a regular file (a FIFO would block, /dev/zero never ends, /proc/self/mem fails),
// its size checked on the open file before a byte is read, every failure an LfpError naming the
// file. Walking a folder: names stay bytes (a name that is not UTF-8 is still found), links are
// not followed into folders (no loops), the walk is bounded, and what cannot be read is listed.
// Writing: beside the file, then renamed over it, so a failure leaves the old file whole.
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LfpError, type LfpErrorCode } from "./errors.js";

/** A path as the file system knows it: a string, or the bytes of a name read from a folder. */
export type FsPath = string | Buffer;

/** What a system error means, in words (its code where there are no words for it). */
export function fsReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOENT: "no such file or directory", EACCES: "permission denied", EPERM: "operation not permitted",
    ELOOP: "a loop of symbolic links", ENOTDIR: "a part of the path is not a folder", EISDIR: "is a folder",
    ENAMETOOLONG: "the name is too long", ENOSPC: "no space left on the device", EFBIG: "the file-size limit was reached (ulimit -f)",
    EDQUOT: "the disk quota is exhausted", EROFS: "the file system is read-only", EIO: "an input/output error", EMFILE: "too many open files",
    ENXIO: "no such device", EBUSY: "the file is busy",
  };
  return e?.code ? words[e.code] ?? e.message : String((err as Error)?.message ?? err);
}

/**
 * A path as a report shows it: as is, unless it holds a control character (a newline would split
 * the report's lines) or is not UTF-8: then quoted, with escapes, and said so.
 */
export function showPath(p: FsPath): string {
  const text = typeof p === "string" ? p : p.toString("utf8");
  const notUtf8 = typeof p !== "string" && !Buffer.from(text, "utf8").equals(p);
  if (!notUtf8 && !/[\x00-\x1f\x7f\u2028\u2029\ufffd]/.test(text)) return text;
  return `${JSON.stringify(text)}${notUtf8 || text.includes("\ufffd") ? " (a name that is not UTF-8)" : ""}`;
}

/**
 * Why a name given on the command line may not be found: Node.js decodes arguments as UTF-8 and
 * puts U+FFFD for bytes that are not, so such a name cannot be passed on; its folder can.
 */
function notUtf8Hint(err: unknown, path: FsPath): string {
  return (err as NodeJS.ErrnoException).code === "ENOENT" && typeof path === "string" && path.includes("\ufffd")
    ? " (the name as given is not valid UTF-8, which Node.js cannot pass on: name its folder instead)" : "";
}

/** Options of a read. */
export interface ReadOptions {
  /** Larger files are refused before they are read. */
  maxBytes: number;
  /** The error code thrown (default LFP_BAD_ARGUMENT). */
  code?: LfpErrorCode;
  /** How the file is named in messages (default: showPath of the path). */
  name?: string;
  /** What such a file is, for the size message (default "such a file"). */
  kind?: string;
}

/**
 * Read a regular file whole. Opened without blocking (a FIFO opens at once and is then refused),
 * checked on the open descriptor (so a file swapped after the check cannot slip through), read
 * no further than `maxBytes` even if it grows. Throws LfpError naming the file and the reason.
 */
export function readRegularFile(path: FsPath, o: ReadOptions): Buffer {
  const name = o.name ?? showPath(path);
  const fail = (why: string): never => { throw new LfpError(o.code ?? "LFP_BAD_ARGUMENT", `${name}: ${why}`); };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (err) {
    return fail(`cannot be read: ${fsReason(err)}${notUtf8Hint(err, path)}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) fail("is a folder, not a file");
    if (!st.isFile()) fail(`not a regular file (${kindOf(st)}): only regular files are read`);
    if (st.size > o.maxBytes) fail(`${st.size} bytes is more than the ${o.maxBytes} ${o.kind ?? "such a file"} may have`);
    // To the end, not to the size stat gave: a file may grow, and a /proc file says 0.
    let buf = Buffer.allocUnsafe(Math.min(st.size, o.maxBytes) + 1);
    let n = 0;
    for (let r; (r = readSync(fd, buf, n, buf.length - n, null)) > 0;) {
      n += r;
      if (n === buf.length) {
        if (n > o.maxBytes) break;
        const grown = Buffer.allocUnsafe(Math.min(buf.length * 2 + 4096, o.maxBytes + 1));
        buf.copy(grown, 0, 0, n);
        buf = grown;
      }
    }
    if (n > o.maxBytes) fail(`grew past the ${o.maxBytes} bytes ${o.kind ?? "such a file"} may have while it was read`);
    return buf.subarray(0, n);
  } catch (err) {
    if (err instanceof LfpError) throw err;
    return fail(`cannot be read: ${fsReason(err)}`);
  } finally {
    closeSync(fd);
  }
}

/** readRegularFile as UTF-8 text. */
export function readRegularText(path: FsPath, o: ReadOptions): string {
  return readRegularFile(path, o).toString("utf8");
}

function kindOf(st: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  return st.isFIFO() ? "a FIFO" : st.isCharacterDevice() ? "a character device" : st.isBlockDevice() ? "a block device" : st.isSocket() ? "a socket" : "not a file";
}

/** Bounds of a folder walk. */
export interface WalkLimits { maxFiles: number; maxEntries: number }

/** What a walk found: the files (as bytes where they came from a folder), what could not be walked, and whether a limit cut it short. */
export interface Walked { files: FsPath[]; problems: string[]; cut: boolean }

const SLASH = Buffer.from("/");

/**
 * The files under `paths` whose names end in `suffix` (a path named directly is taken whatever
 * its name), each folder in name order with its subfolders walked where they fall. Links to
 * folders are not followed (no loops); links to files are kept, so reading them says what is
 * wrong (dangling, a loop); a folder that cannot be listed is a problem. More than `maxFiles`
 * files or `maxEntries` entries cuts the walk with a problem: such a tree is no suite (`lfp spec /`).
 */
export function walkFiles(paths: string[], suffix: string, limits: WalkLimits): Walked {
  const files: FsPath[] = [];
  const problems: string[] = [];
  const end = Buffer.from(suffix);
  let entries = 0;
  // Cut: only this is said (what the walk met before is noise beside it).
  const cut = (root: string): Walked => ({
    files, cut: true,
    problems: [`${showPath(root)}: more than ${limits.maxFiles} ${suffix} files or ${limits.maxEntries} entries to walk: not a folder of vectors (name the folder that holds them)`],
  });
  const list = (dir: Buffer): Buffer[] => {
    try {
      return readdirSync(dir, { encoding: "buffer" }).map((n) => [n, n.toString("utf8")] as const)
        .sort((x, y) => x[1].localeCompare(y[1]) || Buffer.compare(x[0], y[0])).map(([n]) => n);
    } catch (err) {
      problems.push(`${showPath(dir)}: cannot be listed: ${fsReason(err)}`);
      return [];
    }
  };
  for (const root of paths) {
    let st;
    try {
      st = statSync(root);
    } catch (err) {
      problems.push(`${showPath(root)}: ${fsReason(err)}${notUtf8Hint(err, root)}`);
      continue;
    }
    if (!st.isDirectory()) { files.push(root); continue; }
    // Without recursion: a stack of the folders being walked and how far each is.
    const top = Buffer.from(root);
    const stack = [{ dir: top, names: list(top), at: 0 }];
    while (stack.length) {
      const frame = stack[stack.length - 1];
      if (frame.at >= frame.names.length) { stack.pop(); continue; }
      const n = frame.names[frame.at++];
      if (++entries > limits.maxEntries) return cut(root);
      const p = Buffer.concat([frame.dir, frame.dir[frame.dir.length - 1] === 0x2f ? Buffer.alloc(0) : SLASH, n]);
      let lst;
      try {
        lst = lstatSync(p);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") problems.push(`${showPath(p)}: ${fsReason(err)}`);
        continue; // ENOENT: gone since the listing
      }
      if (lst.isDirectory()) stack.push({ dir: p, names: list(p), at: 0 });
      else if (n.length >= end.length && n.subarray(n.length - end.length).equals(end)) {
        if (files.length >= limits.maxFiles) return cut(root);
        files.push(p);
      }
    }
  }
  return { files, problems, cut: false };
}

/**
 * Write `data` to `path` whole or not at all: into a new file beside it, flushed, then renamed
 * over it. On any failure (a full disk, a file-size limit) the new file is removed and `path` is
 * as it was. Throws LfpError (`code`) naming the file and the reason.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, code: LfpErrorCode = "LFP_BAD_ARGUMENT"): void {
  // A new name ("wx": never an existing file); node:crypto is not loaded for it (lfp spec starts faster).
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, "wx", 0o644);
    const buf = typeof data === "string" ? Buffer.from(data) : data;
    for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== null) try { closeSync(fd); } catch { /* already failing */ }
    try { unlinkSync(tmp); } catch { /* never created */ }
    throw new LfpError(code, `cannot write ${showPath(path)}: ${fsReason(err)}; the file is as it was`);
  }
}
