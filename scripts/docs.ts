// README's generated sections, from the model's exported data: the error
// precedence table and the state transition table. `npm run docs` rewrites
// them; a test fails when README differs from what this prints.
import { readFile, writeFile } from "node:fs/promises";
import type { Catalogue } from "../host/catalogue.js";

/** Markdown for the precedence table. */
export function precedenceMarkdown(cat: Catalogue): string {
  const head = `| # | rule | ${cat.profiles.map((p) => p.name).join(" | ")} |\n| --- | --- | ${cat.profiles.map(() => "---").join(" | ")} |`;
  const rows = cat.precedence.map((row, i) => {
    const cells = row.cells.map((c) => (c === null ? "" : c.reports === "crash" || c.reports === "unavailable" ? c.reports : `${c.error.name} (${c.reports})`));
    return `| ${i} | \`${row.rule.id}\` | ${cells.join(" | ")} |`;
  });
  return [head, ...rows].join("\n");
}

/** Markdown for the transition table. */
export function transitionsMarkdown(cat: Catalogue): string {
  const head = "| from | op | to | rule |\n| --- | --- | --- | --- |";
  return [head, ...cat.transitions.map((t) => `| ${t.from} | ${t.op} | ${t.to} | \`${t.rule}\` |`)].join("\n");
}

/** Replace the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README has no ${start} ... ${end} section`);
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

/** README with both generated sections brought up to date. */
export function renderReadme(readme: string, cat: Catalogue): string {
  return replaceSection(replaceSection(readme, "precedence", precedenceMarkdown(cat)), "transitions", transitionsMarkdown(cat));
}

if (process.argv[1]?.endsWith("docs.js")) {
  const { loadModel } = await import("../host/node.js");
  const path = new URL("../../../README.md", import.meta.url);
  const model = await loadModel();
  await writeFile(path, renderReadme(await readFile(path, "utf8"), model.catalogue));
  process.stdout.write("README.md: precedence and transition tables regenerated from the model\n");
}
