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
  // solution:begin
  private readonly options: Required<FileStorageOptions>;
  private fd: number | undefined;
  private hardState: HardState;
  /** offsets[i] is the byte offset of entry i + 1; offsets.length is the last index. */
  private offsets: number[];
  private fileBytes: number;
  /** Written but not yet fsynced. */
  private dirty = false;
  /** The entries recovery decoded, handed to the first load() unless a write came first. */
  private recovered: Entry[] | undefined;
  // solution:end

  /**
   * Opens (or creates) the storage in dir: reads the hard state, recovers the log (cutting off a
   * torn tail, which the report describes), and throws on damage that is not a torn tail.
   */
  static open(
    dir: string,
    options: FileStorageOptions = {},
  ): { storage: FileStorage; recovery: RecoveryReport } {
    // solution:begin
    const full = withDefaults(options);
    const ops = full.fileOps;
    ops.mkdir(dir);
    removeStaleHardStateTemp(ops, dir);
    const hardState = readHardStateFile(ops, dir);
    ops.close(ops.open(join(dir, logFileName), "a+"));
    ops.fsyncDir(dir); // the log file's name (and the temp file's removal) survive a power cut
    const storage = new FileStorage(dir, full, hardState);
    return { storage, recovery: storage.recover() };
    // solution:end
    // starter: throw new Error("not implemented: FileStorage.open (read the hard state, recover the log, truncate a torn tail)");
  }

  private constructor(dir: string, options: Required<FileStorageOptions>, hardState: HardState) {
    this.dir = dir;
    this.logPath = join(dir, logFileName);
    this.hardStatePath = join(dir, hardStateFileName);
    // solution:begin
    this.options = options;
    this.hardState = hardState;
    this.offsets = [];
    this.fileBytes = 0;
    // solution:end
    // starter: throw new Error("not implemented: FileStorage constructor");
  }

  load(): { hardState: HardState; entries: Entry[] } {
    // solution:begin
    const fd = this.openFd("load");
    let entries = this.recovered;
    this.recovered = undefined;
    entries ??= this.readLog(fd).entries;
    return { hardState: this.hardState, entries };
    // solution:end
    // starter: throw new Error("not implemented: FileStorage.load");
  }

  saveHardState(state: HardState): void {
    // solution:begin
    this.openFd("saveHardState");
    checkHardState(state);
    writeHardStateFile(this.options.fileOps, this.dir, state);
    this.hardState = { term: state.term, votedFor: state.votedFor };
    // solution:end
    // starter: throw new Error("not implemented: FileStorage.saveHardState (atomic: temp file, fsync, rename, fsync dir)");
  }

  writeEntries(fromIndex: number, entries: readonly Entry[]): void {
    // solution:begin
    const fd = this.openFd("writeEntries");
    checkWriteIndex(fromIndex, this.offsets.length);
    checkEntries(entries, fromIndex);
    this.checkRecordSizes(entries, fromIndex);
    this.recovered = undefined;
    if (fromIndex <= this.offsets.length) this.truncate(fd, fromIndex);
    let next = 0;
    while (next < entries.length) next = this.appendPiece(fd, entries, next);
    // solution:end
    // starter: throw new Error("not implemented: FileStorage.writeEntries (ftruncate at the entry's offset, then append records)");
  }

  sync(): void {
    // solution:begin
    const fd = this.openFd("sync");
    if (!this.dirty) return;
    this.options.fileOps.fsync(fd);
    this.dirty = false;
    // solution:end
    // starter: throw new Error("not implemented: FileStorage.sync (fsync the log file)");
  }

  close(): void {
    // solution:begin
    if (this.fd === undefined) return;
    this.options.fileOps.close(this.fd);
    this.fd = undefined;
    this.recovered = undefined;
    // solution:end
    // starter: throw new Error("not implemented: FileStorage.close");
  }

  // solution:begin
  /** Opens the log file, reads it, and cuts off a torn tail (durably) before anyone appends. */
  private recover(): RecoveryReport {
    const ops = this.options.fileOps;
    this.fd = ops.open(this.logPath, "r+");
    try {
      const contents = this.readLog(this.fd);
      if (contents.report.truncatedBytes > 0) {
        ops.truncate(this.fd, contents.report.validBytes);
        ops.fsync(this.fd);
      }
      this.offsets = contents.offsets;
      this.fileBytes = contents.report.validBytes;
      this.recovered = contents.entries;
      return contents.report;
    } catch (error) {
      this.close();
      throw error;
    }
  }

  private readLog(fd: number): LogContents {
    const ops = this.options.fileOps;
    return readLogFile(ops, fd, this.logPath, ops.size(fd), this.options);
  }

  /** Deletes entries fromIndex.. from the file (§5.3: a conflicting entry and all that follow). */
  private truncate(fd: number, fromIndex: number): void {
    const offset = this.offsets[fromIndex - 1]!;
    this.options.fileOps.truncate(fd, offset);
    this.offsets.length = fromIndex - 1;
    this.fileBytes = offset;
    this.dirty = true;
  }

  /** Encodes entries[first..] into one buffer of at most writeChunkBytes (at least one entry),
   *  writes it at the end of the file, and returns the index in entries after the last one written. */
  private appendPiece(fd: number, entries: readonly Entry[], first: number): number {
    let end = first;
    let pieceBytes = 0;
    while (end < entries.length) {
      const recordBytes = encodedRecordBytes(entries[end]!);
      if (end > first && pieceBytes + recordBytes > this.options.writeChunkBytes) break;
      pieceBytes += recordBytes;
      end++;
    }
    const piece = Buffer.allocUnsafe(pieceBytes);
    const pieceOffsets: number[] = [];
    let at = 0;
    for (let i = first; i < end; i++) {
      pieceOffsets.push(this.fileBytes + at);
      at = encodeRecord(this.offsets.length + pieceOffsets.length, entries[i]!, piece, at);
    }
    this.dirty = true;
    this.options.writeBytes(fd, piece, this.fileBytes);
    for (const offset of pieceOffsets) this.offsets.push(offset);
    this.fileBytes += pieceBytes;
    return end;
  }

  private checkRecordSizes(entries: readonly Entry[], fromIndex: number): void {
    const max = this.options.maxRecordBytes;
    for (let i = 0; i < entries.length; i++) {
      const recordBytes = encodedRecordBytes(entries[i]!);
      if (recordBytes > max) {
        throw new RangeError(
          `entry ${fromIndex + i}: record of ${recordBytes} bytes exceeds maxRecordBytes ${max}`,
        );
      }
    }
  }

  private openFd(operation: string): number {
    if (this.fd === undefined) throw new Error(`FileStorage.${operation}: the storage is closed`);
    return this.fd;
  }
  // solution:end
}

// solution:begin
function withDefaults(options: FileStorageOptions): Required<FileStorageOptions> {
  const minRecordBytes = recordHeaderBytes + minPayloadBytes;
  checkLimit("maxRecordBytes", options.maxRecordBytes, minRecordBytes);
  checkLimit("readChunkBytes", options.readChunkBytes, 64);
  checkLimit("writeChunkBytes", options.writeChunkBytes, 1);
  const fileOps = options.fileOps ?? nodeFileOps;
  return {
    maxRecordBytes: options.maxRecordBytes ?? defaultMaxRecordBytes,
    readChunkBytes: options.readChunkBytes ?? defaultChunkBytes,
    writeChunkBytes: options.writeChunkBytes ?? defaultChunkBytes,
    fileOps,
    writeBytes:
      options.writeBytes ?? ((fd, bytes, position) => writeAll(fileOps, fd, bytes, position)),
  };
}

function checkLimit(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
    throw new RangeError(`FileStorage option ${name} must be an integer ≥ ${min}, got ${value}`);
  }
}
// solution:end
