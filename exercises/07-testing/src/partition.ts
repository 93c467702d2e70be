// Locality (Herlihy and Wing 1990, Theorem 1): a history is linearizable exactly when each
// object's sub-history is. Every key of the store is its own register and each operation here
// touches one key, so the checker searches key by key: many small searches instead of one whose
// state space is the product of theirs.
import type { Operation } from "./history.ts";
import { keyOf } from "./model.ts";

/** The operations of each key, in the order they appear in `operations`. */
export function partitionByKey(operations: readonly Operation[]): Map<string, Operation[]> {
  throw new Error("not implemented: partitionByKey (group operations by keyOf(op), keep their order)");
}
