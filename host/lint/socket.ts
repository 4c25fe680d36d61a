// Following the socket a call is made on: where it was created (its type), what
// happened to it before the call (bind, listen, connect, accept), through the
// enclosing function and, when it is a parameter, through the callers of that
// function in the same file.
import type { Node } from "web-tree-sitter";
import type { LintLanguage, SocketContext, SocketType, Stage } from "./types.js";
import type { Symbols } from "./symbols.js";
import { argsOf, calleeName, callsIn, callsNamed, endOf, enclosingFunction, functionName, goControlOwner, keyOf, lastName, parameterName, parameterNames, parameterNodes, receiverOf, startOf, unwrap } from "./syntax.js";

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

/** `acceptor.accept(s)`, `acceptor.async_accept(s, ...)`: the connection is accepted into the argument, not the receiver. */
function acceptsInto(call: Node, key: string): boolean {
  const recv = receiverOf(call);
  const first = argsOf(call)[0];
  return recv !== null && keyOf(recv) !== key && first !== undefined && keyOf(first) === key;
}

/** .NET classes whose construction creates a socket, and the type it has. */
const DOTNET_SOCKETS: Record<string, SocketType | null> = { Socket: null, TcpListener: "stream", TcpClient: "stream", UdpClient: "datagram" };

/** C# `using Alias = System.Net.Sockets.Socket;` in a file: alias → the .NET class it names (Sweet.Actors' RpcClient writes `new NativeSocket(...)`). */
const aliases = new WeakMap<object, Map<string, string>>();
function dotnetAliases(n: Node): Map<string, string> {
  const key = n.tree as unknown as object;
  let m = aliases.get(key);
  if (!m) {
    m = new Map();
    for (const u of n.tree.rootNode.descendantsOfType("using_directive")) {
      const [alias, target] = u?.namedChildren ?? [];
      if (u && alias?.type === "identifier" && target && u.namedChildren.length === 2) m.set(alias.text, lastName(target));
    }
    aliases.set(key, m);
  }
  return m;
}

/** The .NET socket class an object creation makes (through a using alias), or null. */
export function dotnetSocketClass(creation: Node): string | null {
  const name = calleeName(creation);
  if (Object.hasOwn(DOTNET_SOCKETS, name)) return name;
  const target = dotnetAliases(creation).get(name);
  return target && Object.hasOwn(DOTNET_SOCKETS, target) ? target : null;
}

