// The cluster harness: n Raft nodes over the simulated network, in simulated ticks, with
// partitions, crashes and restarts from what storage kept, message loss and delay, and clients
// whose operations are recorded as a history for the linearizability checker. After every step of
// every node it runs the safety checkers; the first violation halts the run so it can be studied.
//
// The node is injected (the 06 createRaftNode signature), so the same harness runs the reference,
// the learner's node, or a buggy variant of either.

import { isReadOnly } from "#kv";
import {
  type Command,
  createRaftNode,
  type ElectionRandom,
  type Input,
  MemoryStorage,
  type RaftConfig,
  type Ready,
  type ReplicationLimits,
  type Role,
  type Storage,
} from "#raft";
import {
  type Acknowledged,
  type AppliedRecord,
  type LogView,
  type NodeView,
  SafetyMonitor,
  type Violation,
} from "./checkers.ts";
import type { ClientId, HistoryEvent, OpId } from "./history.ts";
import { createPrng, type Prng } from "./prng.ts";
import { type NetworkFaults, SimNetwork } from "./sim-network.ts";

/** What the harness needs of a node: the 06 RaftNode fits. */
export interface HarnessNode {
  readonly id: number;
  readonly role: Role;
  readonly term: number;
  readonly commitIndex: number;
  readonly log: LogView;
  step(input: Input): Ready;
}

export type NodeFactory = (
  config: RaftConfig,
  storage: Pick<Storage, "load">,
  random: ElectionRandom,
) => HarnessNode;

export type HarnessMessage = Ready["messages"][number];

/** Stage 10 (§7): a snapshot of the state machine through lastIncludedIndex. */
export interface HarnessSnapshot {
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
  readonly data: Uint8Array;
}

/**
 * Stage 10's effects beyond 06's Ready (the rules are on stage 10's Ready): save a snapshot the
 * node took; install one its leader sent. A 06 node's Ready has neither.
 */
export interface SnapshotEffects {
  readonly saveSnapshot?: HarnessSnapshot | undefined;
  readonly installSnapshot?:
    | { readonly snapshot: HarnessSnapshot; readonly retainLog: boolean }
    | undefined;
}

/** The input that tells a node its snapshot effect is done (stage 10). */
export interface SnapshotDone {
  readonly type: "snapshot-saved" | "snapshot-installed";
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
}

/**
 * A node's disk: 03's Storage that keeps only synced writes in a crash (MemoryStorage, the
 * default); stage 10's also saves snapshots (durable when saveSnapshot returns, §7's rule applied
 * to the stored log).
 */
export interface HarnessStorage extends Storage {
  /** The power goes: what survives (a prefix of the unsynced writes), as a restarted node finds it. */
  crash(keepUnsyncedEntries: number): HarnessStorage;
  saveSnapshot?(snapshot: HarnessSnapshot): void;
}

/**
 * Carries out a Ready's snapshot effects once its step 1 is durable: each snapshot is saved,
 * then the returned inputs tell the node (stage 10's contract; a 06 Ready has none: nothing).
 */
export function carryOutSnapshots(storage: HarnessStorage, ready: SnapshotEffects): SnapshotDone[] {
  const done: SnapshotDone[] = [];
  const save = (snapshot: HarnessSnapshot, type: SnapshotDone["type"]) => {
    if (storage.saveSnapshot === undefined)
      throw new Error(
        "the node asked to save a snapshot, but its storage cannot (no saveSnapshot)",
      );
    storage.saveSnapshot(snapshot);
    const { lastIncludedIndex, lastIncludedTerm } = snapshot;
    done.push({ type, lastIncludedIndex, lastIncludedTerm });
  };
  if (ready.saveSnapshot !== undefined) save(ready.saveSnapshot, "snapshot-saved");
  if (ready.installSnapshot !== undefined)
    save(ready.installSnapshot.snapshot, "snapshot-installed");
  return done;
}

