// The native driver under load (bounded: npm run soak:driver runs 10^5 calls on
// 100 sockets): enforce-mode calls on churned real sockets under Wine, with
// handles, events and WSAStartup counts balanced and the memory flat.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { runDriverSoak, soakProblems, growthPerCall } from "../scripts/driver-soak.js";
import type { SoakReport, SoakSample } from "../scripts/driver-soak-child.js";

const soak = suite("the native driver under load");

soak("5,000 enforce-mode calls (after 15,000 to warm up) on 20 churned sockets under Wine: balanced, and memory flat", () => {
  const rep = runDriverSoak({ calls: 5000, sockets: 20, seed: 15, warmup: 15000, timeoutMs: 120000 });
  assert.equal(soakProblems(rep), [], JSON.stringify(rep));
  assert.is(rep.forwarded + rep.refused, 5000);
  assert.ok(rep.forwarded > 3000 && rep.refused > 500, `${rep.forwarded} forwarded, ${rep.refused} refused`);
  assert.ok(rep.socketsOpened >= 20 + 20000 / 20, `${rep.socketsOpened} sockets opened`);
  assert.ok(rep.eventsCreated > 100, `${rep.eventsCreated} events`);
  assert.is(rep.samples.length, 11);
});

soak("the checks catch what does not balance or grows", () => {
  const s = (calls: number, more: Partial<SoakSample> = {}): SoakSample => ({ calls, heapUsed: 4e6, external: 1e6, koffiBlocks: 5, koffiBytes: 1108, handles: 0, probeHandle: 0x26c, privateBytes: 1e8, pending: 0, ...more });
  const good: SoakReport = {
    calls: 1000, warmup: 0, sockets: 10, seed: 1, ms: 1, forwarded: 900, refused: 100, errors: {}, startups: 2, cleanups: 2,
    socketsOpened: 60, socketsClosed: 60, eventsCreated: 10, eventsClosed: 10, afterCleanupError: 10093,
    samples: [0, 100, 200, 300, 400, 500].map((c) => s(c)),
  };
  assert.equal(soakProblems(good), []);
  const leak = (i: number) => s(i * 100, { heapUsed: 4e6 + i * 100 * 64, privateBytes: 1e8 + i * 100 * 300, koffiBlocks: 5 + i, probeHandle: 0x26c + 4 * i });
  const bad: SoakReport = { ...good, cleanups: 1, socketsClosed: 59, eventsClosed: 9, afterCleanupError: 0, samples: [0, 1, 2, 3, 4, 5].map(leak) };
  const problems = soakProblems(bad).join("\n");
  for (const p of [/WSAStartup calls = WSACleanup calls: 2 ≠ 1/, /sockets opened = closed/, /events created = closed/, /WSANOTINITIALISED/, /koffi memory after 100 calls/, /lowest free handle/, /V8 heap grew 64\.00 bytes a call/, /private bytes grew 300\.00 bytes a call/]) assert.match(problems, p);
  assert.is(growthPerCall([s(0), s(10, { heapUsed: 4e6 + 1e6 }), s(20)], (x) => x.heapUsed), 0, "one noisy sample in the middle is no growth");
  const step = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => s(i * 500, { privateBytes: 1e8 + (i >= 6 ? 73728 : 0) + (i >= 2 ? 4096 : 0) }));
  assert.equal(soakProblems({ ...good, samples: step }), [], "one page step (V8 compiling late) is no leak");
  const slow = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => s(i * 500, { privateBytes: 1e8 + i * 500 * 20 }));
  assert.match(soakProblems({ ...good, samples: slow }).join("\n"), /private bytes grew 20\.00 bytes a call/, "a leak of 20 bytes a call grows every interval");
});

soak.run();
