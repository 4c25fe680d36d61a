// Grammar-neutral helpers over tree-sitter nodes. The five grammars name the same
// ideas differently (call_expression / invocation_expression / call, ...); the
// tables here map them, so the analyses above read one vocabulary.
import type { Node } from "web-tree-sitter";
import type { Position } from "./types.js";

/** Node types that are a call. */
export const CALL_TYPES = new Set(["call_expression", "invocation_expression", "call", "method_invocation", "object_creation_expression"]);
/** Node types that are a function body's owner. */
export const FUNCTION_TYPES = new Set([
  "function_definition", "function_declaration", "method_declaration", "function_item", "constructor_declaration",
  "local_function_statement", "lambda_expression", "method_definition", "func_literal", "closure_expression", "lambda",
  "anonymous_method_expression", "destructor_declaration", "operator_declaration", "accessor_declaration",
]);
/** Wrappers that pass a value through unchanged. */
const TRANSPARENT = new Set([
  "parenthesized_expression", "cast_expression", "type_cast_expression", "unsafe_block", "try_expression",
  "argument", "expression_list", "checked_expression", "await_expression", "reference_expression", "as_expression",
]);

/** 1-based position of a node's start. */
export function startOf(n: Node): Position {
  return { line: n.startPosition.row + 1, column: n.startPosition.column + 1 };
}
/** 1-based position of a node's end. */
export function endOf(n: Node): Position {
  return { line: n.endPosition.row + 1, column: n.endPosition.column + 1 };
}

/** The callee expression of a call node. */
export function calleeOf(call: Node): Node | null {
  return call.childForFieldName("function") ?? call.childForFieldName("type") ?? call.childForFieldName("name");
}

/** The last name of a callee (`WSAIoctl`, `IOControl` in `s.IOControl`, `ioctl` in `sock.ioctl`, `Ioctl` in `a::b::Ioctl`). */
export function calleeName(call: Node): string {
  const f = calleeOf(call);
  return f ? lastName(f) : "";
}

const NAME_TYPES = new Set(["identifier", "field_identifier", "type_identifier", "property_identifier", "namespace_identifier", "package_identifier", "constant", "name", "destructor_name", "operator_name"]);

/** The last identifier of a (possibly qualified or member) name. */
export function lastName(n: Node): string {
  let cur: Node | null = n;
  for (let i = 0; cur && i < 8; i++) {
    if (NAME_TYPES.has(cur.type)) return cur.text;
    const next: Node | null = cur.childForFieldName("name") ?? cur.childForFieldName("field") ?? cur.childForFieldName("attribute")
      ?? cur.childForFieldName("function") ?? cur.childForFieldName("value") ?? cur.lastNamedChild;
    if (cur.type === "parenthesized_expression") return "";
    cur = next;
  }
  return "";
}

/** The object a method is called on (`s` in `s.IOControl(...)`), or null for a plain function call. */
export function receiverOf(call: Node): Node | null {
  const f = calleeOf(call);
  if (!f) return null;
  if (f.type === "member_access_expression") return f.childForFieldName("expression");
  if (f.type === "attribute") return f.childForFieldName("object");
  if (f.type === "selector_expression") return f.childForFieldName("operand");
  if (f.type === "field_expression") return f.childForFieldName("argument") ?? f.childForFieldName("value");
  if (call.type === "method_invocation") return call.childForFieldName("object");
  return null;
}

/** The argument expressions of a call, unwrapped from the grammar's argument wrappers. */
export function argsOf(call: Node): Node[] {
  const list = call.childForFieldName("arguments");
  if (!list) return [];
  const out: Node[] = [];
  for (const a of list.namedChildren) {
    if (!a || a.type === "comment") continue;
    if (a.type === "keyword_argument") continue; // Python keywords are not positional
    out.push(a.type === "argument" ? (a.namedChildren.filter((c) => c && c.type !== "name_colon" && c.type !== "comment").at(-1) ?? a) : a);
  }
  return out;
}

/** Strip transparent wrappers (parentheses, casts, `unsafe { }`, `&`, ...). */
export function unwrap(n: Node): Node {
  let cur = n;
  for (let i = 0; i < 16; i++) {
    if (cur.type === "unsafe_block" || cur.type === "block") {
      const inner = cur.type === "unsafe_block" ? cur.namedChildren.at(-1) : cur;
      const last = inner?.namedChildren.at(-1);
      if (!last || (cur.type === "block" && inner?.namedChildren.length !== 1)) return cur;
      cur = last;
      continue;
    }
    if (!TRANSPARENT.has(cur.type)) return cur;
    const v = cur.childForFieldName("value") ?? cur.namedChildren.filter((c) => c && !/type|comment/.test(c.type)).at(-1);
    if (!v) return cur;
    cur = v;
  }
  return cur;
}

