// Storage with a snapshot (§7, thesis 5.1-5.2): 03's Storage contract, plus saveSnapshot, after
// which the log forgets every entry the snapshot covers. In a directory:
//
//   snapshot       the latest snapshot (snapshot-file.ts), replaced atomically
//   log-manifest   which log directory is current and its base index (log-manifest.ts)
//   log-0/ log-1/  two 03 FileStorage directories: the current log (term and vote included)
//                  and the place the next compaction writes the shortened log to
//
// A 03 FileStorage numbers its entries from 1, so the log in slot s with base b holds the entry
// with index b + k as its entry k. Compaction never edits the current log in place: it writes
// the entries that survive into the other slot, and a manifest switch makes that one current.
//
// The order that makes every crash harmless:
//   1. save the snapshot (atomically, durably): from now on it holds every entry ≤ its index;
//   2. write the entries after it, and the term and vote, into the other slot, and sync it;
//   3. switch the manifest to the other slot (atomically, durably): the commit point;
//   4. remove the old slot's files (garbage now; a crash that keeps them costs only disk).
// A crash between 1 and 3 leaves a snapshot newer than the current log's base. Recovery then
// treats the snapshot as if it had arrived from a leader (§7's InstallSnapshot receiver rule): if
// the log holds the snapshot's last entry with the same term, the entries after it are kept,
// otherwise the whole log goes; and it finishes steps 2-4.
import { basename, join } from "node:path";
import {
  type Entry,
  type FileOps,
  FileStorage,
  type FileStorageOptions,
  type HardState,
  nodeFileOps,
  type RecoveryReport,
} from "#log";
import {
  type LogManifest,
  type LogSlot,
  readManifest,
  removeStaleManifestTemp,
  slotDir,
  writeManifest,
} from "./log-manifest.ts";
import { checkSnapshot, type Snapshot } from "./snapshot.ts";
import { defaultMaxSnapshotDataBytes } from "./snapshot-codec.ts";
import { readSnapshotFile, removeStaleSnapshotTemp, writeSnapshotFile } from "./snapshot-file.ts";

/** What is durable: the hard state, the latest snapshot (if any) and the log after it. */
export interface StoredState {
  readonly hardState: HardState;
  readonly snapshot: Snapshot | undefined;
  /** The entries after the snapshot: entries[0] has index (snapshot?.lastIncludedIndex ?? 0) + 1. */
  readonly entries: Entry[];
}

/** 03's Storage, with indexes that go on after a snapshot, and the snapshot itself. */
export interface SnapshotStorage {
  load(): StoredState;
  /** Replace the hard state; durable when this returns. */
  saveHardState(state: HardState): void;
  /**
   * Write entries from index fromIndex on, first deleting any stored entry at or after it;
   * snapshot index < fromIndex ≤ last index + 1. Durable only after sync().
   */
  writeEntries(fromIndex: number, entries: readonly Entry[]): void;
  /** Make every earlier writeEntries durable. */
  sync(): void;
  /**
   * Save snapshot (durable when this returns) and drop the log's prefix through its
   * lastIncludedIndex. If the log has an entry at lastIncludedIndex with lastIncludedTerm, the
   * entries after it stay; otherwise the whole log goes (§7). Any unsynced entries that stay
   * are synced too. The snapshot must be newer than the current one.
   *
   * It carries out both of the node's snapshot effects: Ready.saveSnapshot (a snapshot of this
   * node's own applied entries: its last entry is in the log, so the entries after it stay) and
   * Ready.installSnapshot (its `retainLog` is this same rule, decided on the same log).
   */
  saveSnapshot(snapshot: Snapshot): void;
  close(): void;
}

export interface CompactingStorageOptions {
  /** Every file operation goes through these (default node:fs); the crash tests pass a PowerLossDisk. */
  readonly fileOps?: FileOps;
  /** Largest snapshot data saved or accepted on open. Default 512 MiB. */
  readonly maxSnapshotDataBytes?: number;
  /** Options for the 03 FileStorage of each log directory (its fileOps is the one above). */
  readonly log?: Omit<FileStorageOptions, "fileOps">;
}

/** What open() found. */
export interface CompactionRecovery {
  /** The log's own recovery (03): a torn tail cut off, or nothing. */
  readonly log: RecoveryReport;
  /** True when a crash had interrupted a compaction after its snapshot was saved, and open finished it. */
  readonly finishedCompaction: boolean;
}

export class CompactingStorage implements SnapshotStorage {

  /**
   * Opens (or creates) the storage in dir: reads the snapshot and the current log, and finishes
   * a compaction a crash interrupted. Throws on damage (a corrupt snapshot, manifest or log).
   */
  static open(
    dir: string,
    options: CompactingStorageOptions = {},
  ): { storage: CompactingStorage; recovery: CompactionRecovery } {
    throw new Error("not implemented: CompactingStorage.open (snapshot, manifest, the current log; finish an interrupted compaction)");
  }


  /**
   * The current log file. It moves at every compaction: a driver that fsyncs it through a
   * descriptor of its own (09's BackgroundLogSync) opens the new one after each saveSnapshot.
   */
  get logPath(): string {
    throw new Error("not implemented: CompactingStorage.logPath (the current log's FileStorage knows it)");
  }

  load(): StoredState {
    throw new Error("not implemented: CompactingStorage.load");
  }

  saveHardState(state: HardState): void {
    throw new Error("not implemented: CompactingStorage.saveHardState");
  }

  writeEntries(fromIndex: number, entries: readonly Entry[]): void {
    throw new Error("not implemented: CompactingStorage.writeEntries (index i is entry i - snapshot index of the current log)");
  }

  sync(): void {
    throw new Error("not implemented: CompactingStorage.sync");
  }

  saveSnapshot(snapshot: Snapshot): void {
    throw new Error("not implemented: CompactingStorage.saveSnapshot (the snapshot first, then the shortened log in the other directory, then the manifest)");
  }

  close(): void {
    throw new Error("not implemented: CompactingStorage.close");
  }

}

