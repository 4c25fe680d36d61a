// CommonJS consumer: every documented entry from require.
const { loadModel, LfpError } = require("loopback-fast-path");
const { NativeDriver } = require("loopback-fast-path/native");
const runner = require("loopback-fast-path/runner");

(async () => {
  const model = await loadModel();
  const o = model.evaluate({ cbIn: 2, in: { bytes: "0100" } }, "documented");
  if (o.error?.name !== "WSAEINVAL") throw new Error(`unexpected ${JSON.stringify(o)}`);
  try {
    NativeDriver.open({ model });
    throw new Error("NativeDriver.open worked outside a Windows Node");
  } catch (err) {
    if (!(err instanceof LfpError) || !(err instanceof runner.LfpError)) throw err;
  }
  const tests = await runner.vectorTests(model, { grep: /^in\.too-small\// });
  for (const t of tests) await t.run();
  console.log(`ok cjs: ${tests.length} vector tests`);
})().catch((err) => { console.error(err); process.exit(1); });
