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
  // solution:begin
  const maxStates = options.maxStates ?? defaultMaxStates;
  if (!(Number.isInteger(maxStates) && maxStates >= 0))
    throw new RangeError(`maxStates must be a non-negative integer, got ${maxStates}`);
  // A read whose answer nobody saw can go anywhere or nowhere: leaving it out changes no verdict
  // and saves the search from placing it everywhere.
  const operations = toOperations(history).filter(
    (operation) => operation.result !== undefined || !readsOnly(operation.op),
  );
  const byKey = partitionByKey(operations);
  let explored = 0;
  // Sorted, so that which key is reported does not depend on the order keys first appear in.
  for (const key of [...byKey.keys()].sort()) {
    const operations = byKey.get(key)!;
    const outcome = searchLinearization(operations, maxStates - explored);
    explored += outcome.explored;
    if (outcome.type === "stuck") return explainStuck(key, operations, outcome);
    if (outcome.type === "budget") return { verdict: "unknown", reason: "budget", explored, key };
  }
  return { verdict: "linearizable", explored };
  // solution:end
  // starter: throw new Error("not implemented: checkLinearizable (toOperations, partitionByKey, then searchLinearization per key within one budget)");
}
