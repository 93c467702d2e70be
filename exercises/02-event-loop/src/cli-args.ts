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
  throw new Error("not implemented: parseArgs (each flag, its value checked; UsageError otherwise)");
}

