// Version guards: the conditions under which a call site runs (`if (IsWindows8OrGreater())`,
// `if (osVersion.Major > 6 || ...)`, `if not is_win8: return`), evaluated for each version a
// profile reports (versions.ts). A call only reached on Windows 8 or later does not run on the
// windows-7 profile, nor on ReactOS (NT 5.2); Wine 8.1 and later report Windows 10, so it runs
// there. Only a guard that excludes every version before 8 and lets some version from 8 on
// through is taken; a guard the other way round, or one not understood, changes nothing.
import type { Node } from "web-tree-sitter";
import type { Symbols } from "./symbols.js";
import type { Position, VersionGuard } from "./types.js";
import { PROFILE_VERSIONS, releaseName, type WinVersion } from "./versions.js";
import { ancestors, argsOf, calleeName, callsNamed, calleeOf, enclosingFunction, functionName, functionsNamed, lastName, startOf, endOf, unwrap } from "./syntax.js";

/** A condition the call needs, and the value it needs it to have. */
interface Need { cond: Node; want: boolean }

/** VersionHelpers.h: the named checks and the version each asks for (IsWindowsServer names none). */
export const HELPERS: Record<string, WinVersion> = {
  IsWindowsXPOrGreater: [5, 1, 0], IsWindowsXPSP1OrGreater: [5, 1, 0], IsWindowsXPSP2OrGreater: [5, 1, 0], IsWindowsXPSP3OrGreater: [5, 1, 0],
  IsWindowsVistaOrGreater: [6, 0, 0], IsWindowsVistaSP1OrGreater: [6, 0, 0], IsWindowsVistaSP2OrGreater: [6, 0, 0],
  IsWindows7OrGreater: [6, 1, 0], IsWindows7SP1OrGreater: [6, 1, 0], IsWindows8OrGreater: [6, 2, 0], IsWindows8Point1OrGreater: [6, 3, 0],
  IsWindows10OrGreater: [10, 0, 0], IsWindowsThresholdOrGreater: [10, 0, 0],
};
/** Functions taking (major, minor[, ...]) and answering "at least": VersionHelpers.h IsWindowsVersionOrGreater, .NET 5 OperatingSystem.IsWindowsVersionAtLeast, and helpers named so. */
const AT_LEAST_ARGS = /^(IsWindowsVersionOrGreater|IsWindowsVersionAtLeast|IsWindowsVersionOrLater|IsVersionAtLeast|IsOSVersionAtLeast)$/i;

/** A name that says "at least" (documented in docs/lint/version-guards.md). */
const AT_LEAST_MARK = /or_?(greater|later|above|newer|higher|up)|and_?(up|later|above|newer|higher)|at_?least|plus$|_?min(imum)?_?$|^min/i;
/** Marketing names and numbers after `win`/`windows` in a name, as NT versions. */
const MARKETING: Record<string, WinVersion> = {
  xp: [5, 1, 0], vista: [6, 0, 0], "7": [6, 1, 0], "8": [6, 2, 0], "8.1": [6, 3, 0], "81": [6, 3, 0], blue: [6, 3, 0],
  "10": [10, 0, 0], threshold: [10, 0, 0], "11": [10, 0, 22000], "2008": [6, 0, 0], "2008r2": [6, 1, 0], "2012": [6, 2, 0], "2012r2": [6, 3, 0],
  "2016": [10, 0, 14393], "2019": [10, 0, 17763], "2022": [10, 0, 20348],
};

/**
 * The version a helper's name promises, when it says "at least" and names a version:
 * `IsAtLeastWindows_6_2`, `IsWin8OrLater`, `IsWindows8Point1OrGreater`, `isWindows10Plus`,
 * `IsAtLeast_6_2`, `win8OrNewer`. Null for any other name (`IsWindows8`, `SupportsFastPath`).
 */
export function versionFromName(name: string): WinVersion | null {
  if (!AT_LEAST_MARK.test(name)) return null;
  const nt = /(?:win(?:dows)?|version|ver|nt|least)_?(?:nt_?)?(5|6|10)[._](\d)(?!\d)/i.exec(name); // NT numbers; `Win8_1` is marketing
  if (nt) return [Number(nt[1]), Number(nt[2]), 0];
  const m = /win(?:dows)?_?(?:server_?)?(xp|vista|blue|threshold|20(?:08|12)_?r2|20\d\d|\d{1,2}(?:_?point_?1|_1)?)/i.exec(name);
  if (!m) return null;
  const key = m[1].toLowerCase().replace(/_?point_?1|_1/, ".1").replace(/_/g, "");
  return MARKETING[key] ?? null;
}

