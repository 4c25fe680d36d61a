// Debian's Chromium driven by playwright-core, as every browser test starts it: the
// background-networking flags keep it from reaching out of this machine's closed network.
import { existsSync } from "node:fs";
import * as assert from "uvu/assert";
import { chromium, type Browser } from "playwright-core";

/** Where `npm test` installs the browser (scripts/browser-setup.sh). */
export const CHROMIUM = "/usr/bin/chromium";

/** Start headless Chromium; fails the test with what to install when it is missing. */
export async function launchChromium(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run "sh scripts/browser-setup.sh"`);
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
