// The playground in a real browser: Debian's Chromium, headless, driven by
// playwright-core. npm test installs Chromium first (scripts/browser-setup.sh);
// without it these tests fail, they never skip.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codeBlocks } from "./markdown.js";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium.js";
import type { Server } from "node:http";
import { startPlayground } from "../host/cli/playground.js";
import { loadVectors } from "../spec-tests/runner/files.js";
import { parseVectorText } from "../spec-tests/runner/parse.js";
import { runSuite } from "../spec-tests/runner/run.js";
import { summaryLine } from "../spec-tests/runner/report.js";
import { ModelTarget } from "../spec-tests/runner/model-target.js";
import type { Call, Outcome } from "../host/node.js";
import { model, root, setUp, vectorsDir } from "./helpers.js";

const b = suite("playground in Chromium");
let browser: Browser;
let page: Page;
let server: Server;
let url = "";
const requests: string[] = [];

setUp(b, async () => {
  ({ server, url } = await startPlayground(0));
  browser = await launchChromium();
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
const expected = (o: Outcome) => ({ ret: String(o.ret), error: o.error === null ? "0" : `${o.error.name} (${o.error.code})`, bytesReturned: String(o.bytesReturned), rule: o.rule.id });

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
  assert.equal([r.failed, r.passed], [0, m.profiles.length], text);
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

b("each profile says what it is, and the seed is quoted in whole sentences, every section a rule cites", async () => {
  const m = await model();
  for (const p of m.catalogue.profiles) assert.is(await page.locator(`[data-testid="${p.name}-about"]`).innerText(), p.about);
  // A profile that follows another says so on its card (windows-7 follows windows).
  for (const p of m.catalogue.profiles.filter((x) => x.follows)) assert.is(await page.locator(`[data-testid="${p.name}-follows"]`).innerText(), `follows ${p.follows}`);
  assert.ok(m.catalogue.profiles.some((x) => x.follows === "windows"));
  // in.too-small cites two seed sections ("seed#Parameters/lpvInBuffer + seed#Return value/WSAEINVAL").
  await page.evaluate(() => { location.hash = `call=${encodeURIComponent(JSON.stringify({ in: { bytes: "0100" }, cbIn: 2 }))}`; });
  await page.waitForFunction(() => (document.querySelector('input[name="cbIn"]') as HTMLInputElement).value === "2");
  assert.match(await page.locator('[data-testid="documented-rule"]').innerText(), /^in\.too-small/);
  const quotes = await page.locator('[data-testid="documented-rule"] .seed').allInnerTexts();
  assert.equal(quotes.map((q) => q.split(":")[0]), ["Parameters/lpvInBuffer", "Return value/WSAEINVAL"]);
  for (const q of quotes) assert.match(q, /[.!?:)](?: …)?$/, `a whole sentence: ${q}`);
  // "why?": every citation of the deciding rule, with the passage the evidence quotes, from the explanations fetched once.
  await page.click('[data-testid="documented-sources"] summary');
  await page.waitForSelector('[data-testid="documented-sources"][data-filled="true"]');
  const x = await m.explain("in.too-small");
  const cited = await page.locator('[data-testid="documented-sources"] .citation code').allInnerTexts();
  assert.equal(cited, x.sources.map((c) => c.citation));
  const passages = await page.locator('[data-testid="documented-sources"] .passage').allTextContents();
  assert.equal(passages, x.sources.filter((c) => c.quote !== undefined).map((c) => c.quote));
  assert.ok(passages.length >= 4, `${passages.length} passages`);
  assert.match(await page.locator('[data-testid="documented-sources"]').innerText(), /wsaioctl#Return value\/WSAEFAULT\s+microsoft, https:\/\/learn\.microsoft\.com\//);
  await page.click('[data-testid="windows-sources"] summary');
  await page.waitForSelector('[data-testid="windows-sources"][data-filled="true"]');
  const fetched = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/loopback-fast-path.explain.json")).length);
  assert.is(fetched, 1, "this page fetched the explanations asset once");
});

b("a broken share link is reported; a hash change loads the new call", async () => {
  await page.goto(`${url}#call=%7B%22api%22%3A%22WSPIoctl%22%2C%22handle`);
  await page.waitForSelector("body[data-ready=true]");
  assert.match(await page.locator('[data-testid="share-error"]').innerText(), /This shared link is broken: its #call= part is not valid JSON/);
  await page.evaluate(() => { location.hash = `call=${encodeURIComponent(JSON.stringify({ handle: "udp", cbIn: 77 }))}`; });
  await page.waitForFunction(() => (document.querySelector('select[name="handle"]') as HTMLSelectElement).value === "udp");
  assert.is(await page.inputValue('input[name="cbIn"]'), "77");
  assert.is(await page.locator('[data-testid="share-error"]').isVisible(), false);
  await page.evaluate(() => { location.hash = `call=${encodeURIComponent(JSON.stringify({ handle: "pipe" }))}`; });
  await page.waitForFunction(() => !(document.querySelector('[data-testid="share-error"]') as HTMLElement).hidden);
  assert.match(await page.locator('[data-testid="share-error"]').innerText(), /handle: expected one of tcp, udp/);
  assert.is(await page.inputValue('select[name="handle"]'), "udp", "the form keeps the last valid call");
});

b("a refused clipboard write is reported, with the text selected to copy by hand", async () => {
  await page.evaluate(() => { Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new Error("Write permission denied.")) }, configurable: true }); });
  await page.click("#copy-vector");
  assert.match(await page.locator("#status").innerText(), /could not copy the vector \(Write permission denied\.\); it is selected/);
  assert.ok(await page.evaluate(() => { const t = document.querySelector("#vector") as HTMLTextAreaElement; return t.selectionEnd - t.selectionStart === t.value.length && t.value.length > 0; }));
  await page.evaluate(() => { Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.resolve() }, configurable: true }); });
  await page.click("#share");
  assert.is(await page.locator("#status").innerText(), "link copied");
});

