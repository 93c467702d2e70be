// The clients: a few of them, each with one operation in flight (GET, SET or INCR on a handful of
// keys), sent to the node it believes leads. Each operation ends "ok" (applied), "fail" (certainly
// not applied: not the leader, refused) or "info" (unknown: a timeout, a replaced entry) — the
// history the linearizability checker reads.
import type { Random } from "@rafting/runtime";
import { isReadOnly } from "#kv";
import type { Command, Outcome } from "#raft";
import type { HistoryEvent } from "#testing";

export interface InFlightOp {
  readonly client: number;
  readonly op: number;
  readonly command: Command;
  readonly requestId: string;
  readonly node: number;
  readonly invokedUs: number;
}

export type Completion = "ok" | "fail" | "info";

/** A write, for the acknowledged-writes check: anything stage 01's state machine does not only read. */
export function isWrite(command: Command): boolean {
  return !isReadOnly(command);
}

/** A random operation on one of `keys` keys; SET values are unique so the checker can tell writes apart. */
export function randomCommand(random: Random, keys: number, op: number): Command {
  // solution:begin
  const key = `k${random.int(0, keys)}`;
  const roll = random.next();
  if (roll < 0.4) return ["GET", key];
  if (roll < 0.7) return ["SET", key, `v${op}`];
  return ["INCR", key];
  // solution:end
  // starter: throw new Error("not implemented: randomCommand (GET, SET with a unique value, or INCR of a random key)");
}

/** How an outcome the node reported ends the operation, for the history. */
export function completionOf(outcome: Outcome): Completion {
  // solution:begin
  switch (outcome.type) {
    case "applied":
      return "ok";
    case "not-leader":
    case "rejected":
      return "fail"; // never reached a log: certainly not applied
    case "unknown":
      return "info";
  }
  // solution:end
  // starter: throw new Error("not implemented: completionOf (applied → ok; not-leader, rejected → fail; unknown → info)");
}

/** The history event that ends `op`. */
export function completionEvent(op: InFlightOp, outcome: Outcome | undefined): HistoryEvent {
  if (outcome === undefined) return { type: "info", id: op.op };
  const completion = completionOf(outcome);
  if (completion === "ok" && outcome.type === "applied")
    return { type: "ok", id: op.op, result: outcome.reply };
  return { type: completion === "ok" ? "info" : completion, id: op.op };
}
