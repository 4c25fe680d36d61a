// lfp doctor: what is available, and how to fix what is not.
import { existsSync } from "node:fs";
import { loadModel } from "../node.js";
import { wineParts, probeWine, probeParts, winePaths, type Part } from "../native/environment.js";
import { parse } from "./usage.js";
import { colourWanted, painter, COLOUR_USAGE } from "../colour.js";

export const doctorUsage = `Usage: lfp doctor [--json]

Report what is available: the Wasm model, Wine, the Windows build of Node,
koffi's Windows binary, the Wine prefix (its registry's Windows version), and, by running the Windows Node under Wine, whether it starts,
ws2_32 loads and WSAStartup succeeds; with a fix for each missing part.
The Wine runtime lives in $LFP_CACHE_DIR (default: $XDG_CACHE_HOME or
~/.cache, then loopback-fast-path); "lfp setup wine" prepares it.

  --json           the parts as JSON
${COLOUR_USAGE}

Exit status: 0 when everything is available, 1 otherwise, 2 on usage errors.`;

export async function doctor(argv: string[], out: (s: string) => void): Promise<number> {
  const { values } = parse({ args: argv, options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } } });
  if (values.help) { out(doctorUsage); return 0; }
  const parts: Part[] = [];
  try {
    const m = await loadModel();
    parts.push({ name: "Wasm model", ok: true, detail: `${m.catalogue.rules.length} rules, ${m.profiles.length} profiles` });
  } catch (err) {
    parts.push({ name: "Wasm model", ok: false, detail: (err as Error).message, fix: 'run "npm run build"' });
  }
  const { childScript } = await import("../../spec-tests/runner/targets/native/target.js");
  parts.push({ name: "native target built", ok: existsSync(childScript), detail: childScript, fix: 'run "npm run build"' });
  if (process.platform === "win32") {
    parts.push({ name: "Windows", ok: true, detail: "the native target runs with this node (--target native)" });
  } else {
    const paths = winePaths();
    const wine = wineParts(paths);
    parts.push({ name: "cache folder", ok: true, detail: paths.cache }, ...wine);
    if (wine.every((p) => p.ok)) parts.push(...probeParts(await probeWine(paths)));
  }
  if (values.json) out(JSON.stringify(parts, null, 1));
  else {
    const paint = painter(colourWanted(process.stdout));
    for (const p of parts) out(`${p.ok ? paint("pass", "ok     ") : paint("fail", "MISSING")} ${p.name}: ${p.detail}${p.ok || !p.fix ? "" : `\n        fix: ${p.fix}`}`);
  }
  return parts.every((p) => p.ok) ? 0 : 1;
}
