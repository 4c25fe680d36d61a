// The playground on a phone, a tablet, a laptop and a desktop: in Chromium (playwright-core), at
// 390, 768, 1366 and 1920 px, after each thing a user does (load, a check, a scenario, a lint),
// the document is no wider than the window, nothing sticks out of it, every profile card is whole,
// and the state diagram's text is at least 11 px or the diagram scrolls inside its own box.
// Screenshots of each width and state go to build/playground-widths/ (not committed).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, statSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import type { Server } from "node:http";
import { launchChromium } from "./chromium.js";
import { startPlayground } from "../host/cli/playground.js";
import { model, root, setUp } from "./helpers.js";

/** The widths the page must fit: a phone, a tablet, a laptop, a desktop. */
const WIDTHS = [390, 768, 1366, 1920];
/** The smallest diagram text a reader is asked to read, unless the diagram scrolls in its own box. */
const MIN_DIAGRAM_PX = 11;
const shots = `${root}build/playground-widths/`;

/** What one width shows in one state. */
interface Measure {
  scrollWidth: number;
  innerWidth: number;
  /** Elements whose box leaves the window sideways (at most ten). */
  outside: string[];
  /** The smallest rendered font size of the diagram's text, px. */
  diagramTextPx: number;
  /** The diagram is wider than its box, and the box scrolls. */
  diagramScrolls: boolean;
  /** Profile cards cut by the window's edges. */
  cutCards: string[];
  /** The cards' rows (distinct tops). */
  cardRows: number;
}

const w = suite("playground widths in Chromium");
let browser: Browser;
let page: Page;
let server: Server;
/** Per state and width: the document's scrollWidth and the diagram's smallest text, for the record. */
const table = new Map<string, Map<number, string>>();

setUp(w, async () => {
  let url: string;
  ({ server, url } = await startPlayground(0));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on("pageerror", (e) => { throw e; });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  mkdirSync(shots, { recursive: true });
});

w.after(async () => {
  await browser?.close();
  server?.close();
  // The figures for the record (the report of issue 22 §5 quotes them).
  const states = [...table.keys()];
  console.log(`\n  document scrollWidth px / smallest diagram text px, per window width and state:\n  ${["width", ...states].map((s) => s.padStart(13)).join("")}\n${WIDTHS.map((x) => `  ${[x, ...states.map((s) => table.get(s)!.get(x))].map((v) => String(v).padStart(13)).join("")}`).join("\n")}`);
});

async function measure(width: number): Promise<Measure> {
  await page.setViewportSize({ width, height: 900 });
  return page.evaluate(() => {
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${typeof el.className === "string" && el.className ? `.${el.className.trim().replace(/\s+/g, ".")}` : ""}`;
    const outside: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const r = el.getBoundingClientRect();
      // Inside a box that scrolls sideways, an element may be anywhere: the box is what must fit.
      const scroller = el.parentElement?.closest("[data-scroll-x]");
      if (r.width > 0 && !scroller && (r.right > window.innerWidth + 1 || r.left < -1)) outside.push(`${name(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    const svg = document.querySelector("#svg svg") as SVGSVGElement;
    const box = document.querySelector("#svg") as HTMLElement;
    const sizes = Array.from(svg.querySelectorAll("text")).map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1));
    const cards = Array.from(document.querySelectorAll("article.profile"));
    const cutCards = cards.filter((c) => { const r = c.getBoundingClientRect(); return r.left < -1 || r.right > window.innerWidth + 1; }).map((c) => c.getAttribute("data-profile") ?? "?");
    return {
      scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, outside: outside.slice(0, 10),
      diagramTextPx: Math.round(Math.min(...sizes) * 10) / 10,
      diagramScrolls: box.scrollWidth > box.clientWidth + 1 && ["auto", "scroll"].includes(getComputedStyle(box).overflowX),
      cutCards, cardRows: new Set(cards.map((c) => Math.round(c.getBoundingClientRect().top))).size,
    };
  });
}

