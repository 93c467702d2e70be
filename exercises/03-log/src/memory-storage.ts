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

  /** A storage whose durable image is `initial` (empty by default). */
  constructor(initial: MemoryStorageImage = {}) {
    throw new Error("not implemented: MemoryStorage constructor (a durable image and a list of pending writes)");
  }

  load(): { hardState: HardState; entries: Entry[] } {
    throw new Error("not implemented: MemoryStorage.load (the durable image only)");
  }

  saveHardState(state: HardState): void {
    throw new Error("not implemented: MemoryStorage.saveHardState (durable at once)");
  }

  writeEntries(fromIndex: number, entries: readonly Entry[]): void {
    throw new Error("not implemented: MemoryStorage.writeEntries (pending until sync)");
  }

  sync(): void {
    throw new Error("not implemented: MemoryStorage.sync (pending writes become durable)");
  }

  close(): void {
    throw new Error("not implemented: MemoryStorage.close");
  }

  /** True when some writeEntries has not been synced yet (what a crash now would lose). */
  hasUnsyncedWrites(): boolean {
    throw new Error("not implemented: MemoryStorage.hasUnsyncedWrites");
  }

  /**
   * The machine loses power: every unsynced write is lost, except the first `keepUnsyncedEntries`
   * steps of them, in write order (a torn write). A step is one entry, or a write's truncation
   * when it deletes entries: as on disk, the file can be cut before any new record arrives. This
   * storage is dead afterwards; the returned one holds what survived, as a restarted server finds it.
   */
  crash(keepUnsyncedEntries = 0): MemoryStorage {
    throw new Error("not implemented: MemoryStorage.crash (keep the durable image, drop pending writes)");
  }

}

