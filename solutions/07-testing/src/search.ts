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
  // solution:begin
  const head = buildEntries(operations);
  const linearized = new Bitset(operations.length);
  const unknown = unknownOutcomes(operations);
  const seen = new Set<string>();
  const stack: { call: Entry; before: RegisterValue }[] = [];
  const tried = new Map<number, Set<RegisterValue>>();
  let deepest: Deepest = { order: [], value: initial };
  // The deepest point's order is copied only when the search backs out of it: copying at every
  // new depth made a linearizable history cost quadratic time. Only points where the last step
  // is not an unknown blind write count (see unknownOutcomes): there, every operation with a
  // result that could go next has been tried, so the explanation can blame them.
  let deepestLength = 0;
  let deepestValue = initial;
  let value = initial;
  let entry = head.next;
  while (entry !== undefined) {
    if (entry.kind === "return") {
      // This operation is due and no order of what came before let it fit: backtrack.
      if (
        stack.length > 0 &&
        stack.length === deepestLength &&
        deepest.order.length < deepestLength &&
        !unknown.blindWrite[stack[stack.length - 1]!.call.op]
      )
        deepest = { order: stack.map((s) => s.call.op), value: deepestValue };
      const top = stack.pop();
      if (top === undefined) return { type: "stuck", explored: seen.size, deepest, tried };
      value = top.before;
      linearized.delete(top.call.op);
      unlift(top.call);
      entry = top.call.next;
      continue;
    }
    const afterBlindWrite =
      stack.length > 0 && unknown.blindWrite[stack[stack.length - 1]!.call.op] === 1;
    if (!unknown.mayGoNext(entry.op, linearized, afterBlindWrite)) {
      entry = entry.next;
      continue;
    }
    const operation = operations[entry.op]!;
    const step = applyToRegister(value, operation.op);
    if (operation.result !== undefined && !replyMatches(step.reply, operation.result)) {
      remember(tried, entry.op, value);
      entry = entry.next;
      continue;
    }
    if (operation.result === undefined && step.value === value) {
      // Unknown outcome and no effect here (INCR of a non-number): leaving it out is as good.
      entry = entry.next;
      continue;
    }
    linearized.add(entry.op);
    const blind = unknown.blindWrite[entry.op] === 1 ? "!" : "";
    const state = `${linearized.key()}|${blind}${step.value === null ? "" : `=${step.value}`}`;
    if (seen.has(state)) {
      linearized.delete(entry.op);
      entry = entry.next;
      continue;
    }
    seen.add(state);
    if (seen.size > maxStates) return { type: "budget", explored: maxStates };
    stack.push({ call: entry, before: value });
    value = step.value;
    lift(entry);
    if (stack.length > deepestLength && blind === "") {
      deepestLength = stack.length;
      deepestValue = value;
    }
    entry = head.next;
  }
  // No return entry is left: every operation that completed has taken effect.
  return { type: "linearizable", explored: seen.size, order: stack.map((s) => s.call.op) };
  // solution:end
  // starter: throw new Error("not implemented: searchLinearization (Wing & Gong over the entry list; memoize (linearized set, value); stop past maxStates)");
}

// solution:begin
/**
 * Two prunings for operations whose outcome is unknown (they may take effect at any time after
 * their call, or never), which otherwise cost a state per subset of them:
 * - twins: two unknown operations with the same command are interchangeable once both are invoked,
 *   so they are taken in invocation order only (one state per count, not per subset);
 * - a blind write (SET, or DEL whose reply nobody saw: the value after it does not depend on the
 *   value before) with an unknown outcome is pointless right before another write that ignores
 *   the value: leaving it out gives the same value with one more operation still free. So after
 *   one, only an operation that reads the value may go next. The state key carries that mark,
 *   since the same (set, value) reached otherwise may go on with anything.
 * Neither changes a verdict: every linearization maps to one that follows both rules.
 */
function unknownOutcomes(operations: readonly Operation[]) {
  const twin = new Int32Array(operations.length).fill(-1);
  const blindWrite = new Uint8Array(operations.length);
  const overwrites = new Uint8Array(operations.length);
  const latest = new Map<string, number>();
  const byCall = operations
    .map((_, i) => i)
    .sort((a, b) => operations[a]!.invokedAt - operations[b]!.invokedAt || a - b);
  for (const i of byCall) {
    const { op, result } = operations[i]!;
    const known = result !== undefined;
    overwrites[i] = ignoresValue(op, known) ? 1 : 0;
    if (known) continue;
    blindWrite[i] = overwrites[i]!;
    const command = op.join("\u0000");
    twin[i] = latest.get(command) ?? -1;
    latest.set(command, i);
  }
  return {
    blindWrite,
    /** Whether the search may try operation `op` next, by the two rules above. */
    mayGoNext(op: number, linearized: Bitset, afterBlindWrite: boolean): boolean {
      if (afterBlindWrite && overwrites[op] === 1) return false;
      const earlier = twin[op]!;
      return earlier < 0 || linearized.has(earlier);
    },
  };
}

function remember(tried: Map<number, Set<RegisterValue>>, op: number, value: RegisterValue): void {
  const values = tried.get(op);
  if (values === undefined) tried.set(op, new Set([value]));
  else if (values.size < maxTriedValuesPerOp) values.add(value);
}
// solution:end
