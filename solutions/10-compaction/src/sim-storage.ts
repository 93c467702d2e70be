// A compacting storage in memory, for 07's harness and 08's simulator running the compacting
// node: CompactingStorage's contract (a snapshot, and the log after it) over 03's MemoryStorage,
// which keeps only synced writes in a crash (a prefix of the unsynced ones at most: a torn
// write). saveSnapshot is durable when it returns, like CompactingStorage's: the simulator makes
// a snapshot effect wait for a sync instead, so a crash before it completes loses it.
import { type Entry, type HardState, MemoryStorage } from "#log";
import type { StoredState } from "./compacting-storage.ts";
import { checkSnapshot, type Snapshot } from "./snapshot.ts";

export class SnapshotMemoryStorage {
  private snapshot: Snapshot | undefined;
  /** The entries after the snapshot, renumbered from 1 (03's MemoryStorage counts from 1). */
  private tail: MemoryStorage;

  constructor(snapshot?: Snapshot, tail: MemoryStorage = new MemoryStorage()) {
    if (snapshot !== undefined) checkSnapshot(snapshot);
    this.snapshot = snapshot;
    this.tail = tail;
  }

  load(): StoredState {
    const { hardState, entries } = this.tail.load();
    return { hardState, snapshot: this.snapshot, entries };
  }

  saveHardState(state: HardState): void {
    this.tail.saveHardState(state);
  }

  /** Entries from fromIndex on; the snapshot's index < fromIndex ≤ last index + 1. */
  writeEntries(fromIndex: number, entries: readonly Entry[]): void {
    const base = this.base();
    if (!Number.isSafeInteger(fromIndex) || fromIndex <= base)
      throw new RangeError(
        `writeEntries: fromIndex must be after the snapshot through ${base}, got ${fromIndex}`,
      );
    this.tail.writeEntries(fromIndex - base, entries);
  }

  sync(): void {
    this.tail.sync();
  }

  /**
   * Saves the snapshot (durable now) and drops the log through its lastIncludedIndex; the entries
   * after it stay only if the log holds its last entry with the same term (§7).
   */
  saveSnapshot(snapshot: Snapshot): void {
    checkSnapshot(snapshot);
    const base = this.base();
    if (snapshot.lastIncludedIndex <= base)
      throw new RangeError(
        `saveSnapshot: a snapshot through ${snapshot.lastIncludedIndex} is not newer than the one through ${base}`,
      );
    this.tail.sync(); // as CompactingStorage: the entries that stay are durable first
    const { hardState, entries } = this.tail.load();
    const at = snapshot.lastIncludedIndex - base;
    const last = entries[at - 1];
    const kept = last?.term === snapshot.lastIncludedTerm ? entries.slice(at) : [];
    this.tail.close();
    this.snapshot = snapshot;
    this.tail = new MemoryStorage({ hardState, entries: kept });
  }

  hasUnsyncedWrites(): boolean {
    return this.tail.hasUnsyncedWrites();
  }

  /** The power goes: the snapshot and the synced log survive (plus a prefix of the rest). */
  crash(keepUnsyncedEntries = 0): SnapshotMemoryStorage {
    return new SnapshotMemoryStorage(this.snapshot, this.tail.crash(keepUnsyncedEntries));
  }

  close(): void {
    this.tail.close();
  }

  private base(): number {
    return this.snapshot?.lastIncludedIndex ?? 0;
  }
}
