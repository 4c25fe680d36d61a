// The linter proper: parse one source text with its grammar, find the call sites,
// read each one, ask the model, derive the findings. Platform-neutral: the caller
// supplies the grammars' bytes (Node reads them from node_modules, a page fetches them).
import type { Parser, Node, Tree } from "web-tree-sitter";
import type { Model } from "../model.js";
import type { CallSite, ErrorHandling, FileProblem, LintLanguage, Position, SocketContext, VersionGuard } from "./types.js";
import { Symbols } from "./symbols.js";
import { type EvalContext } from "./constants.js";
import { classifyCode, ioctlCall, readShape, type IoctlCall } from "./shape.js";
import { argumentFor, contextsAtCall, socketContexts } from "./socket.js";
import { errorHandling, failsSetup, handlingAtCall, handlingThrough, withCallers, worstHandling } from "./errors.js";
import { askModel } from "./model-adapter.js";
import { directivesIn, type Directive } from "./suppress.js";
import { findingsFor } from "./findings.js";
import { callsNamed, commentsNear, endOf, enclosingFunction, fileCalls, functionName, parameterNames, receiverOf, startOf, unwrap, walk } from "./syntax.js";
import { grammarFile, mayContainCall } from "./languages.js";
import { mergeGuards, ownVersionGuard, versionGuard } from "./guard.js";

/** Where the grammars and tree-sitter's own .wasm come from. */
export interface GrammarLoader {
  /** The bytes of a grammar file (e.g. `tree-sitter-cpp.wasm`). */
  grammar(file: string): Promise<Uint8Array>;
  /** Where web-tree-sitter finds its own `web-tree-sitter.wasm` (passed to Parser.init's locateFile). */
  runtime?: string | URL;
  /** The web-tree-sitter module (default: a dynamic import; Node's CommonJS build gives it through require, without the ESM loader). */
  module?: () => Promise<typeof import("web-tree-sitter")>;
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

/** What a project asks of the linter besides the limits. */
export interface LintOptions extends LintLimits {
  /** The profiles the project runs on: verdicts and findings of the others are left out (null: all). */
  profiles: readonly string[] | null;
}

/** The result of linting one text. */
export interface SourceResult {
  sites: CallSite[];
  /** Why the file could not be linted (it then fails the run). */
  problem: FileProblem | null;
  /** A remark on a file that was linted (e.g. invalid UTF-8 read with replacement characters). */
  note?: FileProblem;
  parsed: boolean;
  /** The suppression comments of the file. */
  directives?: Directive[];
}

let runtimeReady: Promise<void> | null = null;

/** A linter bound to a model and a grammar loader; grammars load on first use. */
export class Linter {
  readonly #model: Model;
  readonly #loader: GrammarLoader;
  readonly #parsers = new Map<LintLanguage, Promise<Parser>>();
  /** The comments read near each call site (the IOC_WS2 check), kept for refine(). */
  readonly #comments = new WeakMap<CallSite, string>();
  /** Sites with no version guard whose function has no caller in their file: callers elsewhere may guard them. */
  readonly #guardOpen = new WeakSet<CallSite>();
  readonly limits: LintOptions;

  constructor(model: Model, loader: GrammarLoader, options: Partial<LintOptions> = {}) {
    this.#model = model;
    this.#loader = loader;
    this.limits = { ...DEFAULT_LIMITS, profiles: null, ...options };
  }

  /** The model the linter asks. */
  get model(): Model {
    return this.#model;
  }

