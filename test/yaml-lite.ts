// A reader for the small YAML subset of action.yml and .pre-commit-hooks.yaml: block
// mappings and sequences by indentation, `|` literal blocks, plain, single- and
// double-quoted scalars, true and false, flow sequences of scalars, comments. Anything else throws, so a
// file that grows beyond the subset fails its test instead of being misread.

type Value = string | boolean | Value[] | { [k: string]: Value };

interface Line { indent: number; text: string; no: number }

function scalar(raw: string, no: number): Value {
  const s = raw.trim();
  if (s.startsWith("[")) {
    if (!s.endsWith("]")) throw new Error(`line ${no}: unsupported flow sequence ${s}`);
    const inner = s.slice(1, -1).trim();
    if (!inner) return [];
    const items: string[] = [];
    let cur = "";
    let quote: string | null = null;
    for (const c of inner) {
      if (quote) { if (c === quote) quote = null; cur += c; continue; }
      if (c === '"' || c === "'") { quote = c; cur += c; continue; }
      if (c === ",") { items.push(cur); cur = ""; continue; }
      cur += c;
    }
    items.push(cur);
    return items.map((x) => scalar(x, no) as string);
  }
  if (s.startsWith("{")) throw new Error(`line ${no}: flow mappings are not supported`);
  if (s.startsWith('"')) return JSON.parse(s) as string;
  if (s.startsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  if (s === "true" || s === "false") return s === "true";
  if (/^(yes|no|on|off|null|~|-?\d[\d._]*)$/i.test(s)) throw new Error(`line ${no}: quote ${s} (YAML would read it as a boolean, null or number)`);
  return s;
}

/** A comment starts at ` #` outside quotes. */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || text[i - 1] === " ")) return text.slice(0, i).replace(/\s+$/, "");
  }
  return text;
}

/** Parse the subset. */
export function parseYaml(text: string): Value {
  const raw = text.split("\n");
  const lines: Line[] = [];
  for (let i = 0; i < raw.length; i++) lines.push({ indent: raw[i].length - raw[i].trimStart().length, text: raw[i], no: i + 1 });
  let pos = 0;
  const skipBlank = () => { while (pos < lines.length && stripComment(lines[pos].text).trim() === "") pos++; };

  function block(indent: number): Value {
    skipBlank();
    if (pos >= lines.length) return "";
    const first = lines[pos];
    if (first.indent < indent) return "";
    const isSeq = first.text.trimStart().startsWith("- ") || first.text.trim() === "-";
    return isSeq ? sequence(first.indent) : mapping(first.indent);
  }

  function literal(parentIndent: number): string {
    const out: string[] = [];
    let ind = -1;
    while (pos < lines.length) {
      const l = lines[pos];
      if (l.text.trim() === "") { out.push(""); pos++; continue; }
      if (l.indent <= parentIndent) break;
      if (ind < 0) ind = l.indent;
      out.push(l.text.slice(ind));
      pos++;
    }
    while (out.length && out[out.length - 1] === "") out.pop();
    return out.join("\n") + "\n";
  }

  function value(rest: string, indent: number, no: number): Value {
    const v = stripComment(rest).trim();
    if (v === "|") return literal(indent);
    if (v === "") return block(indent + 1);
    if (v.startsWith(">") || v.startsWith("|")) throw new Error(`line ${no}: unsupported block scalar ${v}`);
    return scalar(v, no);
  }

  function mapping(indent: number): Value {
    const out: Record<string, Value> = {};
    for (;;) {
      skipBlank();
      if (pos >= lines.length) return out;
      const l = lines[pos];
      if (l.indent < indent) return out;
      if (l.indent > indent) throw new Error(`line ${l.no}: unexpected indentation`);
      const m = /^([^:#]+?):(?:\s+(.*)|\s*)$/.exec(stripComment(l.text).trim());
      if (!m) throw new Error(`line ${l.no}: expected "key: value", got ${l.text.trim()}`);
      pos++;
      out[m[1].trim()] = value(m[2] ?? "", indent, l.no);
    }
  }

  function sequence(indent: number): Value {
    const out: Value[] = [];
    for (;;) {
      skipBlank();
      if (pos >= lines.length) return out;
      const l = lines[pos];
      if (l.indent < indent || !l.text.trimStart().startsWith("-")) return out;
      if (l.indent > indent) throw new Error(`line ${l.no}: unexpected indentation`);
      const rest = l.text.trimStart().slice(1);
      const itemIndent = indent + 1 + (rest.length - rest.trimStart().length);
      if (/^\s*[^:#"'[]+?:(\s|$)/.test(rest)) {
        // "- key: value" opens a mapping at the item's indentation.
        lines[pos] = { indent: itemIndent, text: " ".repeat(itemIndent) + rest.trimStart(), no: l.no };
        out.push(mapping(itemIndent));
      } else {
        pos++;
        out.push(value(rest, indent, l.no));
      }
    }
  }

  const v = block(0);
  skipBlank();
  if (pos < lines.length) throw new Error(`line ${lines[pos].no}: not read (${lines[pos].text.trim()})`);
  return v;
}