/**
 * How far up the tree the analyses look. Tree-sitter finds a node's parent by walking
 * down from the root, so each step up costs the node's depth; an unbounded walk on
 * pathologically nested code is quadratic. Real functions, statements and try blocks
 * are within a few dozen levels of a call.
 */
export const MAX_UP = 64;

/** The ancestors of a node, nearest first, at most MAX_UP of them. */
export function* ancestors(n: Node, limit = MAX_UP): Generator<Node> {
  let p = n.parent;
  for (let i = 0; p && i < limit; i++, p = p.parent) yield p;
}

/** The nearest enclosing function node, or null at file level (or beyond MAX_UP levels). */
export function enclosingFunction(n: Node): Node | null {
  for (const p of ancestors(n)) if (FUNCTION_TYPES.has(p.type)) return p;
  return null;
}

/** A function node's name, when it has one. */
export function functionName(fn: Node): string | null {
  const name = fn.childForFieldName("name");
  if (name) return name.text;
  const decl = fn.childForFieldName("declarator");
  if (decl) {
    let d: Node | null = decl;
    for (let i = 0; d && i < 6; i++) {
      if (d.type === "function_declarator") return lastName(d.childForFieldName("declarator") ?? d);
      d = d.childForFieldName("declarator");
    }
  }
  return null;
}

/** The parameter nodes of a function, in order. */
export function parameterNodes(fn: Node): Node[] {
  let params = fn.childForFieldName("parameters");
  if (!params) {
    for (let d = fn.childForFieldName("declarator"); d && !params; d = d.childForFieldName("declarator")) {
      params = d.childForFieldName("parameters");
    }
  }
  return params ? params.namedChildren.filter((p): p is Node => p !== null && p.type !== "comment") : [];
}

/** The name a parameter declares (its whole text when it has none, e.g. an unnamed C++ parameter). */
export function parameterName(p: Node): string {
  if (p.type === "identifier") return p.text; // Python, lambdas
  // Python's `sock: socket.socket`, `n=0`, `sock: socket = None`: the name is the first identifier.
  if (/^(typed_parameter|default_parameter|typed_default_parameter)$/.test(p.type)) {
    const id = p.childForFieldName("name") ?? p.namedChildren.find((c) => c?.type === "identifier") ?? null;
    return id ? id.text : p.text;
  }
  const n = p.childForFieldName("name") ?? p.childForFieldName("pattern") ?? p.childForFieldName("declarator");
  return n ? lastName(n) : p.text;
}

/** The names of a function's parameters, in order. */
export function parameterNames(fn: Node): string[] {
  return parameterNodes(fn).map(parameterName);
}

/** Depth-first walk with an explicit stack (no recursion: deeply nested code must not overflow the JS stack). */
export function* walk(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) { const k = kids[i]; if (k) stack.push(k); }
  }
}

/** Every call node under `root`, in source order. */
export function callsIn(root: Node): Node[] {
  const out: Node[] = [];
  for (const n of walk(root)) if (CALL_TYPES.has(n.type)) out.push(n);
  return out;
}

/**
 * What the analyses look up in a whole file again and again (its calls, its comments),
 * computed once per tree: without it a file with a thousand call sites walks its tree a
 * thousand times per question (quadratic; found by npm run fuzz:inputs).
 */
interface TreeCache { calls?: Node[]; comments?: Node[]; byName?: Map<string, Node[]>; functions?: Map<string, Node[]> }
const perTree = new WeakMap<object, TreeCache>();
function treeCache(root: Node): TreeCache {
  const key = root.tree as unknown as object;
  let c = perTree.get(key);
  if (!c) { c = {}; perTree.set(key, c); }
  return c;
}

/** The calls of a whole file (`root` is its root node), walked once per tree. */
export function fileCalls(root: Node): Node[] {
  const c = treeCache(root);
  return (c.calls ??= callsIn(root));
}

/** The calls of a whole file to a function of this name (by the callee's last name), indexed once per tree. */
export function callsNamed(root: Node, name: string): Node[] {
  const c = treeCache(root);
  if (!c.byName) {
    c.byName = new Map();
    for (const call of fileCalls(root)) {
      const n = calleeName(call);
      const list = c.byName.get(n);
      if (list) list.push(call); else c.byName.set(n, [call]);
    }
  }
  return c.byName.get(name) ?? [];
}

