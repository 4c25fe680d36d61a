// The package as users get it: the exports map, one LfpError for every entry, what `npm pack`
// ships, and the packed tarball installed into a project outside the repository.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createRequire } from "node:module";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./helpers.js";

const pkg = suite("package");
const manifest = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
const dist = `${root}build/dist/node`;

pkg("the exports map routes browser, import and require, each with its own types; node10 finds every subpath's types", () => {
  const dot = manifest.exports["."];
  assert.equal(Object.keys(dot), ["browser", "import", "require"]);
  for (const entry of [".", "./native", "./runner", "./inline"]) {
    const e = manifest.exports[entry];
    assert.match(e.import.types, /^\.\/build\/types\/[a-z]+\.d\.mts$/, `${entry} import types: an ESM wrapper`);
    assert.match(e.require.types, /^\.\/build\/types\/.+\.d\.ts$/, `${entry} require types`);
    assert.match(e.require.default, /\.cjs$/);
    assert.ok(existsSync(`${root}${e.import.types}`) && existsSync(`${root}${e.require.types}`) && existsSync(`${root}${e.require.default}`), entry);
    if (entry !== ".") assert.equal(manifest.typesVersions["*"][entry.slice(2)], [e.require.types], `${entry}: typesVersions for moduleResolution node10`);
  }
  assert.equal(JSON.parse(readFileSync(`${root}build/types/package.json`, "utf8")), { type: "commonjs" });
  assert.is(manifest.bin.lfp, "./bin/lfp.js");
  assert.is(manifest.type, "module");
});

