// Colours by level, one rule for every lfp command and the spec runner's text reporter:
// --no-color / --color (any command; `lfp` takes them out before the command parses its
// arguments), else FORCE_COLOR, else NO_COLOR, else colours only on a terminal.
// No Node import: the runner's reporter, which the playground bundles, uses it too.

/** The ANSI SGR code of each level a command prints. */
const CODES = { pass: 32, fail: 31, error: 31, warning: 33, skip: 33, partial: 36, note: 36, harness: 35, dim: 2, bold: 1 } as const;
/** What a piece of output is: a passing case or part, a failure, a finding's level, a skip, ... */
export type Level = keyof typeof CODES;
/** Paints text by level (or returns it as it is, when colours are off). */
export type Paint = (level: Level, text: string) => string;

/** The help line every command's usage shows for the two flags. */
export const COLOUR_USAGE = `  --color, --no-color  colours by level (default: on a terminal, unless NO_COLOR is
                       set; FORCE_COLOR forces them); every lfp command takes them`;

/**
 * Where --color / --no-color is kept: one slot a process, shared by every copy of this module (the
 * command bundles each inline their own).
 */
const SLOT = Symbol.for("loopback-fast-path/colour");
const slot = globalThis as { [SLOT]?: boolean };

/** A command line without --color / --no-color (before any "--"), and what the last of them asked for. */
export function splitColourFlags(argv: readonly string[]): { args: string[]; flag: boolean | undefined } {
  const args: string[] = [];
  let flag: boolean | undefined;
  let options = true;
  for (const a of argv) {
    if (options && (a === "--color" || a === "--no-color")) { flag = a === "--color"; continue; }
    if (a === "--") options = false;
    args.push(a);
  }
  return { args, flag };
}

/** What --color / --no-color asked for in this process (undefined: neither). Set by `lfp` itself. */
export function chooseColour(flag: boolean | undefined): void {
  slot[SLOT] = flag;
}

/**
 * Whether to colour what goes to `stream`: --color / --no-color (`flag`), else FORCE_COLOR (not
 * "0" or "false") forces colours, else NO_COLOR (any non-empty value, https://no-color.org) turns
 * them off, else only a terminal gets them.
 */
export function colourWanted(stream: { isTTY?: boolean } = process.stdout, env: Record<string, string | undefined> = process.env, flag: boolean | undefined = slot[SLOT]): boolean {
  if (flag !== undefined) return flag;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true;
}

/** A painter: ANSI colours by level when `on`, the text unchanged otherwise. */
export function painter(on: boolean): Paint {
  return on ? (level, text) => `\x1b[${CODES[level]}m${text}\x1b[0m` : (_level, text) => text;
}
