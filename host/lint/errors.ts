// Reading the error policy around a call: is the result looked at, which errors are
// tolerated, what happens on the others (fatal, returned, logged, dropped).
import type { Node } from "web-tree-sitter";
import type { ErrorHandling, ErrorPolicy, LintLanguage, SocketContext } from "./types.js";
import { ancestors, calleeName, callsNamed, enclosingFunction, functionName, FUNCTION_TYPES, goControlOwner, keyOf, MAX_UP, walk } from "./syntax.js";

/** How each error is written: Winsock names, numbers, .NET SocketError, Python/Go/Rust spellings. */
const ERROR_SPELLINGS: [string, RegExp][] = [
  ["WSAEOPNOTSUPP", /\b(WSAEOPNOTSUPP|10045|OperationNotSupported|EOPNOTSUPP|ENOTSUP)\b/],
  ["WSAEINVAL", /\b(WSAEINVAL|10022|InvalidArgument|EINVAL)\b/],
  ["WSAEFAULT", /\b(WSAEFAULT|10014|Fault)\b/],
];
/** An error constant in a comparison (any WSAE* name, or a Winsock error number). */
const ERROR_CONSTANT = /\b(WSAE[A-Z]+|WSA_[A-Z_]+|100\d\d|110\d\d|E[A-Z]{3,})\b/;
/** Calls that read the thread's last error. */
const LAST_ERROR = /(WSAGetLastError|GetLastError|last_socket_error|last_error|GetLastWin32Error|get_last_error|\berrno)\b/;
/** Calls that end the process or raise. */
const FATAL_CALL = /(assert|abort|exit|panic|fatal|terminate|die|throw|raise|unreachable|crash|FailFast)/i;
/** Calls that only report. */
const LOG_CALL = /(log|print|warn|trace|debug|report|puts|syslog|OutputDebugString|Write(Line)?$|notice|info)/i;
/** Node types of a comparison. */
const COMPARISONS = new Set(["binary_expression", "comparison_operator", "binary_operator"]);

interface Region { nodes: Node[]; holders: Set<string>; errorHolders: Set<string> }

