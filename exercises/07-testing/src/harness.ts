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
  private nowTick = 0;

  constructor(options: HarnessOptions) {
    const size = options.size ?? 5;
    if (!Number.isInteger(size) || size < 3 || size > 9)
      throw new RangeError(`size must be an integer in 3..9, got ${size}`);
    this.seed = options.seed;
    this.ids = Array.from({ length: size }, (_, i) => i + 1);
    throw new Error("not implemented: ClusterHarness (a network, and one node per id from createNode with a MemoryStorage)");
  }

  now(): number {
    return this.nowTick;
  }

  /** True once a checker found a violation or a node threw: the run is over. */
  get halted(): boolean {
    throw new Error("not implemented: ClusterHarness.halted");
  }

  get violations(): readonly Violation[] {
    return this.monitor.violations;
  }

  node(id: number): HarnessNode {
    throw new Error("not implemented: ClusterHarness.node");
  }

  storage(id: number): HarnessStorage {
    throw new Error("not implemented: ClusterHarness.storage");
  }

  isUp(id: number): boolean {
    throw new Error("not implemented: ClusterHarness.isUp");
  }

  upIds(): number[] {
    return this.ids.filter((id) => this.isUp(id));
  }

  /** The running leader of the highest term, if any. */
  leader(): number | undefined {
    throw new Error("not implemented: ClusterHarness.leader");
  }

  /** One tick: deliver the messages due, tick every running node, time out clients. */
  tick(): void {
    throw new Error("not implemented: ClusterHarness.tick (deliver due messages, tick each running node, check after every step)");
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
    throw new Error("not implemented: ClusterHarness.crash (MemoryStorage.crash keeps the synced image; pending client ops become unknown)");
  }

  /** The node comes back, restored from its storage: a fresh node, volatile state empty. */
  restart(id: number): void {
    throw new Error("not implemented: ClusterHarness.restart (createNode from the storage that survived)");
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
    throw new Error("not implemented: ClusterHarness.isBusy");
  }

  /**
   * A client sends `command` to the leader it finds (the running leader of the highest term, or
   * `to`). No leader: the operation fails at once (it was never proposed). Returns its op id.
   */
  invoke(client: ClientId, command: Command, to?: number): OpId {
    throw new Error("not implemented: ClusterHarness.invoke (record the invoke, propose to the leader; no leader: fail)");
  }

  /**
   * Heal, restart every node, stop faults (no loss, no copies, one-tick delays), and run until a
   * leader has committed in its term: false if that did not happen within maxTicks (liveness).
   */
  settle(maxTicks = 400): boolean {
    throw new Error("not implemented: ClusterHarness.settle (heal, restart all, run until a leader commits in its term and clients are done)");
  }

  /** The end-of-run checks (acknowledged writes); returns the violations found then. */
  finish(): readonly Violation[] {
    throw new Error("not implemented: ClusterHarness.finish (check every acknowledged write against the final committed log)");
  }

  /** The running nodes as the checkers see them. */
  views(): NodeView[] {
    throw new Error("not implemented: ClusterHarness.views");
  }

}
