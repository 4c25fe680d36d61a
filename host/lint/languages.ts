// Which grammar reads which file, and the cheap byte search that skips files
// which cannot contain the code.
import type { LintLanguage } from "./types.js";

/** File extensions (lower case, with the dot) and the grammar that parses them. C is read with the C++ grammar. */
export const EXTENSIONS: Record<string, LintLanguage> = {
  ".c": "cpp", ".h": "cpp", ".cc": "cpp", ".cpp": "cpp", ".cxx": "cpp", ".c++": "cpp", ".hpp": "cpp", ".hh": "cpp", ".hxx": "cpp",
  ".h++": "cpp", ".inl": "cpp", ".ipp": "cpp", ".tcc": "cpp",
  ".cs": "c-sharp",
  ".py": "python", ".pyw": "python", ".pyi": "python",
  ".go": "go",
  ".rs": "rust",
};

/** Languages lint does not read but in which the code can be called (P/Invoke, FFI): a file that mentions the code is listed as not linted. */
export const OTHER_LANGUAGES: Record<string, string> = {
  ".fs": "F#", ".fsi": "F#", ".fsx": "F#", ".vb": "VB.NET", ".bas": "Visual Basic", ".cls": "Visual Basic", ".frm": "Visual Basic",
  ".pas": "Delphi/Pascal", ".pp": "Delphi/Pascal", ".dpr": "Delphi/Pascal", ".dpk": "Delphi/Pascal", ".lpr": "Delphi/Pascal",
  ".java": "Java", ".kt": "Kotlin", ".kts": "Kotlin", ".scala": "Scala", ".groovy": "Groovy", ".clj": "Clojure",
  ".js": "JavaScript", ".mjs": "JavaScript", ".cjs": "JavaScript", ".ts": "TypeScript", ".mts": "TypeScript", ".cts": "TypeScript",
  ".d": "D", ".zig": "Zig", ".nim": "Nim", ".odin": "Odin", ".cr": "Crystal", ".jl": "Julia", ".swift": "Swift",
  ".pyx": "Cython", ".pxd": "Cython", ".rb": "Ruby", ".pl": "Perl", ".pm": "Perl", ".php": "PHP", ".lua": "Lua",
  ".ps1": "PowerShell", ".psm1": "PowerShell", ".au3": "AutoIt", ".ahk": "AutoHotkey", ".hs": "Haskell", ".ml": "OCaml",
  ".asm": "assembly", ".s": "assembly", ".m": "Objective-C", ".mm": "Objective-C++", ".ada": "Ada", ".adb": "Ada", ".f90": "Fortran",
};

/** Text that shows a file in another language uses the code (stricter than the needles: a bare IOC_VENDOR is not enough). */
export const MENTIONS_CODE = /LOOPBACK_FAST_PATH|LoopbackFastPath|0x0*98000010|0x9800_0010|-1744830448|2550136848|_WSAIOW\s*\(\s*IOC_VENDOR\s*,\s*16\s*\)/i;

/** The language name of a path lint does not read, by extension, or null. */
export function otherLanguageOf(path: string): string | null {
  const m = /(\.[^./\\]+)$/.exec(path.toLowerCase());
  return m ? OTHER_LANGUAGES[m[1]] ?? null : null;
}

/** The grammar's .wasm file name in @vscode/tree-sitter-wasm. */
export function grammarFile(lang: LintLanguage): string {
  return `tree-sitter-${lang}.wasm`;
}

/** The language of a path by its extension, or null. */
export function languageOf(path: string): LintLanguage | null {
  const m = /(\.[^./\\]+)$/.exec(path.toLowerCase());
  return m ? EXTENSIONS[m[1]] ?? null : null;
}

/**
 * Byte strings one of which any call site must contain: the name, the code in hex
 * (also with Rust/C# digit separators), signed and unsigned decimal, or IOC_VENDOR
 * for `_WSAIOW(IOC_VENDOR, 16)`. ASCII, so the same search works on UTF-8 bytes and on strings.
 */
export const NEEDLES = ["LOOPBACK_FAST_PATH", "98000010", "9800_0010", "1744830448", "2550136848", "IOC_VENDOR", "LoopbackFastPath"] as const;
/** Not a call: a suppression comment, looked for so that one left in a file without a call is reported as suppressing nothing. */
const SUPPRESSION = "lfp-ignore-";
const NEEDLE_BYTES = [...NEEDLES, SUPPRESSION].map((n) => new TextEncoder().encode(n));

/**
 * The needles as one expression: on a one-byte (latin1) view of the bytes, one scan by
 * V8's regular expressions beats seven searches. The suppression comment is searched
 * apart: a lowercase first letter in the alternation slows the whole scan down.
 */
const NEEDLE_RE = new RegExp(NEEDLES.join("|"));

/** The same search on text already made from the bytes byte for byte (latin1). */
export function mayContainCallText(latin1: string): boolean {
  return NEEDLE_RE.test(latin1) || latin1.includes(SUPPRESSION);
}

/** Could this file contain a call site, or a suppression comment? (No decoding, no parsing.) */
export function mayContainCall(bytes: Uint8Array | string): boolean {
  if (typeof bytes === "string") return NEEDLE_RE.test(bytes) || bytes.includes(SUPPRESSION);
  const latin1 = (bytes as { latin1Slice?: (start: number, end: number) => string }).latin1Slice;
  if (typeof latin1 === "function") { // Node Buffer: a byte-for-byte string
    const s = latin1.call(bytes, 0, bytes.length);
    return NEEDLE_RE.test(s) || s.includes(SUPPRESSION);
  }
  return NEEDLE_BYTES.some((n) => indexOfBytes(bytes, n) >= 0);
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  outer: for (let i = hay.indexOf(first); i >= 0 && i <= hay.length - needle.length; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
