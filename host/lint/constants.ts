// Evaluating the constant expressions a call passes: the control code (a literal, a
// macro, `_WSAIOW(IOC_VENDOR, 16)`, a C# or Rust constant, Python's
// `socket.SIO_LOOPBACK_FAST_PATH`), the BOOL and the sizes. Integer arithmetic on
// 32 bits, as the Winsock headers compute.
import type { Node } from "web-tree-sitter";
import type { Symbols } from "./symbols.js";
import { argsOf, calleeName, lastName, unwrap } from "./syntax.js";

/** SIO_LOOPBACK_FAST_PATH = _WSAIOW(IOC_VENDOR, 16) (mstcpip.h; seed page). */
export const FAST_PATH_CODE = 0x98000010;
/** _WSAIOW(IOC_WS2, 16): the code written by mistake in some callers (IOC_WS2 instead of IOC_VENDOR; field.md). */
export const WRONG_WS2_CODE = 0x88000010;

/** The Winsock header constants (winsock2.h: IOC_*; ws2def.h), used when the file does not define them. */
const HEADER_CONSTANTS: Record<string, number> = {
  IOC_UNIX: 0, IOC_WS2: 0x08000000, IOC_PROTOCOL: 0x10000000, IOC_VENDOR: 0x18000000,
  IOC_VOID: 0x20000000, IOC_OUT: 0x40000000, IOC_IN: 0x80000000, IOC_INOUT: 0xc0000000,
  SIO_LOOPBACK_FAST_PATH: FAST_PATH_CODE,
  TRUE: 1, FALSE: 0, true: 1, false: 0, True: 1, False: 0,
};
/** winsock2.h's code-building macros: the direction bits OR'd with family and number. */
const HEADER_MACROS: Record<string, number> = { _WSAIO: 0x20000000, _WSAIOR: 0x40000000, _WSAIOW: 0x80000000, _WSAIORW: 0xc0000000 };
/** Calls that convert a value without changing it (Go/Rust/C++ conversions, .NET casts written as calls). */
const CONVERSIONS = /^(u?int(8|16|32|64)?(_t)?|u?long|DWORD|ULONG|UINT|BOOL|static_cast|reinterpret_cast|unchecked|checked|from|into|uintptr|c_u?int(8|16|32|64)?|c_u?long|c_bool|i32|u32)$/;

/** Built-in sizes of the scalar types a BOOL is declared with (Windows' LLP64: long is 4 bytes). */
const TYPE_SIZES: [RegExp, number][] = [
  [/^(bool|BOOLEAN|char|signed char|unsigned char|UCHAR|BYTE|u8|i8|byte|sbyte|uint8_t|int8_t|CHAR)$/, 1],
  [/^(short|unsigned short|WORD|USHORT|u16|i16|uint16_t|int16_t|ushort)$/, 2],
  [/^(int|unsigned|unsigned int|signed int|long|unsigned long|DWORD|ULONG|UINT|BOOL|INT|LONG|uint32_t|int32_t|u32|i32|uint32|int32|uint|u_long|c_int|c_uint|c_ulong|c_long|DWORD32|UINT32|INT32|ULONG32)$/, 4],
  [/^(long long|unsigned long long|ULONGLONG|LONGLONG|DWORD64|UINT64|uint64_t|int64_t|u64|i64|uint64|int64|size_t|SIZE_T|usize|isize|ulong|DWORD_PTR|ULONG_PTR|UINT_PTR|uintptr)$/, 8],
];

/** The size in bytes of a scalar type name, or undefined. */
export function typeSize(type: string): number | undefined {
  const t = type.replace(/\b(const|volatile|static|mut|constexpr|std::|::)\b/g, "").replace(/\s+/g, " ").trim();
  for (const [re, size] of TYPE_SIZES) if (re.test(t)) return size;
  return undefined;
}

