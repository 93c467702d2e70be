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
  // solution:begin
  const name = op[0]?.toUpperCase() ?? "";
  const arity = arities.get(name);
  if (arity === undefined || op.length !== arity)
    throw new Error(
      `unsupported operation '${op.join(" ")}': the checker models single-key GET key, SET key value, DEL key and INCR key`,
    );
  return op[1]!;
  // solution:end
  // starter: throw new Error("not implemented: keyOf (GET/SET/DEL/INCR with their exact arity; the key is op[1])");
}

/** True for operations that never change the key (GET): one with an unknown outcome constrains nothing. */
export function readsOnly(op: Command): boolean {
  // solution:begin
  return op[0]?.toUpperCase() === "GET";
  // solution:end
  // starter: throw new Error("not implemented: readsOnly (GET never changes the key)");
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
  // solution:begin
  switch (op[0]?.toUpperCase()) {
    case "GET":
      return { value, reply: bulk(value) };
    case "SET":
      return { value: op[2]!, reply: ok };
    case "DEL":
      return { value: null, reply: integer(value === null ? 0 : 1) };
    case "INCR":
      return increment(value);
    default:
      throw new Error(`unsupported operation '${op.join(" ")}'`);
  }
  // solution:end
  // starter: throw new Error("not implemented: applyToRegister (GET, SET, DEL, INCR on one key, as stage 01's KvStore does)");
}

// solution:begin
const int64Max = 2n ** 63n - 1n;

function increment(value: RegisterValue): Step {
  const current = value === null ? 0n : parseInt64(value);
  if (current === undefined)
    return { value, reply: error("ERR value is not an integer or out of range") };
  if (current === int64Max)
    return { value, reply: error("ERR increment or decrement would overflow") };
  const next = current + 1n;
  return { value: next.toString(), reply: integer(next) };
}
// solution:end

/**
 * Whether an operation that answered `returned` is consistent with the model's `expected`.
 * Two errors match whatever their text: the message is not part of the state.
 */
export function replyMatches(expected: Reply, returned: Reply): boolean {
  // solution:begin
  switch (expected.type) {
    case "error":
      return returned.type === "error";
    case "integer":
      return returned.type === "integer" && String(returned.value) === String(expected.value);
    case "simple":
    case "bulk":
      return returned.type === expected.type && returned.value === expected.value;
    case "array":
      return (
        returned.type === "array" &&
        returned.items.length === expected.items.length &&
        expected.items.every((item, i) => replyMatches(item, returned.items[i]!))
      );
  }
  // solution:end
  // starter: throw new Error("not implemented: replyMatches (same type and value; any error matches an error)");
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
