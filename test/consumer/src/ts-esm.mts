// TypeScript (strict, NodeNext) as an ES module: the types narrow as a user writes the code.
import { loadModel, LfpError, type Outcome, type ProfileName } from "loopback-fast-path";
import { NativeDriver } from "loopback-fast-path/native";
import { vectorTests, type VectorTest } from "loopback-fast-path/runner";

const model = await loadModel();
const o: Outcome = model.evaluate({ in: { bool: 1 }, cbIn: 4 }, "windows");
const name: string | undefined = o.error?.name;
const profile: ProfileName = o.profile;
const sc = model.scenario("documented");
const l = sc.socket();
if (!l.ok) throw new Error(`socket failed: ${l.error?.name ?? l.rule.id}`);
sc.bind(l.socket, "127.0.0.1");
try {
  NativeDriver.open({ model });
} catch (err) {
  if (!(err instanceof LfpError)) throw err;
}
const tests: VectorTest[] = await vectorTests(model, { grep: /^in\.too-small\// });
for (const t of tests) await t.run();
console.log(`ok ts-esm: ${profile} ${name ?? "no error"}, socket ${l.socket}, ${tests.length} vector tests`);
