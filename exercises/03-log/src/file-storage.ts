// Storage in a directory: the log as an append-only file of checksummed records ("log"), and
// the term and vote in their own small file ("hard-state", see hard-state-file.ts).
//
// Appends go to the end of the file; sync() is one fsync for everything written since the last
// one, so a driver that batches many entries pays for one disk flush. Deleting a conflicting
// suffix (§5.3) is an ftruncate at the byte offset of the first deleted entry, which is why the
// storage keeps every entry's offset in memory.
import { join } from "node:path";
import type { Entry } from "./entry.ts";
import { type FileOps, nodeFileOps, writeAll } from "./file-ops.ts";
import {
  hardStateFileName,
  readHardStateFile,
  removeStaleHardStateTemp,
  writeHardStateFile,
} from "./hard-state-file.ts";
import { type LogContents, type RecoveryReport, readLogFile } from "./log-recovery.ts";
import {
  defaultMaxRecordBytes,
  encodedRecordBytes,
  encodeRecord,
  minPayloadBytes,
  recordHeaderBytes,
} from "./record-codec.ts";
import {
  checkEntries,
  checkHardState,
  checkWriteIndex,
  type HardState,
  type Storage,
} from "./storage.ts";

export const logFileName = "log";

export interface FileStorageOptions {
  /** Largest record (header included) written or accepted on recovery. Default 64 MiB. */
  readonly maxRecordBytes?: number;
  /** Bytes read per read() call when recovering the log. Default 4 MiB. */
  readonly readChunkBytes?: number;
  /** Largest buffer handed to one write (a batch is written in pieces of at most this). Default 4 MiB. */
  readonly writeChunkBytes?: number;
  /**
   * Every file operation goes through these (default: node:fs). The crash tests hand in a
   * PowerLossDisk, a disk that forgets what was not fsynced.
   */
  readonly fileOps?: FileOps;
  /**
   * How bytes reach the log file: all of bytes at position. Default: writeAll through fileOps.
   * The kill -9 test replaces it to stop in the middle of a record on purpose.
   */
  readonly writeBytes?: (fd: number, bytes: Uint8Array, position: number) => void;
}

const defaultChunkBytes = 4 * 1024 * 1024;

export class FileStorage implements Storage {
  readonly dir: string;
  /** The log file: records, appended. */
  readonly logPath: string;
  /** The term-and-vote file, replaced atomically. */
  readonly hardStatePath: string;

  /**
   * Opens (or creates) the storage in dir: reads the hard state, recovers the log (cutting off a
   * torn tail, which the report describes), and throws on damage that is not a torn tail.
   */
  static open(
    dir: string,
    options: FileStorageOptions = {},
  ): { storage: FileStorage; recovery: RecoveryReport } {
    throw new Error("not implemented: FileStorage.open (read the hard state, recover the log, truncate a torn tail)");
  }

  private constructor(dir: string, options: Required<FileStorageOptions>, hardState: HardState) {
    this.dir = dir;
    this.logPath = join(dir, logFileName);
    this.hardStatePath = join(dir, hardStateFileName);
    throw new Error("not implemented: FileStorage constructor");
  }

  load(): { hardState: HardState; entries: Entry[] } {
    throw new Error("not implemented: FileStorage.load");
  }

  saveHardState(state: HardState): void {
    throw new Error("not implemented: FileStorage.saveHardState (atomic: temp file, fsync, rename, fsync dir)");
  }

  writeEntries(fromIndex: number, entries: readonly Entry[]): void {
    throw new Error("not implemented: FileStorage.writeEntries (ftruncate at the entry's offset, then append records)");
  }

  sync(): void {
    throw new Error("not implemented: FileStorage.sync (fsync the log file)");
  }

  close(): void {
    throw new Error("not implemented: FileStorage.close");
  }

}

