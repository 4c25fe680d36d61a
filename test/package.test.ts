// The package as users get it: the exports map, one LfpError for every entry, what `npm pack`
// ships, and the packed tarball installed into a project outside the repository.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createRequire } from "node:module";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./helpers.js";

const pkg = suite("package");
const manifest = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
const dist = `${root}build/dist/node`;

pkg("the exports map routes browser, import and require, each with its own types", () => {
  const dot = manifest.exports["."];
  assert.equal(Object.keys(dot), ["browser", "import", "require"]);
  for (const entry of [".", "./native", "./runner"]) {
    const e = manifest.exports[entry];
    assert.match(e.import.types, /^\.\/build\/types\//, `${entry} import types`);
    assert.match(e.require.types, /^\.\/build\/types-cjs\//, `${entry} require types`);
    assert.match(e.require.default, /\.cjs$/);
  }
  assert.equal(JSON.parse(readFileSync(`${root}build/types-cjs/package.json`, "utf8")), { type: "commonjs" });
  assert.is(manifest.bin.lfp, "./bin/lfp.js");
  assert.is(manifest.type, "module");
});

pkg("one LfpError class for every entry, from import and from require", async () => {
  const req = createRequire(import.meta.url);
  const entries = [
    await import(`${dist}/index.mjs`), await import(`${dist}/native.mjs`), await import(`${dist}/runner.mjs`),
    req(`${dist}/index.cjs`), req(`${dist}/native.cjs`), req(`${dist}/runner.cjs`),
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
});

pkg("the browser bundles carry nothing Node-only", () => {
  for (const f of ["build/dist/browser/loopback-fast-path.js", "build/dist/browser/loopback-fast-path.inline.js", "build/dist/playground/app.js"]) {
    const text = readFileSync(`${root}${f}`, "utf8");
    assert.not.match(text, /from\s*["']node:|import\(\s*["']node:|["']koffi["']/, f);
    assert.not.match(text, /(^|[^'"\w.$])require\(/, `${f} calls require`); // (ajv's helper holds the text 'require(...)' as a string)
  }
});

/** What `npm pack` would put in the tarball. */
function packedFiles(): string[] {
  const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path);
}

pkg("the tarball ships what users run, the licence, and runtime dependencies only for lfp lint and koffi (optional)", () => {
  const files = packedFiles();
  for (const f of files) {
    assert.not.match(f, /(^|\/)test\/|\.test\.|(^|\/)bench\/|\.wat$|debug\.wasm|^build\/js\/|^assembly\/|^host\/(?!native\/wine-runtime\/package(-lock)?\.json$)|^scripts\//, `ships ${f}`);
  }
  for (const need of ["LICENSE", "README.md", "bin/lfp.js", "bin/package.json", "build/dist/node/cli.cjs", "build/dist/node/cli-parse.cjs", "build/dist/node/vectors-checked.json", "build/dist/node/wine-child.mjs", "build/release.wasm", "spec-tests/seed/SIO_LOOPBACK_FAST_PATH.en.md", "docs/evidence/behavior.md"]) {
    assert.ok(files.includes(need), `ships ${need}`);
  }
  assert.is(manifest.license, "MIT");
  assert.match(readFileSync(`${root}LICENSE`, "utf8"), /^MIT License/);
  for (const k of ["repository", "homepage", "bugs", "keywords"]) assert.ok(manifest[k], k);
  // ajv's runtime is bundled; lfp lint's parsers load their own .wasm files, so they stay packages.
  assert.equal(Object.keys(manifest.dependencies ?? {}).sort(), ["@vscode/tree-sitter-wasm", "ignore", "web-tree-sitter"]);
  assert.equal(Object.keys(manifest.optionalDependencies), ["koffi"]);
});

pkg("README's relative links point at files the package ships", () => {
  const files = new Set(packedFiles());
  const readme = readFileSync(`${root}README.md`, "utf8");
  const links = [...readme.matchAll(/\]\((?!https?:|#)([^)#\s]+)/g)].map((m) => m[1]);
  assert.ok(links.length > 0, "README has relative links");
  assert.not.match(readme, /\.\.\/shared\//);
  for (const l of links) assert.ok(files.has(l) || [...files].some((f) => f.startsWith(`${l.replace(/\/$/, "")}/`)), `README links ${l}`);
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
    assert.ok(existsSync(join(project, "node_modules/loopback-fast-path/build/dist/node/cli.cjs")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

pkg.run();