export interface HarnessOptions {
  readonly seed: number;
  /** Nodes 1..size; 3 to 9. */
  readonly size?: number;
  /** The node under test; the 06 createRaftNode by default. */
  readonly createNode?: NodeFactory;
  /** Each node's disk; 03's MemoryStorage by default (stage 10 passes one that keeps snapshots). */
  readonly createStorage?: () => HarnessStorage;
  readonly faults?: Partial<NetworkFaults>;
  readonly electionTimeoutTicks?: number;
  readonly limits?: Partial<ReplicationLimits>;
  /** A client that heard nothing for this long records its operation as unknown ("info"). */
  readonly clientTimeoutTicks?: number;
  /**
   * Sync entries before sending (Raft's rule, the default). false: a driver that never syncs,
   * so a crash loses every entry it wrote: what the checkers must catch.
   */
  readonly syncBeforeSend?: boolean;
}

/** Why a run stopped early: a node threw (a bug, but not a named invariant). */
export interface NodeFailure {
  readonly tick: number;
  readonly node: number;
  readonly message: string;
}

interface PendingOp {
  readonly id: OpId;
  readonly client: ClientId;
  readonly command: Command;
  readonly node: number;
  readonly deadlineTick: number;
}

export class ClusterHarness {
  readonly seed: number;
  readonly ids: readonly number[];
  readonly network: SimNetwork<HarnessMessage>;
  readonly monitor = new SafetyMonitor();
  /** Invocations and completions, in the order they happened. */
  readonly history: HistoryEvent[] = [];
  /** Writes the clients saw succeed. */
  readonly acknowledged: Acknowledged[] = [];
  failure: NodeFailure | undefined;
  /**
   * Called right after a node handled a delivered message (its effects carried out, the checkers
   * run), before anything else happens to it: a scenario may crash it here, between two steps.
   */
  afterDelivery: ((node: number, message: HarnessMessage) => void) | undefined;
  // starter: private nowTick = 0;
  // solution:begin
  private readonly options: HarnessOptions;
  private readonly createNode: NodeFactory;
  private readonly prng: Prng;
  private readonly nodes = new Map<number, HarnessNode>();
  private readonly storages = new Map<number, HarnessStorage>();
  private readonly down = new Set<number>();
  private readonly pending = new Map<string, PendingOp>();
  private readonly busyClients = new Set<ClientId>();
  private nowTick = 0;
  private nextOp = 1;
  // solution:end

  constructor(options: HarnessOptions) {
    const size = options.size ?? 5;
    if (!Number.isInteger(size) || size < 3 || size > 9)
      throw new RangeError(`size must be an integer in 3..9, got ${size}`);
    this.seed = options.seed;
    this.ids = Array.from({ length: size }, (_, i) => i + 1);
    // solution:begin
    this.options = options;
    this.createNode = options.createNode ?? createRaftNode;
    this.prng = createPrng(options.seed);
    this.network = new SimNetwork(this.prng.fork(), options.faults);
    for (const id of this.ids) {
      const storage = options.createStorage?.() ?? new MemoryStorage();
      this.storages.set(id, storage);
      this.nodes.set(id, this.startNode(id, storage));
    }
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness (a network, and one node per id from createNode with a MemoryStorage)");
  }

  now(): number {
    return this.nowTick;
  }

  /** True once a checker found a violation or a node threw: the run is over. */
  get halted(): boolean {
    // solution:begin
    return this.failure !== undefined || this.monitor.violations.length > 0;
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.halted");
  }

  get violations(): readonly Violation[] {
    return this.monitor.violations;
  }

  node(id: number): HarnessNode {
    // solution:begin
    const node = this.nodes.get(id);
    if (node === undefined || this.down.has(id))
      throw new RangeError(
        `node ${id} is not running (nodes ${this.ids}, down: ${[...this.down]})`,
      );
    return node;
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.node");
  }

  storage(id: number): HarnessStorage {
    // solution:begin
    const storage = this.storages.get(id);
    if (storage === undefined) throw new RangeError(`no node ${id}`);
    return storage;
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.storage");
  }

  isUp(id: number): boolean {
    // solution:begin
    return this.nodes.has(id) && !this.down.has(id);
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.isUp");
  }

  upIds(): number[] {
    return this.ids.filter((id) => this.isUp(id));
  }