b("the scenario editor takes one step a line and names the line of a mistake", async () => {
  await page.fill("#scenario-steps", '{"op": "socket", "as": "s"}\n// the typical call\n{"op": "ioctl", "socket": "s"}\n{"op": "observe", "socket": "s"}');
  await page.click("#run-scenario");
  assert.match(await page.locator('[data-testid="scenario-step-2"]').innerText(), /fastPath requested/);
  await page.fill("#scenario-steps", '{"op": "socket", "as": "s"}\n\n{"op": "ioctl", "socket": "s", "cbInn": 4}');
  await page.click("#run-scenario");
  assert.match(await page.locator('[data-testid="scenario-error"]').innerText(), /line 3 \(ioctl\): unknown field "cbInn"/);
  await page.fill("#scenario-steps", '{"op": "socket", "as": "s"}\n{"op": "listen" "socket": "s"}');
  await page.click("#run-scenario");
  assert.match(await page.locator('[data-testid="scenario-error"]').innerText(), /^line 2: not a JSON object/);
});

b("README's page example runs in Chromium next to the browser bundle", async () => {
  const html = codeBlocks(readFileSync(`${root}README.md`, "utf8")).find((x) => x.lang === "html");
  assert.ok(html);
  const dir = mkdtempSync(join(tmpdir(), "lfp-page-"));
  cpSync(`${root}build/dist/browser`, dir, { recursive: true });
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><body>${html.code}</body>`);
  const srv = await startPlayground(0, `${dir}/`);
  try {
    const p = await browser.newPage();
    const errors: string[] = [];
    p.on("pageerror", (e) => errors.push(e.message));
    await p.goto(srv.url);
    await p.waitForFunction(() => document.body.innerText.trim() !== "", undefined, { timeout: 20000 });
    const m = await model();
    const o = m.evaluate({ in: { bool: 1 }, cbIn: 4 }, "windows");
    assert.is(await p.locator("body").innerText(), `${o.ret} ${o.error?.name ?? "no error"}: ${o.rule.id} (${o.rule.source})`);
    assert.equal(errors, []);
    await p.close();
  } finally {
    srv.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

b("the validator alone (browser entry + .wasm, no explanations) runs the whole vector suite in Chromium with Node's counts", async () => {
  const m = await model();
  const node = await runSuite(await loadVectors([vectorsDir], m.catalogue), new ModelTarget(m), [...m.profiles], m.catalogue);
  const dir = mkdtempSync(join(tmpdir(), "lfp-validator-"));
  try {
    // Only the validator's two files, and the runner as a page module of its own: no explanations asset at all.
    for (const f of ["loopback-fast-path.js", "loopback-fast-path.wasm"]) cpSync(`${root}build/dist/browser/${f}`, join(dir, f));
    const r = await build({
      stdin: {
        contents: `import { parseVectorText } from "./spec-tests/runner/parse.ts"; import { runSuite } from "./spec-tests/runner/run.ts";
          import { ModelTarget } from "./spec-tests/runner/model-target.ts"; import { summaryLine } from "./spec-tests/runner/report.ts";
          export async function runAll(model, files) {
            const seen = new Map();
            const cases = files.flatMap((f) => parseVectorText(f.text, f.name, model.catalogue, seen));
            return summaryLine(await runSuite(cases, new ModelTarget(model), [...model.profiles], model.catalogue));
          }`,
        resolveDir: root, loader: "ts",
      },
      bundle: true, format: "esm", platform: "browser", write: false, logLevel: "warning",
      plugins: [{ name: "validator", setup(pb) { pb.onResolve({ filter: /\/validate-vectors\.js$/ }, () => ({ path: `${root}build/js/spec-tests/runner/validate-vectors.js` })); } }],
    });
    writeFileSync(join(dir, "runner.js"), r.outputFiles[0].text);
    writeFileSync(join(dir, "vectors.json"), JSON.stringify(readdirSync(vectorsDir).filter((f) => f.endsWith(".json")).sort().map((f) => ({ name: `spec-tests/vectors/${f}`, text: readFileSync(join(vectorsDir, f), "utf8") }))));
    writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><body><script type="module">
      import { loadModel } from "./loopback-fast-path.js";
      import { runAll } from "./runner.js";
      const model = await loadModel();
      const summary = await runAll(model, await (await fetch("vectors.json")).json());
      document.body.dataset.summary = summary;
      document.body.dataset.explained = String(model.explained);
    </script>`);
    const srv = await startPlayground(0, `${dir}/`);
    try {
      const p = await browser.newPage();
      const asked: string[] = [];
      const errors: string[] = [];
      p.on("request", (q) => asked.push(q.url()));
      p.on("pageerror", (e) => errors.push(e.message));
      await p.goto(srv.url);
      await p.waitForFunction(() => document.body.dataset.summary, undefined, { timeout: 120000 });
      assert.equal(errors, []);
      assert.is(await p.getAttribute("body", "data-summary"), summaryLine(node));
      assert.is(await p.getAttribute("body", "data-explained"), "false", "answered without the explanations");
      assert.equal(asked.filter((u) => /explain/.test(u)), [], "nothing fetched the explanations");
      await p.close();
    } finally {
      srv.server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

b("no external resources: every request went to the playground's own server", () => {
  assert.ok(requests.length > 3);
  assert.equal(requests.filter((r) => !r.startsWith(url)), []);
});

b.run();
