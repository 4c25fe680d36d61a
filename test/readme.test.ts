// Every code block of README.md, extracted and checked as a user would use it: the TypeScript and
// JavaScript blocks are type-checked with tsc --strict (NodeNext) against the package's own exports
// (self-reference by name) and run; the page's module script is type-checked here and run in
// Chromium by test/browser.test.ts; the JSON vector file is written to a file and run by `lfp spec`
// on every profile; the `npx lfp` lines that end by themselves are run.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { lfp, model, root } from "./helpers.js";
import { codeBlocks, moduleScript } from "./markdown.js";

const readme = suite("README code blocks");
const blocks = codeBlocks(readFileSync(`${root}README.md`, "utf8"));
const dir = `${root}build/readme`;

readme("every block has a language this test knows", () => {
  assert.ok(blocks.length >= 8, `${blocks.length} blocks`);
  // text: a command's recorded output (the lint example is compared with the command's current output by test/lint.test.ts).
  for (const b of blocks) assert.ok(["ts", "js", "sh", "json", "html", "text", "yaml", "c"].includes(b.lang), `README line ${b.line}: \`\`\`${b.lang}`);
});

readme("the TypeScript and JavaScript blocks pass tsc --strict and run", () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const programs = blocks.filter((b) => b.lang === "ts" || b.lang === "js");
  assert.ok(programs.length >= 3);
  const html = blocks.filter((b) => b.lang === "html").map((b) => ({ ...b, code: moduleScript(b.code).replace('"./loopback-fast-path.js"', '"loopback-fast-path"') }));
  const files = [...programs, ...html].map((b) => {
    const name = `line-${b.line}${b.lang === "html" ? "-page" : ""}`;
    writeFileSync(`${dir}/${name}.mts`, `// README.md line ${b.line}\n${b.code}\nexport {};\n`);
    return { ...b, name };
  });
  writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({
    compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"], types: ["node"], typeRoots: [`${root}node_modules/@types`], outDir: "out", rootDir: ".", skipLibCheck: false },
    include: ["*.mts"],
  }));
  const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", dir], { encoding: "utf8" });
  assert.is(tsc.status, 0, `tsc --strict on README's blocks:\n${tsc.stdout}${tsc.stderr}`);
  for (const f of files.filter((x) => x.lang !== "html")) {
    const r = spawnSync(process.execPath, [`${dir}/out/${f.name}.mjs`], { cwd: dir, encoding: "utf8", timeout: 60000 });
    if (/Windows Node only/.test(f.code)) {
      // The native driver's block: on this Linux Node it must refuse as README says, with LFP_NO_WS2_32.
      assert.is.not(r.status, 0, `README line ${f.line} ran on Linux`);
      assert.match(r.stderr, /LFP_NO_WS2_32/, `README line ${f.line}`);
    } else {
      assert.is(r.status, 0, `README line ${f.line} failed:\n${r.stdout}${r.stderr}`);
      // A `console.log(...); // what it prints` line: the block prints that (objects aside).
      const said = f.code.split("\n").map((l) => /^console\.log\(.*\);\s*\/\/ ([^{]+)$/.exec(l.trim())?.[1].trim()).filter((x): x is string => x !== undefined);
      const printed = r.stdout.replace(/\x1b\[[0-9;]*m/g, "").trim().split("\n"); // console.log colours numbers under FORCE_COLOR
      said.forEach((line, i) => assert.is(printed[i], line, `README line ${f.line}: what the comment says it prints`));
    }
  }
});

readme("the JSON block, copied into a file, is a vector file that passes on every profile", async () => {
  const json = blocks.filter((b) => b.lang === "json");
  assert.ok(json.length >= 1);
  const profiles = (await model()).profiles.length;
  const project = mkdtempSync(join(tmpdir(), "lfp-readme-vector-"));
  try {
    for (const b of json) {
      const file = join(project, `line-${b.line}.json`);
      writeFileSync(file, b.code);
      const r = spawnSync(process.execPath, [lfp, "spec", file], { cwd: project, encoding: "utf8" });
      assert.is(r.status, 0, `README line ${b.line}:\n${r.stdout}${r.stderr}`);
      const [, passed, failed, skipped] = /^(\d+) passed, (\d+) failed, (\d+) skipped/m.exec(r.stdout) ?? [];
      assert.equal([Number(failed), Number(skipped)], [0, 0], r.stdout);
      assert.is(Number(passed) % profiles, 0, `every case on every profile: ${r.stdout}`);
      assert.ok(Number(passed) >= profiles, r.stdout);
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

readme("the `npx lfp` lines that end by themselves run and succeed", () => {
  const lines = blocks.filter((b) => b.lang === "sh").flatMap((b) => b.code.split("\n")).map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l.startsWith("npx lfp "));
  // Not run here: synopses ([...] placeholders), the server, and what needs Wine (the Wine tests run those).
  const runnable = lines.filter((l) => !l.includes("[") && !/ playground| doctor|--target wine/.test(l));
  assert.ok(runnable.length >= 4, runnable.join("\n"));
  // `lfp lint src/` runs in a project of its own with one call site in src/ (exit 1: it has an error-level finding).
  const project = mkdtempSync(join(tmpdir(), "lfp-readme-"));
  mkdirSync(join(project, "src"));
  writeFileSync(join(project, "src/net.c"), "int f(SOCKET s) { DWORD n; BOOL on = TRUE;\n  return WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, sizeof on, NULL, 0, &n, NULL, NULL); }\n");
  try {
    for (const l of runnable) {
      const args = [...l.slice("npx lfp ".length).matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
      const lint = args[0] === "lint";
      const r = spawnSync(process.execPath, [lfp, ...args], { cwd: lint ? project : root, encoding: "utf8" });
      assert.ok(r.status === 0 || (lint && r.status === 1), `${l}: exit ${r.status}\n${r.stderr}`);
      assert.ok(r.stdout.length > 0, `${l} printed nothing`);
      if (args.includes("sarif")) assert.is(JSON.parse(r.stdout).version, "2.1.0");
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

readme.run();
