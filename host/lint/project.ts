// Where a linted path's project starts and how it is configured. The project root is
// the nearest folder, from the path upward, that holds `.git`, `.lfp-lint.json` or a
// package.json with an "lfp" key; results are relative to it, and a helper's callers
// are searched in all of it, so linting one file agrees with linting the project.
// Configuration: in the root folder, `.lfp-lint.json` wins over package.json's "lfp"
// (which is then reported as not used); there is no merging across folders.
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readText } from "./files.js";
import { checkConfig, DEFAULT_CONFIG, LintConfigError, type LintConfig } from "./config.js";

/** Configuration files are small: anything larger is refused, not read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** A project: its root, and the configuration that applies there. */
export interface Project {
  root: string;
  config: LintConfig;
  /** Where the configuration came from (a path, `<path> "lfp"`), or null for none. */
  configFile: string | null;
  /** Remarks on the configuration (e.g. a package.json "lfp" key not used because .lfp-lint.json wins). */
  notes: string[];
}

/** package.json's "lfp" key, or undefined; a package.json that cannot be read or parsed is an error only if it is the configuration. */
function packageLfp(dir: string): { found: boolean; value?: unknown; error?: string } {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return { found: false };
  const r = readText(file, MAX_CONFIG_BYTES);
  if (!r.ok) return { found: false, error: `${file}: ${r.reason}` };
  if (!r.text.includes('"lfp"')) return { found: false };
  try {
    const pkg = JSON.parse(r.text) as Record<string, unknown>;
    return pkg && typeof pkg === "object" && Object.hasOwn(pkg, "lfp") ? { found: true, value: pkg.lfp } : { found: false };
  } catch (err) {
    return { found: false, error: `${file}: not valid JSON (${(err as Error).message})` };
  }
}

/** A configuration file read and checked. */
export function readConfigFile(file: string, profiles: readonly string[]): LintConfig {
  const r = readText(file, MAX_CONFIG_BYTES);
  if (!r.ok) throw new LintConfigError(`${file}: ${r.reason}`);
  let raw: unknown;
  try { raw = JSON.parse(r.text); } catch (err) { throw new LintConfigError(`${file}: not valid JSON (${(err as Error).message})`); }
  return checkConfig(raw, file, profiles);
}

/** The folder a path starts its search from: itself if a folder, else its parent. */
function startDir(path: string): string {
  const abs = resolve(path);
  try { return statSync(abs).isDirectory() ? abs : dirname(abs); } catch { return dirname(abs); }
}

/**
 * The project of a path: the nearest folder upward with `.git`, `.lfp-lint.json` or a
 * package.json "lfp" key (else the path's own folder), and its configuration.
 * `explicit`: a configuration file named with --config (used as is), or false for --no-config.
 */
export function findProject(path: string, profiles: readonly string[], explicit?: string | false): Project {
  const from = startDir(path);
  for (let dir = from; ; dir = dirname(dir)) {
    const own = join(dir, ".lfp-lint.json");
    const hasOwn = existsSync(own);
    const pkg = hasOwn || explicit !== undefined ? { found: false } : packageLfp(dir);
    if (hasOwn || pkg.found || existsSync(join(dir, ".git"))) {
      if (explicit === false) return { root: dir, config: DEFAULT_CONFIG, configFile: null, notes: [] };
      if (explicit !== undefined) return { root: dir, config: readConfigFile(explicit, profiles), configFile: resolve(explicit), notes: [] };
      if (hasOwn) {
        const other = packageLfp(dir);
        const notes = other.found ? [`${join(dir, "package.json")}: its "lfp" key is not used: ${own} wins`] : [];
        return { root: dir, config: readConfigFile(own, profiles), configFile: own, notes };
      }
      if (pkg.found) return { root: dir, config: checkConfig(pkg.value, `${join(dir, "package.json")} "lfp"`, profiles), configFile: `${join(dir, "package.json")} "lfp"`, notes: [] };
      return { root: dir, config: DEFAULT_CONFIG, configFile: null, notes: [] };
    }
    if (pkg.error) throw new LintConfigError(pkg.error);
    if (dirname(dir) === dir) break;
  }
  if (explicit) return { root: from, config: readConfigFile(explicit, profiles), configFile: resolve(explicit), notes: [] };
  return { root: from, config: DEFAULT_CONFIG, configFile: null, notes: [] };
}
