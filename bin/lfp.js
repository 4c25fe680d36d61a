#!/usr/bin/env node
// The lfp command. CommonJS (bin/package.json), like the bundled command it runs
// (build/dist/node/host/cli/main.cjs, made by "npm run build"), so that Node starts it
// without loading its ESM loader: `lfp check` costs little more than starting Node.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const entry = join(__dirname, "..", "build", "dist", "node", "host", "cli", "main.cjs");
if (!existsSync(entry)) {
  process.stderr.write('lfp: the package is not built (build/dist/node/host/cli/main.cjs is missing); run "npm run build"\n');
  process.exit(2);
}
// The output's reader gone (lfp spec | head) ends the command as a closed pipe ends any command
// (status 141, as by SIGPIPE); another output error is said once, not thrown as a stack trace.
process.stdout.on("error", (e) => {
  if (e.code !== "EPIPE") try { process.stderr.write(`lfp: the output cannot be written: ${e.message}\n`); } catch {}
  process.exit(e.code === "EPIPE" ? 141 : 2);
});
process.stderr.on("error", () => process.exit(2));
require(entry).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