/** Parse an integer literal of any of the five languages (suffixes, digit separators, 0x/0o/0b). */
export function parseIntLiteral(text: string): number | undefined {
  // The C++ grammar reads `-1` as one literal.
  if (/^-/.test(text)) {
    const v = parseIntLiteral(text.slice(1).trim());
    return v === undefined ? undefined : -v;
  }
  const t = text.replace(/['_]/g, "").replace(/(?:[uUlL]{1,3}|[iu](?:8|16|32|64|128|size))$/, "");
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^0[oO][0-7]+$/.test(t)) v = parseInt(t.slice(2), 8);
  else if (/^0[bB][01]+$/.test(t)) v = parseInt(t.slice(2), 2);
  else if (/^0[0-7]+$/.test(t)) v = parseInt(t, 8);
  else if (/^\d+$/.test(t)) v = Number(t);
  else return undefined;
  return Number.isSafeInteger(v) ? v : undefined;
}

/** What the evaluator needs from the file. */
export interface EvalContext {
  symbols: Symbols;
  /** Parse a #define body as an expression (the file's grammar); null when it cannot. */
  reparse(text: string): Node | null;
}

const MAX_DEPTH = 12;

/**
 * The integer value of an expression at `n`, or undefined when it is not a
 * constant this evaluator can follow. Results are 32-bit two's complement read as
 * unsigned, as Winsock's DWORD codes.
 */
export function evaluate(n: Node, ctx: EvalContext, depth = 0): number | undefined {
  const v = evalRaw(n, ctx, depth);
  return v === undefined ? undefined : v >>> 0;
}

function evalName(name: string, at: Node, ctx: EvalContext, depth: number): number | undefined {
  const b = ctx.symbols.lookup(name, at);
  if (b && b.value !== null) {
    if (typeof b.value === "string") {
      const expr = ctx.reparse(b.value);
      return expr ? evalRaw(expr, ctx, depth + 1) : undefined;
    }
    if (b.value.id === at.id) return undefined;
    return evalRaw(b.value, ctx, depth + 1);
  }
  return Object.hasOwn(HEADER_CONSTANTS, name) ? HEADER_CONSTANTS[name] : undefined;
}

function evalRaw(node: Node, ctx: EvalContext, depth: number): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case "number_literal": case "integer_literal": case "int_literal": case "integer": case "decimal_integer_literal": case "hex_integer_literal":
      return parseIntLiteral(n.text);
    case "true": return 1; // true, TRUE (the C++ grammar reads TRUE as a boolean), True
    case "false": return 0;
    case "boolean_literal": return /^true$/i.test(n.text) ? 1 : /^false$/i.test(n.text) ? 0 : undefined;
    case "identifier": case "field_identifier": case "type_identifier": case "constant":
      return evalName(n.text, n, ctx, depth);
    case "attribute": case "member_access_expression": case "selector_expression": case "scoped_identifier": case "qualified_identifier": case "field_expression": {
      const name = lastName(n);
      return name ? evalName(name, n, ctx, depth) : undefined;
    }
    case "unary_expression": case "prefix_unary_expression": case "unary_operator": case "negative_literal": {
      const op = n.child(0)?.text;
      const arg = n.childForFieldName("argument") ?? n.childForFieldName("operand") ?? n.namedChildren.at(-1);
      if (!arg) return undefined;
      const v = evalRaw(arg, ctx, depth + 1);
      if (v === undefined) return undefined;
      return op === "-" ? -v : op === "~" || op === "^" ? ~v : op === "+" ? v : op === "!" ? (v ? 0 : 1) : undefined;
    }
    case "binary_expression": case "binary_operator": {
      const l = n.childForFieldName("left");
      const r = n.childForFieldName("right");
      const op = n.childForFieldName("operator")?.text ?? n.child(1)?.text;
      if (!l || !r) return undefined;
      const a = evalRaw(l, ctx, depth + 1);
      const b = evalRaw(r, ctx, depth + 1);
      if (a === undefined || b === undefined) return undefined;
      switch (op) {
        case "|": return a | b;
        case "&": return a & b;
        case "^": return a ^ b;
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "<<": return a << b;
        case ">>": return a >>> b;
        default: return undefined;
      }
    }
    case "call_expression": case "invocation_expression": case "call": {
      const name = calleeName(n);
      const args = argsOf(n);
      if (Object.hasOwn(HEADER_MACROS, name) && args.length === 2) {
        const x = evalRaw(args[0], ctx, depth + 1);
        const y = evalRaw(args[1], ctx, depth + 1);
        return x === undefined || y === undefined ? undefined : HEADER_MACROS[name] | x | y;
      }
      if (args.length === 1 && CONVERSIONS.test(name)) return evalRaw(args[0], ctx, depth + 1);
      if (name === "size_of") { // Rust: size_of::<T>()
        const targs = n.childForFieldName("function")?.childForFieldName("type_arguments");
        return targs ? typeSize(targs.text.replace(/^<|>$/g, "")) : undefined;
      }
      if ((name === "size_of_val" || name === "Sizeof" || name === "sizeof") && args.length === 1) { // Rust size_of_val(&x), Go unsafe.Sizeof(x), Python ctypes.sizeof(x)
        const a = unwrap(args[0]);
        if (a.type !== "identifier") return undefined;
        const type = ctx.symbols.typeOf(a.text, n);
        if (type) return typeSize(type);
        // Declared by its value: `x := uint32(1)`, `x = ctypes.c_uint32(1)`, `let x = 0_i32`.
        const b = ctx.symbols.lookup(a.text, n);
        const v = b && b.value && typeof b.value !== "string" ? unwrap(b.value) : null;
        if (!v) return undefined;
        if (/call/.test(v.type)) return typeSize(calleeName(v).replace(/^c_/, ""));
        const suffix = /_?([iu](?:8|16|32|64))$/.exec(v.text);
        return suffix ? typeSize(suffix[1]) : undefined;
      }
      return undefined;
    }
    case "sizeof_expression": return sizeOf(n, ctx);
    default: return undefined;
  }
}

/** The size of what a `sizeof` names: a type, or a variable through its declared type. */
export function sizeOf(n: Node, ctx: EvalContext): number | undefined {
  const t = n.childForFieldName("type");
  if (t) return typeSize(t.text);
  const v = n.childForFieldName("value");
  if (!v) return undefined;
  const inner = unwrap(v);
  if (inner.type === "identifier") {
    const type = ctx.symbols.typeOf(inner.text, n);
    return type ? typeSize(type) : typeSize(inner.text);
  }
  if (inner.type === "type_descriptor") return typeSize(inner.text);
  return undefined;
}
