// The command line of main.ts, parsed and checked before anything runs, so a typo is a one-line
// error rather than a controller running with a surprising setting.

export interface RunOptions {
  /** Clock ms per real ms. */
  speed: number;
  /** Controller times (ms from start) at which the button is pressed, ascending. */
  pressAtMs: number[];
  /** Stop after this much controller time; undefined runs until Ctrl-C. */
  runForMs: number | undefined;
  /** Run on the virtual clock: the whole run prints at once. Needs runForMs. */
  virtual: boolean;
  /** Run the exhaustive check instead of the lights. */
  check: boolean;
}

export class UsageError extends Error {}

export const usage =
  "usage: main.ts [--speed <x>] [--press-at <s>,<s>,...] [--run-for <s>] [--virtual] [--check]";

/** Limits: beyond these a run is a mistake, not a wish. */
export const maxSpeed = 100_000;
export const maxPresses = 1000;

export function parseArgs(argv: readonly string[]): RunOptions {
  // solution:begin
  const options: RunOptions = {
    speed: 1,
    pressAtMs: [],
    runForMs: undefined,
    virtual: false,
    check: false,
  };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (seen.has(flag)) throw new UsageError(`${flag} given twice`);
    seen.add(flag);
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--"))
        throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === "--speed") options.speed = parseSpeed(value());
    else if (flag === "--press-at") options.pressAtMs = parsePresses(value());
    else if (flag === "--run-for") options.runForMs = parseSeconds(flag, value(), false) * 1000;
    else if (flag === "--virtual") options.virtual = true;
    else if (flag === "--check") options.check = true;
    else throw new UsageError(`unknown argument '${flag}'`);
  }
  if (options.virtual && options.runForMs === undefined) {
    throw new UsageError("--virtual needs --run-for (virtual time would never stop)");
  }
  return options;
  // solution:end
  // starter: throw new Error("not implemented: parseArgs (each flag, its value checked; UsageError otherwise)");
}

// solution:begin
function parseSpeed(text: string): number {
  const speed = Number(text);
  if (!Number.isFinite(speed) || speed <= 0 || speed > maxSpeed) {
    throw new UsageError(`--speed must be a number in (0, ${maxSpeed}], got '${text}'`);
  }
  return speed;
}

function parsePresses(text: string): number[] {
  const parts = text.split(",");
  if (parts.length > maxPresses)
    throw new UsageError(`--press-at takes at most ${maxPresses} times`);
  const ms = parts.map((part) => Math.round(parseSeconds("--press-at", part, true) * 1000));
  return ms.sort((a, b) => a - b);
}

function parseSeconds(flag: string, text: string, zeroOk: boolean): number {
  const seconds = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(seconds) || seconds < 0 || (seconds === 0 && !zeroOk)) {
    const range = zeroOk ? "≥ 0" : "> 0";
    throw new UsageError(`${flag} takes seconds ${range}, got '${text}'`);
  }
  return seconds;
}
// solution:end