/** Measure every width in the page's present state; check each; keep a screenshot of each. */
async function everyWidth(state: string): Promise<Map<number, Measure>> {
  const out = new Map<number, Measure>();
  table.set(state, new Map());
  for (const width of WIDTHS) {
    const m = await measure(width);
    out.set(width, m);
    table.get(state)!.set(width, `${m.scrollWidth} / ${m.diagramTextPx}`);
    const path = `${shots}${state}-${width}.png`;
    await page.screenshot({ path, fullPage: true });
    assert.ok(statSync(path).size > 10000, `${path}: a screenshot`);
  }
  // Every width is checked before any assertion, so that a failure's message has them all.
  for (const [width, m] of out) {
    const where = `${state}, ${width} px`;
    assert.ok(m.scrollWidth <= m.innerWidth, `${where}: the page is ${m.scrollWidth} px wide in a ${m.innerWidth} px window: ${m.outside.join("; ")}`);
    assert.equal(m.outside, [], `${where}: elements outside the window`);
    assert.equal(m.cutCards, [], `${where}: profile cards cut off`);
    assert.ok(m.diagramTextPx >= MIN_DIAGRAM_PX || m.diagramScrolls, `${where}: the diagram's text is ${m.diagramTextPx} px and the diagram does not scroll in its box`);
  }
  return out;
}

w("after loading: every width fits; a phone gets one profile a row, a desktop several", async () => {
  const m = await everyWidth("load");
  const profiles = (await model()).profiles.length;
  assert.is(m.get(390)!.cardRows, profiles, "390 px: one profile card a row");
  assert.ok(m.get(1920)!.cardRows < profiles && m.get(1366)!.cardRows < profiles, "1366 and 1920 px: cards side by side");
});

w("five profile cards (issue 24 adds windows-7): each whole at every width, side by side from 768 px", async () => {
  const cards = await page.evaluate(() => {
    const all = document.querySelectorAll("article.profile");
    for (let i = all.length; i < 5; i++) {
      const copy = all[all.length - 1].cloneNode(true) as HTMLElement;
      copy.dataset.profile = `copy-${i}`;
      all[all.length - 1].parentElement!.append(copy);
    }
    return document.querySelectorAll("article.profile").length;
  });
  assert.ok(cards >= 5);
  const m = await everyWidth("five-cards");
  assert.is(m.get(390)!.cardRows, cards, "390 px: one card a row");
  for (const width of [768, 1366, 1920]) assert.ok(m.get(width)!.cardRows <= 2, `${width} px: ${m.get(width)!.cardRows} rows of cards`);
  // Drawn again from the form (the copies go).
  await page.dispatchEvent("#call", "change");
});

w("after a check with long answers (a UDP socket, overlapped with an event: several conforming outcomes)", async () => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.selectOption('select[name="handle"]', "udp");
  await page.selectOption('select[name="overlapped"]', "event");
  await page.selectOption('select[name="inKind"]', "bytes");
  await page.fill('input[name="inValue"]', "0100000000000000000000000000000000000000000000000000000000000000");
  await page.waitForFunction(() => document.querySelector('[data-testid="windows-also"] li') !== null);
  await everyWidth("check");
});

w("after a scenario: the diagram's state is highlighted, and its text is readable or it scrolls in its box", async () => {
  await page.click("#run-scenario");
  await page.waitForSelector('[data-testid="scenario-step-8"]');
  const m = await everyWidth("scenario");
  // At the phone's width the diagram cannot be drawn whole with readable text: it must scroll in its box.
  const phone = m.get(390)!;
  assert.ok(phone.diagramTextPx >= MIN_DIAGRAM_PX, `390 px: diagram text ${phone.diagramTextPx} px`);
  assert.ok(phone.diagramScrolls, "390 px: the diagram scrolls in its own box");
});

w("after a lint: the findings are whole at every width", async () => {
  await page.click("#lint-run");
  await page.waitForSelector("#lint-panel[data-state=done]", { timeout: 60_000 });
  assert.ok(await page.locator(".lint-finding").count() > 0, "the example has findings");
  await everyWidth("lint");
});

w.run();
