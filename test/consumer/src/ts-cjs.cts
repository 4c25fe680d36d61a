// TypeScript (strict, NodeNext) as CommonJS: `import x = require(...)` with the require types.
import lfp = require("loopback-fast-path");
import runner = require("loopback-fast-path/runner");
import native = require("loopback-fast-path/native");

async function main(): Promise<void> {
  const model = await lfp.loadModel();
  const o: lfp.Outcome = model.evaluate({ handle: "udp" }, "documented");
  const tests = await runner.vectorTests(model, { grep: /^in\.too-small\// });
  for (const t of tests) await t.run();
  try {
    native.NativeDriver.open({ model });
  } catch (err) {
    if (!(err instanceof lfp.LfpError) || !(err instanceof runner.LfpError)) throw err;
  }
  console.log(`ok ts-cjs: ${o.error?.name}, ${tests.length} vector tests`);
}
main().catch((err: unknown) => { console.error(err); process.exit(1); });
