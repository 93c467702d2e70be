// Test helpers: histories of simulated concurrent runs that are linearizable by construction.
// Each operation runs atomically on a real KvStore at some moment between its invoke and its
// completion, and that moment is its linearization point. Not a test file itself.
import { bulk, type Command, type HistoryEvent, KvStore, type OpId } from "#stage";

/** A source of choices: an integer in [0, n). Seeded PRNG or fast-check values. */
export type Choose = (n: number) => number;

export interface RunShape {
  readonly clients: number;
  readonly operations: number;
  readonly keys: readonly string[];
  /** Out of 1000 operations, how many end as fail (never applied) and as info (applied or not). */
  readonly failPerMille: number;
  readonly infoPerMille: number;
}

type Outcome = "ok" | "fail" | "info-applied" | "info-lost";

type ClientState =
  | { readonly phase: "idle" }
  | {
      readonly phase: "invoked";
      readonly id: OpId;
      readonly op: Command;
      readonly outcome: Outcome;
    }
  | { readonly phase: "applied"; readonly id: OpId; readonly event: HistoryEvent };

/** Runs `shape.operations` operations from `shape.clients` clients, interleaved as `choose` says. */
export function simulateRun(choose: Choose, shape: RunShape): HistoryEvent[] {
  const store = new KvStore();
  const events: HistoryEvent[] = [];
  const clients: ClientState[] = Array.from({ length: shape.clients }, () => ({ phase: "idle" }));
  let invoked = 0;
  const advance = (client: number): void => {
    const state = clients[client]!;
    if (state.phase === "idle") {
      if (invoked === shape.operations) return;
      const id = ++invoked;
      const op = randomOp(choose, shape.keys);
      events.push({ type: "invoke", client, id, op });
      clients[client] = { phase: "invoked", id, op, outcome: randomOutcome(choose, shape) };
    } else if (state.phase === "invoked") {
      clients[client] = { phase: "applied", id: state.id, event: takeEffect(store, state) };
    } else {
      events.push(state.event);
      clients[client] = { phase: "idle" };
    }
  };
  while (invoked < shape.operations) advance(choose(shape.clients));
  // Let every operation still in flight finish, client by client.
  for (let client = 0; client < shape.clients; client++)
    while (clients[client]!.phase !== "idle") advance(client);
  return events;
}

/** The linearization point: apply (or not) and decide the completion event. */
function takeEffect(
  store: KvStore,
  state: Extract<ClientState, { phase: "invoked" }>,
): HistoryEvent {
  const { id, op, outcome } = state;
  if (outcome === "fail") return { type: "fail", id };
  if (outcome === "info-lost") return { type: "info", id };
  const result = store.apply(op);
  return outcome === "ok" ? { type: "ok", id, result } : { type: "info", id };
}

function randomOp(choose: Choose, keys: readonly string[]): Command {
  const key = keys[choose(keys.length)]!;
  const kind = choose(10);
  if (kind < 4) return ["GET", key];
  if (kind < 7) return ["SET", key, String(choose(10))];
  if (kind < 9) return ["INCR", key];
  return ["DEL", key];
}

function randomOutcome(choose: Choose, shape: RunShape): Outcome {
  const roll = choose(1000);
  if (roll < shape.failPerMille) return "fail";
  if (roll < shape.failPerMille + shape.infoPerMille)
    return choose(2) === 0 ? "info-applied" : "info-lost";
  return "ok";
}

/** Choices from a list of numbers (fast-check's), then zeros: shrinking the list shrinks the run. */
export function chooseFrom(values: readonly number[]): Choose {
  let next = 0;
  return (n) => (next < values.length ? values[next++]! % n : 0);
}

/**
 * The history with the ok reply of one GET, near the middle, replaced by a value nobody wrote.
 * Returns the history and the corrupted operation's id.
 */
export function corruptOneRead(history: readonly HistoryEvent[]): {
  history: HistoryEvent[];
  id: OpId;
  key: string;
} {
  const reads = new Map<OpId, string>();
  for (const event of history)
    if (event.type === "invoke" && event.op[0] === "GET") reads.set(event.id, event.op[1]!);
  const okReads = history
    .map((event, at) => ({ event, at }))
    .filter(({ event }) => event.type === "ok" && reads.has(event.id));
  const target = okReads[Math.floor(okReads.length / 2)];
  if (target === undefined) throw new Error("the history has no completed GET to corrupt");
  const id = target.event.id;
  const corrupted = history.slice();
  corrupted[target.at] = { type: "ok", id, result: bulk("never-written") };
  return { history: corrupted, id, key: reads.get(id)! };
}
