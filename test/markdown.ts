// Code blocks of a Markdown file (README.md), for the tests that run them.

/** The fenced code blocks of a Markdown text, with their language and line. */
export function codeBlocks(markdown: string): { lang: string; code: string; line: number }[] {
  const out: { lang: string; code: string; line: number }[] = [];
  for (const m of markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    out.push({ lang: m[1], code: m[2], line: markdown.slice(0, m.index).split("\n").length });
  }
  return out;
}

/** The module script of an HTML block. */
export function moduleScript(html: string): string {
  const m = /<script type="module">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error("an HTML block without a module script");
  return m[1];
}
