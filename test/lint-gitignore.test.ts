// The compiled .gitignore matcher (host/lint/gitignore.ts) against the `ignore` package,
// a widely used implementation of gitignore(5), on generated patterns and paths: the
// same answer for every path, its parent folders checked first (as a walk does).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import ignore from "ignore";
import { compileIgnore } from "../host/lint/gitignore.js";
import { rng } from "../scripts/invariants.js";

const t = suite("lint: .gitignore patterns compiled");

const NAMES = ["a", "b", "bin", "obj", "Debug", "x.c", "x.h", "y.cs", "z.py", "lib.rs", "main.go", "foo", "foo.c", "Foo.C", "build", ".vs", "a b", "n1", "[x]", "x.h.c", "file~", "abc"];
const PIECES = ["a", "b", "bin", "obj", "*", "**", "?", "x.*", "*.c", "*.cs", "*.h.c", "*~", "*c", "[Dd]ebug", "[!a]*", "foo", "f?o", "build", ".vs", "a\\ b", "n[0-9]", "\\[x]", "*.[ch]"];

function pattern(r: () => number): string {
  const n = 1 + (r() % 3);
  const segs = Array.from({ length: n }, () => PIECES[r() % PIECES.length]);
  let p = segs.join("/");
  if (r() % 5 === 0) p = `/${p}`;
  if (r() % 4 === 0) p = `${p}/`;
  if (r() % 6 === 0) p = `!${p}`;
  return p;
}

function path(r: () => number): string {
  const n = 1 + (r() % 4);
  return Array.from({ length: n }, () => NAMES[r() % NAMES.length]).join("/");
}

t("same answers as the ignore package on 3,000 generated .gitignore files and 60,000 paths", () => {
  const r = rng(21);
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    const lines = Array.from({ length: 1 + (r() % 6) }, () => pattern(r));
    if (r() % 7 === 0) lines.push("# a comment", "");
    const text = lines.join("\n");
    const ours = compileIgnore(text);
    const theirs = ignore({ ignorecase: false }).add(text); // git on Linux: core.ignorecase false
    for (let j = 0; j < 20; j++) {
      const p = path(r);
      const isDir = r() % 3 === 0;
      const want = theirs.ignores(isDir ? `${p}/` : p);
      const got = ours.ignoresWithParents(p, isDir);
      assert.is(got, want, `${JSON.stringify(text)} on ${p}${isDir ? "/" : ""}`);
      checked++;
    }
  }
  assert.is(checked, 60000);
});

t("a Visual Studio style .gitignore: folders, extensions, negation, anchored paths", () => {
  const ig = compileIgnore("[Bb]in/\n[Oo]bj/\n*.user\n/build/\n!build/keep.c\nsrc/**/gen/\n**/Generated/*.cs\n# comment\n\\#notacomment\n");
  assert.ok(ig.ignores("bin", true) && ig.ignores("a/Obj", true));
  assert.not.ok(ig.ignores("bin", false), "bin/ is for folders");
  assert.ok(ig.ignores("x/y.user", false));
  assert.ok(ig.ignores("build", true) && !ig.ignores("a/build", true), "/build/ is anchored");
  assert.ok(ig.ignores("src/a/b/gen", true) && ig.ignores("src/gen", true));
  assert.ok(ig.ignores("p/Generated/x.cs", false) && !ig.ignores("p/Generated/x.c", false));
  assert.ok(ig.ignores("#notacomment", false));
  assert.ok(ig.ignoresWithParents("bin/x.c", false), "a file inside an ignored folder");
});

t.run();
