// Recognising a SIO_LOOPBACK_FAST_PATH call and reading its arguments: which API,
// which code, the BOOL, the sizes, lpcbBytesReturned, overlapped or not.
import type { Node } from "web-tree-sitter";
import type { CallApi, CallShape, Known, LintLanguage } from "./types.js";
import { evaluate, FAST_PATH_CODE, typeSize, WRONG_WS2_CODE, type EvalContext } from "./constants.js";
import { ancestors, argsOf, calleeName, commentsNear, lastName, receiverOf, unwrap, walk } from "./syntax.js";

/** NULL as each language writes it. */
const NULL_TEXT = /^(NULL|nullptr|0|null|nil|None|IntPtr\.Zero|UIntPtr\.Zero|nint\.Zero|null_mut\(\)|ptr::null_mut\(\)|ptr::null\(\)|std::ptr::null_mut\(\)|std::ptr::null\(\)|core::ptr::null_mut\(\)|0 as _|\(LPWSAOVERLAPPED\)NULL|\(LPOVERLAPPED\)NULL|default|Default::default\(\)|uintptr\(0\))$/;

/** Is the argument NULL (in any of the five languages)? */
export function isNull(n: Node): boolean {
  const u = unwrap(n);
  if (u.type === "null" || u.type === "null_literal" || u.type === "nil" || u.type === "none") return true;
  return NULL_TEXT.test(u.text.replace(/\s+/g, "")) || NULL_TEXT.test(n.text.replace(/\s+/g, ""));
}

/**
 * A call recognised as an ioctl with a code argument. `args` are WSAIoctl's nine (or
 * WSPIoctl's) in order; `socket` is the expression the socket comes from.
 */
export interface IoctlCall { api: CallApi; codeArg: Node; args: Node[]; socket: Node | null }

/** Which ioctl API a call is, by its name and arity; null when it is none. */
export function ioctlCall(call: Node, language: LintLanguage): IoctlCall | null {
  const name = calleeName(call);
  const args = argsOf(call);
  if (/iocontrol$/i.test(name) && args.length >= 2 && language === "c-sharp") return { api: "Socket.IOControl", codeArg: args[0], args, socket: receiverOf(call) };
  if (name === "ioctl" && language === "python" && args.length === 2) return { api: "socket.ioctl", codeArg: args[0], args, socket: receiverOf(call) };
  if (/ioctl/i.test(name) && args.length >= 9) return { api: args.length >= 10 && /wsp/i.test(name) ? "WSPIoctl" : "WSAIoctl", codeArg: args[1], args, socket: args[0] };
  // A socket object's own WSAIoctl member, the socket being the object: `sock->WSAIoctl(code, in, cbIn, out, cbOut, &n, ov, cr)`.
  const recv = receiverOf(call);
  if (/^wsaioctl$/i.test(name) && args.length === 8 && recv) return { api: "WSAIoctl", codeArg: args[0], args: [recv, ...args], socket: recv };
  return null;
}

/** The value of the code argument: a constant, or a variable fixed by an enclosing `case`/`if (x == ...)`. */
function codeValue(arg: Node, ctx: EvalContext): number | undefined {
  const direct = evaluate(arg, ctx);
  if (direct !== undefined) return direct;
  const u = unwrap(arg);
  if (u.type !== "identifier") return undefined;
  for (const p of ancestors(arg)) {
    if (p.type === "case_statement" || p.type === "switch_section" || p.type === "expression_case") {
      let sw: Node | null = null;
      for (const q of ancestors(p, 4)) if (/switch/.test(q.type)) { sw = q; break; }
      let subject = sw?.childForFieldName("condition") ?? sw?.childForFieldName("value") ?? null;
      if (subject?.type === "condition_clause") subject = subject.childForFieldName("value");
      if (subject && unwrap(subject).text === u.text) {
        const label = p.childForFieldName("value") ?? p.namedChildren.find((c) => c && c.type !== "compound_statement" && c.type !== "comment" && !/statement|block/.test(c.type));
        if (label) return evaluate(label, ctx);
      }
    }
    if (p.type === "if_statement") {
      const cond = unwrap(p.childForFieldName("condition") ?? p);
      if (cond.type === "binary_expression" && /^(==|===)$/.test(cond.child(1)?.text ?? "")) {
        const l = cond.childForFieldName("left"), r = cond.childForFieldName("right");
        if (l && r && unwrap(l).text === u.text) return evaluate(r, ctx);
        if (l && r && unwrap(r).text === u.text) return evaluate(l, ctx);
      }
    }
  }
  return undefined;
}

