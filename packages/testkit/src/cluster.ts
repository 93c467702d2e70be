// A small cluster driver for the tests of the Raft core (stages 04–06). It holds n nodes, runs
// simulated time (ticks), delivers messages through the deterministic Network, and carries out
// each step's effects in the order Raft needs: persist (and sync), then send, then apply.
// It knows nodes only through a small structural interface, so it works with any stage's node.
// Stage 06 adds hard state (term and vote, saved before anything is sent) and crash/restart.
import { type Addressed, type Faults, Network } from "./network.ts";
import { rerunHint, seededRandom } from "./random.ts";

/** The inputs the driver itself gives a node; a node's own input type may have more kinds. */
export type DriverInput<M> =
  | { readonly type: "tick" }
  | { readonly type: "message"; readonly message: M };

/** What the driver reads from a step's result: entries to persist and messages to send. */
export interface DriverReady<M> {
  readonly messages: readonly M[];
  /** Write these entries from `fromIndex` on (deleting what was stored there) before sending. */
  readonly persist?:
    | { readonly fromIndex: number; readonly entries: readonly unknown[] }
    | undefined;
  /** Term and vote to save (durably) before sending, when they changed (stage 06). */
  readonly hardState?: unknown;
}

export interface DriverNode<M> {
  step(input: DriverInput<M>): DriverReady<M>;
}

/** Where the driver persists a node's entries (stage 03's Storage fits this shape). */
export interface DriverStorage {
  writeEntries(fromIndex: number, entries: readonly unknown[]): void;
  sync(): void;
  /** Saves term and vote, durable when it returns; needed by nodes whose Ready has hardState. */
  saveHardState?(state: never): void;
}

/** The entries persisted for one node, in memory; refuses writes that would leave a gap. */
export class RecordingStorage implements DriverStorage {
  readonly entries: unknown[] = [];
  syncs = 0;
  /** The last hard state saved, or undefined. */
  hardState: unknown;

  saveHardState(state: unknown): void {
    this.hardState = state;
  }

  writeEntries(fromIndex: number, entries: readonly unknown[]): void {
    if (!Number.isInteger(fromIndex) || fromIndex < 1 || fromIndex > this.entries.length + 1) {
      throw new RangeError(
        `persist from index ${fromIndex} would leave a gap: ${this.entries.length} entries stored`,
      );
    }
    this.entries.length = fromIndex - 1;
    this.entries.push(...entries);
  }

  sync(): void {
    this.syncs++;
  }
}

type InputOf<N> = N extends { step(input: infer I): unknown } ? I : never;
type ReadyOf<N> = N extends { step(input: never): infer R } ? R : never;

export interface ClusterOptions<N, S extends DriverStorage = DriverStorage> {
  /** The nodes, by id. */
  readonly nodes: ReadonlyMap<number, N>;
  /** The seed of the network's PRNG; failures name it. */
  readonly seed: number;
  readonly faults?: Partial<Faults>;
  /** Where each node's entries are persisted; a RecordingStorage by default. */
  readonly storage?: (id: number) => S;
  /** Called after a step's effects were persisted and sent: the place to apply and observe. */
  readonly onReady?: (id: number, ready: ReadyOf<N>) => void;
  /** Called for each message just before it goes to the network (after the step's persist). */
  readonly onSend?: (id: number, message: Addressed) => void;
  /**
   * Effects beyond persist and send (stage 10: save or install a snapshot), carried out after the
   * step's messages left and onReady saw it: returns the inputs that say they are done, which
   * the driver steps on the same node right away (each carried out the same way).
   */
  readonly moreEffects?: (id: number, ready: ReadyOf<N>, storage: S) => readonly InputOf<N>[];
}

export class Cluster<
  M extends Addressed,
  N extends DriverNode<M>,
  S extends DriverStorage = DriverStorage,