pkg("one LfpError class for every entry, from import and from require", async () => {
  const req = createRequire(import.meta.url);
  const entries = [
    await import(`${dist}/index.mjs`), await import(`${dist}/native.mjs`), await import(`${dist}/runner.mjs`),
    req(`${dist}/host/node.cjs`), req(`${dist}/host/native/driver.cjs`), req(`${dist}/spec-tests/runner/index.cjs`),
  ];
  const index = entries[0];
  const model = await index.loadModel();
  let thrown: unknown;
  try { entries[1].NativeDriver.open({ model }); } catch (err) { thrown = err; } // not a Windows Node: LFP_NO_WS2_32
  assert.is((thrown as { code?: string }).code, "LFP_NO_WS2_32");
  for (const [i, m] of entries.entries()) {
    const Cls = m.LfpError ?? index.LfpError;
    assert.ok(thrown instanceof Cls, `entry ${i}: instanceof`);
    assert.is(Cls, index.LfpError, `entry ${i}: the same class`);
  }
  assert.is(model.evaluate({}, "wine").error.name, "WSAEOPNOTSUPP");
  // Readable: the class keeps its name, the stack names the code, frames name functions and real lines.
  assert.is(index.LfpError.name, "LfpError");
  assert.is((thrown as Error).name, "LfpError");
  assert.match((thrown as Error).stack ?? "", /^LfpError \[LFP_NO_WS2_32\]: /);
  let bad: Error | undefined;
  try { model.evaluate({ cbIn: -1 }); } catch (err) { bad = err as Error; }
  assert.match(bad?.stack ?? "", /\n {4}at u32 \(.*\/host\/call\.cjs:\d+:\d+\)\n {4}at encodeCall /);
  assert.match(bad?.stack ?? "", /at Model\.evaluate /);
  for (const f of readdirSync(dist, { recursive: true }) as string[]) {
    if (!f.endsWith(".cjs") || f.endsWith("validate-vectors.cjs")) continue; // the generated validator returns its errors, it never throws
    // A long line is a text (a property whose value is one string), never code.
    const long = readFileSync(`${dist}/${f}`, "utf8").split("\n").filter((l) => l.length > 400 && !/^\s*[\w$]+: (['"`]).*\1,?$/.test(l));
    assert.equal(long, [], `${f}: no minified lines`);
  }
});

pkg("the browser bundles carry nothing Node-only", () => {
  for (const f of ["build/dist/browser/loopback-fast-path.js", "build/dist/browser/loopback-fast-path.explain.js", "build/dist/browser/loopback-fast-path.inline.js", "build/dist/playground/app.js"]) {
    const text = readFileSync(`${root}${f}`, "utf8");
    assert.not.match(text, /from\s*["']node:|import\(\s*["']node:|["']koffi["']/, f);
    assert.not.match(text, /(^|[^'"\w.$])require\(/, `${f} calls require`); // (ajv's helper holds the text 'require(...)' as a string)
  }
});

/** What `npm pack` would put in the tarball, and its sizes. */
function packed(): { files: { path: string; size: number }[]; size: number; unpackedSize: number } {
  const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout)[0];
}
const packedFiles = () => packed().files.map((f) => f.path);

/** The budget of issue 22: the tarball unpacks to at most 1.5 MiB. */
const UNPACKED_MAX = 1.5 * 1024 * 1024;

pkg("the tarball ships what users run, each file once, no source maps or grammars, ≤ 1.5 MiB unpacked", () => {
  const p = packed();
  const files = p.files.map((f) => f.path);
  for (const f of files) {
    assert.not.match(f, /(^|\/)test\/|\.test\.|(^|\/)bench\/|\.wat$|debug\.wasm|^build\/js\/|^assembly\/|^host\/(?!native\/wine-runtime\/package(-lock)?\.json$)|^scripts\//, `ships ${f}`);
    assert.not.match(f, /\.map$/, `ships a source map: ${f}`);
    assert.not.match(f, /tree-sitter/, `ships a copy of lfp lint's parsers: ${f}`);
  }
  for (const need of ["LICENSE", "README.md", "bin/lfp.js", "bin/package.json", "build/dist/node/host/cli/main.cjs", "build/dist/node/spec-tests/runner/validate-vectors.cjs", "build/dist/node/vectors-checked.json", "build/dist/node/spec-tests/runner/targets/native/child.cjs", "build/dist/browser/loopback-fast-path.wasm", "build/dist/browser/loopback-fast-path.explain.json", "spec-tests/seed/SIO_LOOPBACK_FAST_PATH.en.md", "docs/evidence/behavior.md"]) {
    assert.ok(files.includes(need), `ships ${need}`);
  }
  assert.equal(files.filter((f) => f.endsWith(".wasm")), ["build/dist/browser/loopback-fast-path.wasm"], "one .wasm, one name");
  assert.ok(p.unpackedSize <= UNPACKED_MAX, `the tarball unpacks to ${p.unpackedSize} bytes (budget ${UNPACKED_MAX})`);
  process.stdout.write(`\n  tarball: ${p.size} bytes packed, ${p.unpackedSize} unpacked, ${files.length} files\n`);
  assert.is(manifest.license, "MIT");
  assert.match(readFileSync(`${root}LICENSE`, "utf8"), /^MIT License/);
  for (const k of ["repository", "homepage", "bugs", "keywords"]) assert.ok(manifest[k], k);
  // ajv's runtime is bundled; lfp lint's parsers are optional peers; koffi is optional (Windows).
  assert.equal(Object.keys(manifest.dependencies ?? {}), []); // ignore is only the gitignore test's reference (devDependencies)
  assert.equal(Object.keys(manifest.peerDependencies).sort(), ["@vscode/tree-sitter-wasm", "web-tree-sitter"]);
  for (const name of Object.keys(manifest.peerDependencies)) {
    assert.equal(manifest.peerDependenciesMeta[name], { optional: true }, `${name} is an optional peer`);
    assert.is(manifest.devDependencies[name], manifest.peerDependencies[name], `${name}: the clone develops with the range users get`);
  }
  assert.equal(Object.keys(manifest.optionalDependencies), ["koffi"]);
  // A published package installs without running a build; the clone builds in start and test.
  assert.equal(Object.keys(manifest.scripts).filter((k) => /^(pre|post)?(install|prepare|prepublish)$/.test(k)), [], "no install-time scripts");
  assert.match(manifest.scripts.start, /^npm run build && /);
  assert.match(manifest.scripts.test, /npm run build &&/);
});

pkg("README's relative links point at files the package ships", () => {
  const files = new Set(packedFiles());
  const readme = readFileSync(`${root}README.md`, "utf8");
  const links = [...readme.matchAll(/\]\((?!https?:|#)([^)#\s]+)/g)].map((m) => m[1]);
  assert.ok(links.length > 0, "README has relative links");
  assert.not.match(readme, /\.\.\/shared\//);
  for (const l of links) assert.ok(files.has(l) || [...files].some((f) => f.startsWith(`${l.replace(/\/$/, "")}/`)), `README links ${l}`);
});

/** The apparent size of a folder, in bytes. */
function folderBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const st = statSync(join(dir, f), { throwIfNoEntry: false });
    if (st?.isFile()) n += st.size;
  }
  return n;
}

pkg("footprint: the tarball in an empty project is ≤ 6 MB of node_modules without lint; lfp lint names what to install", () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-footprint-"));
  try {
    const pack = spawnSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: root, encoding: "utf8" });
    assert.is(pack.status, 0, pack.stderr);
    const tarball = join(dir, JSON.parse(pack.stdout)[0].filename);
    const project = join(dir, "project");
    cpSync(`${root}test/consumer/package.json`, join(project, "package.json"));
    // As a user installs it: optional dependencies included (koffi, ≈ 4 MB), from the npm cache.
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], { cwd: project, encoding: "utf8" });
    assert.is(install.status, 0, install.stderr);
    assert.not.match(`${install.stdout}${install.stderr}`, /loopback-fast-path@[^\n]*\((prepare|install|postinstall|preinstall)/, "no install script of the package");
    const modules = join(project, "node_modules");
    const bytes = folderBytes(modules);
    const parts = readdirSync(modules).filter((n) => !n.startsWith(".")).flatMap((n) => (n.startsWith("@") ? readdirSync(join(modules, n)).map((m) => `${n}/${m}`) : [n]));
    process.stdout.write(`\n  node_modules without lint: ${bytes} bytes (${parts.map((n) => `${n} ${folderBytes(join(modules, n))}`).join(", ")})\n`);
    assert.ok(bytes <= 6_000_000, `node_modules is ${bytes} bytes`);
    assert.not.ok(parts.some((n) => /tree-sitter/.test(n)), "lfp lint's parsers are not installed by default");
    const lfp = (...args: string[]) => spawnSync(process.execPath, [join(modules, ".bin/lfp"), ...args], { cwd: project, encoding: "utf8" });
    const check = lfp("check", "--handle", "udp");
    assert.is(check.status, 0, check.stderr);
    writeFileSync(join(project, "net.c"), "int f(SOCKET s) { DWORD n; BOOL on = TRUE;\n  return WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, sizeof on, NULL, 0, &n, NULL, NULL); }\n");
    // Without its parsers, lfp lint exits 2 and says what to install (host/cli/lint.ts, host/lint/parsers.ts).
    const lint = lfp("lint", "net.c");
    const command = `npm install --save-dev web-tree-sitter@${manifest.peerDependencies["web-tree-sitter"]} @vscode/tree-sitter-wasm@${manifest.peerDependencies["@vscode/tree-sitter-wasm"]}`;
    assert.is(lint.status, 2, lint.stderr);
    assert.ok(lint.stderr.split("\n").some((l) => l.trim() === command), lint.stderr);
    // With them, as the message says: lint works.
    const peers = spawnSync("npm", ["install", "--save-dev", "--no-audit", "--no-fund", "--prefer-offline", ...command.split(" ").slice(3)], { cwd: project, encoding: "utf8" });
    assert.is(peers.status, 0, peers.stderr);
    process.stdout.write(`  node_modules with lint: ${folderBytes(modules)} bytes\n`);
    const linted = lfp("lint", "net.c");
    assert.is(linted.status, 0, `${linted.stdout}${linted.stderr}`); // one note-level finding
    assert.match(linted.stdout, /net\.c:2:\d+ +WSAIoctl/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

pkg("npm install in a clone leaves package-lock.json as it is", () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-lock-"));
  try {
    for (const f of ["package.json", "package-lock.json"]) cpSync(`${root}${f}`, join(dir, f));
    const r = spawnSync("npm", ["install", "--package-lock-only", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir, encoding: "utf8" });
    assert.is(r.status, 0, r.stderr);
    assert.fixture(readFileSync(join(dir, "package-lock.json"), "utf8"), readFileSync(`${root}package-lock.json`, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Run a command in `cwd`; its output on failure. */
function sh(cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env, timeout: 240000 });
  return { code: r.status, out: r.stdout ?? "", err: r.stderr ?? "", all: `${cmd} ${args.join(" ")}: exit ${r.status}\n${r.stdout}\n${r.stderr}` };
}

pkg("the packed tarball, installed into a project outside the repository: ESM, CommonJS, TypeScript and the lfp command", () => {
  const dir = mkdtempSync(join(tmpdir(), "lfp-consumer-"));
  try {
    const pack = sh(root, "npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir]);
    assert.is(pack.code, 0, pack.all);
    const tarball = join(dir, JSON.parse(pack.out)[0].filename);
    const project = join(dir, "project");
    cpSync(`${root}test/consumer`, project, { recursive: true });
    const dev = JSON.parse(readFileSync(`${root}package.json`, "utf8")).devDependencies;
    // The project's own tools come from the npm cache; koffi (optional, Windows only) is left out.
    const install = sh(project, "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--omit=optional", tarball, `typescript@${dev.typescript}`, `@types/node@${dev["@types/node"]}`]);
    assert.is(install.code, 0, install.all);
    const env = { ...process.env, NODE_PATH: "" };
    for (const file of ["esm.mjs", "cjs.cjs"]) {
      const r = sh(project, process.execPath, [file], env);
      assert.is(r.code, 0, r.all);
      assert.match(r.out, /^ok /m, file);
    }
    const tsc = sh(project, process.execPath, ["node_modules/typescript/bin/tsc", "-p", "."], env);
    assert.is(tsc.code, 0, tsc.all);
    for (const file of ["dist/ts-esm.mjs", "dist/ts-cjs.cjs"]) {
      const r = sh(project, process.execPath, [file], env);
      assert.is(r.code, 0, r.all);
      assert.match(r.out, /^ok /m, file);
    }
    const lfp = (...args: string[]) => sh(project, process.execPath, ["node_modules/.bin/lfp", ...args], env);
    const check = lfp("check", "--cb-in", "2", "--in", "bytes:0100");
    assert.is(check.code, 0, check.all);
    assert.match(check.out, /WSAEINVAL/);
    const spec = lfp("spec", "--quiet");
    assert.is(spec.code, 0, spec.all);
    assert.match(spec.out, /^\d+ passed, 0 failed, 0 skipped$/m);
    assert.is(lfp("--version").out.trim(), manifest.version);
    // The Wine target from the installed package: `lfp setup wine` (added by the Wine work) then the suite.
    if (lfp("help", "setup").code === 0) {
      const setup = lfp("setup", "wine");
      assert.is(setup.code, 0, setup.all);
      const doctor = lfp("doctor");
      assert.is(doctor.code, 0, doctor.all);
      const wine = lfp("spec", "--target", "wine", "--quiet");
      assert.is(wine.code, 0, wine.all);
    } else {
      process.stdout.write("\n  note: this build has no `lfp setup wine`; the installed package's Wine target is not exercised here\n");
    }
    assert.ok(existsSync(join(project, "node_modules/loopback-fast-path/build/dist/node/host/cli/main.cjs")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

pkg.run();
