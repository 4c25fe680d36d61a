// The lfp command: dispatch, usage and exit codes. A user's mistake gets a
// message and exit 2, never a stack trace. Each command's module is imported
// only when that command runs, so `lfp check` does not load the spec runner.
import { readFileSync } from "node:fs";
import { LfpError } from "../errors.js";
import { UsageError } from "./usage.js";
import { packageRoot } from "../paths.js";
import { chooseColour, splitColourFlags } from "../colour.js";

type Command = (argv: string[], out: (s: string) => void) => Promise<number>;
interface CommandInfo {
  /** One line for the command list. */
  summary: string;
  /** The usage line shown with an error. */
  synopsis: string;
  /** The command and its full help text, loaded on demand. */
  load: () => Promise<{ run: Command; usage: string }>;
}

// A command: one entry here, and a module exporting the command and its usage (loaded when it runs).
const commands: Record<string, CommandInfo> = {
  spec: {
    summary: "run spec vectors against the model (or ws2_32 under Wine / on Windows)",
    synopsis: "lfp spec [paths...] [--target model|wine|native] [--profile P] [--reporter text|tap|json|junit] [--grep RE] [--bail]",
    load: async () => { const m = await import("./spec.js"); return { run: m.spec, usage: m.specUsage }; },
  },
  check: {
    summary: "evaluate one WSAIoctl/WSPIoctl call and explain the outcome per profile",
    synopsis: "lfp check [--in BUF] [--cb-in N] [--handle H] [--overlapped O] ... | lfp check --step JSON",
    load: async () => { const m = await import("./check.js"); return { run: m.check, usage: m.checkUsage }; },
  },
  doctor: {
    summary: "report what is available (Wasm model, Wine, Windows Node, koffi, ws2_32)",
    synopsis: "lfp doctor [--json]",
    load: async () => { const m = await import("./doctor.js"); return { run: m.doctor, usage: m.doctorUsage }; },
  },
  setup: {
    summary: "setup wine: prepare the Wine target in the per-user cache folder (idempotent)",
    synopsis: "lfp setup wine",
    load: async () => { const m = await import("./setup.js"); return { run: m.setup, usage: m.setupUsage }; },
  },
  playground: {
    summary: "serve the browser playground on 127.0.0.1",
    synopsis: "lfp playground [--port N]",
    load: async () => { const m = await import("./playground.js"); return { run: m.playground, usage: m.playgroundUsage }; },
  },
  lint: {
    summary: "find SIO_LOOPBACK_FAST_PATH calls in source files and say what each does per profile",
    synopsis: "lfp lint [paths...] [--format text|json|sarif] [--output FILE] [--profile P] [--fail-on LEVEL] [--quiet] [--baseline FILE] [--config FILE | --no-config]",
    load: async () => { const m = await import("./lint.js"); return { run: m.lint, usage: m.lintUsage }; },
  },
  observe: {
    summary: "record what the real ws2_32 does with every vector (Windows, or Wine), or judge a recording",
    synopsis: "lfp observe --target native|wine [--out FILE] [paths...] | lfp observe --compare FILE",
    load: async () => { const m = await import("./observe.js"); return { run: m.observe, usage: m.observeUsage }; },
  },
};

const usage = `Usage: lfp <command> [options]

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`).join("\n")}

  lfp help <command>   every option of a command (also: lfp <command> --help)
  lfp --version        the package version

Every command takes --color / --no-color (default: colours on a terminal, unless
NO_COLOR is set; FORCE_COLOR forces them).`;

/** The package's version, from its package.json. */
export function version(): string {
  return (JSON.parse(readFileSync(`${packageRoot}package.json`, "utf8")) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(s + "\n");
  const err = (s: string) => process.stderr.write(s + "\n");
  // --color / --no-color belong to every command: taken out here, decided in one place (colour.ts).
  const { args, flag } = splitColourFlags(argv);
  chooseColour(flag);
  const [name, ...rest] = args;
  if (name === "--version" || name === "-v") { out(version()); return 0; }
  if (name === undefined) { err(usage); return 2; }
  if (name === "-h" || name === "--help" || name === "help") {
    const topic = rest[0];
    if (topic === undefined) { out(usage); return 0; }
    if (!Object.hasOwn(commands, topic)) { err(`lfp help: unknown command ${JSON.stringify(topic)}; commands: ${Object.keys(commands).join(", ")}`); return 2; }
    out((await commands[topic].load()).usage);
    return 0;
  }
  if (!Object.hasOwn(commands, name)) {
    err(`lfp: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(commands).join(", ")} (lfp help)`);
    return 2;
  }
  const info = commands[name];
  try {
    return await (await info.load()).run(rest, out);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`lfp ${name}: ${e.message}\nUsage: ${info.synopsis}\nRun "lfp help ${name}" for every option.`);
      return 2;
    }
    if (e instanceof LfpError) {
      err(`lfp ${name}: ${e.message}`);
      return 2;
    }
    // An error of the system (a full disk, a file that went away, a closed output): the machine's
    // state, not a bug: its message, not a stack trace.
    const sys = e as NodeJS.ErrnoException;
    if (typeof sys?.code === "string" && typeof sys.syscall === "string") {
      err(`lfp ${name}: ${sys.message}`);
      return 2;
    }
    throw e;
  }
}