type Value = { k: "bool"; v: boolean } | { k: "num"; v: number } | { k: "ver"; v: number[] } | { k: "str"; v: string } | { k: "list"; v: Value[] };
const bool = (v: boolean): Value => ({ k: "bool", v });

/** Version-ish member names: the part of the version they hold. */
const PARTS: Record<string, number> = {
  Major: 0, major: 0, MajorVersion: 0, dwMajorVersion: 0, Minor: 1, minor: 1, MinorVersion: 1, dwMinorVersion: 1,
  Build: 2, build: 2, BuildNumber: 2, dwBuildNumber: 2,
};

interface Env { ver: WinVersion; symbols: Symbols; root: Node; depth: number }

function cmpVer(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1, y = b[i] ?? -1; // a missing part is less than any (System.Version, Python tuples)
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function compare(op: string, a: Value | undefined, b: Value | undefined): Value | undefined {
  if (!a || !b) return undefined;
  if (op === "in" || op === "not in") {
    if (b.k !== "list") return undefined;
    const found = b.v.some((x) => x.k === a.k && JSON.stringify(x.v) === JSON.stringify(a.v));
    return bool(op === "in" ? found : !found);
  }
  let c: number;
  if (a.k === "num" && b.k === "num") c = Math.sign(a.v - b.v);
  else if (a.k === "ver" && b.k === "ver") c = cmpVer(a.v, b.v);
  else if (a.k === "str" && b.k === "str") c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  else if (a.k === "bool" && b.k === "bool" && (op === "==" || op === "!=")) c = a.v === b.v ? 0 : 1;
  else return undefined;
  switch (op) {
    case "==": case "===": return bool(c === 0);
    case "!=": case "!==": return bool(c !== 0);
    case "<": return bool(c < 0);
    case "<=": return bool(c <= 0);
    case ">": return bool(c > 0);
    case ">=": return bool(c >= 0);
    default: return undefined;
  }
}

function stringValue(n: Node): string | undefined {
  if (!/string/.test(n.type)) return undefined;
  const m = /^[a-zA-Z]*(["'])(.*)\1$/s.exec(n.text);
  return m ? m[2] : undefined;
}

function numberArgs(args: Node[], env: Env): number[] | undefined {
  const out: number[] = [];
  for (const a of args) {
    const v = evalNode(a, env);
    if (v?.k !== "num") return undefined;
    out.push(v.v);
  }
  return out;
}

/** The value of an expression on a system reporting `env.ver`; undefined when not a version matter. */
function evalNode(node: Node, env: Env): Value | undefined {
  if (env.depth > 8) return undefined;
  const n = unwrap(node);
  const deeper = (x: Node) => evalNode(x, { ...env, depth: env.depth + 1 });
  switch (n.type) {
    case "true": return bool(true);
    case "false": return bool(false);
    case "boolean_literal": return /^true$/i.test(n.text) ? bool(true) : /^false$/i.test(n.text) ? bool(false) : undefined;
    case "number_literal": case "integer_literal": case "int_literal": case "integer": case "decimal_integer_literal": case "hex_integer_literal": case "float": case "real_literal": case "float_literal": {
      const t = n.text.replace(/['_]/g, "").replace(/[uUlLfFdDmM]+$/, "");
      const v = /^0x/i.test(t) ? parseInt(t, 16) : Number(t);
      return Number.isFinite(v) ? { k: "num", v } : undefined;
    }
    case "string": case "string_literal": case "interpreted_string_literal": case "raw_string_literal": case "verbatim_string_literal": {
      const s = stringValue(n);
      return s === undefined ? undefined : { k: "str", v: s };
    }
    case "tuple": case "list": case "tuple_expression": case "initializer_list": {
      const items = n.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment").map((c) => deeper(c));
      if (items.some((x) => x === undefined)) return undefined;
      const vals = items as Value[];
      return vals.every((x) => x.k === "num") ? { k: "ver", v: vals.map((x) => (x as { v: number }).v) } : { k: "list", v: vals };
    }
    case "unary_expression": case "prefix_unary_expression": case "not_operator": case "unary_operator": {
      const op = n.type === "not_operator" ? "!" : n.child(0)?.text;
      const arg = n.childForFieldName("argument") ?? n.childForFieldName("operand") ?? n.namedChildren.at(-1);
      const v = arg ? deeper(arg) : undefined;
      if (!v) return undefined;
      if ((op === "!" || op === "not") && v.k === "bool") return bool(!v.v);
      if (op === "-" && v.k === "num") return { k: "num", v: -v.v };
      return undefined;
    }
    case "binary_expression": case "boolean_operator": case "binary_operator": {
      const op = (n.childForFieldName("operator") ?? n.child(1))?.text ?? "";
      const l = n.childForFieldName("left"), r = n.childForFieldName("right");
      if (!l || !r) return undefined;
      if (op === "&&" || op === "and" || op === "||" || op === "or") {
        const and = op === "&&" || op === "and";
        const a = deeper(l), b = deeper(r);
        const av = a?.k === "bool" ? a.v : undefined, bv = b?.k === "bool" ? b.v : undefined;
        // Kleene: a known false decides AND, a known true decides OR, whatever the other side.
        if (and) return av === false || bv === false ? bool(false) : av === true && bv === true ? bool(true) : undefined;
        return av === true || bv === true ? bool(true) : av === false && bv === false ? bool(false) : undefined;
      }
      return compare(op, deeper(l), deeper(r));
    }
    case "comparison_operator": { // Python, possibly chained: a < b <= c
      const kids = n.children.filter((c): c is Node => c !== null);
      const operands = kids.filter((c) => c.isNamed && c.type !== "comment");
      const ops = kids.filter((c) => !c.isNamed).map((c) => c.text);
      // `not in` is two tokens
      const joined: string[] = [];
      for (let i = 0; i < ops.length; i++) { if (ops[i] === "not" && ops[i + 1] === "in") { joined.push("not in"); i++; } else if (ops[i] === "is" && ops[i + 1] === "not") { joined.push("!="); i++; } else joined.push(ops[i] === "is" ? "==" : ops[i]); }
      if (joined.length !== operands.length - 1) return undefined;
      let all: boolean | undefined = true;
      for (let i = 0; i < joined.length; i++) {
        const v = compare(joined[i], deeper(operands[i]), deeper(operands[i + 1]));
        if (v?.k !== "bool") { all = all === false ? false : undefined; continue; }
        if (!v.v) all = false;
      }
      return all === undefined ? undefined : bool(all);
    }
    case "call_expression": case "invocation_expression": case "call": case "object_creation_expression": return evalCall(n, env);
    case "subscript": case "element_access_expression": case "subscript_expression": {
      const base = n.childForFieldName("value") ?? n.childForFieldName("expression") ?? n.childForFieldName("argument") ?? n.namedChildren[0];
      const index = n.childForFieldName("subscript") ?? n.childForFieldName("index") ?? n.namedChildren[1];
      const b = base ? deeper(base) : undefined;
      if (b?.k !== "ver" || !index) return undefined;
      if (index.type === "slice") { // [:2]
        const end = index.namedChildren.at(-1);
        const e = end ? deeper(end) : undefined;
        return e?.k === "num" && /^:/.test(index.text) ? { k: "ver", v: b.v.slice(0, e.v) } : undefined;
      }
      const i = deeper(index);
      return i?.k === "num" && b.v[i.v] !== undefined ? { k: "num", v: b.v[i.v] } : undefined;
    }
    case "field_expression": case "member_access_expression": case "attribute": case "selector_expression": case "scoped_identifier": case "qualified_identifier": {
      const text = n.text.replace(/\s+/g, "");
      if (/(^|\.)OSVersion(\.Version)?$/.test(text)) return { k: "ver", v: [...env.ver] }; // Environment.OSVersion(.Version)
      const name = lastName(n);
      const base = n.childForFieldName("argument") ?? n.childForFieldName("expression") ?? n.childForFieldName("object") ?? n.childForFieldName("operand") ?? n.childForFieldName("value");
      if (Object.hasOwn(PARTS, name) && base) {
        const b = deeper(base);
        if (b?.k === "ver" && b.v[PARTS[name]] !== undefined) return { k: "num", v: b.v[PARTS[name]] };
        // OSVERSIONINFO(EX) members (filled by GetVersionEx/RtlGetVersion) carry the dw prefix; nothing else has them.
        if (/^dw(Major|Minor)Version$|^dwBuildNumber$/.test(name)) return { k: "num", v: env.ver[PARTS[name]] };
        return undefined;
      }
      return byName(name, n, env);
    }
    case "identifier": case "field_identifier": case "property_identifier": case "constant":
      return byName(n.text, n, env);
    default: return undefined;
  }
}

/** A name: a helper whose name says "at least" a version, or a variable, field or property holding a version check. */
function byName(name: string, at: Node, env: Env): Value | undefined {
  const v = versionFromName(name);
  if (v) return bool(cmpVer([...env.ver], [...v]) >= 0);
  const value = env.symbols.lookup(name, at)?.value ?? null;
  if (typeof value === "string") { // #define _WIN32_WINNT_WIN8 0x0602
    const m = /^\(?\s*(0x[0-9a-f]+|\d+)\s*\)?$/i.exec(value.trim());
    if (m) return { k: "num", v: Number(m[1]) };
  } else if (value && !(value.startIndex <= at.startIndex && value.endIndex >= at.endIndex)) {
    return evalNode(value, { ...env, depth: env.depth + 1 });
  }
  if (Object.hasOwn(WINNT_CONSTANTS, name)) return { k: "num", v: WINNT_CONSTANTS[name] };
  // A C# property or a parameterless function of the file that returns one expression: `static bool IsWin8 => ...;`.
  return definedResult(name, [], env);
}

/** The result of a function of this file called without arguments, when its body returns one expression. */
function definedResult(name: string, args: Node[], env: Env): Value | undefined {
  if (args.length) return undefined;
  for (const fn of functionsNamed(env.root, name)) {
    const body = fn.childForFieldName("body") ?? fn.namedChildren.find((c) => c?.type === "arrow_expression_clause") ?? null;
    if (!body) continue;
    const returns = body.type === "arrow_expression_clause" ? [body.namedChildren[0]] : body.descendantsOfType(["return_statement", "return_expression"]).map((r) => r?.namedChildren[0] ?? null);
    if (returns.length !== 1 || !returns[0]) continue;
    return evalNode(returns[0], { ...env, depth: env.depth + 2 });
  }
  return undefined;
}

function evalCall(n: Node, env: Env): Value | undefined {
  const name = calleeName(n);
  const args = argsOf(n);
  const callee = calleeOf(n)?.text.replace(/\s+/g, "") ?? "";
  if (Object.hasOwn(HELPERS, name)) return bool(cmpVer([...env.ver], [...HELPERS[name]]) >= 0);
  if (AT_LEAST_ARGS.test(name) && args.length >= 1) {
    // (major, minor): the third argument is a service pack in VersionHelpers.h, a build in .NET; neither decides Windows 8.
    const nums = numberArgs(args.slice(0, 2), env);
    return nums ? bool(cmpVer(env.ver.slice(0, 2), nums) >= 0) : undefined;
  }
  if (/(^|\.)getwindowsversion$/.test(callee)) return { k: "ver", v: [...env.ver] }; // sys.getwindowsversion()
  if (/(^|\.)platform\.release$/.test(callee)) return { k: "str", v: releaseName(env.ver) }; // platform.release()
  if (name === "HIBYTE" || name === "LOBYTE") { // HIBYTE(_WIN32_WINNT_WIN8)
    const x = args[0] ? evalNode(args[0], { ...env, depth: env.depth + 1 }) : undefined;
    return x?.k === "num" ? { k: "num", v: name === "HIBYTE" ? (x.v >> 8) & 0xff : x.v & 0xff } : undefined;
  }
  if ((name === "Version" && n.type === "object_creation_expression") || (name === "Parse" && /(^|\.)Version\.Parse$/.test(callee))) {
    if (args.length === 1) { // new Version("6.2"), Version.Parse("6.2")
      const s = evalNode(args[0], { ...env, depth: env.depth + 1 });
      return s?.k === "str" && /^\d+(\.\d+)*$/.test(s.v) ? { k: "ver", v: s.v.split(".").map(Number) } : undefined;
    }
    const nums = numberArgs(args, { ...env, depth: env.depth + 1 });
    return nums ? { k: "ver", v: nums } : undefined;
  }
  if (name === "CompareTo" && args.length === 1) { // Environment.OSVersion.Version.CompareTo(new Version(6, 2))
    const recv = calleeOf(n)?.childForFieldName("expression") ?? calleeOf(n)?.childForFieldName("object") ?? null;
    const a = recv ? evalNode(recv, { ...env, depth: env.depth + 1 }) : undefined;
    const b = evalNode(args[0], { ...env, depth: env.depth + 1 });
    return a?.k === "ver" && b?.k === "ver" ? { k: "num", v: cmpVer(a.v, b.v) } : undefined;
  }
  const v = versionFromName(name);
  if (v) return bool(cmpVer([...env.ver], [...v]) >= 0);
  return definedResult(name, args, env);
}

/** The version constants of sdkddkver.h, for a file that uses them without defining them. */
export const WINNT_CONSTANTS: Record<string, number> = {
  _WIN32_WINNT_WINXP: 0x0501, _WIN32_WINNT_WS03: 0x0502, _WIN32_WINNT_VISTA: 0x0600, _WIN32_WINNT_WIN6: 0x0600, _WIN32_WINNT_LONGHORN: 0x0600,
  _WIN32_WINNT_WIN7: 0x0601, _WIN32_WINNT_WIN8: 0x0602, _WIN32_WINNT_WINBLUE: 0x0603, _WIN32_WINNT_WINTHRESHOLD: 0x0a00, _WIN32_WINNT_WIN10: 0x0a00,
};

/** Does the statement always leave the enclosing block (return, throw, break, continue, goto)? */
function exits(s: Node | null): boolean {
  if (!s) return false;
  if (/^(return_statement|return_expression|throw_statement|throw_expression|raise_statement|break_statement|continue_statement|goto_statement|break_expression|continue_expression)$/.test(s.type)) return true;
  if (s.type === "expression_statement") return exits(s.namedChildren[0]);
  if (/^(compound_statement|block|statement_list)$/.test(s.type)) return exits(s.namedChildren.filter((c) => c?.type !== "comment").at(-1) ?? null);
  return false;
}

function conditionOf(ifNode: Node): Node | null {
  let c = ifNode.childForFieldName("condition");
  if (c?.type === "condition_clause") c = c.childForFieldName("value") ?? c.namedChildren.at(-1) ?? null;
  return c;
}

const contains = (outer: Node, inner: Node) => inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
const BLOCK = /^(compound_statement|block|statement_list|module|declaration_list|switch_section)$/;

/** The conditions on the way from the enclosing function's body to the call, with the value each must have. */
function needsOf(call: Node): Need[] {
  const out: Need[] = [];
  const fn = enclosingFunction(call);
  let child = call;
  for (const p of ancestors(call)) {
    if (fn && p.id === fn.id) break;
    if (p.type === "if_statement" || p.type === "if_expression" || p.type === "elif_clause") {
      const cond = conditionOf(p);
      if (cond && !contains(cond, child)) {
        const cons = p.childForFieldName("consequence");
        if (cons && contains(cons, child)) out.push({ cond, want: true });
        else out.push({ cond, want: false }); // in the else / elif part
      }
    } else if (p.type === "conditional_expression" || p.type === "ternary_expression") {
      const cond = p.childForFieldName("condition");
      const cons = p.childForFieldName("consequence") ?? p.childForFieldName("body");
      if (cond && !contains(cond, child)) out.push({ cond, want: !!cons && contains(cons, child) });
    } else if (p.type === "binary_expression" || p.type === "boolean_operator") {
      const op = (p.childForFieldName("operator") ?? p.child(1))?.text;
      const l = p.childForFieldName("left"), r = p.childForFieldName("right");
      if (l && r && contains(r, child) && (op === "&&" || op === "and")) out.push({ cond: l, want: true });
      if (l && r && contains(r, child) && (op === "||" || op === "or")) out.push({ cond: l, want: false });
    } else if (BLOCK.test(p.type)) {
      // Early exits before the statement that holds the call: `if (!IsWindows8OrGreater()) return;`.
      for (let s = child.previousNamedSibling; s; s = s.previousNamedSibling) {
        if ((s.type === "if_statement" || s.type === "if_expression") && !s.childForFieldName("alternative") && exits(s.childForFieldName("consequence"))) {
          const cond = conditionOf(s);
          if (cond) out.push({ cond, want: false });
        }
      }
    }
    child = p;
  }
  return out;
}

/** Is the call reached on a system reporting `ver`? false when a condition it needs is known to fail there. */
function reached(needs: Need[], ver: WinVersion, symbols: Symbols, root: Node): { ok: boolean; by?: Need } {
  for (const need of needs) {
    const v = evalNode(need.cond, { ver, symbols, root, depth: 0 });
    if (v?.k === "bool" && v.v !== need.want) return { ok: false, by: need };
  }
  return { ok: true };
}

/** The condition as the call needs it: `X` for `if (X) call`, `X` for `if (!X) return; call`, `!(X)` for `if (X) return; call`. */
const shown = (n: Node, want: boolean) => {
  const u = unwrap(n);
  const negated = u.type === "not_operator" || ((u.type === "unary_expression" || u.type === "prefix_unary_expression") && u.child(0)?.text === "!");
  const inner = negated ? u.childForFieldName("argument") ?? u.childForFieldName("operand") ?? u.namedChildren.at(-1) ?? u : u;
  const base = !want && negated ? inner : n;
  const t = base.text.replace(/\s+/g, " ");
  const s = t.length > 80 ? `${t.slice(0, 77)}...` : t;
  return want || negated ? s : `!(${s})`;
};

/** The guard of one call from its own function's conditions, or null when none excludes the versions before Windows 8. */
export function ownVersionGuard(call: Node, symbols: Symbols, root: Node): VersionGuard | null {
  const needs = needsOf(call);
  if (!needs.length) return null;
  const profiles = Object.entries(PROFILE_VERSIONS);
  const win7 = PROFILE_VERSIONS["windows-7"].versions.map((v) => reached(needs, v, symbols, root));
  if (win7.some((r) => r.ok)) return null; // some version before 8 runs it: not a Windows 8 guard
  if (!PROFILE_VERSIONS.windows.versions.some((v) => reached(needs, v, symbols, root).ok)) return null; // the other way round: keep today's reading
  const by = win7[0].by!;
  const notReached = profiles
    .filter(([, p]) => p.versions.every((v) => !reached(needs, v, symbols, root).ok))
    .map(([profile, p]) => ({ profile, reports: p.reports }));
  return { condition: shown(by.cond, by.want), start: startOf(by.cond), end: endOf(by.cond), notReached };
}

const MAX_GUARD_CALLERS = 3;

/**
 * The version guard of a call: the conditions of its function, or, when there are none and
 * the function is called in this file, the guards of all its callers (the call is not reached
 * on a profile only when no caller reaches it there). `open` is true when the function has no
 * caller in this file, so callers in other files may still guard it.
 */
export function versionGuard(call: Node, symbols: Symbols, root: Node, depth = 0): { guard: VersionGuard | null; open: boolean } {
  const own = ownVersionGuard(call, symbols, root);
  if (own) return { guard: own, open: false };
  const fn = enclosingFunction(call);
  const name = fn ? functionName(fn) : null;
  if (!fn || !name || depth >= MAX_GUARD_CALLERS) return { guard: null, open: false };
  const callers = callsNamed(root, name).filter((c) => !contains(fn, c));
  if (!callers.length) return { guard: null, open: true };
  const guards = callers.map((c) => versionGuard(c, symbols, root, depth + 1).guard);
  const merged = mergeGuards(guards, callers.map((c) => startOf(c)), name);
  return { guard: merged, open: false };
}

/** The guard that holds on every path: null when one caller is unguarded; else the profiles none of them reaches. */
export function mergeGuards(guards: (VersionGuard | null)[], at: Position[], fn: string, file?: string): VersionGuard | null {
  if (!guards.length || guards.some((g) => g === null)) return null;
  const gs = guards as VersionGuard[];
  const notReached = gs[0].notReached.filter((p) => gs.every((g) => g.notReached.some((q) => q.profile === p.profile)));
  if (!notReached.some((p) => p.profile === "windows-7")) return null;
  const g = gs[0];
  const lines = at.map((p) => p.line).join(", ");
  const via = gs.length === 1 ? `around the only call of ${fn}() (line ${lines})` : `first of the guards around each of the ${gs.length} calls of ${fn}() (lines ${lines})`;
  return { ...g, notReached, via, ...(file ? { file } : {}) };
}

/** The guard as a sentence: `guarded by IsWindows8OrGreater() at line 35: not reached on windows-7 (...), reactos (...)`. */
export function guardText(g: VersionGuard, profiles?: readonly string[]): string {
  const list = g.notReached.filter((p) => !profiles || profiles.includes(p.profile));
  return `not reached on ${list.map((p) => p.profile).join(", ")}: guarded by ${g.condition} at line ${g.start.line}${g.file ? ` of ${g.file}` : ""}${g.via ? `, ${g.via}` : ""}`;
}