> {
  readonly network: Network<M>;
  readonly seed: number;
  private readonly nodes: Map<number, N>;
  private readonly storages = new Map<number, S>();
  /** Crashed nodes: not ticked, and messages reaching them are lost. */
  private readonly down = new Set<number>();
  private readonly onReady: ((id: number, ready: ReadyOf<N>) => void) | undefined;
  private readonly onSend: ((id: number, message: Addressed) => void) | undefined;
  private readonly moreEffects: ClusterOptions<N, S>["moreEffects"];
  private nowTick = 0;

  constructor(options: ClusterOptions<N, S>) {
    if (options.nodes.size === 0) throw new RangeError("a cluster needs at least one node");
    this.seed = options.seed;
    this.nodes = new Map(options.nodes);
    this.network = new Network<M>(seededRandom(options.seed), options.faults);
    for (const id of this.nodes.keys()) {
      // Without a storage factory S is the default DriverStorage, which RecordingStorage is.
      this.storages.set(id, options.storage?.(id) ?? (new RecordingStorage() as unknown as S));
    }
    this.onReady = options.onReady;
    this.onSend = options.onSend;
    this.moreEffects = options.moreEffects;
  }

  /** The current simulated time, in ticks. */
  now(): number {
    return this.nowTick;
  }

  ids(): number[] {
    return [...this.nodes.keys()].sort((a, b) => a - b);
  }

  node(id: number): N {
    const node = this.nodes.get(id);
    if (node === undefined) throw new RangeError(`no node ${id} in the cluster (${this.ids()})`);
    return node;
  }

  storage(id: number): S {
    this.node(id);
    return this.storages.get(id) as S;
  }

  /** Puts a new node in place of node `id` (e.g. one restored from its storage with a new role). */
  replace(id: number, node: N): void {
    this.node(id);
    this.nodes.set(id, node);
  }

  /**
   * The node stops: it is not ticked and messages reaching it are lost, until `restart`. What its
   * storage holds is up to the storage (e.g. MemoryStorage.crash() keeps only what was synced).
   */
  crash(id: number): void {
    this.node(id);
    this.down.add(id);
  }

  /** Brings node `id` back as `node` (typically restored from its storage), with `storage`. */
  restart(id: number, node: N, storage?: S): void {
    this.node(id);
    this.nodes.set(id, node);
    if (storage !== undefined) this.storages.set(id, storage);
    this.down.delete(id);
  }

  isUp(id: number): boolean {
    this.node(id);
    return !this.down.has(id);
  }

  /** Gives one input to one node and carries out the effects: persist, then send, then apply. */
  step(id: number, input: InputOf<N>): ReadyOf<N> {
    if (this.down.has(id)) throw new Error(`node ${id} is down: restart it first`);
    const node = this.node(id) as unknown as { step(input: InputOf<N>): ReadyOf<N> };
    const ready = node.step(input);
    this.carryOut(id, ready);
    for (const done of this.moreEffects?.(id, ready, this.storage(id)) ?? []) this.step(id, done);
    return ready;
  }

  /** One tick of simulated time: deliver the messages now due, then tick every node. */
  tick(): void {
    this.nowTick++;
    for (const message of this.network.takeDue(this.nowTick)) {
      if (this.down.has(message.to)) continue; // a crashed node loses what reaches it
      this.step(message.to, { type: "message", message } as InputOf<N>);
    }
    for (const id of this.ids()) {
      if (!this.down.has(id)) this.step(id, { type: "tick" } as InputOf<N>);
    }
  }

  /** Runs `ticks` ticks. */
  run(ticks: number): void {
    for (let i = 0; i < ticks; i++) this.tick();
  }

  /**
   * Ticks until `condition` holds, at most `maxTicks` times; throws naming `what`, the time and
   * the seed if it never does. Returns the number of ticks it took.
   */
  runUntil(what: string, condition: () => boolean, maxTicks = 1000): number {
    for (let ticks = 0; ticks <= maxTicks; ticks++) {
      if (condition()) return ticks;
      if (ticks < maxTicks) this.tick();
    }
    throw new Error(
      `never reached "${what}" within ${maxTicks} ticks (now tick ${this.nowTick}, seed ${this.seed}; ${rerunHint(this.seed)})`,
    );
  }

  private carryOut(id: number, ready: ReadyOf<N>): void {
    const { messages, persist, hardState } = ready as DriverReady<M>;
    const storage = this.storage(id);
    // Raft's order (Figure 2, "respond to RPCs only after updating stable storage"): the hard
    // state and the entries are durable before any message that depends on them leaves.
    if (hardState !== undefined) {
      if (storage.saveHardState === undefined)
        throw new Error(`node ${id} has hard state to save, but its storage has no saveHardState`);
      storage.saveHardState(hardState as never);
    }
    if (persist !== undefined) {
      storage.writeEntries(persist.fromIndex, persist.entries);
      storage.sync();
    }
    for (const message of messages) {
      if (message.from !== id) throw new Error(`node ${id} sent a message from ${message.from}`);
      this.node(message.to);
      this.onSend?.(id, message);
      this.network.send(message, this.nowTick);
    }
    this.onReady?.(id, ready);
  }
}
