import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFile } from "node:fs/promises";
import { renderReadme, replaceSection } from "../scripts/docs.js";
import { rereadMarkdown } from "../scripts/reread-md.js";
import { model, root } from "./helpers.js";

const docs = suite("README matches the model");

docs("the generated tables in README are what the model exports (run npm run docs)", async () => {
  const readme = await readFile(`${root}README.md`, "utf8");
  assert.fixture(renderReadme(readme, (await model()).catalogue), readme);
});

docs("docs/evidence/reread.md is what scripts/reread-md.ts makes of reread.json (run npm run docs)", async () => {
  const json = async (name: string) => JSON.parse(await readFile(`${root}docs/evidence/${name}`, "utf8"));
  const reread = await json("reread.json");
  const page = rereadMarkdown(reread, (await json("passages.json")).passages);
  assert.fixture(page, await readFile(`${root}docs/evidence/reread.md`, "utf8"));
  // The page follows its data: a changed verdict changes it.
  const flipped = { ...reread, entries: reread.entries.map((e: { verdict: string }, i: number) => (i === 0 ? { ...e, verdict: "wrong" } : e)) };
  assert.is.not(rereadMarkdown(flipped, {}), page);
});

docs("README starts with how a user gets it, then the two set-up commands under their own heading", async () => {
  const readme = await readFile(`${root}README.md`, "utf8");
  const firstScreen = readme.split("\n").slice(0, 30).join("\n");
  assert.match(firstScreen, /^npm install loopback-fast-path$/m);
  assert.match(firstScreen, /^npx lfp lint \.\s+#/m);
  const contributing = readme.slice(readme.indexOf("\n## Working on this repository\n"));
  assert.ok(readme.includes("\n## Working on this repository\n"), "a heading for contributors");
  const lines = contributing.split("\n");
  const fence = lines.indexOf("```sh");
  assert.match(lines[fence + 1], /^npm install && npm start\s+#/);
  assert.match(lines[fence + 2], /^npm test\s+#/);
  const ci = await readFile(`${root}.ci/run`, "utf8");
  assert.match(ci, /^npm test$/m, ".ci/run runs the README's test command");
});

docs("replaceSection refuses a README without the markers", () => {
  assert.throws(() => replaceSection("no markers", "x", "y"), /no <!-- x:start -->/);
});

docs.run();
