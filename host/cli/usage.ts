// Usage errors: a message, the command's usage text, exit code 2.
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

/** parseArgs in strict mode, with its errors turned into UsageError. */
export function parse<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
}

/** An unsigned 32-bit number from decimal or 0x-hex text. */
export function u32Arg(text: string, flag: string): number {
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n > 0xffffffff) throw new UsageError(`${flag}: expected an unsigned 32-bit number (decimal or 0x hex), got ${JSON.stringify(text)}`);
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
