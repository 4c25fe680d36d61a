// The playground in a real browser: Debian's Chromium, headless, driven by
// playwright-core. npm test installs Chromium first (scripts/browser-setup.sh);
// without it these tests fail, they never skip.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import type { Server } from "node:http";
import { startPlayground } from "../host/cli/playground.js";
import { loadVectors } from "../spec-tests/runner/files.js";
import { parseVectorText } from "../spec-tests/runner/parse.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { summaryLine } from "../spec-tests/runner/report.js";
import { ModelTarget } from "../spec-tests/runner/model-target.js";
import type { Call, Outcome } from "../host/node.js";
import { model, root, vectorsDir } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const b = suite("playground in Chromium");
let browser: Browser;
let page: Page;
let server: Server;
let url = "";
const requests: string[] = [];

b.before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run "sh scripts/browser-setup.sh"`);
  ({ server, url } = await startPlayground(0));
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => { throw e; });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
});

b.after(async () => {
  await browser?.close();
  server?.close();
});

/** The outcome cells the page shows for a profile. */
async function shown(profile: string) {
  const t = (f: string) => page.locator(`[data-testid="${profile}-${f}"]`).first().innerText();
  return { ret: await t("ret"), error: await t("error"), bytesReturned: await t("bytesReturned"), rule: (await t("rule")).split("\n")[0] };
}
const expected = (o: Outcome) => ({ ret: String(o.ret), error: o.error.code === 0 ? "0" : `${o.error.name} (${o.error.code})`, bytesReturned: String(o.bytesReturned), rule: o.rule.id });

async function checkAgainstModel(call: Call) {
  const m = await model();
  for (const o of m.evaluateAll(call)) assert.equal(await shown(o.profile), expected(o), `${o.profile} for ${JSON.stringify(call)}`);
}

b("the typical call: every profile's outcome as the model gives it, with the seed text", async () => {
  await checkAgainstModel({ in: { bool: 1 }, code: 0x98000010, handle: "tcp", api: "WSAIoctl", out: null, cbOut: 0, bytesReturned: "valid", overlapped: null, completionRoutine: null, threadId: "valid", errno: "valid" });
  assert.match(await page.locator('[data-testid="documented-rule"]').innerText(), /Parameters\/lpcbBytesReturned: /);
});

b("a profile difference: cbInBuffer 2 is WSAEINVAL documented, WSAEFAULT on Windows", async () => {
  await page.selectOption('select[name="inKind"]', "bytes");
  await page.fill('input[name="inValue"]', "0100");
  await page.fill('input[name="cbIn"]', "2");
  assert.is((await shown("documented")).error, "WSAEINVAL (10022)");
  assert.is((await shown("windows")).error, "WSAEFAULT (10014)");
  await checkAgainstModel({ in: { bytes: "0100" }, cbIn: 2 });
});

b("overlapped with an event and a UDP socket, and a bad number is reported in the page", async () => {
  await page.selectOption('select[name="handle"]', "udp");
  await page.selectOption('select[name="overlapped"]', "event");
  await checkAgainstModel({ handle: "udp", in: { bytes: "0100" }, cbIn: 2, overlapped: { event: true } });
  assert.match(await page.locator('[data-testid="windows-completion"]').innerText(), /via event, status WSAEOPNOTSUPP/);
  // The conformance set and the evidence grade are shown beside the preferred outcome.
  assert.is(await page.locator('[data-testid="windows-grade"]').innerText(), "inferred");
  assert.match(await page.locator('[data-testid="windows-also"]').innerText(), /error WSAEINVAL \(10022\).*documented/);
  assert.match(await page.locator('[data-testid="wine-also"]').innerText(), /nothing else: the sources fix this outcome/);
  await page.fill('input[name="cbIn"]', "-3");
  assert.match(await page.locator('[data-testid="call-error"]').innerText(), /cbInBuffer: expected an unsigned 32-bit number/);
  await page.fill('input[name="cbIn"]', "2");
});

b("a shared URL restores the call", async () => {
  const call: Call = { api: "WSPIoctl", handle: "not-a-socket", in: { bool: 0 }, bytesReturned: null, errno: "valid" };
  // A link is opened in a fresh tab (reloading the same tab lets the browser restore form state).
  await page.close();
  page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${url}#call=${encodeURIComponent(JSON.stringify(call))}`);
  await page.waitForSelector("body[data-ready=true]");
  assert.is(await page.inputValue('select[name="api"]'), "WSPIoctl");
  assert.is(await page.inputValue('select[name="handle"]'), "not-a-socket");
  assert.is(await page.inputValue('select[name="bytesReturned"]'), "null");
  await checkAgainstModel(call);
  assert.match(page.url(), /#call=/);
});

b("copy as vector: a valid lfp-vectors/1 case that passes on the model for every profile", async () => {
  const m = await model();
  const text = await page.inputValue("#vector");
  const cases = parseVectorText(text, "playground.json", m.catalogue);
  const r = await runSuite(cases, new ModelTarget(m), [...m.profiles], m.catalogue);
  assert.equal([r.failed, r.passed], [0, 4], text);
});

b("the scenario runs and the diagram highlights the state", async () => {
  await page.click("#run-scenario");
  assert.match(await page.locator('[data-testid="scenario-step-8"]').innerText(), /fastPath requested, path fast/);
  assert.is(await page.locator("svg .state.current").getAttribute("data-state"), "connected");
  const m = await model();
  assert.is(await page.locator("svg .state").count(), m.catalogue.states.length);
});

b("the whole vector suite inside the page gives Node's counts", async () => {
  const m = await model();
  const node = await runSuite(await loadVectors([vectorsDir], m.catalogue), new ModelTarget(m), [...m.profiles], m.catalogue);
  await page.click("#run-suite");
  await page.waitForFunction(() => document.querySelector("#suite-result")?.getAttribute("data-summary"), undefined, { timeout: 60000 });
  assert.is(await page.getAttribute("#suite-result", "data-summary"), summaryLine(node));
  await page.screenshot({ path: `${root}build/playground.png`, fullPage: true });
  assert.ok(readFileSync(`${root}build/playground.png`).length > 10000);
});

b("no external resources: every request went to the playground's own server", () => {
  assert.ok(requests.length > 3);
  assert.equal(requests.filter((r) => !r.startsWith(url)), []);
});

b.run();
