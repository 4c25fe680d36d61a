import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFile } from "node:fs/promises";
import { loadModel, LfpError, Model } from "../host/node.js";
import { model, root } from "./helpers.js";
import { NAMES } from "../host/names.js";

const api = suite("host API");

api("evaluate: the typical call differs by profile, with the deciding rule", async () => {
  const m = await model();
  const w = m.evaluate({ in: { bool: 1 } }, "windows");
  assert.is(w.ret, 0);
  assert.is(w.error, null, "no error on success: a falsy value, unlike the old {name: \"0\", code: 0}");
  assert.is(w.bytesReturned, 0);
  assert.is(w.rule.id, "success.sync");
  const d = m.evaluate({}, "documented");
  assert.is(d.bytesReturned, "nonzero");
  const n = m.evaluate({}, "wine");
  assert.equal([n.ret, n.error?.name, n.error?.code, n.bytesReturned], [-1, "WSAEOPNOTSUPP", 10045, 0]);
  assert.match(n.rule.source, "observed:wine-8");
  const r = m.evaluate({}, "reactos");
  assert.equal([r.ret, r.error?.name], [-1, "WSAEINVAL"]);
});

api("evaluateAll gives one outcome per profile, in model order", async () => {
  const m = await model();
  const all = m.evaluateAll({ handle: "udp" });
  assert.equal(all.map((o) => o.profile), ["documented", "windows", "wine", "reactos", "windows-7"]);
  assert.equal(all.map((o) => o.error?.name), ["WSAEINVAL", "WSAEOPNOTSUPP", "WSAEOPNOTSUPP", "WSAEINVAL", "WSAEOPNOTSUPP"]);
});

api("overlapped outcomes carry the completion", async () => {
  const m = await model();
  const o = m.evaluate({ overlapped: { event: true }, completionRoutine: "valid" }, "windows");
  assert.is(o.ret, 0);
  assert.equal(o.completion, { state: "complete", via: "routine", channels: ["routine"], faults: false, status: m.catalogue.errors[0], transferred: 0, flags: 0 });
  const p = m.evaluate({ overlapped: { event: true }, conditions: { ioDeferred: true } }, "documented");
  assert.is(p.error?.name, "WSA_IO_PENDING");
  assert.is(p.completion?.state, "pending");
  assert.is(p.bytesReturned, "untouched");
});

api("WSPIoctl reports through lpErrno; WSAIoctl never writes it", async () => {
  const m = await model();
  const o = m.evaluate({ api: "WSPIoctl", handle: "udp" }, "documented");
  assert.is(o.errno, 10022);
  assert.is(m.evaluate({ handle: "udp" }, "documented").errno, "untouched");
  assert.is(m.evaluate({ api: "WSPIoctl" }, "wine").ret, "unavailable");
});

api("bad calls throw LfpError LFP_BAD_CALL naming the field", async () => {
  const m = await model();
  const cases: [unknown, RegExp][] = [
    [{ cbIn: -1 }, /^cbIn: expected an unsigned 32-bit integer/],
    [{ cbIn: 2 ** 32 }, /^cbIn:/],
    [{ cbIn: 1.5 }, /^cbIn:/],
    [{ code: "0x98000010" }, /^code:/],
    [{ in: { bool: 1, u32: 2 } }, /^in: expected null/],
    [{ in: { bytes: "abc" } }, /^in.bytes: expected hex/],
    [{ overlapped: true }, /^overlapped:/],
    [{ bytesReturned: "yes" }, /^bytesReturned:/],
    [{ api: "ioctl" }, /^api:/],
    [{ handle: "pipe" }, /^handle:/],
    [{ conditions: { solarFlare: true } }, /^conditions.solarFlare: unknown condition/],
    [{ conditions: { networkDown: 1 } }, /^conditions.networkDown: expected true or false/],
    [{ frobnicate: 1 }, /^frobnicate: unknown field/],
    [null, /^call: expected an object/],
  ];
  for (const [call, re] of cases) {
    try {
      m.evaluate(call as never);
      assert.unreachable(`accepted ${JSON.stringify(call)}`);
    } catch (err) {
      assert.instance(err, LfpError);
      assert.is((err as LfpError).code, "LFP_BAD_CALL");
      assert.match((err as Error).message, re);
    }
  }
});

api("unknown profile: LFP_BAD_ARGUMENT", async () => {
  const m = await model();
  try {
    m.evaluate({}, "win95" as never);
    assert.unreachable();
  } catch (err) {
    assert.is((err as LfpError).code, "LFP_BAD_ARGUMENT");
    assert.match((err as Error).message, "known: documented, windows, wine, reactos, windows-7");
  }
});

