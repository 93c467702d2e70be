// Reading the log file back after a crash.
//
// A crash can leave the last write unfinished: a record cut short (a torn write) or one whose
// bytes did not all reach the disk (its checksum fails). Those were never synced, so nobody was
// promised them, and cutting them off is safe. A bad record with valid data AFTER it is another
// story: that is damage to data that was synced, and skipping it would silently lose entries a
// leader may have counted as replicated. So:
//
//   tail vs middle: scan forward from the first bad record, one byte at a time, for any valid
//   record (its length in bounds and its checksum right). None ⇒ the damage is a torn tail, and
//   the file is cut back to the good prefix. One ⇒ the damage is in the middle: an error naming
//   the file and the byte offset of the bad record, for a human to look at.
//
// A valid record out of place (index not last+1, or a term lower than the one before) cannot be
// explained by a torn write either, so it is an error too.
import { ChunkReader } from "./chunk-reader.ts";
import type { Entry } from "./entry.ts";
import type { FileOps } from "./file-ops.ts";
import {
  type DecodedRecord,
  decodeRecord,
  minPayloadBytes,
  recordHeaderBytes,
} from "./record-codec.ts";

/** Why the end of the log file was cut off. */
export type TailDamage = "incomplete-record" | "bad-checksum" | "bad-record";

/** What recovery found when it opened the log. */
export interface RecoveryReport {
  /** Entries recovered (indexes 1..entries). */
  readonly entries: number;
  /** Bytes of the log file kept: the good prefix. */
  readonly validBytes: number;
  /** Bytes cut off the end of the log file (0 when it ended on a record boundary). */
  readonly truncatedBytes: number;
  /** Why they were cut off; null when nothing was. */
  readonly reason: TailDamage | null;
}

/** What is in a log file: its entries and where each one starts. */
export interface LogContents {
  readonly entries: Entry[];
  /** offsets[i] is the byte offset of entry i + 1. */
  readonly offsets: number[];
  readonly report: RecoveryReport;
}

export interface ReadLogOptions {
  readonly maxRecordBytes: number;
  readonly readChunkBytes: number;
}

/**
 * Reads every record of the log file open at fd (through ops: read with a ChunkReader). Returns the good prefix and, in report, how many
 * bytes of torn tail follow it (the caller truncates). Throws, naming path and byte offset, on
 * damage that a torn write cannot explain: a bad record followed by a valid one, or a valid record
 * out of place.
 */
export function readLogFile(
  ops: FileOps,
  fd: number,
  path: string,
  fileBytes: number,
  options: ReadLogOptions,
): LogContents {
  throw new Error("not implemented: readLogFile (decode records in order; torn tail: report it; bad record with valid data after it: throw)");
}