  /** The languages whose grammar was loaded so far (a grammar loads on the first file that needs it). */
  get loadedLanguages(): LintLanguage[] {
    return [...this.#parsers.keys()];
  }

  async #parser(lang: LintLanguage): Promise<Parser> {
    let p = this.#parsers.get(lang);
    if (!p) {
      p = (async () => {
        // Loaded on the first file to parse: a run whose files all miss the byte search never loads tree-sitter.
        const { Parser, Language } = await (this.#loader.module?.() ?? import("web-tree-sitter"));
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
    let note: FileProblem | undefined;
    if (typeof content === "string") text = content;
    else {
      const nul = content.indexOf(0);
      if (nul >= 0) return { sites: [], problem: { file, reason: `binary content (a NUL byte at offset ${nul}); not parsed` }, parsed: false };
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(content);
      } catch {
        text = new TextDecoder("utf-8").decode(content);
        const at = firstInvalidUtf8(content);
        note = { file, reason: `invalid UTF-8 at byte ${at}; linted with replacement characters (columns after it on that line may be off)` };
      }
    }
    if (lang === "cpp" && CLI_MARK.test(text)) text = cliAsCpp(text);
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
      const root = tree.rootNode;
      const started2 = Date.now();
      const { sites, stopped } = this.#analyse(file, lang, root, parser, started2 + this.limits.parseMs);
      const problem = stopped ? { file, reason: `the analysis took longer than ${this.limits.parseMs} ms and stopped after ${stopped.done} of ${stopped.of} call sites; the rest are not linted` } : null;
      return { sites, problem, ...(note ? { note } : {}), parsed: true, directives: directivesIn(root, file) };
    } finally {
      tree.delete();
    }
  }

  /** The call sites of a parsed file; stops at `deadline` (pathological nesting makes each step up the tree cost the node's depth). */
  #analyse(file: string, lang: LintLanguage, root: Node, parser: Parser, deadline: number): { sites: CallSite[]; stopped: { done: number; of: number } | null } {
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
    let stopped: { done: number; of: number } | null = null;
    try {
      const calls = fileCalls(root);
      const ioctls = calls.map((call) => ({ call, io: ioctlCall(call, lang) })).filter((x) => x.io !== null);
      for (const [k, { call, io: found }] of ioctls.entries()) {
        if (Date.now() > deadline) { stopped = { done: k, of: ioctls.length }; break; }
        const io = found!;
        const cls = classifyCode(io, ctx, root);
        if (!cls) {
          // A wrapper that receives the code as a parameter: its calls that pass the fast path's code are the call sites.
          sites.push(...this.#forwarded(file, lang, call, io, root, symbols, ctx));
          continue;
        }
        const shape = readShape(call, io, cls.code, ctx);
        const fn = enclosingFunction(call);
        const comments = commentsNear(call, root) + "\n" + definitionComments(io.codeArg, symbols, root);
        const { guard, open } = versionGuard(call, symbols, root);
        sites.push(this.#finish({
          file, language: lang, start: startOf(call), end: endOf(call),
          text: call.text.length > 200 ? call.text.slice(0, 197) + "..." : call.text,
          function: fn ? functionName(fn) : null,
          shape,
          sockets: socketContexts(io.socket, call, root, symbols, lang),
          errors: errorHandling(call, lang, io.api, root),
          usesBytesReturned: usesBytesReturned(call, io.api, shape.bytesReturnedName),
          ...(guard ? { guard } : {}),
        }, comments, open));
      }
    } finally {
      for (const t of trees) t.delete();
    }
    return { sites, stopped };
  }

