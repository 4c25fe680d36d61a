// The layers: the runner (spec-tests/runner), the native driver (host/native), the linter and the
// API sit below the lfp command (host/cli), which uses them; none of them imports from it. What
// they share with it (the package's paths, the colours) lives in host/ (host/paths.ts,
// host/colour.ts). Imports are read by TypeScript's own pre-processor: static, dynamic, type-only
// and re-exports.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { root } from "./helpers.js";

const layers = suite("layers");

/** The repository paths (from the root) of the project modules a source text imports. */
function imports(file: string, text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName).filter((f) => f.startsWith("."))
    .map((f) => relative(root, resolve(dirname(join(root, file)), f)).replace(/\.js$/, ".ts"));
}

/** Every .ts file under a folder of the repository, as a path from the root. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(".ts"))
    .map((d) => relative(root, join(d.parentPath, d.name)));
}

/** The folders below the command, and what each must not import. */
const BELOW_CLI = ["spec-tests/runner", "host/native", "host/lint", "playground"];
const isCli = (path: string) => path.startsWith("host/cli/");

layers("nothing under spec-tests/runner, host/native, host/lint or the API imports from host/cli", () => {
  const files = [...BELOW_CLI.flatMap(sources), ...sources("host").filter((f) => !f.includes("/", "host/".length))];
  assert.ok(files.includes("spec-tests/runner/index.ts") && files.includes("host/native/driver.ts") && files.includes("host/api.ts"), "the layers are where this test looks");
  const found: string[] = [];
  let seen = 0;
  for (const file of files) {
    for (const target of imports(file, readFileSync(join(root, file), "utf8"))) {
      seen++;
      if (isCli(target)) found.push(`${file} imports ${target}`);
    }
  }
  assert.ok(seen > 100, `only ${seen} imports read`);
  assert.equal(found, [], `${found.join("\n")}\n(move what both need below host/cli, as host/paths.ts and host/colour.ts are)`);
});

layers("the reader sees every kind of import", () => {
  const text = `import { a } from "../cli/a.js";\nimport type { B } from "../cli/b.js";\nexport { c } from "../cli/c.js";\nconst d = await import("../cli/d.js");\nimport "../cli/e.js";\n// import { f } from "../cli/f.js";`;
  assert.equal(imports("host/native/x.ts", text), ["host/cli/a.ts", "host/cli/b.ts", "host/cli/c.ts", "host/cli/d.ts", "host/cli/e.ts"]);
  assert.equal(imports("spec-tests/runner/index.ts", readFileSync(join(root, "spec-tests/runner/index.ts"), "utf8")).filter((p) => p === "host/paths.ts"), ["host/paths.ts"]);
});

layers.run();
