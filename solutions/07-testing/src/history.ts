// A history is what a test saw from the outside: clients invoking operations and, later, learning
// how they ended. The checker never sees the servers, only these events, in the order they
// happened (a test driver records them as they occur, so the order is real time).
import type { Command, Reply } from "#kv";

export type ClientId = string | number;
export type OpId = string | number;

export type HistoryEvent =
  /** A client sent `op` (e.g. ["SET", "x", "1"]); `id` names the operation in its completion. */
  | { readonly type: "invoke"; readonly client: ClientId; readonly id: OpId; readonly op: Command }
  /** The operation took effect and answered `result`. */
  | { readonly type: "ok"; readonly id: OpId; readonly result: Reply }
  /** The operation certainly did not take effect (e.g. refused before it was proposed). */
  | { readonly type: "fail"; readonly id: OpId }
  /** Outcome unknown (a timeout, a crash): it may take effect at any time after it was invoked, or never. */
  | { readonly type: "info"; readonly id: OpId };

/** One operation, its invocation paired with its completion. Times are event positions. */
export interface Operation {
  readonly id: OpId;
  readonly client: ClientId;
  readonly op: Command;
  /** What it answered; undefined when the outcome is unknown (info, or no completion at all). */
  readonly result: Reply | undefined;
  /** Position of the invoke event in the history. */
  readonly invokedAt: number;
  /** Position of the ok event; Infinity when the outcome is unknown (it may take effect any time later). */
  readonly completedAt: number;
}

/**
 * Pairs invocations with completions. Failed operations are left out (they did not happen);
 * operations without a completion count as unknown. Throws a one-line error on a malformed
 * history: a duplicate id, a completion of nothing, or a client with two operations in flight.
 */
export function toOperations(history: readonly HistoryEvent[]): Operation[] {
  // solution:begin
  const pending = new Map<OpId, { client: ClientId; op: Command; invokedAt: number }>();
  const busyClients = new Map<ClientId, OpId>();
  const seen = new Set<OpId>();
  const operations: Operation[] = [];
  history.forEach((event, at) => {
    if (event.type === "invoke") {
      if (seen.has(event.id)) throw malformed(at, `op ${event.id} is invoked twice`);
      const busyWith = busyClients.get(event.client);
      if (busyWith !== undefined)
        throw malformed(
          at,
          `client ${event.client} invokes op ${event.id} while its op ${busyWith} is in flight (a client is sequential)`,
        );
      seen.add(event.id);
      busyClients.set(event.client, event.id);
      pending.set(event.id, { client: event.client, op: event.op, invokedAt: at });
      return;
    }
    const invoked = pending.get(event.id);
    if (invoked === undefined)
      throw malformed(at, `${event.type} for op ${event.id}, which is not in flight`);
    pending.delete(event.id);
    busyClients.delete(invoked.client);
    if (event.type === "fail") return;
    const known = event.type === "ok";
    operations.push({
      id: event.id,
      ...invoked,
      result: known ? event.result : undefined,
      completedAt: known ? at : Number.POSITIVE_INFINITY,
    });
  });
  for (const [id, invoked] of pending)
    operations.push({ id, ...invoked, result: undefined, completedAt: Number.POSITIVE_INFINITY });
  return operations.sort((a, b) => a.invokedAt - b.invokedAt);
  // solution:end
  // starter: throw new Error("not implemented: toOperations (pair each invoke with its ok/fail/info; fail = never happened, info = completes at +infinity)");
}

// solution:begin
function malformed(at: number, problem: string): Error {
  return new Error(`malformed history at event ${at}: ${problem}`);
}
// solution:end
