// Storage in memory, for the pure core's tests and the simulator (stage 08). It keeps two
// images, like a disk with a page cache: what is durable, and the writes since the last sync().
// crash() throws the unsynced writes away (or keeps a prefix of them: a torn write), which is what
// "only synced data survives a crash" means in a simulation. It leaves exactly the logs a power cut
// can leave FileStorage with on a PowerLossDisk (a test compares the two), so the simulator of
// stage 08 crashes nodes by the same rules as a real disk.
import type { Entry } from "./entry.ts";
import {
  checkEntries,
  checkHardState,
  checkWriteIndex,
  type HardState,
  initialHardState,
  type Storage,
} from "./storage.ts";

/** One writeEntries call that has not been synced yet. */
interface PendingWrite {
  readonly fromIndex: number;
  readonly entries: readonly Entry[];
}

export interface MemoryStorageImage {
  readonly hardState?: HardState;
  readonly entries?: readonly Entry[];
}

export class MemoryStorage implements Storage {
  // solution:begin
  private hardState: HardState;
  /** The log as it would survive a crash now. */
  private readonly durable: Entry[];
  /** The log as the writer sees it: durable plus pending, applied in order. */
  private readonly current: Entry[];
  private pending: PendingWrite[] = [];
  private state: "open" | "closed" | "crashed" = "open";
  // solution:end

  /** A storage whose durable image is `initial` (empty by default). */
  constructor(initial: MemoryStorageImage = {}) {
    // solution:begin
    const hardState = initial.hardState ?? initialHardState;
    checkHardState(hardState);
    const entries = initial.entries ?? [];
    checkEntries(entries, 1);
    this.hardState = hardState;
    this.durable = [...entries];
    this.current = [...entries];
    // solution:end
    // starter: throw new Error("not implemented: MemoryStorage constructor (a durable image and a list of pending writes)");
  }

  load(): { hardState: HardState; entries: Entry[] } {
    // solution:begin
    this.checkOpen("load");
    return { hardState: this.hardState, entries: [...this.durable] };
    // solution:end
    // starter: throw new Error("not implemented: MemoryStorage.load (the durable image only)");
  }

  saveHardState(state: HardState): void {
    // solution:begin
    this.checkOpen("saveHardState");
    checkHardState(state);
    this.hardState = { term: state.term, votedFor: state.votedFor };
    // solution:end
    // starter: throw new Error("not implemented: MemoryStorage.saveHardState (durable at once)");
  }

  writeEntries(fromIndex: number, entries: readonly Entry[]): void {
    // solution:begin
    this.checkOpen("writeEntries");
    checkWriteIndex(fromIndex, this.current.length);
    checkEntries(entries, fromIndex);
    const write = { fromIndex, entries: [...entries] };
    applyWrite(this.current, write, write.entries.length);
    this.pending.push(write);
    // solution:end
    // starter: throw new Error("not implemented: MemoryStorage.writeEntries (pending until sync)");
  }

  sync(): void {
    // solution:begin
    this.checkOpen("sync");
    for (const write of this.pending) applyWrite(this.durable, write, write.entries.length);
    this.pending = [];
    // solution:end
    // starter: throw new Error("not implemented: MemoryStorage.sync (pending writes become durable)");
  }

  close(): void {
    // solution:begin
    this.state = "closed";
    // solution:end
    // starter: throw new Error("not implemented: MemoryStorage.close");
  }

  /** True when some writeEntries has not been synced yet (what a crash now would lose). */
  hasUnsyncedWrites(): boolean {
    // solution:begin
    return this.pending.length > 0;
    // solution:end
    // starter: throw new Error("not implemented: MemoryStorage.hasUnsyncedWrites");
  }

  /**
   * The machine loses power: every unsynced write is lost, except the first `keepUnsyncedEntries`
   * steps of them, in write order (a torn write). A step is one entry, or a write's truncation
   * when it deletes entries: as on disk, the file can be cut before any new record arrives. This
   * storage is dead afterwards; the returned one holds what survived, as a restarted server finds it.
   */
  crash(keepUnsyncedEntries = 0): MemoryStorage {
    // solution:begin
    this.checkOpen("crash");
    if (!Number.isSafeInteger(keepUnsyncedEntries) || keepUnsyncedEntries < 0) {
      throw new RangeError(
        `crash: keepUnsyncedEntries must be an integer ≥ 0, got ${keepUnsyncedEntries}`,
      );
    }
    const survived = [...this.durable];
    let budget = keepUnsyncedEntries;
    for (const write of this.pending) {
      if (budget === 0) break;
      if (write.fromIndex <= survived.length) {
        survived.length = write.fromIndex - 1; // the truncation: a step of its own
        budget--;
      }
      const kept = Math.min(budget, write.entries.length);
      applyWrite(survived, write, kept);
      budget -= kept;
    }
    this.state = "crashed";
    return new MemoryStorage({ hardState: this.hardState, entries: survived });
    // solution:end
    // starter: throw new Error("not implemented: MemoryStorage.crash (keep the durable image, drop pending writes)");
  }

  // solution:begin
  private checkOpen(operation: string): void {
    if (this.state !== "open") {
      throw new Error(`MemoryStorage.${operation}: the storage is ${this.state}`);
    }
  }
  // solution:end
}

// solution:begin
/** Applies a write to a log image: truncate at fromIndex, then the first `count` entries. */
function applyWrite(log: Entry[], write: PendingWrite, count: number): void {
  if (write.fromIndex > log.length + 1) {
    throw new Error(
      `invariant: write at ${write.fromIndex} would leave a hole after ${log.length}`,
    );
  }
  log.length = write.fromIndex - 1;
  for (let i = 0; i < count; i++) log.push(write.entries[i]!);
}
// solution:end
