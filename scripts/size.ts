// The size budget of the .wasm and the bundles: raw and gzip sizes, and a
// failure when one is over its budget (the budgets and their reasons: README,
// "Size budget").
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
/** [file, raw budget, gzip budget] in bytes. */
export const BUDGET: [string, number, number][] = [
  ["build/release.wasm", 25 * 1024, 17.5 * 1024],
  ["build/dist/browser/loopback-fast-path.js", 24 * 1024, 8 * 1024],
  ["build/dist/browser/loopback-fast-path.inline.js", 50 * 1024, 26.5 * 1024],
  ["build/dist/node/index.mjs", 24 * 1024, 8 * 1024],
  ["build/dist/node/index.cjs", 24 * 1024, 8 * 1024],
  ["build/dist/playground/app.js", 184 * 1024, 44 * 1024],
  ["build/dist/playground/lint-panel.js", 176 * 1024, 56 * 1024],
];
/** What a page loads for the validator: the browser bundle and the .wasm, gzip each. */
export const BROWSER: [files: string[], gzipBudget: number] = [["build/dist/browser/loopback-fast-path.js", "build/release.wasm"], 24 * 1024];

const gzipBytes = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;
let over = 0;
const lines = ["| file | raw | gzip | budget raw / gzip |", "| --- | --- | --- | --- |"];
for (const [file, rawMax, gzMax] of BUDGET) {
  const bytes = readFileSync(`${root}${file}`);
  const gz = gzipBytes(bytes);
  const bad = bytes.length > rawMax || gz > gzMax;
  if (bad) over++;
  lines.push(`| ${file} | ${bytes.length} | ${gz} | ${rawMax} / ${gzMax}${bad ? " **OVER**" : ""} |`);
}
const [files, browserMax] = BROWSER;
const browserGz = files.reduce((sum, f) => sum + gzipBytes(readFileSync(`${root}${f}`)), 0);
if (browserGz > browserMax) over++;
lines.push(`| browser JS + .wasm | | ${browserGz} | - / ${browserMax}${browserGz > browserMax ? " **OVER**" : ""} |`);
process.stdout.write(`${lines.join("\n")}\n`);
if (over) {
  process.stderr.write(`size: ${over} file(s) over budget\n`);
  process.exitCode = 1;
}
