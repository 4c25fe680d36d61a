// The size budget of the .wasm and the bundles: raw and gzip sizes, and a
// failure when one is over its budget (the budgets and their reasons: README,
// "Size budget").
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
/** [file, raw budget, gzip budget] in bytes. */
export const BUDGET: [string, number, number][] = [
  ["build/release.wasm", 16.5 * 1024, 8.5 * 1024],
  ["build/dist/browser/loopback-fast-path.js", 20 * 1024, 6.5 * 1024],
  ["build/dist/browser/loopback-fast-path.explain.json", 128 * 1024, 40 * 1024],
  ["build/dist/browser/loopback-fast-path.inline.js", 40 * 1024, 20 * 1024],
  ["build/dist/playground/app.js", 184 * 1024, 44 * 1024],
  ["build/dist/playground/lint-panel.js", 32 * 1024, 12 * 1024],
];
/** What a page loads to validate calls: the browser entry and the .wasm, gzip each (issue 25: ≤ 14 KiB). */
export const BROWSER: [files: string[], gzipBudget: number] = [["build/dist/browser/loopback-fast-path.js", "build/release.wasm"], 14 * 1024];

export const gzipBytes = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

function main(): void {
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
  lines.push(`| the validator: browser JS + .wasm | | ${browserGz} | - / ${browserMax}${browserGz > browserMax ? " **OVER**" : ""} |`);
  process.stdout.write(`${lines.join("\n")}\n`);
  if (over) {
    process.stderr.write(`size: ${over} file(s) over budget\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
