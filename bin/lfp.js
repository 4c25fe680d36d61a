#!/usr/bin/env node
// The lfp command: one bundled file (build/dist/node/cli.mjs, made by "npm run build"),
// so that starting it costs little more than starting Node.
import { existsSync } from "node:fs";

const entry = new URL("../build/dist/node/cli.mjs", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('lfp: the package is not built (build/dist/node/cli.mjs is missing); run "npm run build"\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
