// lfp playground: serve the playground's static files on 127.0.0.1. Whatever a
// client sends (a malformed or hostile path, an odd method, oversized headers),
// it gets a status code and the server keeps serving.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, resolve, sep } from "node:path";
import { LfpError } from "../errors.js";
import { parse, UsageError } from "./usage.js";
import { playgroundDir } from "../paths.js";
import { playgroundAsset } from "./playground-assets.js";

export { playgroundDir };

export const playgroundUsage = `Usage: lfp playground [--port N]

Serve the browser playground on 127.0.0.1 (a free port unless --port is given)
and print its URL. It opens no browser. To host it anywhere as static files,
"npm run build:site" in a clone writes them to build/site/. Stop with Ctrl-C.`;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".wasm": "application/wasm", ".map": "application/json",
};

/** The file a request path names inside `dir`, or the HTTP status that answers it. */
export function fileFor(rawUrl: string, dir: string): string | 400 | 403 {
  let path: string;
  try {
    path = decodeURIComponent(new URL(rawUrl, "http://localhost").pathname); // URL resolves "..", also percent-encoded
  } catch {
    return 400; // a malformed escape such as %E0%A4%A
  }
  if (path.includes("\0")) return 400;
  const file = resolve(dir, `.${path === "/" ? "/index.html" : path}`);
  return file.startsWith(dir.endsWith(sep) ? dir : dir + sep) ? file : 403;
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(`${text}\n`);
}

async function serve(req: IncomingMessage, res: ServerResponse, dir: string): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed", { allow: "GET, HEAD" });
  const file = fileFor(req.url ?? "/", dir);
  if (file === 400) return send(res, 400, "bad request: the path is not a valid URL path");
  if (file === 403) return send(res, 403, "forbidden: outside the playground");
  // The model, the vectors and the grammars are not copied into the playground: served from where the package has them.
  const asset = dir === playgroundDir ? playgroundAsset(new URL(req.url ?? "/", "http://localhost").pathname) : null;
  if (asset && "missing" in asset) return send(res, 404, asset.missing);
  let body: Buffer;
  let type: string | undefined;
  if (asset && "body" in asset) {
    body = Buffer.from(asset.body);
    type = asset.type;
  } else {
    const path = asset ? asset.file : file;
    const st = await stat(path).catch(() => null);
    if (!st?.isFile()) return send(res, 404, "not found");
    body = await readFile(path);
    type = asset?.type ?? TYPES[extname(path)];
  }
  res.writeHead(200, { "content-type": type ?? "application/octet-stream", "content-length": body.length, "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Start the server; resolves with it and its URL. */
export async function startPlayground(port = 0, dir = playgroundDir): Promise<{ server: Server; url: string }> {
  if (!existsSync(`${dir}index.html`)) throw new LfpError("LFP_WASM", `the playground is not built (${dir}); run "npm run build"`);
  const server = createServer({ maxHeaderSize: 16384 }, (req, res) => {
    serve(req, res, dir).catch(() => { if (!res.headersSent) send(res, 500, "internal error"); else res.destroy(); });
  });
  // A request Node cannot parse (oversized headers, garbage): answer it and close that connection only.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
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
    // close() alone waits for every connection to end, and a client that holds a half-sent
    // request never ends its own: those are cut, so a signal always stops the server.
    const stop = () => { process.off("SIGINT", stop); process.off("SIGTERM", stop); server.close(() => resolve()); server.closeAllConnections(); };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return 0;
}
