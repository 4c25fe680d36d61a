// README's generated sections, from the model's exported data: the error
// precedence table and the state transition table. `npm run docs` rewrites
// them; a test fails when README differs from what this prints.
import { readFile, writeFile } from "node:fs/promises";
import type { Catalogue } from "../host/catalogue.js";
import { lintRulePages, lintRulesMarkdown } from "./lint-docs.js";

function reported(c: { error: { name: string }; reports: string }): string {
  return c.reports === "crash" || c.reports === "unavailable" ? c.reports : `${c.error.name} (${c.reports})`;
}

/** Markdown for the precedence table: each cell's outcome, its grade, its alternatives and whether it holds under one reading only. */
export function precedenceMarkdown(cat: Catalogue): string {
  const head = `| # | rule | ${cat.profiles.map((p) => p.name).join(" | ")} |\n| --- | --- | ${cat.profiles.map(() => "---").join(" | ")} |`;
  const rows = cat.precedence.map((row, i) => {
    const cells = row.cells.map((c) => {
      if (c === null) return "";
      const alt = c.alternatives.map((x) => ` or ${reported(x)} *${x.grade}*`).join("");
      return `${c.maybe ? "maybe: " : ""}${reported(c)} *${c.grade}*${alt}`;
    });
    return `| ${i} | \`${row.rule.id}\` | ${cells.join(" | ")} |`;
  });
  return [head, ...rows].join("\n");
}

/** Markdown for the count of rules per evidence grade and profile. */
export function gradesMarkdown(cat: Catalogue): string {
  const grades = ["observed", "source", "documented", "inferred", "choice"] as const;
  const head = `| grade | ${cat.profiles.map((p) => p.name).join(" | ")} |\n| --- | ${cat.profiles.map(() => "---").join(" | ")} |`;
  const rows = grades.map((g) => `| ${g} | ${cat.profiles.map((p) => cat.rules.filter((r) => r.grades[p.name] === g).length).join(" | ")} |`);
  const na = `| does not apply | ${cat.profiles.map((p) => cat.rules.filter((r) => r.grades[p.name] === null).length).join(" | ")} |`;
  return [head, ...rows, na].join("\n");
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

/** README with its generated sections brought up to date. */
export function renderReadme(readme: string, cat: Catalogue): string {
  let out = replaceSection(readme, "precedence", precedenceMarkdown(cat));
  out = replaceSection(out, "grades", gradesMarkdown(cat));
  out = replaceSection(out, "lint-rules", lintRulesMarkdown());
  return replaceSection(out, "transitions", transitionsMarkdown(cat));
}

if (process.argv[1]?.endsWith("docs.js")) {
  const { loadModel } = await import("../host/node.js");
  const path = new URL("../../../README.md", import.meta.url);
  const model = await loadModel();
  await writeFile(path, renderReadme(await readFile(path, "utf8"), model.catalogue));
  const { mkdir, readdir, rm } = await import("node:fs/promises");
  const lintDir = new URL("../../../docs/lint/", import.meta.url);
  await mkdir(lintDir, { recursive: true });
  const pages = lintRulePages();
  for (const name of await readdir(lintDir)) if (!Object.hasOwn(pages, name)) await rm(new URL(name, lintDir));
  for (const [name, text] of Object.entries(pages)) await writeFile(new URL(name, lintDir), text);
  const evidence = new URL("../../../docs/evidence/", import.meta.url);
  const { rereadMarkdown } = await import("./reread-md.js");
  const json = async (name: string) => JSON.parse(await readFile(new URL(name, evidence), "utf8"));
  await writeFile(new URL("reread.md", evidence), rereadMarkdown(await json("reread.json"), (await json("passages.json")).passages));
  process.stdout.write("README.md: precedence, grade, lint rule and transition tables regenerated; docs/lint/: one page per lint rule; docs/evidence/reread.md from reread.json\n");
}
