// The sequential specification of one key: what the stage 01 KvStore does to a single key,
// written as a pure function so the search can try an operation in a state and undo it for free.
// A key is a register holding a string, or null when it is missing.
import { bulk, type Command, error, integer, ok, parseInt64, type Reply } from "#kv";

export type RegisterValue = string | null;

export interface Step {
  readonly value: RegisterValue;
  readonly reply: Reply;
}

/** The operations the checker understands, with their exact arity (name included). */
const arities: ReadonlyMap<string, number> = new Map([
  ["GET", 2],
  ["SET", 3],
  ["DEL", 2],
  ["INCR", 2],
]);

/** The key a single-key operation touches; throws a one-line error for anything else. */
export function keyOf(op: Command): string {
  throw new Error("not implemented: keyOf (GET/SET/DEL/INCR with their exact arity; the key is op[1])");
}

/** True for operations that never change the key (GET): one with an unknown outcome constrains nothing. */
export function readsOnly(op: Command): boolean {
  throw new Error("not implemented: readsOnly (GET never changes the key)");
}

/**
 * True when `op` leaves the same value, and (if its reply is checked: `replyKnown`) the same reply,
 * whatever the key held: SET, and DEL when nobody saw its reply. The search uses it to skip writes
 * of unknown outcome that another such write would erase unseen.
 */
export function ignoresValue(op: Command, replyKnown: boolean): boolean {
  const name = op[0]?.toUpperCase();
  return name === "SET" || (name === "DEL" && !replyKnown);
}

/** What `op` answers and leaves behind when it runs alone on a key holding `value`. */
export function applyToRegister(value: RegisterValue, op: Command): Step {
  throw new Error("not implemented: applyToRegister (GET, SET, DEL, INCR on one key, as stage 01's KvStore does)");
}


/**
 * Whether an operation that answered `returned` is consistent with the model's `expected`.
 * Two errors match whatever their text: the message is not part of the state.
 */
export function replyMatches(expected: Reply, returned: Reply): boolean {
  throw new Error("not implemented: replyMatches (same type and value; any error matches an error)");
}

/** A reply as a client would print it: "1", nil, (integer) 2, OK, (error) ERR … */
export function showReply(reply: Reply): string {
  switch (reply.type) {
    case "simple":
      return reply.value;
    case "error":
      return `(error) ${reply.message}`;
    case "integer":
      return `(integer) ${reply.value}`;
    case "bulk":
      return reply.value === null ? "nil" : JSON.stringify(reply.value);
    case "array":
      return `[${reply.items.map(showReply).join(", ")}]`;
  }
}
