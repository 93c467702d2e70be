// Command-line flags for the tools: node:util parseArgs, strict. A bad flag is one line on
// stderr and exit code 2, like the node program itself.
import { type ParseArgsConfig, parseArgs } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The parsed flags, or exit 2 with one line naming the problem and the usage. */
export function parseFlags<const T extends Options>(
  program: string,
  usage: string,
  options: T,
  argv: readonly string[] = process.argv.slice(2),
) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (cause) {
    return usageError(program, (cause as Error).message.split("\n")[0] ?? "bad flags", usage);
  }
}

export function usageError(program: string, problem: string, usage: string): never {
  console.error(`${program}: ${problem} (${usage})`);
  process.exit(2);
}

/** An integer flag in [min, max], or its default when absent; exit 2 otherwise. */
export function intFlag(
  program: string,
  usage: string,
  name: string,
  text: string | undefined,
  range: { min: number; max: number; fallback: number },
): number {
  if (text === undefined) return range.fallback;
  const value = /^[0-9]{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    usageError(
      program,
      `--${name} must be an integer ${range.min}..${range.max}, got '${text}'`,
      usage,
    );
  }
  return value;
}
