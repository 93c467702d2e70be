// The search walks a time-ordered list of call and return entries (Lowe 2017, after Wing and
// Gong). Linearizing an operation lifts its two entries out of the list; backtracking puts them
// back exactly where they were, which a doubly linked list does in O(1).
import type { Operation } from "./history.ts";

export interface Entry {
  readonly kind: "call" | "return";
  /** Index of the operation in the array the list was built from. */
  readonly op: number;
  /** A call's return entry; undefined for a return, and for a call whose outcome is unknown. */
  match: Entry | undefined;
  prev: Entry | undefined;
  next: Entry | undefined;
}

/**
 * The entries of `operations` in time order behind a head sentinel (head.next is the first).
 * An operation with an unknown outcome has a call and no return: it is never due.
 */
export function buildEntries(operations: readonly Operation[]): Entry {
  throw new Error("not implemented: buildEntries (a doubly linked list of calls and returns sorted by time, behind a head sentinel)");
}

/** Takes a call entry and its return (if any) out of the list; they keep their own links. */
export function lift(call: Entry): void {
  throw new Error("not implemented: lift (unlink the call and its return, keep their prev/next)");
}

/** Puts back what `lift(call)` took out, in reverse order, so the list is as it was. */
export function unlift(call: Entry): void {
  throw new Error("not implemented: unlift (relink the return, then the call, through their kept prev/next)");
}