  /**
   * The call sites made through a forwarding wrapper (`bool Socket::ioctl(uint32_t code)` that
   * passes `code` to WSAIoctl): each call of the wrapper in this file whose code argument is the
   * fast path's. The call's arguments are the wrapper's own, the wrapper's parameters replaced by
   * what the call passes; the socket is the call's argument, its receiver object, or, for a member
   * of the object the wrapper belongs to, the object being built.
   */
  #forwarded(file: string, lang: LintLanguage, inner: Node, io: IoctlCall, root: Node, symbols: Symbols, ctx: EvalContext): CallSite[] {
    const fn = enclosingFunction(inner);
    const name = fn ? functionName(fn) : null;
    const code = unwrap(io.codeArg);
    if (!fn || !name || code.type !== "identifier") return [];
    const params = parameterNames(fn);
    if (!params.includes(code.text)) return [];
    const out: CallSite[] = [];
    for (const c of callsNamed(root, name)) {
      if ((c.startIndex >= fn.startIndex && c.endIndex <= fn.endIndex) || ioctlCall(c, lang)) continue;
      const map = (n: Node | null): Node | null => {
        if (!n) return n;
        const u = unwrap(n);
        const i = u.type === "identifier" ? params.indexOf(u.text) : -1;
        return i >= 0 ? argumentFor(c, i, params) : n;
      };
      const args = io.args.map((a) => map(a));
      if (args.some((a) => a === null)) continue; // the call leaves a parameter to its default: not followed
      const codeArg = args[io.args.indexOf(io.codeArg)]!;
      const mapped: IoctlCall = { api: io.api, codeArg, args: args as Node[], socket: null };
      const cls = classifyCode(mapped, ctx, root);
      if (!cls) continue;
      const shape = readShape(c, mapped, cls.code, ctx);
      const sock = io.socket ? unwrap(io.socket) : null;
      const sockParam = sock && sock.type === "identifier" ? params.indexOf(sock.text) : -1;
      let sockets: SocketContext[];
      if (sockParam >= 0) sockets = socketContexts(argumentFor(c, sockParam, params), c, root, symbols, lang);
      else if (receiverOf(c)) sockets = socketContexts(receiverOf(c), c, root, symbols, lang);
      else sockets = [objectSocket(c, sock?.text ?? "the socket", name)];
      const caller = enclosingFunction(c);
      const comments = commentsNear(c, root) + "\n" + commentsNear(inner, root) + "\n" + definitionComments(codeArg, symbols, root);
      // The wrapper's own check around the ioctl guards every call of it; else the caller's.
      const inside = ownVersionGuard(inner, symbols, root);
      const { guard, open } = inside ? { guard: inside, open: false } : versionGuard(c, symbols, root);
      out.push(this.#finish({
        file, language: lang, start: startOf(c), end: endOf(c),
        text: c.text.length > 200 ? c.text.slice(0, 197) + "..." : c.text,
        function: caller ? functionName(caller) : null,
        shape,
        sockets,
        errors: handlingThrough(inner, c, lang, io.api, root),
        usesBytesReturned: usesBytesReturned(inner, io.api, shape.bytesReturnedName),
        ...(guard ? { guard } : {}),
      }, comments, open));
    }
    return out;
  }

  /** Ask the model about a call site read from the code, and derive its findings. */
  #finish(given: Omit<CallSite, "model" | "findings">, comments: string, guardOpen = false): CallSite {
    const base = { ...given, errors: failsSetup(given.errors, given.sockets) };
    const { shape, sockets } = base;
    const type = sockets.some((s) => s.type === "datagram") ? "datagram" : sockets[0]?.type ?? "unknown";
    const stage = sockets.find((s) => s.stage !== "unknown" && s.stage !== "created")?.stage ?? sockets[0]?.stage ?? "unknown";
    const model = askModel(this.#model, shape, stage, type);
    const profiles = this.limits.profiles;
    // The targeted profiles a version guard keeps the call from: their answers make no finding.
    const skip = new Set((base.guard?.notReached ?? []).map((p) => p.profile));
    const keep = (p: string) => (!profiles || profiles.includes(p)) && !skip.has(p);
    const notReached = (base.guard?.notReached ?? []).filter((p) => !profiles || profiles.includes(p.profile));
    if (notReached.length) model.notReached = notReached;
    model.call = model.call.filter((v) => keep(v.profile));
    if (model.scenario) model.scenario = model.scenario.filter((v) => keep(v.profile));
    const withModel = { ...base, model };
    const site = { ...withModel, findings: findingsFor(withModel, comments) };
    this.#comments.set(site, comments);
    if (guardOpen) this.#guardOpen.add(site);
    return site;
  }

  /**
   * The calls of helper functions in another file's content: for each wanted function,
   * the contexts of the socket passed as `parameter` and how each caller handles an
   * error the function returns or throws. Nothing when the file mentions none of them.
   */
  async callersIn<W extends { function: string; parameter?: number; self?: boolean; exceptions: boolean }>(lang: LintLanguage, content: Uint8Array | string, wanted: W[]): Promise<(W & { contexts: SocketContext[]; handlings: ErrorHandling[]; guards: (VersionGuard | null)[]; at: Position[] })[]> {
    const text = typeof content === "string" ? content : new TextDecoder("utf-8").decode(content);
    const names = wanted.filter((w) => text.includes(w.function));
    if (!names.length || text.length > this.limits.maxBytes || text.includes("\u0000")) return [];
    const parser = await this.#parser(lang);
    const tree = parser.parse(text);
    if (!tree) return [];
    try {
      const root = tree.rootNode;
      const symbols = new Symbols(root);
      const deadline = Date.now() + this.limits.parseMs; // as the analysis of a file: a hostile caller file cannot hold the run
      return names.map((w) => {
        const found = Date.now() > deadline ? [] : callsNamed(root, w.function);
        return {
          ...w,
          contexts: w.parameter === undefined ? [] : found.flatMap((c) => contextsAtCall(c, w.parameter!, root, symbols, lang, w.self === true)),
          handlings: found.map((c) => handlingAtCall(c, lang, w.exceptions, root)),
          guards: found.map((c) => versionGuard(c, symbols, root).guard),
          at: found.map((c) => startOf(c)),
        };
      });
    } finally {
      tree.delete();
    }
  }

  /** Has the site no version guard of its own, in a function its file does not call (so callers in other files may guard it)? */
  guardOpen(site: CallSite): boolean {
    return this.#guardOpen.has(site);
  }

  /** A call site whose helper has no caller anywhere in the project: its results say so (why the stage or the policy stays unknown). */
  noCallers(site: CallSite, searched: number): CallSite {
    const where = `no caller in the project (${searched} file(s) of its language searched)`;
    const sockets = site.sockets.map((c) => (c.caller && c.stage === "unknown" ? { ...c, evidence: c.evidence.replace("no caller in this file", where) } : c));
    const errors = site.errors.caller ? { ...site.errors, evidence: `${site.errors.evidence}; ${site.errors.caller.function}() has ${where}: what its callers do with the error is not known` } : site.errors;
    const { model: _m, findings: _f, ...base } = site;
    return this.#finish({ ...base, sockets, errors }, this.#comments.get(site) ?? "");
  }

  /**
   * A call site again, with what callers in other files showed: socket contexts, their error
   * handling, and their version guards (one per caller, each with its file and position).
   */
  refine(site: CallSite, contexts: SocketContext[], handlings: ErrorHandling[], where: string, guards: { guard: VersionGuard | null; at: Position; file: string }[] = []): CallSite {
    const unresolved = (c: SocketContext) => c.caller !== undefined && c.stage === "unknown";
    const sockets = contexts.length ? [...site.sockets.filter((c) => !unresolved(c)), ...contexts] : site.sockets;
    const seen = new Set<string>();
    const unique = sockets.filter((c) => { const k = `${c.stage}/${c.type}`; if (seen.has(k)) return false; seen.add(k); return true; });
    const worst = site.errors.caller ? worstHandling(handlings) : null;
    const errors = worst ? withCallers(site.errors, worst, where) : site.errors;
    const { model: _m, findings: _f, ...base } = site;
    // Callers in other files guard the site only when it has no guard and no caller of its own file.
    let guard = site.guard;
    if (!guard && this.#guardOpen.has(site) && site.function && guards.length) {
      const files = [...new Set(guards.map((g) => g.file))];
      const merged = mergeGuards(guards.map((g) => g.guard), guards.map((g) => g.at), site.function, files.length === 1 ? files[0] : undefined);
      if (merged) guard = { ...merged, file: guards.find((g) => g.guard)!.file };
    }
    return this.#finish({ ...base, sockets: unique, errors, ...(guard ? { guard } : {}) }, this.#comments.get(site) ?? "", !guard && this.#guardOpen.has(site));
  }
}

