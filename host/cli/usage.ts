// Usage errors: a message, the command's usage text, exit code 2.
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

/**
 * parseArgs in strict mode, with its errors turned into UsageError. A negative number after an
 * option that takes a value (`--cb-in -1`) is taken as that value, so the option's own check can
 * say what is wrong with it.
 */
export function parse<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  const args: string[] = [];
  for (const a of config.args ?? process.argv.slice(2)) {
    const opt = /^--([\w-]+)$/.exec(args.at(-1) ?? "")?.[1];
    if (opt !== undefined && config.options?.[opt]?.type === "string" && /^-\d/.test(a)) args[args.length - 1] += `=${a}`;
    else args.push(a);
  }
  try {
    return parseArgs({ ...config, args }) as ReturnType<typeof parseArgs<T>>;
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
}

/** An unsigned 32-bit number from decimal or 0x-hex text. */
export function u32Arg(text: string, flag: string): number {
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n > 0xffffffff) throw new UsageError(`${flag}: must be an unsigned 32-bit number (0 to 4294967295, decimal or 0x hex), got ${JSON.stringify(text)}`);
  return n;
}

/** One of the allowed words. */
export function choice<T extends string>(text: string, flag: string, allowed: readonly T[]): T {
  if (!allowed.includes(text as T)) throw new UsageError(`${flag}: expected one of ${allowed.join(", ")}, got ${JSON.stringify(text)}`);
  return text as T;
}

/** The profiles a --profile value names ("all" or one of the model's), or a usage error. */
export function profilesArg(value: string, known: readonly string[]): string[] {
  if (value === "all") return [...known];
  if (!known.includes(value)) throw new UsageError(`--profile: expected one of ${[...known, "all"].join(", ")}, got ${JSON.stringify(value)}`);
  return [value];
}
