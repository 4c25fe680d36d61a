// The lfp command: dispatch, usage and exit codes. A user's mistake gets a
// message and exit 2, never a stack trace.
import { LfpError } from "../errors.js";
import { UsageError } from "./usage.js";
import { spec, specUsage } from "./spec.js";
import { check, checkUsage } from "./check.js";
import { doctorUsage } from "./doctor.js";
import { setupUsage } from "./setup.js";
import { playgroundUsage } from "./playground.js";
import { lintUsage } from "./lint.js";
import { observeUsage } from "./observe-usage.js";

const usage = `Usage: lfp <command> [options]

Commands:
  spec        run spec vectors against the model (or ws2_32 under Wine / on Windows)
  check       evaluate one WSAIoctl/WSPIoctl call and explain the outcome per profile
  doctor      report what is available (Wasm model, Wine, Windows Node, koffi, ws2_32)
  setup wine  prepare the Wine target in the per-user cache folder (idempotent)
  playground  serve the browser playground on 127.0.0.1
  lint        find SIO_LOOPBACK_FAST_PATH calls in source files and say what each does per profile
  observe     record what the real ws2_32 does with every vector (Windows, or Wine), or judge a recording

Run "lfp <command> --help" for its options.`;

type Command = (argv: string[], out: (s: string) => void) => Promise<number>;

const lazy = (path: string, name: string): Command => async (argv, out) => {
  const mod = (await import(path)) as Record<string, Command>;
  return mod[name](argv, out);
};

const commands: Record<string, [Command, string | null]> = {
  spec: [spec, specUsage],
  check: [check, checkUsage],
  doctor: [lazy("./doctor.js", "doctor"), doctorUsage],
  setup: [lazy("./setup.js", "setup"), setupUsage],
  playground: [lazy("./playground.js", "playground"), playgroundUsage],
  lint: [lazy("./lint.js", "lint"), lintUsage],
  observe: [lazy("./observe.js", "observe"), observeUsage],
};

export async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(s + "\n");
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    out(usage);
    return name === undefined ? 2 : 0;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`lfp: unknown command ${JSON.stringify(name)}\n\n${usage}\n`);
    return 2;
  }
  try {
    return await entry[0](rest, out);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`lfp ${name}: ${err.message}\n${entry[1] ? `\n${entry[1]}\n` : ""}`);
      return 2;
    }
    if (err instanceof LfpError) {
      process.stderr.write(`lfp ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
