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
  throw new Error("not implemented: explainStuck (after the deepest prefix, which ops could go next, and what did the model expect of each?)");
}

