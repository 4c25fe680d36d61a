// ESM consumer: every documented entry from import.
import { loadModel, LfpError } from "loopback-fast-path";
import { NativeDriver } from "loopback-fast-path/native";
import { vectorTests, LfpError as RunnerError } from "loopback-fast-path/runner";

const model = await loadModel();
const o = model.evaluate({ in: { bool: 1 }, cbIn: 4 }, "windows");
if (o.ret !== 0 || o.error !== null) throw new Error(`unexpected ${JSON.stringify(o)}`);
try {
  NativeDriver.open({ model });
  throw new Error("NativeDriver.open worked outside a Windows Node");
} catch (err) {
  if (!(err instanceof LfpError) || !(err instanceof RunnerError)) throw err;
}
const tests = await vectorTests(model, { grep: /^in\.too-small\// });
for (const t of tests) await t.run();
if (tests.length === 0) throw new Error("no vector tests");
console.log(`ok esm: ${tests.length} vector tests`);
