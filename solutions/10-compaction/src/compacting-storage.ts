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
  // solution:begin
  readonly dir: string;
  private readonly ops: FileOps;
  private readonly options: CompactingStorageOptions;
  private snapshot: Snapshot | undefined;
  private slot: LogSlot;
  private log: FileStorage | undefined;
  /** Index of the last entry written (synced or not). */
  private lastIndex: number;
  // solution:end

  /**
   * Opens (or creates) the storage in dir: reads the snapshot and the current log, and finishes
   * a compaction a crash interrupted. Throws on damage (a corrupt snapshot, manifest or log).
   */
  static open(
    dir: string,
    options: CompactingStorageOptions = {},
  ): { storage: CompactingStorage; recovery: CompactionRecovery } {
    // solution:begin
    const ops = options.fileOps ?? nodeFileOps;
    ops.mkdir(slotDir(dir, 0));
    ops.mkdir(slotDir(dir, 1));
    removeStaleSnapshotTemp(ops, dir);
    removeStaleManifestTemp(ops, dir);
    ops.fsyncDir(dir); // the log directories' names (and the temp files' removal) are durable
    const snapshot = readSnapshotFile(ops, dir, options.maxSnapshotDataBytes);
    const manifest = readManifest(ops, dir);
    const snapshotIndex = snapshot?.lastIncludedIndex ?? 0;
    if (manifest.base > snapshotIndex) {
      throw new Error(
        `${dir}: the log starts after index ${manifest.base} but the snapshot ends at ` +
          `${snapshotIndex}: entries in between are missing; refusing to start`,
      );
    }
    const opened = openLog(ops, slotDir(dir, manifest.slot), options);
    const { hardState, entries } = opened.storage.load();
    const storage = new CompactingStorage(dir, ops, options, snapshot, manifest, opened.storage);
    storage.lastIndex = manifest.base + entries.length;
    const interrupted = snapshot !== undefined && manifest.base < snapshotIndex;
    if (interrupted) storage.switchLog(hardState, entriesAfter(entries, manifest.base, snapshot));
    return { storage, recovery: { log: opened.recovery, finishedCompaction: interrupted } };
    // solution:end
    // starter: throw new Error("not implemented: CompactingStorage.open (snapshot, manifest, the current log; finish an interrupted compaction)");
  }

  // solution:begin
  private constructor(
    dir: string,
    ops: FileOps,
    options: CompactingStorageOptions,
    snapshot: Snapshot | undefined,
    manifest: LogManifest,
    log: FileStorage,
  ) {
    this.dir = dir;
    this.ops = ops;
    this.options = options;
    this.snapshot = snapshot;
    this.slot = manifest.slot;
    this.log = log;
    this.lastIndex = manifest.base;
  }
  // solution:end

  /**
   * The current log file. It moves at every compaction: a driver that fsyncs it through a
   * descriptor of its own (09's BackgroundLogSync) opens the new one after each saveSnapshot.
   */
  get logPath(): string {
    // solution:begin
    return this.currentLog("logPath").logPath;
    // solution:end
    // starter: throw new Error("not implemented: CompactingStorage.logPath (the current log's FileStorage knows it)");
  }

  load(): StoredState {
    // solution:begin
    const { hardState, entries } = this.currentLog("load").load();
    return { hardState, snapshot: this.snapshot, entries };
    // solution:end
    // starter: throw new Error("not implemented: CompactingStorage.load");
  }

  saveHardState(state: HardState): void {
    // solution:begin
    this.currentLog("saveHardState").saveHardState(state);
    // solution:end
    // starter: throw new Error("not implemented: CompactingStorage.saveHardState");
  }

  writeEntries(fromIndex: number, entries: readonly Entry[]): void {
    // solution:begin
    const log = this.currentLog("writeEntries");
    const base = this.snapshotIndex();
    if (!Number.isSafeInteger(fromIndex) || fromIndex <= base || fromIndex > this.lastIndex + 1) {
      throw new RangeError(
        `writeEntries: fromIndex must be an integer in ${base + 1}..${this.lastIndex + 1} ` +
          `(after the snapshot through ${base}, no holes), got ${fromIndex}`,
      );
    }
    log.writeEntries(fromIndex - base, entries);
    this.lastIndex = fromIndex + entries.length - 1;
    // solution:end
    // starter: throw new Error("not implemented: CompactingStorage.writeEntries (index i is entry i - snapshot index of the current log)");
  }

  sync(): void {
    // solution:begin
    this.currentLog("sync").sync();
    // solution:end
    // starter: throw new Error("not implemented: CompactingStorage.sync");
  }

  saveSnapshot(snapshot: Snapshot): void {
    // solution:begin
    const log = this.currentLog("saveSnapshot");
    checkSnapshot(snapshot);
    const base = this.snapshotIndex();
    if (snapshot.lastIncludedIndex <= base) {
      throw new RangeError(
        `saveSnapshot: a snapshot through ${snapshot.lastIncludedIndex} is not newer than the ` +
          `one through ${base}`,
      );
    }
    log.sync(); // the entries that stay are durable before they are copied, and nothing waits on the old log
    const { hardState, entries } = log.load();
    writeSnapshotFile(this.ops, this.dir, snapshot, this.maxSnapshotDataBytes()); // 1. durable first
    this.snapshot = snapshot;
    this.switchLog(hardState, entriesAfter(entries, base, snapshot)); // 2-4
    // solution:end
    // starter: throw new Error("not implemented: CompactingStorage.saveSnapshot (the snapshot first, then the shortened log in the other directory, then the manifest)");
  }

  close(): void {
    // solution:begin
    this.log?.close();
    this.log = undefined;
    // solution:end
    // starter: throw new Error("not implemented: CompactingStorage.close");
  }

  // solution:begin
  /**
   * Steps 2-4: the log after the snapshot, with the hard state, becomes the current log in the
   * other slot. The snapshot must already be durable.
   */
  private switchLog(hardState: HardState, kept: readonly Entry[]): void {
    const old = this.currentLog("compaction");
    const base = this.snapshotIndex();
    const target: LogSlot = this.slot === 0 ? 1 : 0;
    const targetDir = slotDir(this.dir, target);
    // A log an earlier compaction left there. Its removal needs no fsync of its own: the
    // manifest does not point here until the new log is synced, and FileStorage.open fsyncs
    // this directory (names change durably in order, so the removal comes first).
    removeLogFiles(this.ops, old, targetDir);
    const next = openLog(this.ops, targetDir, this.options).storage;
    next.saveHardState(hardState);
    if (kept.length > 0) next.writeEntries(1, kept);
    next.sync();
    writeManifest(this.ops, this.dir, { slot: target, base }); // the commit point
    this.log = next;
    this.slot = target;
    this.lastIndex = base + kept.length;
    old.close();
    removeLogFiles(this.ops, old, old.dir); // garbage now: only disk space is at stake
  }

  private snapshotIndex(): number {
    return this.snapshot?.lastIncludedIndex ?? 0;
  }

  private maxSnapshotDataBytes(): number {
    return this.options.maxSnapshotDataBytes ?? defaultMaxSnapshotDataBytes;
  }

  private currentLog(operation: string): FileStorage {
    if (this.log === undefined) {
      throw new Error(`CompactingStorage.${operation}: the storage is closed`);
    }
    return this.log;
  }
  // solution:end
}

// solution:begin
function openLog(
  ops: FileOps,
  dir: string,
  options: CompactingStorageOptions,
): { storage: FileStorage; recovery: RecoveryReport } {
  return FileStorage.open(dir, { ...options.log, fileOps: ops });
}

/**
 * §7's rule for a snapshot arriving at a log whose first entry has index base + 1: if the log
 * has the snapshot's last entry with the same term, the entries after it stay; otherwise the
 * snapshot supersedes the whole log.
 */
function entriesAfter(entries: readonly Entry[], base: number, snapshot: Snapshot): Entry[] {
  const at = snapshot.lastIncludedIndex - base; // position of the snapshot's last entry + 1
  const last = entries[at - 1];
  if (last === undefined || last.term !== snapshot.lastIncludedTerm) return [];
  return entries.slice(at);
}

/** Removes, in dir, the files a log like `like` keeps (03 names them; the names are its own). */
function removeLogFiles(ops: FileOps, like: FileStorage, dir: string): void {
  ops.remove(join(dir, basename(like.logPath)));
  ops.remove(join(dir, basename(like.hardStatePath)));
}
// solution:end