  /** The running leader of the highest term, if any. */
  leader(): number | undefined {
    // solution:begin
    let best: HarnessNode | undefined;
    for (const id of this.upIds()) {
      const node = this.node(id);
      if (node.role === "leader" && (best === undefined || node.term > best.term)) best = node;
    }
    return best?.id;
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.leader");
  }

  /** One tick: deliver the messages due, tick every running node, time out clients. */
  tick(): void {
    // solution:begin
    if (this.halted) return;
    this.nowTick++;
    for (const message of this.network.takeDue(this.nowTick)) {
      if (this.halted) return;
      if (!this.isUp(message.to)) continue;
      this.step(message.to, { type: "message", message });
      if (!this.halted) this.afterDelivery?.(message.to, message);
    }
    for (const id of this.upIds()) {
      if (this.halted) return;
      this.step(id, { type: "tick" });
    }
    this.timeOutClients();
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.tick (deliver due messages, tick each running node, check after every step)");
  }

  run(ticks: number): void {
    for (let i = 0; i < ticks && !this.halted; i++) this.tick();
  }

  /** Ticks until `condition` holds or the run halts; false if it did not hold within maxTicks. */
  runUntil(condition: () => boolean, maxTicks: number): boolean {
    for (let i = 0; i < maxTicks; i++) {
      if (this.halted) return false;
      if (condition()) return true;
      this.tick();
    }
    return !this.halted && condition();
  }

  /** The node stops; its storage keeps what was synced (plus `keepUnsyncedEntries`, a torn write). */
  crash(id: number, keepUnsyncedEntries = 0): void {
    // solution:begin
    if (!this.isUp(id)) throw new Error(`node ${id} is already down`);
    this.down.add(id);
    this.storages.set(id, this.storage(id).crash(keepUnsyncedEntries));
    for (const [requestId, op] of this.pending) {
      if (op.node === id) this.complete(requestId, { type: "info", id: op.id });
    }
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.crash (MemoryStorage.crash keeps the synced image; pending client ops become unknown)");
  }

  /** The node comes back, restored from its storage: a fresh node, volatile state empty. */
  restart(id: number): void {
    // solution:begin
    if (this.isUp(id)) throw new Error(`node ${id} is running: crash it first`);
    this.nodes.set(id, this.startNode(id, this.storage(id)));
    this.down.delete(id);
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.restart (createNode from the storage that survived)");
  }

  partition(groups: readonly (readonly number[])[]): void {
    this.network.partition(groups);
  }

  /** Cuts one node off from all others. */
  isolate(id: number): void {
    this.partition([[id], this.ids.filter((other) => other !== id)]);
  }

  heal(): void {
    this.network.heal();
  }

  isBusy(client: ClientId): boolean {
    // solution:begin
    return this.busyClients.has(client);
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.isBusy");
  }

  /**
   * A client sends `command` to the leader it finds (the running leader of the highest term, or
   * `to`). No leader: the operation fails at once (it was never proposed). Returns its op id.
   */
  invoke(client: ClientId, command: Command, to?: number): OpId {
    // solution:begin
    if (this.isBusy(client)) throw new Error(`client ${client} already has an operation in flight`);
    const id = this.nextOp++;
    this.history.push({ type: "invoke", client, id, op: command });
    const target = to ?? this.leader();
    if (target === undefined || !this.isUp(target) || this.halted) {
      this.history.push({ type: "fail", id });
      return id;
    }
    const requestId = `op-${id}`;
    this.busyClients.add(client);
    const deadlineTick = this.nowTick + (this.options.clientTimeoutTicks ?? 60);
    this.pending.set(requestId, { id, client, command, node: target, deadlineTick });
    this.step(target, { type: "propose", command, requestId });
    return id;
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.invoke (record the invoke, propose to the leader; no leader: fail)");
  }

  /**
   * Heal, restart every node, stop faults (no loss, no copies, one-tick delays), and run until a
   * leader has committed in its term: false if that did not happen within maxTicks (liveness).
   */
  settle(maxTicks = 400): boolean {
    // solution:begin
    this.heal();
    this.network.setFaults({ lossRate: 0, duplicateRate: 0, minDelayTicks: 1, maxDelayTicks: 1 });
    for (const id of this.ids) if (!this.isUp(id)) this.restart(id);
    return this.runUntil(() => this.settled(), maxTicks);
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.settle (heal, restart all, run until a leader commits in its term and clients are done)");
  }