/** Is this call one the linter reports: the fast-path code, or the IOC_WS2 mistake for it? */
export function classifyCode(c: IoctlCall, ctx: EvalContext, root: Node): { code: Known<number>; intendedFastPath: boolean } | null {
  const v = codeValue(c.codeArg, ctx);
  const text = c.codeArg.text;
  const code: Known<number> = v === undefined ? { known: false, text } : { known: true, value: v, text };
  const named = /loopback_?fast_?path/i.test(text) || /loopback_?fast_?path/i.test(lastName(unwrap(c.codeArg)));
  if (v === FAST_PATH_CODE) return { code, intendedFastPath: true };
  const nearby = commentsNear(c.codeArg, root);
  if (v === WRONG_WS2_CODE && (named || /loopback|fast.?path/i.test(nearby))) return { code, intendedFastPath: true };
  if (v === undefined && named) return { code, intendedFastPath: true };
  return null;
}

function known(v: number | undefined, text: string): Known<number> {
  return v === undefined ? { known: false, text } : { known: true, value: v, text };
}

/** The variable an argument points at: `&x`, `&mut x`, `(*byte)(unsafe.Pointer(&x))`, `x` (an array), `ref x`. */
export function pointee(arg: Node): Node | null {
  for (const n of walk(arg)) {
    if ((n.type === "pointer_expression" || n.type === "unary_expression" || n.type === "reference_expression" || n.type === "prefix_unary_expression") && /^&/.test(n.text)) {
      const target = n.childForFieldName("argument") ?? n.childForFieldName("operand") ?? n.childForFieldName("value") ?? n.namedChildren.at(-1) ?? null;
      if (target) return unwrap(target);
    }
  }
  const u = unwrap(arg);
  if (u.type === "identifier") return u;
  // ctypes.byref(x), ctypes.pointer(x), ctypes.addressof(x): Python's way to pass &x.
  if (/^(call|call_expression)$/.test(u.type) && /^(byref|pointer|addressof)$/.test(calleeName(u)) && argsOf(u).length >= 1) return unwrap(argsOf(u)[0]);
  const a = arg.parent?.type === "argument" ? arg.parent : null;
  if (a && /^(ref|out|in)\b/.test(a.text)) return unwrap(arg);
  return null;
}

/** The value a variable holds at `at`: its last binding's value, evaluated. */
function variableValue(v: Node, at: Node, ctx: EvalContext): number | undefined {
  if (v.type !== "identifier") return evaluate(v, ctx);
  const b = ctx.symbols.lookup(v.text, at);
  if (!b || b.value === null || typeof b.value === "string") return b && typeof b.value === "string" ? evaluate(v, ctx) : undefined;
  return evaluate(b.value, ctx);
}

