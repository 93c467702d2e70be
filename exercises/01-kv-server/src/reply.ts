// What a command answers, as plain data. The RESP encoder turns it into bytes; Raft (stage 05)
// hands it back to the client that proposed the command. Strings are byte strings (latin1).

export type Reply =
  /** `+OK`: a short status line (never contains CR or LF). */
  | { readonly type: "simple"; readonly value: string }
  /** `-ERR …`: the first word is the error code (ERR, NOPROTO, …). */
  | { readonly type: "error"; readonly message: string }
  /**
   * `:42`: a signed 64-bit integer. A number when it is a safe integer (|n| < 2^53), a bigint
   * only for INCR results beyond that, so the wire value stays exact.
   */
  | { readonly type: "integer"; readonly value: number | bigint }
  /** `$3\r\nabc`: a binary-safe string; null is the nil reply (`$-1`), e.g. GET of a missing key. */
  | { readonly type: "bulk"; readonly value: string | null }
  /** `*2\r\n…`: a list of replies, e.g. MGET. */
  | { readonly type: "array"; readonly items: readonly Reply[] };

export const ok: Reply = { type: "simple", value: "OK" };

export function simple(value: string): Reply {
  return { type: "simple", value };
}

export function error(message: string): Reply {
  return { type: "error", message };
}

/** An integer reply; a bigint that fits a safe integer becomes a number, so equal values compare equal. */
export function integer(value: number | bigint): Reply {
  if (typeof value === "bigint" && isSafe(value)) return { type: "integer", value: Number(value) };
  return { type: "integer", value };
}

function isSafe(value: bigint): boolean {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);
}

export function bulk(value: string | null): Reply {
  return { type: "bulk", value };
}

export function array(items: readonly Reply[]): Reply {
  return { type: "array", items };
}