/** The functions (and C# properties) of a whole file with this name, indexed once per tree. */
export function functionsNamed(root: Node, name: string): Node[] {
  const c = treeCache(root);
  if (!c.functions) {
    c.functions = new Map();
    for (const n of walk(root)) {
      if (!FUNCTION_TYPES.has(n.type) && n.type !== "property_declaration") continue;
      const f = functionName(n);
      if (!f) continue;
      const list = c.functions.get(f);
      if (list) list.push(n); else c.functions.set(f, [n]);
    }
  }
  return c.functions.get(name) ?? [];
}

/**
 * Accessors that give an object's underlying socket: asio's `native_handle()`, solidframe's
 * `descriptor()`, .NET's `TcpClient.Client` / `TcpListener.Server`. The socket is then
 * followed as the object: its own calls (`acceptor.listen()`, `listener.Start()`) set the stage.
 */
const SOCKET_OF_OBJECT = /^(.*?)(?:\.|->)(?:native_handle|native|descriptor|get_descriptor|handle|socket_handle|lowest_layer|fd|fileno|SyscallConn)\(\)$|^(.*?)\.(?:Client|Server)$/;
/** Conversions of a handle that keep the socket: Go's `windows.Handle(fd)`, `syscall.Handle(fd)`, `uintptr(s)`; C's `(SOCKET)` is a cast already. */
const HANDLE_CONVERSION = /^(?:(?:windows|syscall)\.)?(?:Handle|Socket|SOCKET|RawSocket|uintptr)\((.+)\)$/;

/** Normalise an expression's text for comparison (`s`, `this->s`, `self.s`, `this.s` all become `s`; `a.native_handle()`, `l.Server` become `a`, `l`). */
export function keyOf(n: Node): string {
  // Go type assertions (`conn.(*net.TCPConn)`) and handle conversions (`windows.Handle(fd)`) name the same socket.
  let k = unwrap(n).text.replace(/\s+/g, "").replace(/^(this->|this\.|self\.|&)/, "").replace(/\.\(\*?[\w.]+\)/g, "");
  for (let i = 0; i < 3; i++) {
    const c = HANDLE_CONVERSION.exec(k);
    if (c) { k = c[1]; continue; }
    const m = SOCKET_OF_OBJECT.exec(k);
    if (!m) break;
    k = (m[1] ?? m[2]).replace(/^(this->|this\.|self\.|&|\*)/, "");
  }
  return k;
}

/** The comments inside a node's line range, plus the line just above it. */
export function commentsNear(n: Node, root: Node): string {
  const from = n.startPosition.row - 2;
  const to = n.endPosition.row;
  const c = treeCache(root);
  const all = (c.comments ??= root.descendantsOfType(["comment", "line_comment", "block_comment"]).filter((x): x is Node => x !== null));
  const out: string[] = [];
  // The comments are in source order: a binary search for the first one at or after `from`.
  let lo = 0, hi = all.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (all[mid].startPosition.row < from) lo = mid + 1; else hi = mid; }
  for (let i = lo; i < all.length && all[i].startPosition.row <= to; i++) out.push(all[i].text);
  return out.join("\n");
}

/** Go's net.Dialer / net.ListenConfig whose `Control` field is this function (a literal, or a named function given by name). */
export function goControlOwner(fn: Node, root: Node): { type: string; at: Node } | null {
  const isOwner = (el: Node | null) => {
    const kv = el?.parent?.type === "keyed_element" ? el.parent : null;
    if (!kv || kv.namedChildren[0]?.text !== "Control") return null;
    const lit = kv.parent?.parent;
    const t = lit?.type === "composite_literal" ? lit.childForFieldName("type")?.text ?? "" : "";
    const m = /(?:^|\.)(Dialer|ListenConfig)$/.exec(t);
    return m ? { type: m[1], at: kv } : null;
  };
  if (fn.type === "func_literal") return isOwner(fn.parent?.type === "literal_element" ? fn.parent : null) ?? isOwner(fn);
  const name = functionName(fn);
  if (!name) return null;
  for (const id of root.descendantsOfType("identifier")) {
    if (id?.text === name && id.parent?.type === "literal_element") { const o = isOwner(id.parent); if (o) return o; }
  }
  return null;
}
