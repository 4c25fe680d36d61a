// Following the socket a call is made on: where it was created (its type), what
// happened to it before the call (bind, listen, connect, accept), through the
// enclosing function and, when it is a parameter, through the callers of that
// function in the same file.
import type { Node } from "web-tree-sitter";
import type { LintLanguage, SocketContext, SocketType, Stage } from "./types.js";
import type { Symbols } from "./symbols.js";
import { argsOf, calleeName, callsIn, endOf, enclosingFunction, functionName, keyOf, parameterNames, receiverOf, startOf, unwrap } from "./syntax.js";

/** What a call does to a socket, by the callee's name (Winsock, .NET, Python, Go, Rust, libuv spellings). */
type Event = "create" | "bind" | "listen" | "connect" | "accept" | "acceptex";
function eventOf(name: string): Event | null {
  const n = name.toLowerCase();
  if (/acceptex$/.test(n)) return "acceptex";
  if (/^(wsa)?socket[aw]?$|^(open|create|make|new)_?(tcp_?|udp_?)?socket$/.test(n)) return "create";
  if (/disconnect/.test(n)) return null;
  if (/(^|_)(wsa)?accept(4|ex)?$|^(end)?accept(async|socket|tcpclient|socketasync)?$|^accept$/.test(n)) return "accept";
  if (/(^|_)(wsa)?connect(ex|async|socketasync)?$|^beginconnect$|^connect$/.test(n)) return "connect";
  if (/(^|_)bind$|^bind$/.test(n)) return "bind";
  if (/(^|_)listen$|^listen$/.test(n)) return "listen";
  return null;
}

/** Words that say datagram or stream in a socket() / new Socket(...) / socket.socket(...) argument list. */
function typeFromArgs(args: Node[], symbols: Symbols, at: Node, language: LintLanguage): SocketType | "param" {
  const text = args.map((a) => a.text).join(" ");
  // Python's socket.socket() is SOCK_STREAM unless a type is given (Python docs, socket.socket).
  if (language === "python" && !/SOCK_|\btype\b/.test(text) && args.length < 2) return "stream";
  const dgram = /SOCK_DGRAM|\bDgram\b|IPPROTO_UDP|ProtocolType\.Udp|\bUdp\b/.test(text);
  const stream = /SOCK_STREAM|\bStream\b|IPPROTO_TCP|ProtocolType\.Tcp/.test(text);
  if (dgram && stream) return "unknown"; // chosen at run time, e.g. `stream ? SOCK_STREAM : SOCK_DGRAM`
  if (dgram) return "datagram";
  if (stream) return "stream";
  // A type held in a variable: follow it one step.
  for (const a of args) {
    const u = unwrap(a);
    if (u.type !== "identifier") continue;
    const b = symbols.lookup(u.text, at);
    if (b && b.value && typeof b.value !== "string" && /SOCK_DGRAM|Dgram|IPPROTO_UDP/.test(b.value.text)) return "datagram";
  }
  if (args.some((a) => unwrap(a).type === "identifier" && /type/i.test(a.text))) return "param";
  return "unknown";
}

/** Is `call` an action on the socket `key` (as its first argument, the AcceptEx accept socket, or the receiver)? */
function actsOn(call: Node, key: string, ev: Event): boolean {
  const args = argsOf(call);
  const recv = receiverOf(call);
  if (ev === "acceptex") return args[1] !== undefined && keyOf(args[1]) === key;
  if (recv && keyOf(recv) === key) return true;
  return args[0] !== undefined && keyOf(args[0]) === key;
}

/** The calls in a function, with their event, in source order. */
function eventsIn(fn: Node): { call: Node; ev: Event }[] {
  const out: { call: Node; ev: Event }[] = [];
  for (const c of callsIn(fn)) {
    const ev = c.type === "object_creation_expression" ? (calleeName(c) === "Socket" ? "create" : null) : eventOf(calleeName(c));
    if (ev) out.push({ call: c, ev });
  }
  return out;
}

/** The statement that assigns a call's result, and the assigned name. */
function assignedName(call: Node): string | null {
  for (let p = call.parent, i = 0; p && i < 6; p = p.parent, i++) {
    const left = p.childForFieldName("left") ?? p.childForFieldName("declarator") ?? p.childForFieldName("pattern") ?? (p.type === "variable_declarator" ? p.childForFieldName("name") : null);
    if (left && left.id !== call.id && left.endIndex <= call.startIndex) {
      const first = left.type === "pattern_list" || left.type === "tuple_pattern" || left.type === "expression_list" ? left.namedChildren[0] : left;
      return first ? keyOf(first) : null;
    }
    if (/statement|block|compound/.test(p.type)) break;
  }
  return null;
}

const MAX_CALLER_DEPTH = 4;

/**
 * The contexts in which the socket expression `sock` reaches the call `at`: one for
 * the enclosing function, or, when the socket is a parameter not created there,
 * one for each caller in the file (followed up to 4 levels).
 */
