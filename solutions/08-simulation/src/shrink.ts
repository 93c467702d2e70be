// Shrinking: a failing run with 30 faults is hard to read; the same seed with only its first 3
// faults, failing the same way, is a story. The schedule is a list of self-contained episodes, so
// any prefix of it is a valid run: search for the shortest prefix that still fails.
import type { SimOptions } from "./options.ts";
import { runSimulation, type SimResult } from "./simulation.ts";

export interface Shrunk {
  /** Episodes kept: replay with maxFaults (--faults) set to this. */
  readonly faults: number;
  /** The run with only those episodes: it fails too. */
  readonly result: SimResult;
  /** Runs the search took. */
  readonly runs: number;
}

/**
 * The shortest failing prefix of `failing`'s schedule that a binary search finds: it assumes that
 * more faults fail more often (not always true, so the answer is short, not always the shortest),
 * but only ever returns a prefix it saw fail.
 */
export function shrinkFaults(options: SimOptions, failing: SimResult): Shrunk {
  // solution:begin
  if (failing.violations.length === 0) throw new Error("shrinkFaults: the run did not fail");
  let best = { faults: failing.faultsScheduled, result: failing };
  let passing = -1; // the longest prefix known (assumed) to pass
  let runs = 0;
  while (best.faults - passing > 1) {
    const faults = Math.floor((passing + best.faults) / 2);
    const result = runSimulation({ ...options, trace: undefined, maxFaults: faults });
    runs++;
    if (result.violations.length > 0) best = { faults, result };
    else passing = faults;
  }
  return { ...best, runs };
  // solution:end
  // starter: throw new Error("not implemented: shrinkFaults (binary search over maxFaults for a shorter prefix that still fails)");
}
