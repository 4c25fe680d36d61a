// The linter proper: parse one source text with its grammar, find the call sites,
// read each one, ask the model, derive the findings. Platform-neutral: the caller
// supplies the grammars' bytes (Node reads them from node_modules, a page fetches them).
import { Parser, Language, type Node, type Tree } from "web-tree-sitter";
import type { Model } from "../model.js";
import type { CallSite, ErrorHandling, FileProblem, LintLanguage, SocketContext } from "./types.js";
import { Symbols } from "./symbols.js";
import { type EvalContext } from "./constants.js";
import { classifyCode, ioctlCall, readShape } from "./shape.js";
import { contextsAtCall, socketContexts, socketExpression } from "./socket.js";
import { errorHandling, handlingAtCall, withCallers, worstHandling } from "./errors.js";
import { askModel } from "./model-adapter.js";
import { findingsFor } from "./findings.js";
import { calleeName, callsIn, commentsNear, endOf, enclosingFunction, functionName, startOf, walk } from "./syntax.js";
import { grammarFile, mayContainCall } from "./languages.js";

/** Where the grammars and tree-sitter's own .wasm come from. */
export interface GrammarLoader {
  /** The bytes of a grammar file (e.g. `tree-sitter-cpp.wasm`). */
  grammar(file: string): Promise<Uint8Array>;
  /** Where web-tree-sitter finds its own `web-tree-sitter.wasm` (passed to Parser.init's locateFile). */
  runtime?: string | URL;
}

/** Limits against hostile input. */
export interface LintLimits {
  /** Files larger than this are reported, not parsed. Default 16 MiB. */
  maxBytes: number;
  /** A parse that takes longer is cancelled and reported. Default 10 s. */
  parseMs: number;
  /** Skip, without parsing, files where no needle occurs (default true; false only to measure what it saves). */
  byteSearch: boolean;
}
export const DEFAULT_LIMITS: LintLimits = { maxBytes: 16 * 1024 * 1024, parseMs: 10_000, byteSearch: true };

/** The result of linting one text. */
export interface SourceResult { sites: CallSite[]; problem: FileProblem | null; parsed: boolean }

let runtimeReady: Promise<void> | null = null;

/** A linter bound to a model and a grammar loader; grammars load on first use. */
export class Linter {
  readonly #model: Model;
  readonly #loader: GrammarLoader;
  readonly #parsers = new Map<LintLanguage, Promise<Parser>>();
  /** The comments read near each call site (the IOC_WS2 check), kept for refine(). */
  readonly #comments = new WeakMap<CallSite, string>();
  readonly limits: LintLimits;