/** The calls in a function, with their event, in source order. Method forms on an object: `x.open(...)` creates (asio), `x.Start()` listens (.NET TcpListener). */
function eventsIn(fn: Node): { call: Node; ev: Event }[] {
  const out: { call: Node; ev: Event }[] = [];
  for (const c of callsIn(fn)) {
    const name = calleeName(c);
    let ev: Event | null;
    if (c.type === "object_creation_expression") ev = dotnetSocketClass(c) ? "create" : null;
    else if (receiverOf(c) && (name === "open" || name === "Open")) ev = "create";
    else if (receiverOf(c) && name === "Start" && argsOf(c).length <= 1) ev = "listen";
    else ev = eventOf(name);
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

/** Every name a function's parameters declare (Go writes `network, address string` as one parameter). */
function allParamNames(fn: Node): string[] {
  return parameterNodes(fn).flatMap((p) => {
    const names = p.childrenForFieldName("name").filter((n): n is Node => n !== null);
    return names.length > 1 ? names.map((n) => n.text) : [parameterName(p)];
  });
}

/**
 * Go's RawConn callbacks: `raw.Control(func(fd uintptr) {...})` gives the closure raw's handle
 * (so `fd` is raw's socket); the `Control` function of a net.Dialer or net.ListenConfig receives
 * the RawConn of a socket just created, before it connects or binds (Go net package docs).
 */
function goControl(fn: Node, key: string, root: Node, symbols: Symbols, language: LintLanguage, depth: number, seen: Set<number>, at: Node): SocketContext[] | null {
  const params = allParamNames(fn);
  const call = fn.parent?.type === "argument_list" ? fn.parent.parent : null;
  if (call && calleeName(call) === "Control" && receiverOf(call) && params[0] === key) {
    const via = `${key} is the handle ${receiverOf(call)!.text}.Control() passes at line ${startOf(call).line}`;
    return follow(keyOf(receiverOf(call)!), call, root, symbols, language, depth + 1, seen).map((c) => ({ ...c, evidence: `${c.evidence}; ${via}` }));
  }
  const owner = params.includes(key) && /RawConn/.test(parameterNodes(fn).find((p) => p.text.includes(key))?.text ?? "") ? goControlOwner(fn, root) : null;
  if (!owner) return null;
  return [{
    stage: "created", type: "unknown", at: startOf(at),
    evidence: `${key} is the RawConn of net.${owner.type}.Control (line ${startOf(owner.at).line}): called after the socket is created, before it ${owner.type === "Dialer" ? "connects" : "is bound"}`,
  }];
}

/** Calls whose result is a socket at a known stage: Python's create_connection / a transport's socket, Go's net.Dial* / net.Listen*. */
function stageOfResult(c: Node, language: LintLanguage): { stage: Stage; type: SocketType } | null {
  const name = calleeName(c);
  const first = argsOf(c)[0]?.text ?? "";
  if (language === "python") {
    if (name === "create_connection" || (name === "get_extra_info" && /socket/.test(first))) return { stage: "connected", type: "stream" };
    return null;
  }
  if (language !== "go") return null;
  const type: SocketType = /"udp/.test(first) ? "datagram" : /"tcp/.test(first) ? "stream" : /^Dial|^Listen/.test(name) && /TCP$/.test(name) ? "stream" : "unknown";
  if (/^Dial(TCP|Timeout|Context)?$/.test(name)) return { stage: "connected", type };
  if (/^Listen(TCP)?$/.test(name)) return { stage: "listening", type };
  return null;
}

function follow(key: string, at: Node, root: Node, symbols: Symbols, language: LintLanguage, depth: number, seen: Set<number>): SocketContext[] {
  const fn = enclosingFunction(at);
  const scope = fn ?? root;
  if (fn && language === "go" && depth < MAX_CALLER_DEPTH) {
    const ctl = goControl(fn, key, root, symbols, language, depth, seen, at);
    if (ctl) return ctl;
  }
  let stage: Stage | null = null;
  let type: SocketType | "param" = "unknown";
  let evidence = "";
  let decided: SocketContext["decidedAt"];
  const at_ = (call: Node) => { const t = call.text.replace(/\s+/g, " "); return { start: startOf(call), end: endOf(call), text: t.length > 80 ? `${t.slice(0, 77)}...` : t }; };
  let created = false;
  let createdLine = 0;
  for (const { call, ev } of eventsIn(scope)) {
    if (call.id === at.id) continue;
    const before = call.startIndex < at.startIndex;
    const line = startOf(call).line;
    if (ev === "create" || ev === "accept") {
      const assigned = before && assignedName(call) === key;
      const opened = before && ev === "create" && receiverOf(call) !== null && keyOf(receiverOf(call)!) === key; // asio: socket.open(protocol)
      if (assigned || opened) {
        created = true; createdLine = line;
        const name = calleeName(call) || "new Socket";
        if (ev === "accept") { stage = "accepted"; type = "stream"; evidence = `${key} = ${name}(...) at line ${line}`; decided = at_(call); }
        else {
          stage = "created"; decided = undefined;
          const cls = call.type === "object_creation_expression" ? dotnetSocketClass(call) : null;
          const known = cls ? DOTNET_SOCKETS[cls] : null;
          type = known ?? (opened ? "unknown" : typeFromArgs(argsOf(call), symbols, call, language));
          evidence = opened ? `${key}.${name}(...) at line ${line}` : `${key} = ${call.type === "object_creation_expression" ? "new " : ""}${name}(...) at line ${line}`;
        }
      } else if (before && ev === "accept" && acceptsInto(call, key)) {
        created = true; createdLine = line; stage = "accepted"; type = "stream"; decided = at_(call);
        evidence = `${calleeName(call)}(${key}, ...) at line ${line}: the connection is accepted into ${key}`;
      }
      continue;
    }
    if (!actsOn(call, key, ev)) continue;
    if (ev === "acceptex") { stage = "accepted"; type = "stream"; evidence = `${calleeName(call)}(..., ${key}, ...) at line ${line}: an AcceptEx accept socket`; decided = at_(call); continue; }
    if (!before) continue;
    if (stage === "accepted") continue;
    const order: Stage[] = ["created", "bound", "listening", "connected"];
    const next: Stage = ev === "bind" ? "bound" : ev === "listen" ? "listening" : "connected";
    const written = receiverOf(call) && keyOf(receiverOf(call)!) === key ? `${receiverOf(call)!.text}.${calleeName(call)}(...)` : `${calleeName(call)}(${key}, ...)`;
    if (stage === null || order.indexOf(next) >= order.indexOf(stage)) { stage = next; evidence = `${written} at line ${line}, before the call`; decided = at_(call); }
  }
  // Python: socket.create_connection() and a transport's get_extra_info('socket') give a connected socket; Go: net.Dial*, net.Listen*.
  if (stage === null && (language === "python" || language === "go")) {
    for (const c of callsIn(scope)) {
      if (c.startIndex >= at.startIndex || assignedName(c) !== key) continue;
      const r = stageOfResult(c, language);
      if (r) {
        stage = r.stage; type = r.type; created = true; createdLine = startOf(c).line; decided = at_(c);
        evidence = `${key} = ${calleeName(c)}(...) at line ${startOf(c).line}: a ${r.stage === "connected" ? "connected" : "listening"} socket`;
      }
    }
  }
  // A name for another socket expression (`raw, err := conn.SyscallConn()`, `var s = client.Client;`): follow that one.
  if (stage === null && !created && fn && depth < MAX_CALLER_DEPTH) {
    const b = symbols.lookup(key, at);
    const value = b && b.scope?.id === fn.id && b.node.startIndex < at.startIndex && b.value && typeof b.value !== "string" ? b.value : null;
    const other = value ? keyOf(value) : null;
    if (other && other !== key && /^[A-Za-z_][\w.]*$/.test(other)) {
      const via = `${key} = ${value!.text.replace(/\s+/g, " ").slice(0, 60)} at line ${startOf(b!.node).line}`;
      const ctxs = follow(other, at, root, symbols, language, depth + 1, seen);
      if (ctxs.some((c) => c.stage !== "unknown")) return ctxs.map((c) => ({ ...c, evidence: `${c.evidence}; ${via}` }));
    }
  }
  // A parameter not created here: ask the callers in this file.
  if (fn && !created && depth < MAX_CALLER_DEPTH && !seen.has(fn.id)) {
    const params = parameterNames(fn);
    const index = params.indexOf(key);
    const name = functionName(fn);
    if (index >= 0 && name) {
      seen.add(fn.id);
      const callers = callsNamed(root, name).filter((c) => !(c.startIndex >= fn.startIndex && c.endIndex <= fn.endIndex));
      const out: SocketContext[] = [];
      for (const c of callers) {
        const arg = argumentFor(c, index, params);
        if (!arg) continue;
        for (const ctx of follow(keyOf(arg), c, root, symbols, language, depth + 1, seen)) {
          // What the helper itself did to the socket before the call comes after what the caller did.
          out.push(stage && stage !== "created" && ctx.stage !== "accepted"
            ? { ...ctx, stage, evidence: `${evidence}; via ${name}() called at line ${startOf(c).line}`, ...(decided ? { decidedAt: decided } : {}) }
            : { ...ctx, evidence: `${ctx.evidence}; via ${name}() called at line ${startOf(c).line}` });
        }
      }
      // The call site's own helper may have callers in other files too (lintPaths follows them).
      const self = /^(self|cls)$/.test(params[0] ?? "") ? { self: true } : {};
      if (out.length) return dedupe(depth === 0 ? out.map((c) => ({ ...c, caller: c.caller ?? { function: name, parameter: index, ...self } })) : out);
      if (stage === null) return [{ stage: "unknown", type: "unknown", evidence: `${key} is a parameter of ${name}(); no caller in this file`, at: startOf(at), caller: { function: name, parameter: index, ...self } }];
    }
  }
  if (type === "param" || type === "unknown") type = declaredType(key, at, fn, symbols);
  const creator = created && fn ? functionName(fn) : null;
  return [{ stage: stage ?? "unknown", type, evidence: evidence || `no socket(), bind, listen, connect or accept of ${key} found before the call`, at: startOf(at), ...(decided ? { decidedAt: decided } : {}), ...(creator ? { createdIn: { function: creator, line: createdLine } } : {}) }];
}

/** The type a socket variable or parameter is declared with, when its type says (asio's `tcp::socket`, `udp::socket`, .NET's `TcpClient`). */
function declaredType(key: string, at: Node, fn: Node | null, symbols: Symbols): SocketType {
  let t = symbols.typeOf(key, at) ?? "";
  if (!t && fn) t = parameterNodes(fn).find((p) => parameterName(p) === key)?.text ?? "";
  if (/\budp\b|Udp(Client)?\b|SOCK_DGRAM/.test(t)) return "datagram";
  if (/\btcp\b|Tcp(Client|Listener)\b|SOCK_STREAM/.test(t)) return "stream";
  return "unknown";
}

function dedupe(list: SocketContext[]): SocketContext[] {
  const seen = new Set<string>();
  return list.filter((c) => { const k = `${c.stage}/${c.type}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

/**
 * The argument of `call` that binds parameter `index` of the function called: Python's
 * `self.method(x)` passes `x` as the second parameter (after `self`).
 */
export function argumentFor(call: Node, index: number, params?: string[]): Node | null {
  const args = argsOf(call);
  const shift = params && /^(self|cls)$/.test(params[0] ?? "") && receiverOf(call) !== null ? 1 : 0;
  if (shift && index === 0) return receiverOf(call);
  return args[index - shift] ?? (index === 0 ? receiverOf(call) : null);
}

/** The contexts of the socket passed as argument `parameter` of `call` (a call of a helper, found in another file). */
export function contextsAtCall(call: Node, parameter: number, root: Node, symbols: Symbols, language: LintLanguage, selfParam = false): SocketContext[] {
  const arg = argumentFor(call, parameter, selfParam ? ["self"] : undefined);
  if (!arg) return [];
  const via = `via ${calleeName(call)}() called at line ${startOf(call).line}`;
  return follow(keyOf(arg), call, root, symbols, language, 1, new Set()).map((c) => ({ ...c, evidence: `${c.evidence}; ${via}` }));
}