export function socketContexts(sock: Node | null, at: Node, root: Node, symbols: Symbols, language: LintLanguage): SocketContext[] {
  if (!sock) return [{ stage: "unknown", type: "unknown", evidence: "no socket expression", at: startOf(at) }];
  return follow(keyOf(sock), at, root, symbols, language, 0, new Set());
}

function follow(key: string, at: Node, root: Node, symbols: Symbols, language: LintLanguage, depth: number, seen: Set<number>): SocketContext[] {
  const fn = enclosingFunction(at);
  const scope = fn ?? root;
  let stage: Stage | null = null;
  let type: SocketType | "param" = "unknown";
  let evidence = "";
  let decided: SocketContext["decidedAt"];
  const at_ = (call: Node) => ({ start: startOf(call), end: endOf(call), text: call.text.length > 80 ? `${call.text.slice(0, 77)}...` : call.text });
  let created = false;
  for (const { call, ev } of eventsIn(scope)) {
    if (call.id === at.id) continue;
    const before = call.startIndex < at.startIndex;
    const line = startOf(call).line;
    if (ev === "create" || ev === "accept") {
      if (before && assignedName(call) === key) {
        created = true;
        if (ev === "accept") { stage = "accepted"; type = "stream"; evidence = `${key} = ${calleeName(call)}(...) at line ${line}`; decided = at_(call); }
        else { stage = "created"; type = typeFromArgs(argsOf(call), symbols, call, language); evidence = `${key} = ${calleeName(call) || "new Socket"}(...) at line ${line}`; decided = undefined; }
      }
      continue;
    }
    if (!actsOn(call, key, ev)) continue;
    if (ev === "acceptex") { stage = "accepted"; type = "stream"; evidence = `${calleeName(call)}(..., ${key}, ...) at line ${line}: an AcceptEx accept socket`; decided = at_(call); continue; }
    if (!before) continue;
    if (stage === "accepted") continue;
    const order: Stage[] = ["created", "bound", "listening", "connected"];
    const next: Stage = ev === "bind" ? "bound" : ev === "listen" ? "listening" : "connected";
    if (stage === null || order.indexOf(next) >= order.indexOf(stage)) { stage = next; evidence = `${calleeName(call)}(${key}, ...) at line ${line}, before the call`; decided = at_(call); }
  }
  // A parameter not created here: ask the callers in this file.
  if (fn && !created && depth < MAX_CALLER_DEPTH && !seen.has(fn.id)) {
    const params = parameterNames(fn);
    const index = params.indexOf(key);
    const name = functionName(fn);
    if (index >= 0 && name) {
      seen.add(fn.id);
      const callers = callsIn(root).filter((c) => calleeName(c) === name && enclosingFunction(c)?.id !== fn.id);
      const out: SocketContext[] = [];
      for (const c of callers) {
        const arg = argsOf(c)[index] ?? (index === 0 ? receiverOf(c) : null);
        if (!arg) continue;
        for (const ctx of follow(keyOf(arg), c, root, symbols, language, depth + 1, seen)) {
          // What the helper itself did to the socket before the call comes after what the caller did.
          out.push(stage && stage !== "created" && ctx.stage !== "accepted"
            ? { ...ctx, stage, evidence: `${evidence}; via ${name}() called at line ${startOf(c).line}`, ...(decided ? { decidedAt: decided } : {}) }
            : { ...ctx, evidence: `${ctx.evidence}; via ${name}() called at line ${startOf(c).line}` });
        }
      }
      // The call site's own helper may have callers in other files too (lintPaths follows them).
      if (out.length) return dedupe(depth === 0 ? out.map((c) => ({ ...c, caller: c.caller ?? { function: name, parameter: index } })) : out);
      if (stage === null) return [{ stage: "unknown", type: "unknown", evidence: `${key} is a parameter of ${name}(); no caller in this file`, at: startOf(at), caller: { function: name, parameter: index } }];
    }
  }
  if (type === "param") type = "unknown";
  return [{ stage: stage ?? "unknown", type, evidence: evidence || `no socket(), bind, listen, connect or accept of ${key} found before the call`, at: startOf(at), ...(decided ? { decidedAt: decided } : {}) }];
}

function dedupe(list: SocketContext[]): SocketContext[] {
  const seen = new Set<string>();
  return list.filter((c) => { const k = `${c.stage}/${c.type}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

/** The contexts of the socket passed as argument `parameter` of `call` (a call of a helper, found in another file). */
export function contextsAtCall(call: Node, parameter: number, root: Node, symbols: Symbols, language: LintLanguage): SocketContext[] {
  const arg = argsOf(call)[parameter] ?? (parameter === 0 ? receiverOf(call) : null);
  if (!arg) return [];
  const via = `via ${calleeName(call)}() called at line ${startOf(call).line}`;
  return follow(keyOf(arg), call, root, symbols, language, 1, new Set()).map((c) => ({ ...c, evidence: `${c.evidence}; ${via}` }));
}

/** The socket expression of an ioctl call: the first argument (WSAIoctl), or the receiver (.NET, Python). */
export function socketExpression(call: Node, api: string): Node | null {
  if (api === "Socket.IOControl" || api === "socket.ioctl") return receiverOf(call);
  return argsOf(call)[0] ?? null;
}




