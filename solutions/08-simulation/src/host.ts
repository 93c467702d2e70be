// One simulated machine: a Raft node, its disk (stage 03's MemoryStorage: only synced data
// survives a crash, plus a prefix of the unsynced writes, by the same rules as a real disk's power
// loss: stage 03's crash-outcomes test holds it to FileStorage on a PowerLossDisk) and what it
// must not send yet. The driver follows the driver contract (stated on 04's Ready, Figure 2):
// save term and vote, write the entries, and only once a sync has made them durable send the
// messages and answer the clients that depend on them. A sync takes simulated time, so a
// crash can strike between write and sync, and lose the write.
// Stage 10's snapshot effects (save a snapshot; install a leader's) take a sync's time too: they
// are carried out when the next sync completes, and a crash before then loses them, as a crash
// during a snapshot write would; the node hears each completion as an input then.
import type { Message, ProposalResult, Ready } from "#raft";
import { MemoryStorage } from "#raft";
import {
  carryOutSnapshots,
  type HarnessNode,
  type HarnessStorage,
  type LogView,
  logOf,
  type SnapshotDone,
  type SnapshotEffects,
} from "#testing";

/**
 * What a (crashed) machine's disk holds, as a log: its entries, numbered on from its snapshot
 * when it has one (stage 10's storage loads the snapshot and the entries after it).
 */
export function diskLog(storage: HarnessStorage): LogView {
  const stored = storage.load() as ReturnType<HarnessStorage["load"]> & {
    readonly snapshot?: { readonly lastIncludedIndex: number } | undefined;
  };
  return logOf(stored.entries, stored.snapshot?.lastIncludedIndex ?? 0);
}

/** What a Ready sends out once its writes are durable. */
export interface Outputs {
  readonly messages: readonly Message[];
  readonly results: readonly ProposalResult[];
}

export interface CarryOut {
  /** A sync must be scheduled: the first write since the last sync. */
  readonly syncNeeded: boolean;
  /** What can go out now (nothing while a sync is pending: it waits for it). */
  readonly release: readonly Outputs[];
}

export class NodeHost {
  readonly id: number;
  /** Each drift between -maxDriftRate and +maxDriftRate: this node's clock runs that much off. */
  readonly driftRate: number;
  /** Its disk: 03's MemoryStorage by default; stage 10 passes one that keeps snapshots. */
  storage: HarnessStorage;
  /** undefined while crashed. */
  node: HarnessNode | undefined;
  /** Bumped at every restart: events scheduled for an earlier life are ignored. */
  incarnation = 0;
  // starter: syncPending = false;
  // solution:begin
  syncPending = false;
  private held: Outputs[] = [];
  private unsynced = 0;
  // solution:end

  // Stage 10: snapshot effects waiting for the next sync, and the completions it produced.
  private snapshots: SnapshotEffects[] = [];
  private snapshotsDone: SnapshotDone[] = [];

  constructor(
    id: number,
    driftRate: number,
    createStorage: () => HarnessStorage = () => new MemoryStorage(),
  ) {
    this.id = id;
    this.driftRate = driftRate;
    this.storage = createStorage();
  }

  /** Stage 10: a Ready's snapshot effects wait for the next sync (a snapshot write takes time). */
  private holdSnapshots(ready: Ready): boolean {
    const effects = ready as Ready & SnapshotEffects;
    if (effects.saveSnapshot === undefined && effects.installSnapshot === undefined) return false;
    this.snapshots.push(effects);
    return true;
  }

  /** Stage 10: the snapshot effects the last sync carried out, as the inputs that say so. */
  takeSnapshotsDone(): SnapshotDone[] {
    const done = this.snapshotsDone;
    this.snapshotsDone = [];
    return done;
  }

  get up(): boolean {
    return this.node !== undefined;
  }

  /** Figure 2's order: hard state (durable at once), entries (durable at the next sync), then outputs. */
  carryOut(ready: Ready): CarryOut {
    // solution:begin
    if (ready.hardState !== undefined) this.storage.saveHardState(ready.hardState);
    let syncNeeded = false;
    if (ready.persist !== undefined) {
      this.storage.writeEntries(ready.persist.fromIndex, ready.persist.entries);
      this.unsynced += ready.persist.entries.length;
      syncNeeded = !this.syncPending;
      this.syncPending = true;
    }
    if (this.holdSnapshots(ready)) {
      syncNeeded ||= !this.syncPending;
      this.syncPending = true;
    }
    const outputs = { messages: ready.messages, results: ready.results };
    // Held behind the pending sync even with no writes of its own: a response may acknowledge
    // entries an earlier step wrote and that are not durable yet.
    if (this.syncPending) {
      this.held.push(outputs);
      return { syncNeeded, release: [] };
    }
    return { syncNeeded, release: [outputs] };
    // solution:end
    // starter: throw new Error("not implemented: NodeHost.carryOut (save hard state, write entries, hold the outputs until a sync if one is pending)");
  }

  /** The sync completes: every write so far is durable; what waited for it may go out. */
  synced(): readonly Outputs[] {
    // solution:begin
    this.storage.sync();
    for (const effects of this.snapshots)
      this.snapshotsDone.push(...carryOutSnapshots(this.storage, effects));
    this.snapshots = [];
    this.syncPending = false;
    this.unsynced = 0;
    const release = this.held;
    this.held = [];
    return release;
    // solution:end
    // starter: throw new Error("not implemented: NodeHost.synced (sync the storage, release the held outputs)");
  }

  /** Power off: volatile state and held outputs are gone; the disk keeps the synced image, plus `keepUnsyncedEntries`. */
  crash(keepUnsyncedEntries: number): void {
    // solution:begin
    if (this.node === undefined) throw new Error(`node ${this.id} is already down`);
    this.storage = this.storage.crash(keepUnsyncedEntries);
    this.node = undefined;
    this.held = [];
    this.snapshots = [];
    this.snapshotsDone = [];
    this.syncPending = false;
    this.unsynced = 0;
    this.incarnation++;
    // solution:end
    // starter: throw new Error("not implemented: NodeHost.crash (MemoryStorage.crash; drop the node, its held outputs and its pending sync)");
  }

  /** Entries written but not yet synced (what a crash now would lose). */
  unsyncedEntries(): number {
    // solution:begin
    return this.unsynced;
    // solution:end
    // starter: throw new Error("not implemented: NodeHost.unsyncedEntries");
  }
}
