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
  // solution:begin
  const reader = new ChunkReader(ops, fd, fileBytes, options.readChunkBytes);
  const entries: Entry[] = [];
  const offsets: number[] = [];
  let position = 0;
  let lastTerm = 0;
  while (position < fileBytes) {
    const found = readRecordAt(reader, position, options.maxRecordBytes);
    if (found.kind !== "record") {
      const reason = found.kind === "incomplete" ? "incomplete-record" : found.damage;
      checkNothingValidAfter(reader, position, path, reason, options.maxRecordBytes);
      return { entries, offsets, report: tailReport(entries.length, position, fileBytes, reason) };
    }
    const expectedIndex = entries.length + 1;
    if (found.index !== expectedIndex || found.entry.term < lastTerm) {
      throw new Error(
        `${path}: record at byte offset ${position} is out of place (index ${found.index}, term ` +
          `${found.entry.term}; expected index ${expectedIndex}, term ≥ ${lastTerm}); refusing to guess`,
      );
    }
    entries.push(found.entry);
    offsets.push(position);
    lastTerm = found.entry.term;
    position += found.recordBytes;
  }
  return { entries, offsets, report: tailReport(entries.length, position, fileBytes, null) };
  // solution:end
  // starter: throw new Error("not implemented: readLogFile (decode records in order; torn tail: report it; bad record with valid data after it: throw)");
}

// solution:begin
/** The record at position; "incomplete" only when the file ends before the record does. */
function readRecordAt(
  reader: ChunkReader,
  position: number,
  maxRecordBytes: number,
): DecodedRecord {
  let wantBytes = recordHeaderBytes + minPayloadBytes;
  for (;;) {
    const { bytes, start, end } = reader.window(position, wantBytes);
    const decoded = decodeRecord(bytes, start, end, maxRecordBytes);
    if (decoded.kind !== "incomplete") return decoded;
    const available = end - start;
    if (position + available >= reader.fileBytes) return { kind: "incomplete" };
    wantBytes = Math.max(wantBytes, available) * 2;
  }
}

/** Throws if any valid record starts after the bad one at badOffset: damage in the middle. */
function checkNothingValidAfter(
  reader: ChunkReader,
  badOffset: number,
  path: string,
  reason: TailDamage,
  maxRecordBytes: number,
): void {
  const lastStart = reader.fileBytes - recordHeaderBytes - minPayloadBytes;
  for (let candidate = badOffset + 1; candidate <= lastStart; candidate++) {
    if (readRecordAt(reader, candidate, maxRecordBytes).kind !== "record") continue;
    throw new Error(
      `${path}: corrupted record at byte offset ${badOffset} (${reason}) with a valid record after ` +
        `it at byte offset ${candidate}: damage in the middle of the log, not a torn tail; refusing to drop data`,
    );
  }
}

function tailReport(
  entries: number,
  validBytes: number,
  fileBytes: number,
  reason: TailDamage | null,
): RecoveryReport {
  return { entries, validBytes, truncatedBytes: fileBytes - validBytes, reason };
}
// solution:end
