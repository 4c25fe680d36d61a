// Reading the files lint looks at, without trusting them: only regular files, their
// size checked (on the open descriptor) before a byte is read. A FIFO, a device, a link
// to /dev/stdin or /dev/zero gets a message instead of a hang or an unbounded read.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";

/** What a read gave: the bytes, or why there are none. */
export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; reason: string; tooLarge?: boolean };

/** O_NONBLOCK: opening a FIFO must not wait for a writer (absent on Windows, where FIFOs are not files). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a non-regular file is, for the message. */
export function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

const errText = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/**
 * The bytes of a regular file of at most `maxBytes`, read through one descriptor: opened
 * without blocking, checked with fstat (the file itself, whatever a link pointed at), then
 * read up to the size fstat gave (a file that grows meanwhile is read as it was).
 */
export function readRegular(path: string, maxBytes: number): ReadResult {
  let fd: number;
  try { fd = openSync(path, OPEN_FLAGS); } catch (err) { return { ok: false, reason: `cannot read: ${errText(err)}` }; }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: `not read: ${kindOf(st)}, not a regular file` };
    if (st.size > maxBytes) return { ok: false, tooLarge: true, reason: `too large to read (${(st.size / 1048576).toFixed(1)} MiB > ${(maxBytes / 1048576).toFixed(maxBytes < 1048576 ? 2 : 0)} MiB)` };
    const bytes = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, bytes, got, st.size - got, got);
      if (n === 0) break; // truncated meanwhile
      got += n;
    }
    return { ok: true, bytes: got === st.size ? bytes : bytes.subarray(0, got) };
  } catch (err) {
    return { ok: false, reason: `cannot read: ${errText(err)}` };
  } finally {
    closeSync(fd);
  }
}

let scratch = Buffer.alloc(0);

/**
 * A source file found by the walk (its directory entry says regular file), read into a
 * buffer shared by every call: the bytes returned are valid until the next call (copy
 * them to keep them). Opened without blocking and read up to `maxBytes` + 1 bytes, so a
 * file replaced by a FIFO or a device meanwhile cannot hang the run or fill memory;
 * such a file reads as empty and is then checked with fstat, or hits the size limit.
 * No fstat for the common case: on thousands of files it costs more than the reads.
 */
export function readSourceView(path: string, maxBytes: number): ReadResult {
  let fd: number;
  try { fd = openSync(path, OPEN_FLAGS); } catch (err) { return { ok: false, reason: `cannot read: ${errText(err)}` }; }
  try {
    let got = 0;
    for (;;) {
      if (scratch.length - got < 65536) {
        const bigger = Buffer.allocUnsafe(Math.min(Math.max(scratch.length * 2, 1 << 20), maxBytes + 65537));
        scratch.copy(bigger, 0, 0, got);
        scratch = bigger;
        if (scratch.length - got === 0) break;
      }
      const n = readSync(fd, scratch, got, scratch.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > maxBytes) return { ok: false, tooLarge: true, reason: `too large to read (over ${(maxBytes / 1048576).toFixed(0)} MiB)` };
    }
    if (got === 0) {
      const st = fstatSync(fd);
      if (!st.isFile()) return { ok: false, reason: `not read: ${kindOf(st)}, not a regular file` };
    }
    return { ok: true, bytes: scratch.subarray(0, got) };
  } catch (err) {
    return { ok: false, reason: `cannot read: ${errText(err)}` };
  } finally {
    closeSync(fd);
  }
}

/** A small text file (configuration, .gitignore, a baseline): UTF-8, at most `maxBytes`. */
export function readText(path: string, maxBytes: number): { ok: true; text: string } | { ok: false; reason: string } {
  const r = readRegular(path, maxBytes);
  return r.ok ? { ok: true, text: r.bytes.toString("utf8") } : r;
}