/**
 * The socket of the object a wrapper belongs to, when the wrapper is called without a receiver
 * (from another member): in a constructor whose base or member initialiser creates the socket
 * (`: Socket(family, SOCK_STREAM, IPPROTO_TCP)`), it is just created; otherwise not followed.
 */
function objectSocket(call: Node, member: string, wrapper: string): SocketContext {
  const fn = enclosingFunction(call);
  const inits = fn ? fn.descendantsOfType("field_initializer_list")[0] : null;
  const init = inits?.namedChildren.find((i) => i !== null && /SOCK_STREAM|SOCK_DGRAM|IPPROTO_TCP|IPPROTO_UDP/.test(i.text)) ?? null;
  if (init) {
    const type = /SOCK_DGRAM|IPPROTO_UDP/.test(init.text) ? "datagram" : "stream";
    const head = init.text.replace(/\s+/g, " ");
    return {
      stage: "created", type, at: startOf(call),
      evidence: `${member} of this object, created by the constructor's initialiser ${head.length > 60 ? `${head.slice(0, 57)}...` : head} at line ${startOf(init).line}; ${wrapper}() is called in the constructor's body before any other use`,
    };
  }
  return { stage: "unknown", type: "unknown", at: startOf(call), evidence: `${member} is a member of the object ${wrapper}() belongs to; what happened to it before this call (in other members) is not followed` };
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

/** C++/CLI (managed C++, used for Winsock wrappers in .NET assemblies) is read with the C++ grammar after these words are respelled. */
const CLI_MARK = /\bgcnew\b|\b(?:ref|value) (?:class|struct)\b/;

/**
 * C++/CLI respelled as C++ of the same length, so that every position stays: `gcnew` as
 * `new`, handles `T^` as pointers `T*`, `ref class` as `class`, `initonly` removed.
 */
function cliAsCpp(text: string): string {
  return text
    .replace(/\bgcnew\b/g, "new  ")
    .replace(/\b(?:(public|private|internal)(\s+))?(ref|value) (class|struct)\b/g, (_m, vis: string | undefined, sp: string | undefined, a: string, b: string) => `${" ".repeat((vis?.length ?? 0) + (sp?.length ?? 0) + a.length + 1)}${b}`)
    .replace(/\binitonly\b/g, "        ")
    .replace(/([\w>])\^(?=[\s>^),&])/g, "$1*");
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
