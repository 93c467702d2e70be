// The checker: pair the events into operations, split them by key, search each key.
import { explainStuck, type NotLinearizable } from "./explain.ts";
import { type HistoryEvent, toOperations } from "./history.ts";
import { readsOnly } from "./model.ts";
import { partitionByKey } from "./partition.ts";
import { searchLinearization } from "./search.ts";

export type Verdict =
  | { readonly verdict: "linearizable"; readonly explored: number }
  | NotLinearizable
  /** The search of `key` gave up after `explored` states in all: no answer either way. */
  | {
      readonly verdict: "unknown";
      readonly reason: "budget";
      readonly explored: number;
      readonly key: string;
    };

export interface CheckOptions {
  /** States the searches may explore in all, over every key, before answering "unknown". */
  readonly maxStates?: number;
}

/** Enough for a 1,000-operation history of 10 clients over a few keys, many times over. */
export const defaultMaxStates = 250_000;

/** Decides whether `history` is linearizable for single-key GET, SET, DEL and INCR. */
export function checkLinearizable(
  history: readonly HistoryEvent[],
  options: CheckOptions = {},
): Verdict {
  throw new Error("not implemented: checkLinearizable (toOperations, partitionByKey, then searchLinearization per key within one budget)");
}