  constructor(model: Model, loader: GrammarLoader, limits: Partial<LintLimits> = {}) {
    this.#model = model;
    this.#loader = loader;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  async #parser(lang: LintLanguage): Promise<Parser> {
    let p = this.#parsers.get(lang);
    if (!p) {
      p = (async () => {
        const rt = this.#loader.runtime;
        runtimeReady ??= Parser.init(rt ? { locateFile: () => String(rt) } : undefined);
        await runtimeReady;
        const language = await Language.load(await this.#loader.grammar(grammarFile(lang)));
        const parser = new Parser();
        parser.setLanguage(language);
        return parser;
      })();
      this.#parsers.set(lang, p);
    }
    return p;
  }

  /**
   * Lint one file's content. Bytes are searched for the code before anything is
   * decoded; text that cannot contain a call is not parsed.
   */
  async lintSource(file: string, lang: LintLanguage, content: Uint8Array | string): Promise<SourceResult> {
    const size = typeof content === "string" ? content.length : content.byteLength;
    if (this.limits.byteSearch && !mayContainCall(content)) return { sites: [], problem: null, parsed: false };
    if (size > this.limits.maxBytes) {
      return { sites: [], problem: { file, reason: `too large to parse (${(size / 1048576).toFixed(1)} MiB > ${(this.limits.maxBytes / 1048576).toFixed(0)} MiB); it mentions the code, so it is reported rather than skipped` }, parsed: false };
    }
    let text: string;
    let problem: FileProblem | null = null;
    if (typeof content === "string") text = content;
    else {
      const nul = content.indexOf(0);
      if (nul >= 0) return { sites: [], problem: { file, reason: `binary content (a NUL byte at offset ${nul}); not parsed` }, parsed: false };
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(content);
      } catch {
        text = new TextDecoder("utf-8").decode(content);
        const at = firstInvalidUtf8(content);
        problem = { file, reason: `invalid UTF-8 at byte ${at}; read with replacement characters (positions after it may be off)` };
      }
    }
    const parser = await this.#parser(lang);
    const started = Date.now();
    let cancelled = false;
    let tree: Tree | null = null;
    try {
      // web-tree-sitter 0.27 documents that a progressCallback returning true cancels the parse;
      // its .d.ts types the callback as returning void, hence the cast.
      const progressCallback = () => { if (Date.now() - started > this.limits.parseMs) { cancelled = true; return true; } return false; };
      tree = parser.parse(text, null, { progressCallback } as unknown as Parameters<Parser["parse"]>[2]);
    } catch (err) {
      return { sites: [], problem: { file, reason: `the ${lang} parser failed: ${(err as Error).message}` }, parsed: false };
    }
    if (!tree || cancelled) {
      parser.reset();
      return { sites: [], problem: { file, reason: `parsing took longer than ${this.limits.parseMs} ms; cancelled` }, parsed: false };
    }
    try {
      return { sites: this.#analyse(file, lang, tree.rootNode, parser), problem, parsed: true };
    } finally {
      tree.delete();
    }
  }

  #analyse(file: string, lang: LintLanguage, root: Node, parser: Parser): CallSite[] {
    const symbols = new Symbols(root);
    const reparsed = new Map<string, Node | null>();
    const trees: Tree[] = [];
    const ctx: EvalContext = {
      symbols,
      reparse: (body) => {
        if (reparsed.has(body)) return reparsed.get(body)!;
        let node: Node | null = null;
        if (lang === "cpp" && body.length < 512) {
          const t = parser.parse(`int __lfp = (${body});`);
          if (t) {
            trees.push(t);
            node = t.rootNode.descendantsOfType("init_declarator")[0]?.childForFieldName("value") ?? null;
          }
        }
        reparsed.set(body, node);
        return node;
      },
    };
    const sites: CallSite[] = [];
    try {
      for (const call of callsIn(root)) {
        const io = ioctlCall(call, lang);
        if (!io) continue;
        const cls = classifyCode(io, ctx, root);
        if (!cls) continue;
        const shape = readShape(call, io, cls.code, ctx);
        const fn = enclosingFunction(call);
        const comments = commentsNear(call, root) + "\n" + definitionComments(io.codeArg, symbols, root);
        sites.push(this.#finish({
          file, language: lang, start: startOf(call), end: endOf(call),
          text: call.text.length > 200 ? call.text.slice(0, 197) + "..." : call.text,
          function: fn ? functionName(fn) : null,
          shape,
          sockets: socketContexts(socketExpression(call, io.api), call, root, symbols, lang),
          errors: errorHandling(call, lang, io.api, root),
          usesBytesReturned: usesBytesReturned(call, io.api, shape.bytesReturnedName),
        }, comments));
      }
    } finally {
      for (const t of trees) t.delete();
    }
    return sites;
  }

  /** Ask the model about a call site read from the code, and derive its findings. */
  #finish(base: Omit<CallSite, "model" | "findings">, comments: string): CallSite {
    const { shape, sockets } = base;
    const type = sockets.some((s) => s.type === "datagram") ? "datagram" : sockets[0]?.type ?? "unknown";
    const stage = sockets.find((s) => s.stage !== "unknown" && s.stage !== "created")?.stage ?? sockets[0]?.stage ?? "unknown";
    const withModel = { ...base, model: askModel(this.#model, shape, stage, type) };
    const site = { ...withModel, findings: findingsFor(withModel, comments) };
    this.#comments.set(site, comments);
    return site;
  }

  /**
   * The calls of helper functions in another file's content: for each wanted function,
   * the contexts of the socket passed as `parameter` and how each caller handles an
   * error the function returns or throws. Nothing when the file mentions none of them.
   */
  async callersIn(lang: LintLanguage, content: Uint8Array | string, wanted: { function: string; parameter?: number; exceptions: boolean }[]): Promise<{ function: string; contexts: SocketContext[]; handlings: ErrorHandling[] }[]> {
    const text = typeof content === "string" ? content : new TextDecoder("utf-8").decode(content);
    const names = wanted.filter((w) => text.includes(w.function));
    if (!names.length || text.length > this.limits.maxBytes || text.includes("\u0000")) return [];
    const parser = await this.#parser(lang);
    const tree = parser.parse(text);
    if (!tree) return [];
    try {
      const root = tree.rootNode;
      const symbols = new Symbols(root);
      const calls = callsIn(root);
      return names.map((w) => {
        const found = calls.filter((c) => calleeName(c) === w.function);
        return {
          function: w.function,
          contexts: w.parameter === undefined ? [] : found.flatMap((c) => contextsAtCall(c, w.parameter!, root, symbols, lang)),
          handlings: found.map((c) => handlingAtCall(c, lang, w.exceptions, root)),
        };
      });
    } finally {
      tree.delete();
    }
  }

  /** A call site again, with what callers in other files showed: socket contexts and their error handling. */
  refine(site: CallSite, contexts: SocketContext[], handlings: ErrorHandling[], where: string): CallSite {
    const unresolved = (c: SocketContext) => c.caller !== undefined && c.stage === "unknown";
    const sockets = contexts.length ? [...site.sockets.filter((c) => !unresolved(c)), ...contexts] : site.sockets;
    const seen = new Set<string>();
    const unique = sockets.filter((c) => { const k = `${c.stage}/${c.type}`; if (seen.has(k)) return false; seen.add(k); return true; });
    const worst = site.errors.caller ? worstHandling(handlings) : null;
    const errors = worst ? withCallers(site.errors, worst, where) : site.errors;
    const { model: _m, findings: _f, ...base } = site;
    return this.#finish({ ...base, sockets: unique, errors }, this.#comments.get(site) ?? "");
  }
}