  /** The end-of-run checks (acknowledged writes); returns the violations found then. */
  finish(): readonly Violation[] {
    // solution:begin
    if (this.failure !== undefined) return [];
    return this.monitor.finish(this.nowTick, this.acknowledged, this.views());
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.finish (check every acknowledged write against the final committed log)");
  }

  /** The running nodes as the checkers see them. */
  views(): NodeView[] {
    // solution:begin
    return this.upIds().map((id) => {
      const { role, term, commitIndex, log } = this.node(id);
      return { id, role, term, commitIndex, log };
    });
    // solution:end
    // starter: throw new Error("not implemented: ClusterHarness.views");
  }

  // solution:begin
  private startNode(id: number, storage: HarnessStorage): HarnessNode {
    const config: RaftConfig = {
      id,
      peers: this.ids.filter((other) => other !== id),
      electionTimeoutTicks: this.options.electionTimeoutTicks ?? 10,
      limits: this.options.limits ?? {},
    };
    return this.createNode(config, storage, this.prng.fork());
  }

  /** One input to one node, its effects carried out in Raft's order, then the checkers. */
  private step(id: number, input: Input): void {
    let ready: Ready;
    try {
      ready = this.node(id).step(input);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failure = { tick: this.nowTick, node: id, message };
      return;
    }
    const done = this.carryOut(id, ready);
    const applied: AppliedRecord[] = ready.applied
      .filter((entry) => entry.command.length > 0)
      .map((entry) => ({ node: id, index: entry.index, command: entry.command }));
    this.monitor.observe(this.nowTick, this.views(), applied, id);
    // Stage 10: a snapshot effect is done: the node hears so, as a step of its own.
    for (const input of done) if (!this.halted) this.step(id, input as unknown as Input);
  }

  /**
   * Figure 2: term, vote and entries are durable before any message that depends on them; then
   * stage 10's snapshot effects, whose completion inputs are returned.
   */
  private carryOut(id: number, ready: Ready): SnapshotDone[] {
    const storage = this.storage(id);
    if (ready.hardState !== undefined) storage.saveHardState(ready.hardState);
    if (ready.persist !== undefined) {
      storage.writeEntries(ready.persist.fromIndex, ready.persist.entries);
      if (this.options.syncBeforeSend ?? true) storage.sync();
    }
    for (const message of ready.messages) this.network.send(message, this.nowTick);
    for (const { requestId, outcome } of ready.results) {
      const op = this.pending.get(requestId);
      if (op === undefined) continue; // timed out already: its client moved on
      if (outcome.type === "applied") {
        this.complete(requestId, { type: "ok", id: op.id, result: outcome.reply });
        if (!isReadOnly(op.command))
          this.acknowledged.push({ index: outcome.index, command: op.command });
      } else if (outcome.type === "unknown") this.complete(requestId, { type: "info", id: op.id });
      else this.complete(requestId, { type: "fail", id: op.id });
    }
    return carryOutSnapshots(storage, ready as Ready & SnapshotEffects);
  }

  private complete(requestId: string, event: HistoryEvent): void {
    const op = this.pending.get(requestId);
    if (op === undefined) return;
    this.pending.delete(requestId);
    this.busyClients.delete(op.client);
    this.history.push(event);
  }

  private timeOutClients(): void {
    for (const [requestId, op] of this.pending) {
      if (this.nowTick >= op.deadlineTick) this.complete(requestId, { type: "info", id: op.id });
    }
  }

  private settled(): boolean {
    const leader = this.leader();
    if (leader === undefined || this.pending.size > 0) return false;
    const node = this.node(leader);
    const lastIndex = node.log.lastIndex();
    const caughtUp = this.upIds().every((id) => this.node(id).commitIndex === lastIndex);
    // A log compacted through its last index (stage 10) still knows that entry's term.
    const lastTerm = node.log.lastTerm?.() ?? node.log.entryAt(lastIndex)?.term;
    return lastTerm === node.term && caughtUp;
  }
  // solution:end
}
