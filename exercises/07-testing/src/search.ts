// Wing and Gong's search for a linearization, with Lowe's memoization ("Testing for
// linearizability", 2017; Porcupine and Knossos do the same). Walk the time-ordered entries: at a
// call, try to take that operation effect now (the model must give the reply it returned); at a
// return, the operation is due and nothing fitted before it, so undo the last choice and try the
// next one. A (linearized set, model state) pair seen before leads where it led before: skip it.

import { Bitset } from "./bitset.ts";
import { buildEntries, type Entry, lift, unlift } from "./entries.ts";
import type { Operation } from "./history.ts";
import { applyToRegister, ignoresValue, type RegisterValue, replyMatches } from "./model.ts";

/** The longest prefix the search could linearize, and the key's value after it. */
export interface Deepest {
  /** Indexes into the operations, in linearization order. */
  readonly order: readonly number[];
  readonly value: RegisterValue;
}

export type SearchOutcome =
  /** `order`: one linearization of the operations that took effect (indexes, in order). */
  | { readonly type: "linearizable"; readonly explored: number; readonly order: readonly number[] }
  /**
   * Every order failed. `tried`: per operation, the values the key held whenever the operation
   * was tried and its reply did not fit (at most `maxTriedValuesPerOp` of them).
   */
  | {
      readonly type: "stuck";
      readonly explored: number;
      readonly deepest: Deepest;
      readonly tried: ReadonlyMap<number, ReadonlySet<RegisterValue>>;
    }
  /** Gave up after exploring `maxStates` states. */
  | { readonly type: "budget"; readonly explored: number };

/** How many distinct rejected states to remember per operation, for the explanation. */
export const maxTriedValuesPerOp = 8;

/**
 * Searches a linearization of one key's operations, starting from `initial` (null: missing).
 * A state is explored when a new (linearized set, value) pair is reached; past `maxStates` the
 * search gives up, so its verdict depends on the history only, not on the machine.
 */
export function searchLinearization(
  operations: readonly Operation[],
  maxStates: number,
  initial: RegisterValue = null,
): SearchOutcome {
  throw new Error("not implemented: searchLinearization (Wing & Gong over the entry list; memoize (linearized set, value); stop past maxStates)");
}

