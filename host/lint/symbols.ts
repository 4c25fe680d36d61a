// What names hold in one file: #define'd macros, constants, variables with their
// declared type and every value assigned to them, with where that happens. Built in
// one walk of the tree; looked up by the analyses (constant codes, the BOOL's
// value, the socket's history).
import type { Node } from "web-tree-sitter";
import { enclosingFunction, lastName, walk } from "./syntax.js";

/** One place a name gets a value (a definition, declaration with initialiser, or assignment). */
export interface Binding {
  name: string;
  /** The value's node, or the raw text of a #define body. */
  value: Node | string | null;
  /** The declared type's text, when declared here. */
  type: string | null;
  /** Where the binding happens (its statement). */
  node: Node;
  /** The enclosing function (null: file level). */
  scope: Node | null;
}

/** Node types that bind names, and how to read name / type / value from each. */
function bindingsOf(n: Node, out: Binding[]): void {
  const push = (nameNode: Node | null, value: Node | string | null, type: string | null) => {
    if (!nameNode) return;
    const name = /identifier$|^name$/.test(nameNode.type) ? nameNode.text : lastName(nameNode);
    if (name) out.push({ name, value, type, node: n, scope: enclosingFunction(n) });
  };
  switch (n.type) {
    case "preproc_def":
      push(n.childForFieldName("name"), n.childForFieldName("value")?.text.trim() ?? "", null);
      return;
    case "declaration": case "field_declaration": { // C, C++
      const type = n.childForFieldName("type")?.text ?? null;
      for (const d of n.childrenForFieldName("declarator")) {
        if (!d) continue;
        if (d.type === "init_declarator") push(d.childForFieldName("declarator"), d.childForFieldName("value"), type);
        else if (d.type === "identifier" || d.type === "field_identifier") push(d, null, type);
      }
      return;
    }
    case "variable_declaration": { // C#
      const type = n.childForFieldName("type")?.text ?? null;
      for (const d of n.namedChildren) {
        if (!d || d.type !== "variable_declarator") continue;
        const name = d.childForFieldName("name");
        const value = d.namedChildren.filter((c) => c && c !== name && c.id !== name?.id && c.type !== "bracketed_argument_list").at(-1) ?? null;
        push(name, value, type);
      }
      return;
    }
    case "enumerator": case "enum_member_declaration":
      push(n.childForFieldName("name"), n.childForFieldName("value"), null);
      return;
    case "const_item": case "static_item": // Rust
      push(n.childForFieldName("name"), n.childForFieldName("value"), n.childForFieldName("type")?.text ?? null);
      return;
    case "let_declaration": {
      const pattern = n.childForFieldName("pattern");
      if (pattern && pattern.type === "identifier") push(pattern, n.childForFieldName("value"), n.childForFieldName("type")?.text ?? null);
      return;
    }
    case "const_spec": case "var_spec": { // Go: names and values pair up
      const names = n.childrenForFieldName("name");
      const values = n.childForFieldName("value")?.namedChildren ?? [];
      const type = n.childForFieldName("type")?.text ?? null;
      names.forEach((nm, i) => push(nm, values[i] ?? null, type));
      return;
    }
    case "short_var_declaration": case "assignment_statement": { // Go
      const left = n.childForFieldName("left")?.namedChildren ?? [];
      const right = n.childForFieldName("right")?.namedChildren ?? [];
      left.forEach((l, i) => push(l, right.length === left.length ? right[i] : right[0] ?? null, null));
      return;
    }
    case "assignment": { // Python; tuple targets take the call as a whole
      const left = n.childForFieldName("left");
      const right = n.childForFieldName("right");
      if (!left) return;
      if (left.type === "pattern_list" || left.type === "tuple_pattern") left.namedChildren.forEach((l) => push(l, right, null));
      else push(left, right, n.childForFieldName("type")?.text ?? null);
      return;
    }
    case "assignment_expression": { // C, C++, C#, Rust
      const left = n.childForFieldName("left");
      if (left && n.child(1)?.text === "=") push(left, n.childForFieldName("right"), null);
      return;
    }
  }
}

/** The bindings of one file. */
export class Symbols {
  readonly #byName = new Map<string, Binding[]>();

  constructor(root: Node) {
    const all: Binding[] = [];
    for (const n of walk(root)) bindingsOf(n, all);
    for (const b of all) {
      const list = this.#byName.get(b.name);
      if (list) list.push(b); else this.#byName.set(b.name, [b]);
    }
  }

  /** All bindings of a name, in source order. */
  all(name: string): Binding[] {
    return this.#byName.get(name) ?? [];
  }

  /**
   * The binding in force for `name` at `at`: the last one before it in the same
   * function, else a file-level one (the last #define or constant), else any.
   */
  lookup(name: string, at: Node): Binding | null {
    const list = this.#byName.get(name);
    if (!list) return null;
    const scope = enclosingFunction(at);
    let best: Binding | null = null;
    for (const b of list) {
      if (scope && b.scope?.id === scope.id && b.node.startIndex < at.startIndex) best = b;
    }
    if (best) return best;
    for (const b of list) if (b.scope === null) best = b;
    return best ?? list[list.length - 1];
  }

  /** The declared type of a name in force at `at` (the declaration, not later assignments). */
  typeOf(name: string, at: Node): string | null {
    const list = this.#byName.get(name);
    if (!list) return null;
    const scope = enclosingFunction(at);
    let best: string | null = null;
    for (const b of list) {
      if (b.type === null) continue;
      if (b.scope === null || (scope && b.scope.id === scope.id && b.node.startIndex < at.startIndex)) best = b.type;
    }
    return best;
  }
}
