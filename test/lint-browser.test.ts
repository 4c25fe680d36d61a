// The playground's lint panel in Chromium (headless, playwright-core): a pasted snippet
// gets the same findings and model rows as `lfp lint` in Node, the grammars are fetched
// only when the panel lints, and everything loads from the page's own server.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium.js";
import type { Server } from "node:http";
import { startPlayground } from "../host/cli/playground.js";
import { nodeLinter } from "../host/lint/node.js";
import { outcomeRow } from "../host/lint/findings.js";
import type { LintLanguage } from "../host/lint/types.js";
import { model, setUp } from "./helpers.js";

const b = suite("lint panel in Chromium");
let browser: Browser;
let page: Page;
let server: Server;
const requests: string[] = [];

setUp(b, async () => {
  let url: string;
  ({ server, url } = await startPlayground(0));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => { throw e; });
  await page.goto(url);
  await page.waitForSelector("#lint-panel[data-state=ready]");
});

b.after(async () => {
  await browser?.close();
  server?.close();
});

/** Lint a snippet in the page; the findings (id, line, level) and the model rows it shows. */
async function lintInPage(lang: LintLanguage, code: string) {
  await page.selectOption("#lint-language", lang);
  await page.fill("#lint-code", code);
  await page.click("#lint-run");
  await page.waitForSelector("#lint-panel[data-state=done], #lint-panel[data-state=error]", { timeout: 60_000 });
  assert.is(await page.getAttribute("#lint-panel", "data-state"), "done", await page.textContent("#lint-findings") ?? "");
  const findings = await page.$$eval(".lint-finding", (els) => els.map((e) => `${e.getAttribute("data-line")} ${e.classList[1]} ${e.getAttribute("data-id")}`));
  const rows = await page.$$eval(".lint-row", (els) => els.map((e) => e.textContent ?? ""));
  return { findings, rows };
}

/** The same snippet through the Node linter. */
async function lintInNode(lang: LintLanguage, code: string) {
  const r = await nodeLinter(await model()).lintSource("snippet", lang, code);
  return {
    findings: r.sites.flatMap((s) => s.findings.map((f) => `${f.start.line} ${f.level} ${f.id}`)),
    rows: r.sites.map((s) => outcomeRow(s.model.scenario ?? s.model.call)),
  };
}

b("the example loads without fetching a grammar", async () => {
  assert.match(await page.inputValue("#lint-code"), /WSAIoctl/);
  assert.not.ok(requests.some((u) => u.includes("/grammars/")), "no grammar before the first lint");
});

b("a pasted C snippet: the findings and the model rows of lfp lint in Node, shown beside the code", async () => {
  const code = `static void tune(SOCKET s)
{
    int one = 1; DWORD n = 0;
    if (WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, sizeof(one), NULL, 0, &n, NULL, NULL) == SOCKET_ERROR
        && WSAGetLastError() != WSAEOPNOTSUPP)
        abort();
}
void pair(const struct sockaddr *a)
{
    SOCKET w = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    connect(w, a, 16);
    tune(w);
}`;
  const inPage = await lintInPage("cpp", code);
  const inNode = await lintInNode("cpp", code);
  assert.equal(inPage.findings, inNode.findings);
  assert.ok(inPage.findings.includes("4 warning lfp/after-connect"), inPage.findings.join("; "));
  assert.ok(inPage.findings.includes("4 error lfp/rejects-einval"));
  assert.equal(inPage.rows.map((r) => r.replace(/^model \([^)]*\): /, "")), inNode.rows);
  assert.ok(requests.some((u) => u.endsWith("/grammars/tree-sitter-cpp.wasm")), "the C++ grammar was fetched on demand");
  // Clicking a finding selects its line in the code.
  await page.click(".lint-finding[data-id='lfp/after-connect']");
  const selected = await page.$eval("#lint-code", (t) => { const a = t as HTMLTextAreaElement; return a.value.slice(a.selectionStart, a.selectionEnd); });
  assert.match(selected, /WSAIoctl\(s, SIO_LOOPBACK_FAST_PATH/);
  const panel = await page.$("#lint-panel");
  await panel!.screenshot({ path: "build/lint-panel.png" });
});

b("C#, Python and a snippet without the code", async () => {
  const cs = `class C { void F() { var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
  try { s.IOControl(-1744830448, BitConverter.GetBytes(true), null); } catch { } } }`;
  const inPage = await lintInPage("c-sharp", cs);
  assert.equal(inPage.findings, (await lintInNode("c-sharp", cs)).findings);
  assert.ok(inPage.findings.some((f) => f.endsWith("error lfp/cb-in")));
  const py = `import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.ioctl(socket.SIO_LOOPBACK_FAST_PATH, True)\n`;
  assert.ok((await lintInPage("python", py)).findings.includes("3 warning lfp/udp-socket"));
  await lintInPage("go", "package main\nfunc main() {}\n");
  assert.match(await page.textContent("#lint-findings") ?? "", /No SIO_LOOPBACK_FAST_PATH call site \(the code is not mentioned, nothing was parsed\)/);
});

b("everything the panel loads comes from the page's server", () => {
  const origin = new URL(requests[0]).origin;
  assert.ok(requests.length > 0);
  for (const u of requests) assert.ok(u.startsWith(origin) || u.startsWith("data:"), u);
});

b.run();
