// lfp doctor: what is available, and how to fix what is not.
import { spawnSync } from "node:child_process";
import { openSync, closeSync, readFileSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModel } from "../node.js";
import { wineParts, wineEnv, winePaths, toWinePath, type Part } from "../native/environment.js";
import { parse } from "./usage.js";

export const doctorUsage = `Usage: lfp doctor [--json]

Report what is available: the Wasm model, Wine, the Windows build of Node,
koffi's Windows binary, the Wine prefix, and whether ws2_32 loads and
WSAStartup succeeds under Wine; with a fix for each missing part.
Exit status: 0 when everything is available, 1 otherwise, 2 on usage errors.`;

/** Load ws2_32 in the Windows Node under Wine and call WSAStartup. */
function probeWs2_32(): Part[] {
  const dir = mkdtempSync(join(tmpdir(), "lfp-doctor-"));
  try {
    const script = join(dir, "probe.mjs");
    const out = join(dir, "out.json");
    writeFileSync(script, `
import { createRequire } from "node:module"; import { writeFileSync } from "node:fs";
const r = {};
try { const koffi = createRequire(import.meta.url)(${JSON.stringify(toWinePath(winePaths.koffi))});
  r.koffi = koffi.version; const ws = koffi.load("ws2_32.dll"); r.load = true;
  const st = ws.func("int __stdcall WSAStartup(uint16_t v, _Out_ uint8_t *d)"); r.startup = st(0x202, Buffer.alloc(512));
  ws.func("int __stdcall WSACleanup()")();
} catch (e) { r.error = String(e.message || e); }
writeFileSync(${JSON.stringify(toWinePath(out))}, JSON.stringify(r));`);
    const log = join(dir, "log.txt");
    const fd = openSync(log, "w");
    spawnSync("wine", [winePaths.nodeExe, toWinePath(script)], { env: wineEnv(), stdio: ["ignore", fd, fd], timeout: 60000 });
    closeSync(fd);
    let r: { load?: boolean; startup?: number; error?: string } = {};
    try { r = JSON.parse(readFileSync(out, "utf8")); } catch { r = { error: readFileSync(log, "utf8").trim().split("\n").slice(-1)[0] || "the probe did not run" }; }
    return [
      { name: "ws2_32 loads (under Wine)", ok: r.load === true, detail: r.load ? "ws2_32.dll bound through koffi" : r.error ?? "no", fix: 'run "sh scripts/wine-setup.sh"' },
      { name: "WSAStartup (under Wine)", ok: r.startup === 0, detail: r.startup === undefined ? r.error ?? "not reached" : `returned ${r.startup}`, fix: 'run "sh scripts/wine-setup.sh"' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
  if (process.platform === "win32") {
    parts.push({ name: "Windows", ok: true, detail: "the native target runs with this node (--target native)" });
  } else {
    const wine = wineParts();
    parts.push(...wine);
    if (wine.every((p) => p.ok)) parts.push(...probeWs2_32());
  }
  if (values.json) out(JSON.stringify(parts, null, 1));
  else for (const p of parts) out(`${p.ok ? "ok     " : "MISSING"} ${p.name}: ${p.detail}${p.ok || !p.fix ? "" : `\n        fix: ${p.fix}`}`);
  return parts.every((p) => p.ok) ? 0 : 1;
}