/** Is `n` (or an ancestor up to `stop`) the call or inside it? */
function contains(outer: Node, inner: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** Node types whose children are statements (preprocessor conditionals included: their bodies are statement lists too). */
const BLOCKS = /^(compound_statement|block|statement_list|declaration_list|translation_unit|module|source_file|switch_section|case_statement|preproc_if|preproc_ifdef|preproc_else|preproc_elif|preproc_elifdef)$/;

/** The statement around a node that is a direct child of a block. */
function statementOf(n: Node): Node {
  let cur = n;
  for (const p of ancestors(n)) {
    if (BLOCKS.test(p.type)) break;
    cur = p;
  }
  return cur;
}

/** Where the call's return value goes: a variable, a condition, a return, an argument, or nowhere. */
function resultUse(call: Node): { kind: "discarded" | "variable" | "condition" | "return" | "argument" | "question" | "other"; name?: string; node: Node } {
  let child = call;
  for (const p of ancestors(call)) {
    const prev = child;
    child = p;
    switch (p.type) {
      case "parenthesized_expression": case "cast_expression": case "type_cast_expression": case "unsafe_block": case "await_expression": case "checked_expression":
      case "expression_list": // Go: `err := windows.WSAIoctl(...)`
        continue;
      case "block":
        if (p.parent?.type === "unsafe_block" && p.namedChildren.at(-1)?.id === prev.id) continue;
        return { kind: "discarded", node: p };
      case "try_expression": return { kind: "question", node: p };
      case "expression_statement": return { kind: "discarded", node: p };
      case "let_declaration": {
        const pat = p.childForFieldName("pattern");
        return pat && pat.text !== "_" ? { kind: "variable", name: keyOf(pat), node: p } : { kind: "discarded", node: p };
      }
      case "init_declarator": case "variable_declarator": {
        const d = p.childForFieldName("declarator") ?? p.childForFieldName("name");
        return { kind: "variable", name: d ? keyOf(d) : "", node: statementOf(p) };
      }
      case "assignment_expression": case "assignment": case "short_var_declaration": case "assignment_statement": {
        const left = p.childForFieldName("left");
        const first = left && (left.type === "expression_list" || left.type === "pattern_list") ? left.namedChildren.at(-1) : left;
        // Go: `_, _, err := ...` — the last result is the error.
        if (!first || first.text === "_") return { kind: "discarded", node: statementOf(p) };
        return { kind: "variable", name: keyOf(first), node: statementOf(p) };
      }
      case "condition_clause": case "if_statement": case "while_statement": case "conditional_expression": case "ternary_expression":
        return { kind: "condition", node: p.type === "condition_clause" ? p.parent ?? p : p };
      case "return_statement": case "return_expression": return { kind: "return", node: p };
      case "argument_list": case "arguments": case "argument":
        // C++ direct initialisation, `int r(WSAIoctl(...));`: the call initialises a variable.
        if (p.type === "argument_list" && p.parent?.type === "init_declarator") {
          const d = p.parent.childForFieldName("declarator");
          return { kind: "variable", name: d ? keyOf(d) : "", node: statementOf(p.parent) };
        }
        return { kind: "argument", node: p.parent?.type === "argument_list" ? p.parent.parent ?? p : p.parent ?? p };
      case "binary_expression": case "unary_expression": case "prefix_unary_expression": case "comparison_operator": case "boolean_operator": case "not_operator": case "binary_operator":
        continue; // `WSAIoctl(...) == SOCKET_ERROR`, `!ok` (C#: prefix_unary_expression): the use is further up
      default:
        return { kind: "other", node: p };
    }
  }
  return { kind: "other", node: call };
}

/** The statements after `from` in the enclosing function (same or outer blocks), up to `limit`. */
function statementsAfter(from: Node, limit: number): Node[] {
  const out: Node[] = [];
  let cur: Node = statementOf(from);
  for (let level = 0; out.length < limit && level < MAX_UP; level++) {
    let s: Node | null = cur.nextNamedSibling;
    // `#else` / `#elif` branches are alternatives to the code around the call, not what follows it.
    while (s && out.length < limit) { if (!/^preproc_(else|elif|elifdef)$/.test(s.type)) out.push(s); s = s.nextNamedSibling; }
    // Then what follows the enclosing statement, up to the end of the function (never into the next one).
    const block = cur.parent;
    const owner = block?.parent;
    if (!block || !owner || FUNCTION_TYPES.has(block.type) || FUNCTION_TYPES.has(owner.type) || /^(translation_unit|module|source_file|compilation_unit)$/.test(block.type)) break;
    cur = BLOCKS.test(block.type) ? statementOf(block) : block;
  }
  return out;
}

/** The names a statement assigns from the last-error call (`int err = WSAGetLastError();`). */
function errorHoldersIn(n: Node, into: Set<string>): void {
  for (const d of walk(n)) {
    if (!/init_declarator|assignment|variable_declarator|let_declaration|short_var_declaration/.test(d.type)) continue;
    const left = d.childForFieldName("left") ?? d.childForFieldName("declarator") ?? d.childForFieldName("pattern") ?? d.childForFieldName("name");
    const right = d.childForFieldName("right") ?? d.childForFieldName("value") ?? d.namedChildren.at(-1);
    if (left && right && LAST_ERROR.test(right.text)) into.add(keyOf(left));
  }
}

const mentions = (n: Node, names: Set<string>) => {
  for (const d of walk(n)) if (d.type === "identifier" && names.has(d.text)) return true;
  return false;
};

/** The code that looks at the result or the error after a non-throwing call. */
function regionOf(call: Node, use: ReturnType<typeof resultUse>): Region {
  const holders = new Set<string>(use.name ? [use.name] : []);
  const errorHolders = new Set<string>();
  const nodes: Node[] = [];
  if (use.kind === "condition" || use.kind === "return" || use.kind === "argument") nodes.push(use.node);
  for (const n of nodes) errorHoldersIn(n, errorHolders);
  // The statements that look at the result (or at what was taken from WSAGetLastError()), and a
  // statement reading the last error right after one of those: `if (rv == 0) return 0; return WSAGetLastError();`.
  let previousIncluded = nodes.length > 0;
  for (const s of statementsAfter(use.kind === "condition" ? use.node : call, 40)) {
    const include = mentions(s, holders) || mentions(s, errorHolders) || (previousIncluded && LAST_ERROR.test(s.text));
    if (include) {
      nodes.push(s);
      errorHoldersIn(s, errorHolders);
    }
    previousIncluded = include;
    // A reassignment of the holder from something else ends what it says about this call.
    if (s.type !== "if_statement" && [...holders].some((h) => new RegExp(`^\\s*${h.replace(/[^\w]/g, "\\$&")}\\s*=[^=]`).test(s.text) && !LAST_ERROR.test(s.text))) break;
  }
  // A closure that stores the result in a variable of the function around it (Go: `opErr = ...` inside
  // `raw.Control(func(fd uintptr) {...})`): that function looks at it after the closure.
  const fn = enclosingFunction(call);
  if (fn && CLOSURES.has(fn.type) && holders.size && ![...holders].some((h) => declaresIn(fn, h))) {
    for (const s of statementsAfter(fn, 40)) if (mentions(s, holders)) nodes.push(s);
  }
  return { nodes, holders, errorHolders };
}

/** Function nodes without a name of their own. */
const CLOSURES = new Set(["func_literal", "lambda_expression", "closure_expression", "lambda", "anonymous_method_expression"]);

/** Is `name` declared (not merely assigned) inside `fn`? */
function declaresIn(fn: Node, name: string): boolean {
  for (const d of walk(fn)) {
    if (!/^(short_var_declaration|var_spec|let_declaration|init_declarator|variable_declarator|declaration)$/.test(d.type)) continue;
    const left = d.childForFieldName("left") ?? d.childForFieldName("name") ?? d.childForFieldName("pattern") ?? d.childForFieldName("declarator");
    if (left && new RegExp(`(^|[^\\w])${name}([^\\w]|$)`).test(left.text)) return true;
  }
  return false;
}

/** Errors compared with, anywhere in the region. */
function toleratedIn(nodes: Node[]): string[] {
  const found = new Set<string>();
  for (const n of nodes) for (const d of walk(n)) {
    if (!COMPARISONS.has(d.type) && d.type !== "case_statement" && d.type !== "catch_filter_clause" && d.type !== "when_clause") continue;
    for (const [name, re] of ERROR_SPELLINGS) if (re.test(d.text)) found.add(name);
  }
  return [...found];
}

/** The return value itself compared with an error code (the error is in WSAGetLastError(), not in the return value). */
function returnCompared(call: Node, region: Region, language: LintLanguage, holders: Set<string>): boolean {
  if (language === "go") return false; // x/sys/windows returns the errno as the error value
  const isResult = (n: Node) => (n.startIndex === call.startIndex && n.endIndex === call.endIndex) || (n.type === "identifier" && holders.has(n.text));
  for (const top of [call.parent ?? call, ...region.nodes]) for (const d of walk(top)) {
    if (!COMPARISONS.has(d.type) || !/^(==|!=|===|!==|<|>|<=|>=)$/.test(d.childForFieldName("operator")?.text ?? d.child(1)?.text ?? "")) continue;
    const l = d.childForFieldName("left"), r = d.childForFieldName("right");
    if (!l || !r) continue;
    const pair = [[l, r], [r, l]] as const;
    for (const [a, b] of pair) {
      const strip = (x: Node): Node => (x.type === "parenthesized_expression" && x.namedChildren[0] ? strip(x.namedChildren[0]) : x);
      const aa = strip(a);
      if (!isResult(aa) || !ERROR_CONSTANT.test(b.text) || /SOCKET_ERROR|ERROR_SUCCESS|NO_ERROR/.test(b.text)) continue;
      // `status = WSAGetLastError()` between the call and the comparison makes the holder an error holder.
      if (aa.type === "identifier" && region.errorHolders.has(aa.text)) continue;
      return true;
    }
  }
  return false;
}

/** What the region does on failure. */
function actionsIn(nodes: Node[], call: Node, followGoto = true): { fatal: boolean; returns: boolean; logs: boolean } {
  let fatal = false, returns = false, logs = false;
  for (const n of nodes) for (const d of walk(n)) {
    if (d.type === "goto_statement" && followGoto) { // `goto FAIL;`: what the code after the label does (C, C++, C#)
      const a = actionsIn(labelled(d), call, false);
      fatal ||= a.fatal; returns ||= a.returns; logs ||= a.logs;
      continue;
    }
    if (contains(d, call) && d.id !== n.id && d.type !== "return_statement") { if (d.startIndex === call.startIndex && d.endIndex === call.endIndex) continue; }
    if (d.type === "throw_statement" || d.type === "raise_statement" || d.type === "throw_expression") fatal = true;
    else if (d.type === "macro_invocation" && /^(panic|unreachable|assert)/.test(d.text)) fatal = true;
    else if (/call_expression|invocation_expression|^call$/.test(d.type) && !contains(call, d)) {
      const name = calleeName(d);
      if (name === "Err") returns = true; // Rust: the error value of the function's Result
      else if (FATAL_CALL.test(name)) fatal = true;
      else if (LOG_CALL.test(name)) logs = true;
    } else if (d.type === "return_statement" || d.type === "return_expression") {
      const v = d.namedChildren[0];
      if (v && !/^(0|true|TRUE|S_OK|NO_ERROR|nil|None|Ok\(\(\)\)|GRPC_ERROR_NONE|ErrorCodeT\(\))$/.test(v.text.trim())) returns = true;
    }
  }
  return { fatal, returns, logs };
}

/** The statements a `goto` jumps to: the labelled statement and what follows it in its block. */
function labelled(go: Node): Node[] {
  const label = (go.childForFieldName("label") ?? go.namedChildren[0])?.text;
  const fn = enclosingFunction(go);
  if (!label || !fn) return [];
  for (const l of fn.descendantsOfType("labeled_statement")) {
    if (!l || (l.childForFieldName("label") ?? l.namedChildren[0])?.text !== label) continue;
    const out: Node[] = [];
    for (let s: Node | null = l; s; s = s.nextNamedSibling) out.push(s);
    return out;
  }
  return [];
}

function decide(tolerates: string[], a: { fatal: boolean; returns: boolean; logs: boolean }, hasRegion: boolean): ErrorPolicy {
  const opnotsupp = tolerates.includes("WSAEOPNOTSUPP");
  if (opnotsupp && tolerates.includes("WSAEINVAL")) return "tolerated";
  if (opnotsupp) return a.fatal || a.returns ? "opnotsupp-only" : a.logs ? "logged" : "swallowed";
  if (a.fatal) return "fatal";
  if (a.returns) return "returned";
  if (a.logs) return "logged";
  return hasRegion ? "swallowed" : "ignored";
}

/** Exceptions (.NET, Python): the try around the call and what its handlers do. */
function exceptionPolicy(call: Node): ErrorHandling {
  const fn = enclosingFunction(call);
  for (const p of ancestors(call)) {
    if (p.id === fn?.id) break;
    if (p.type !== "try_statement") continue;
    const body = p.childForFieldName("body") ?? p.namedChildren[0];
    if (!body || !contains(body, call)) continue;
    const handlers = p.namedChildren.filter((c) => c && (c.type === "catch_clause" || c.type === "except_clause" || c.type === "except_group_clause")) as Node[];
    if (!handlers.length) break; // try/finally: the exception still propagates
    const tolerates = new Set<string>();
    let anyCatchAll = false, fatal = false, logs = false, returns = false;
    for (const h of handlers) {
      const filtered = ERROR_SPELLINGS.filter(([, re]) => re.test(h.text));
      for (const [name] of filtered) tolerates.add(name);
      if (!filtered.length) anyCatchAll = true;
      const a = actionsIn([h], call);
      if (/\bthrow\b|\braise\b/.test(h.text)) fatal = true;
      fatal ||= a.fatal; logs ||= a.logs; returns ||= a.returns;
    }
    const tol = [...tolerates];
    let policy: ErrorPolicy;
    if (tol.includes("WSAEOPNOTSUPP") && !anyCatchAll) policy = "opnotsupp-only"; // other errors propagate
    else if (tol.includes("WSAEOPNOTSUPP")) policy = fatal ? "opnotsupp-only" : logs ? "logged" : "swallowed";
    else policy = fatal ? "fatal" : logs ? "logged" : "swallowed"; // a handler that returns quietly swallows too
    return { policy, tolerates: tol, returnComparedToError: false, evidence: `try/catch at line ${p.startPosition.row + 1}: ${handlers.length} handler(s)` };
  }
  return { policy: "returned", tolerates: [], returnComparedToError: false, evidence: "no try around the call: the exception goes to the caller" };
}

/** How bad a policy is for a caller, to pick one when callers differ: the first listed wins. */
const SEVERITY: ErrorPolicy[] = ["fatal", "opnotsupp-only", "returned", "logged", "tolerated", "swallowed", "ignored", "unknown"];

/** The error handling at the call itself, without looking at callers. */
function localHandling(call: Node, language: LintLanguage, exceptions: boolean): ErrorHandling {
  if (exceptions) return exceptionPolicy(call);
  const use = resultUse(call);
  if (use.kind === "question") return { policy: "returned", tolerates: [], returnComparedToError: false, evidence: "`?` returns the error to the caller" };
  if (use.kind === "discarded") {
    const region = regionOf(call, use);
    if (!region.nodes.length) return { policy: "ignored", tolerates: [], returnComparedToError: false, evidence: "the result is discarded" };
  }
  if (use.kind === "return") {
    return {
      policy: "returned", tolerates: toleratedIn([use.node]),
      returnComparedToError: returnCompared(call, { nodes: [use.node], holders: new Set(), errorHolders: new Set() }, language, new Set()),
      evidence: "the result is returned to the caller",
    };
  }
  if (use.kind === "argument") {
    const name = calleeName(use.node);
    const tolerates = toleratedIn([use.node]);
    if (FATAL_CALL.test(name)) return { policy: tolerates.includes("WSAEOPNOTSUPP") ? "opnotsupp-only" : "fatal", tolerates, returnComparedToError: false, evidence: `passed to ${name}()` };
  }
  const region = regionOf(call, use);
  const tolerates = toleratedIn(region.nodes);
  const policy = decide(tolerates, actionsIn(region.nodes, call), region.nodes.length > 0);
  const where = region.nodes[0] ? `line ${region.nodes[0].startPosition.row + 1}` : "";
  return {
    policy, tolerates,
    returnComparedToError: returnCompared(call, region, language, region.holders),
    evidence: region.nodes.length ? `checked at ${where}${use.name ? ` through ${use.name}` : ""}` : use.name ? `${use.name} is never looked at` : "the result is not looked at",
  };
}

/**
 * The error handling around an ioctl call. When the error goes back to the caller
 * (returned, or an exception with no try around it) and the enclosing function is
 * called in the same file, the callers' handling of it decides (up to 3 levels).
 */
export function errorHandling(call: Node, language: LintLanguage, api: string, root: Node, depth = 0): ErrorHandling {
  const exceptions = api === "Socket.IOControl" || api === "socket.ioctl" || api === "caller-exception";
  const here = localHandling(call, language, exceptions);
  if (here.policy !== "returned" || depth >= 3) return here;
  // An unnamed closure hands its error to the function around it (Go's RawConn.Control callbacks).
  let fn = enclosingFunction(call);
  while (fn && CLOSURES.has(fn.type) && !(language === "go" && goControlOwner(fn, root))) fn = fn.parent ? enclosingFunction(fn) : null;
  const owner = fn && language === "go" ? goControlOwner(fn, root) : null;
  if (owner) { // Go net: an error from Dialer.Control / ListenConfig.Control fails the dial or the listen
    return { ...here, policy: "fatal", evidence: `${here.evidence}; returned by net.${owner.type}.Control (line ${owner.at.startPosition.row + 1}): the ${owner.type === "Dialer" ? "dial" : "listen"} fails with it` };
  }
  const name = fn ? functionName(fn) : null;
  if (!fn || !name) return here;
  const callers = callsNamed(root, name).filter((c) => !contains(fn, c));
  if (!callers.length) return { ...here, caller: { function: name }, through: [...(here.through ?? []), name] };
  const worst = worstHandling(callers.map((c) => errorHandling(c, language, exceptions ? "caller-exception" : "caller", root, depth + 1)))!;
  return withCallers({ ...here, through: [...(here.through ?? []), name] }, worst, `${name}() is called at line ${callers.map((c) => c.startPosition.row + 1).join(", ")}`);
}

/**
 * A failure returned (or thrown) out of the function that created or accepted the socket fails
 * that socket's setup, whatever that function's callers do next (issue 21: "a failure that
 * aborts listener creation is fails-on-unsupported, not returned").
 */
export function failsSetup(errors: ErrorHandling, sockets: SocketContext[]): ErrorHandling {
  if (errors.policy !== "returned" || errors.tolerates.includes("WSAEOPNOTSUPP")) return errors;
  const through = new Set(errors.through ?? []);
  const c = sockets.find((x) => x.createdIn && through.has(x.createdIn.function))?.createdIn;
  if (!c) return errors;
  return { ...errors, policy: "fatal", evidence: `${errors.evidence}; the failure leaves ${c.function}(), which created the socket at line ${c.line}: setting the socket up fails` };
}

/** The worst of several callers' handlings (fatal before tolerated before ignored), or null for none. */
export function worstHandling(list: ErrorHandling[]): ErrorHandling | null {
  return [...list].sort((a, b) => SEVERITY.indexOf(a.policy) - SEVERITY.indexOf(b.policy))[0] ?? null;
}

/** The handling at the call, once its callers' handling of the returned error is known. */
export function withCallers(here: ErrorHandling, callers: ErrorHandling, where: string): ErrorHandling {
  return {
    policy: callers.policy,
    tolerates: [...new Set([...here.tolerates, ...callers.tolerates])],
    returnComparedToError: here.returnComparedToError, // the caller holds an error code, not WSAIoctl's return value
    evidence: `${here.evidence}; ${where}: ${callers.evidence}`,
    // The error still goes up from the last caller followed, which has no caller in the file: its callers elsewhere decide.
    ...(callers.caller ? { caller: callers.caller } : {}),
    ...(here.through || callers.through ? { through: [...(here.through ?? []), ...(callers.through ?? [])] } : {}),
  };
}

/**
 * The handling of an ioctl reached through a forwarding wrapper: the wrapper's own handling
 * of the call, then, if it returns the error, how `outer` (the wrapper's call that passes
 * the code) handles what the wrapper returns.
 */
export function handlingThrough(inner: Node, outer: Node, language: LintLanguage, api: string, root: Node): ErrorHandling {
  const exceptions = api === "Socket.IOControl" || api === "socket.ioctl";
  const here = localHandling(inner, language, exceptions);
  if (here.policy !== "returned") return here;
  const fn = enclosingFunction(inner);
  const name = fn ? functionName(fn) : null;
  return withCallers({ ...here, ...(name ? { through: [name] } : {}) }, handlingAtCall(outer, language, exceptions, root), `${name ?? "the wrapper"}() is called at line ${outer.startPosition.row + 1}`);
}

/** How the caller at `call` handles an error returned (or thrown) by the function it calls. */
export function handlingAtCall(call: Node, language: LintLanguage, exceptions: boolean, root: Node): ErrorHandling {
  return errorHandling(call, language, exceptions ? "caller-exception" : "caller", root, 1);
}