/** .NET: the byte[] handed to IOControl, as length and the value of its first 4 bytes. */
function dotnetBuffer(arg: Node, call: Node, ctx: EvalContext, depth = 0): { len: Known<number>; value: Known<number> } {
  const text = arg.text;
  const unknown = { len: { known: false as const, text }, value: { known: false as const, text } };
  const u = unwrap(arg);
  if (u.type === "identifier" && depth < 3) {
    const b = ctx.symbols.lookup(u.text, call);
    if (b && b.value && typeof b.value !== "string") return dotnetBuffer(b.value, call, ctx, depth + 1);
    return unknown;
  }
  if (/invocation_expression/.test(u.type) && calleeName(u) === "GetBytes") { // BitConverter.GetBytes(x): the size of x's type
    const x = argsOf(u)[0];
    if (!x) return unknown;
    const xu = unwrap(x);
    const v = evaluate(x, ctx);
    let size: number | undefined;
    if (xu.type === "boolean_literal" || /^(true|false)$/.test(xu.text)) size = 1;
    else if (xu.type === "integer_literal") size = /[lL]$/.test(xu.text) ? 8 : 4;
    else if (xu.type === "cast_expression") size = typeSize(xu.childForFieldName("type")?.text ?? "");
    else if (xu.type === "identifier") { const t = ctx.symbols.typeOf(xu.text, call); size = t ? typeSize(t === "bool" ? "bool" : t) : undefined; }
    return { len: known(size, x.text), value: known(v, x.text) };
  }
  if (u.type === "array_creation_expression" || u.type === "implicit_array_creation_expression") {
    const init = u.namedChildren.find((c) => c?.type === "initializer_expression");
    if (init) {
      const items = init.namedChildren.filter((c) => c && c.type !== "comment");
      let value = 0;
      for (let i = Math.min(4, items.length) - 1; i >= 0; i--) {
        const b = evaluate(items[i]!, ctx);
        if (b === undefined) return { len: known(items.length, text), value: { known: false, text } };
        value = value * 256 + (b & 0xff);
      }
      return { len: known(items.length, text), value: known(value >>> 0, text) };
    }
    const rank = u.descendantsOfType("array_rank_specifier")[0];
    const size = rank?.namedChildren[0];
    const n = size ? evaluate(size, ctx) : undefined;
    return { len: known(n, text), value: known(n === undefined ? undefined : 0, text) }; // new byte[n] is zero-filled
  }
  return unknown;
}

/** Read the call's shape. */
export function readShape(call: Node, c: IoctlCall, code: Known<number>, ctx: EvalContext): CallShape {
  const a = c.args;
  if (c.api === "Socket.IOControl") { // dotnet/runtime SocketPal.Windows.cs: WSAIoctl(handle, code, in, in?.Length ?? 0, out, out?.Length ?? 0, out bytes, NULL, NULL)
    const inBuf = isNull(a[1]) ? null : dotnetBuffer(a[1], call, ctx);
    const outNull = a.length < 3 || isNull(a[2]);
    return {
      api: c.api, code, codeText: c.codeArg.text,
      bool: inBuf ? inBuf.value : null,
      cbIn: inBuf ? inBuf.len : { known: true, value: 0, text: "null" },
      outNull, cbOut: outNull ? { known: true, value: 0, text: "null" } : dotnetBuffer(a[2], call, ctx).len,
      bytesReturned: "implicit", bytesReturnedName: null, overlapped: false, completionRoutine: false,
    };
  }
  if (c.api === "socket.ioctl") { // CPython socketmodule.c sock_ioctl: "kI:ioctl" into an unsigned int, sizeof(option), NULL, 0, &recv
    const v = evaluate(a[1], ctx);
    return {
      api: c.api, code, codeText: c.codeArg.text,
      bool: known(v, a[1].text), cbIn: { known: true, value: 4, text: "sizeof(unsigned int)" },
      outNull: true, cbOut: { known: true, value: 0, text: "0" },
      bytesReturned: "implicit", bytesReturnedName: null, overlapped: false, completionRoutine: false,
    };
  }
  const inArg = a[2];
  const target = isNull(inArg) ? null : pointee(inArg);
  // Looked up where the argument is written (a forwarding wrapper's own arguments are in the wrapper).
  const boolValue = target ? variableValue(target, target, ctx) : undefined;
  const br = a[6];
  let bytesReturned: CallShape["bytesReturned"] = "variable";
  let bytesReturnedName: string | null = null;
  if (isNull(br)) bytesReturned = "null";
  else {
    const v = pointee(br);
    if (v && v.type === "identifier") {
      bytesReturnedName = v.text;
      const b = ctx.symbols.lookup(v.text, v);
      if (b && b.value !== null) bytesReturned = "pre-filled";
    }
  }
  return {
    api: c.api, code, codeText: c.codeArg.text,
    bool: isNull(inArg) ? null : known(boolValue, target?.text ?? inArg.text),
    cbIn: known(evaluate(a[3], ctx), a[3].text),
    outNull: isNull(a[4]),
    cbOut: known(evaluate(a[5], ctx), a[5].text),
    bytesReturned, bytesReturnedName,
    overlapped: !isNull(a[7]),
    completionRoutine: a[8] !== undefined && !isNull(a[8]),
  };
}
