#!/usr/bin/env node
// The lfp command. The TypeScript host is compiled to build/js by "npm run build".
import { existsSync } from "node:fs";

const entry = new URL("../build/js/host/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('lfp: the package is not built (build/js is missing); run "npm run build"\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
