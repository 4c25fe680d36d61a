// The scenario ops the independent oracle can judge (test/oracle.ts ScenarioOracle: close, send and
// recv once an end is gone, cancel, the issuing thread exiting, and how the operations they end
// complete), compared with the model's conformance sets as equal sets, on random scenarios.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import type { Scenario, StepOutcome } from "../host/scenario.js";
import { ScenarioOracle, type OracleStep } from "./oracle.js";
import { model } from "./helpers.js";

const scenarios = suite("scenario ops against the oracle");

type Raw = { kind: "close" | "recv" | "send" | "ioctl" | "cancel" | "cancelAll" | "exitThread" | "wait"; x: number; routine: boolean; deferred: boolean; k: number };
const rawArb: fc.Arbitrary<Raw> = fc.record({
  kind: fc.constantFrom("close", "recv", "send", "ioctl", "cancel", "cancelAll", "exitThread", "wait"),
  x: fc.nat({ max: 3 }), routine: fc.boolean(), deferred: fc.boolean(), k: fc.nat({ max: 3 }),
});

const key = (m: StepOutcome["conforming"][number]) => (m.outcome.ret === 0 || m.outcome.ret === -1
  ? `${m.outcome.ret}/${m.outcome.error === null ? 0 : m.outcome.error.name}` : String(m.outcome.ret));
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

scenarios("close, send and recv after an end is gone, cancel, a thread exit and the waits they decide: the model's sets equal the oracle's", async () => {
  const m = await model();
  fc.assert(fc.property(fc.constantFrom("documented", "windows", "wine", "reactos", "windows-7" as const), fc.boolean(), fc.array(rawArb, { minLength: 1, maxLength: 10 }), (profile, accepted, raws) => {
    const sc: Scenario = m.scenario(profile);
    const oracle = new ScenarioOracle(profile, accepted);
    const id = new Map<string, number>();
    const made = (name: string, o: { ok: boolean; socket?: number }) => { assert.ok(o.ok, `${name} made`); id.set(name, o.socket!); };
    made("l", sc.socket());
    sc.bind(id.get("l")!, "127.0.0.1");
    sc.listen(id.get("l")!);
    made("c", sc.socket());
    sc.connect(id.get("c")!, id.get("l")!);
    if (accepted) made("a", sc.accept(id.get("l")!));
    made("s", sc.socket());
    const ops = new Map<string, number>();
    const log: string[] = [];
    let n = 0;
    for (const r of raws) {
      const names = accepted ? ["l", "c", "a", "s"] : ["l", "c", "s"];
      const x = names[r.x % names.length];
      const peerEnd = accepted ? ["c", "a"][r.x % 2] : "c";
      const live = [...ops.keys()];
      let st: OracleStep;
      let out: StepOutcome;
      switch (r.kind) {
        case "close": st = { op: "close", socket: x }; out = sc.close(id.get(x)!); break;
        case "recv": st = { op: "recv", socket: peerEnd }; out = sc.recv(id.get(peerEnd)!, 10); break;
        case "send": st = { op: "send", socket: peerEnd }; out = sc.send(id.get(peerEnd)!, 5); break;
        case "ioctl": {
          const as = `op${n++}`;
          st = { op: "ioctl", socket: "s", as, routine: r.routine, deferred: r.deferred };
          sc.condition({ ioDeferred: r.deferred });
          out = sc.ioctl(id.get("s")!, { overlapped: { event: !r.routine }, completionRoutine: r.routine ? "valid" : null });
          sc.condition({ ioDeferred: false });
          if (out.operation !== undefined) ops.set(as, out.operation);
          break;
        }
        case "cancel": {
          if (live.length === 0) continue;
          const op = live[r.k % live.length];
          const on = r.routine ? "c" : "s"; // the operation's own socket, or another one
          st = { op: "cancel", socket: on, operation: op };
          out = sc.cancel(id.get(on)!, ops.get(op));
          break;
        }
        case "cancelAll": st = { op: "cancel", socket: "s" }; out = sc.cancel(id.get("s")!); break;
        case "exitThread": st = { op: "exitThread" }; out = sc.exitThread(); break;
        case "wait": {
          if (live.length === 0) continue;
          const op = live[r.k % live.length];
          st = { op: "wait", operation: op };
          out = sc.wait(ops.get(op)!);
          ops.delete(op);
          break;
        }
      }
      log.push(JSON.stringify(st));
      const want = oracle.step(st);
      const where = `${profile}, ${accepted ? "accepted" : "in the backlog"}: ${log.join(" ")}`;
      if (want.keys) assert.equal(sorted(out.conforming.map(key)), sorted(want.keys), where);
      if (want.completions) {
        const got = out.conforming.map((mm) => `${mm.outcome.completion?.status.name ?? "(none)"}:${mm.outcome.completion?.via ?? "(none)"}`);
        assert.equal(sorted(got), sorted(want.completions), where);
      }
    }
  }), { numRuns: 3000 });
});

scenarios.run();
