// lfp playground: serve the playground's static files on 127.0.0.1.
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, normalize, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LfpError } from "../errors.js";
import { parse, UsageError } from "./usage.js";

/** The built playground (build/dist/playground). */
export const playgroundDir = fileURLToPath(new URL("../../../dist/playground/", import.meta.url));

export const playgroundUsage = `Usage: lfp playground [--port N]

Serve the browser playground on 127.0.0.1 (a free port unless --port is given)
and print its URL. It opens no browser. The same files are in
build/dist/playground/ for hosting anywhere. Stop with Ctrl-C.`;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".wasm": "application/wasm", ".map": "application/json",
};

/** Start the server; resolves with it and its URL. */
export async function startPlayground(port = 0): Promise<{ server: Server; url: string }> {
  if (!existsSync(join(playgroundDir, "index.html"))) throw new LfpError("LFP_WASM", `the playground is not built (${playgroundDir}); run "npm run build"`);
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(playgroundDir, path === "/" ? "index.html" : path);
    if (!file.startsWith(playgroundDir)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => reject(new LfpError("LFP_BAD_ARGUMENT", `cannot listen on 127.0.0.1:${port}: ${err.code}`)));
    server.listen(port, "127.0.0.1", resolve);
  });
  const addr = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${addr.port}/` };
}

export async function playground(argv: string[], out: (s: string) => void): Promise<number> {
  const { values } = parse({ args: argv, options: { port: { type: "string" }, help: { type: "boolean", short: "h", default: false } } });
  if (values.help) { out(playgroundUsage); return 0; }
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65535) throw new UsageError(`--port: expected a port number from 1 to 65535, got ${JSON.stringify(values.port)}`);
  }
  const { server, url } = await startPlayground(port);
  out(`playground: ${url}  (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => { server.close(); resolve(); });
    process.once("SIGTERM", () => { server.close(); resolve(); });
  });
  return 0;
}
