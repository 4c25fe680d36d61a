// The parser packages lint needs: optional peer dependencies of this package, so that
// a user of the API, the runner or the other commands does not install 25 MB of grammars.
// Nothing here loads them: this is what says how to install them when they are missing.
import { createRequire } from "node:module";

/** The two packages, in the order of the install command. */
export const PARSER_PACKAGES = ["web-tree-sitter", "@vscode/tree-sitter-wasm"] as const;

/** The parser packages that cannot be resolved from this module. */
export function missingParsers(): string[] {
  const require = createRequire(import.meta.url);
  return PARSER_PACKAGES.filter((name) => {
    try { require.resolve(name === "web-tree-sitter" ? name : `${name}/package.json`); return false; } catch { return true; }
  });
}

/** The command that installs them, with the version ranges the package declares (peerDependencies, else dependencies). */
export function parserInstallCommand(pkg: { peerDependencies?: Record<string, string>; dependencies?: Record<string, string> }): string {
  const range = (name: string) => pkg.peerDependencies?.[name] ?? pkg.dependencies?.[name];
  return `npm install --save-dev ${PARSER_PACKAGES.map((n) => (range(n) ? `${n}@${range(n)}` : n)).join(" ")}`;
}