api("loadModel: from bytes, from a module, and clear errors for bad input", async () => {
  const bytes = await readFile(`${root}build/release.wasm`);
  const a = await loadModel({ bytes: new Uint8Array(bytes) });
  assert.instance(a, Model);
  const b = await loadModel({ module: await WebAssembly.compile(new Uint8Array(bytes)) });
  assert.is(b.catalogue.rules.length, a.catalogue.rules.length);
  for (const bad of [{ bytes: new Uint8Array([1, 2, 3]) }, { url: new URL("file:///nonexistent/model.wasm") }]) {
    try {
      await loadModel(bad);
      assert.unreachable();
    } catch (err) {
      assert.is((err as LfpError).code, "LFP_WASM");
    }
  }
  // A valid .wasm that is not the model.
  const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  try {
    await loadModel({ bytes: empty });
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, /lacks the export "memory"/);
  }
});

api("catalogue: every table comes from the model", async () => {
  const m = await model();
  const c = m.catalogue;
  assert.ok(c.rules.length > 60);
  assert.is(new Set(c.rules.map((r) => r.id)).size, c.rules.length, "rule ids are unique");
  for (const r of c.rules) {
    assert.ok(r.source.length > 0 && r.text.length > 0, `rule ${r.id} has a source and a text`);
  }
  const seedErrors = ["WSA_IO_PENDING", "WSA_OPERATION_ABORTED", "WSAEACCES", "WSAEFAULT", "WSAEINPROGRESS", "WSAEINTR", "WSAEINVAL", "WSAENETDOWN", "WSAENOTSOCK", "WSAEOPNOTSUPP", "WSANOTINITIALISED"];
  for (const e of seedErrors) assert.ok(c.errors.some((x) => x.name === e), e);
  assert.is(c.errors.find((e) => e.name === "WSAEFAULT")?.code, 10014);
  assert.equal(c.states, ["none", "created", "bound", "listening", "connected", "closed"]);
  assert.is(c.options.filter((o) => o.inSubset).length, 11);
  assert.ok(c.transitions.every((t) => c.states.includes(t.from) && c.states.includes(t.to)));
});

api("scenario API: a fast-path connection, flow control, and a stale scenario refuses", async () => {
  const m = await model();
  const sc = m.scenario("windows");
  const l = sc.socket().socket!;
  assert.is(sc.bind(l, "127.0.0.1").ret, 0);
  sc.setsockopt(l, "SOL_SOCKET", "SO_RCVBUF", 4);
  assert.is(sc.ioctl(l, { in: { bool: 1 } }).ret, 0);
  assert.is(sc.listen(l).ret, 0);
  const c = sc.socket({ family: "inet" }).socket!;
  sc.ioctl(c);
  assert.is(sc.connect(c, l).ret, 0);
  const a = sc.accept(l).socket!;
  assert.equal(sc.observe(a), { ok: true, state: "connected", fastPath: "requested", path: "fast", rule: "path.both-sides", otherReading: null });
  assert.is(sc.send(c, 4).completed, true);
  const queued = sc.send(c, 2);
  assert.is(queued.completed, false);
  assert.type(queued.operation, "number");
  assert.is(sc.recv(a, 3).bytes, 3);
  assert.is(sc.wait(queued.operation!).completion?.state, "complete");
  const next = m.scenario("documented");
  assert.is(next.profile, "documented");
  try {
    sc.observe(a);
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, "this scenario has ended");
  }
  assert.throws(() => next.setsockopt(0, "SOL_BOGUS", "SO_RCVBUF", 1), /level: unknown "SOL_BOGUS"/);
  assert.equal(next.observe(7), { ok: false, ret: "refused", rule: "scenario.bad-reference" }, "refused like an ioctl on it");
  assert.is(next.ioctl(7).rule.id, "scenario.bad-reference");
  assert.throws(() => next.bind(0, "localhost"), /not an IPv4 or IPv6 literal/);
});

api("the name unions of the types equal the model's names", async () => {
  const c = (await model()).catalogue;
  assert.equal([...NAMES.errors], [...new Set(c.errors.map((e) => e.name))], "host/names.ts ErrorName: run npm run names");
  assert.equal([...NAMES.rules], c.rules.map((r) => r.id), "host/names.ts RuleId: run npm run names");
  assert.equal([...NAMES.states], c.states, "host/names.ts StateName: run npm run names");
  assert.equal([...NAMES.profiles], c.profiles.map((p) => p.name), "host/names.ts ProfileName: run npm run names");
});

api("socket and accept narrow on ok; a failed one has no socket", async () => {
  const sc = (await model()).scenario("windows", { startup: false });
  const s = sc.socket();
  assert.is(s.ok, false);
  assert.is(s.socket, undefined);
  const t = (await model()).scenario("windows").socket();
  assert.ok(t.ok && typeof t.socket === "number");
});

api("loadModel({ url }) failures are an LfpError", async () => {
  for (const url of ["file:///nonexistent/model.wasm", "http://127.0.0.1:1/model.wasm", "not a url"]) {
    try {
      await loadModel({ url });
      assert.unreachable(url);
    } catch (err) {
      assert.instance(err, LfpError, url);
      assert.is((err as LfpError).code, "LFP_WASM", url);
    }
  }
});

api.run();
