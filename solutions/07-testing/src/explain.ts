// Saying why: a checker that only answers "no" leaves the learner to search the history by hand.
// At the deepest point the search reached, every operation that could go next fails the model
// (one that fitted would have gone deeper), so those are the operations to show, with what the
// model expected and what they returned.
import type { Reply } from "#kv";
import type { Operation } from "./history.ts";
import { applyToRegister, type RegisterValue, replyMatches, showReply } from "./model.ts";
import type { SearchOutcome } from "./search.ts";

/** An operation that could go next but whose reply does not fit. */
export interface Misfit {
  readonly operation: Operation;
  /** What the model answers for it right after the longest linearizable prefix. */
  readonly expected: Reply;
  /** Every reply the model gave it in the orders tried (it returned none of them). */
  readonly allowed: readonly Reply[];
}

export interface NotLinearizable {
  readonly verdict: "not-linearizable";
  readonly key: string;
  /** The same, in words, for a test's failure message. */
  readonly explanation: string;
  /** The longest prefix of the key's operations that could be linearized, in that order. */
  readonly prefix: readonly Operation[];
  readonly valueAfterPrefix: RegisterValue;
  /** The operation that was due next (earliest completion) and cannot take effect. */
  readonly culprit: Misfit;
  /** States the search of this key explored before it ran out of orders to try. */
  readonly explored: number;
  /** Every operation that could go after the prefix; none fits. The culprit is one of them. */
  readonly misfits: readonly Misfit[];
}

/** How many operations of the prefix the explanation text lists (the last ones). */
export const maxPrefixShown = 6;

type Stuck = Extract<SearchOutcome, { type: "stuck" }>;

/** Turns a failed search of `key` into the operations to blame and a text that names them. */
export function explainStuck(
  key: string,
  operations: readonly Operation[],
  stuck: Stuck,
): NotLinearizable {
  // solution:begin
  const { order, value } = stuck.deepest;
  const done = new Set(order);
  const open = operations.map((_, i) => i).filter((i) => !done.has(i));
  const due = open
    .filter((i) => operations[i]!.result !== undefined)
    .reduce((a, b) => (operations[b]!.completedAt < operations[a]!.completedAt ? b : a));
  const dueAt = operations[due]!.completedAt;
  const misfits = open
    .filter((i) => operations[i]!.invokedAt < dueAt)
    .flatMap((i) => misfitOf(operations[i]!, value, stuck.tried.get(i)));
  const culprit = misfits.find((m) => m.operation === operations[due]);
  if (culprit === undefined)
    throw new Error(`internal: op ${operations[due]!.id} fits after the deepest prefix`);
  const prefix = order.map((i) => operations[i]!);
  return {
    verdict: "not-linearizable",
    key,
    explanation: describe(key, prefix, value, culprit, misfits),
    prefix,
    valueAfterPrefix: value,
    culprit,
    misfits,
    explored: stuck.explored,
  };
  // solution:end
  // starter: throw new Error("not implemented: explainStuck (after the deepest prefix, which ops could go next, and what did the model expect of each?)");
}

// solution:begin
function misfitOf(
  operation: Operation,
  value: RegisterValue,
  tried: ReadonlySet<RegisterValue> | undefined,
): Misfit[] {
  if (operation.result === undefined) return [];
  const expected = applyToRegister(value, operation.op).reply;
  if (replyMatches(expected, operation.result)) return [];
  const allowed = new Map<string, Reply>([[showReply(expected), expected]]);
  for (const before of tried ?? []) {
    const reply = applyToRegister(before, operation.op).reply;
    allowed.set(showReply(reply), reply);
  }
  return [{ operation, expected, allowed: [...allowed.values()] }];
}

function describe(
  key: string,
  prefix: readonly Operation[],
  value: RegisterValue,
  culprit: Misfit,
  misfits: readonly Misfit[],
): string {
  const shown = prefix.slice(-maxPrefixShown).map(showOutcome);
  if (prefix.length > maxPrefixShown) shown.unshift(`… ${prefix.length - maxPrefixShown} more`);
  const held = value === null ? "is missing" : `holds ${JSON.stringify(value)}`;
  const lines = [
    `key ${JSON.stringify(key)} is not linearizable: ${showOperation(culprit.operation)} ` +
      `returned ${showReply(culprit.operation.result!)}, but every order allows only ` +
      `${culprit.allowed.map(showReply).join(" or ")} here.`,
    `Longest linearizable prefix (${prefix.length} operations): ${shown.join(", ") || "none"}; then the key ${held}.`,
    "No operation that could go next fits:",
    ...misfits.map(
      (m) =>
        `  ${showOperation(m.operation)} returned ${showReply(m.operation.result!)}, the model expects ${showReply(m.expected)}`,
    ),
  ];
  return lines.join("\n");
}

/** The operation with what it answered ("?" when nobody knows). */
function showOutcome(operation: Operation): string {
  const result = operation.result === undefined ? "?" : showReply(operation.result);
  return `${operation.op.join(" ")} → ${result} (op ${operation.id}, client ${operation.client})`;
}

function showOperation(operation: Operation): string {
  return `${operation.op.join(" ")} (op ${operation.id}, client ${operation.client})`;
}
// solution:end