/** The comments next to the definition of the code's name (`#define X ... // IOC_IN | IOC_WS2 | 16`). */
function definitionComments(codeArg: Node, symbols: Symbols, root: Node): string {
  const name = codeArg.text.replace(/^.*[.:>]/, "");
  const b = symbols.lookup(name, codeArg);
  return b ? commentsNear(b.node, root) : "";
}

/** Is the bytes-returned value read after the call (or, for Python's socket.ioctl, the call's result used)? */
function usesBytesReturned(call: Node, api: string, name: string | null): boolean {
  if (api === "socket.ioctl" || api === "Socket.IOControl") {
    const p = call.parent;
    return !!p && p.type !== "expression_statement" && p.type !== "parenthesized_expression";
  }
  if (!name) return false;
  const fn = enclosingFunction(call) ?? call.parent;
  if (!fn) return false;
  for (const n of walk(fn)) {
    if (n.startIndex < call.endIndex || n.type !== "identifier" || n.text !== name) continue;
    const parentText = n.parent?.text ?? "";
    if (/^&/.test(parentText)) continue; // passed again to another call
    return true;
  }
  return false;
}

/** The offset of the first byte that breaks UTF-8 (a lead byte without its continuation bytes, or a stray one). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    const len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > b.length) return i;
    for (let j = 1; j < len; j++) if ((b[i + j] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return b.length;
}
