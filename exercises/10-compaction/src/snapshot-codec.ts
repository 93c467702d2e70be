// A snapshot as bytes, for the snapshot file and for InstallSnapshot: versioned, so a newer
// program can tell an old file from garbage, and checksummed, so a damaged file is refused
// instead of restoring a state machine that never existed.
//
//   offset  bytes  field
//   0       4      magic "RFSN"
//   4       4      format version (1)
//   8       8      lastIncludedIndex
//   16      8      lastIncludedTerm
//   24      8      data length n
//   32      n      data (the state machine's bytes)
//   32 + n  4      crc  CRC-32 of bytes [0, 32 + n): everything before it
//
// All integers little-endian and unsigned; the 8-byte ones must fit in 2^53 - 1 (a JS number).
// Unlike a log record, a snapshot is never torn on purpose: it is written whole to a temp file
// and renamed. So any damage at all (a short file, trailing bytes, one flipped bit) is refused.
import { crc32 } from "#log";
import { checkSnapshot, type Snapshot } from "./snapshot.ts";

export const snapshotMagic = "RFSN";
export const snapshotFormatVersion = 1;
/** Bytes before the data: magic, version, index, term, data length. */
export const snapshotHeaderBytes = 32;
/** Bytes after the data: the CRC. */
export const snapshotTrailerBytes = 4;
/** Default cap on a snapshot's data: decoding refuses a larger one before allocating anything. */
export const defaultMaxSnapshotDataBytes = 512 * 1024 * 1024;

/** Bytes that are not a snapshot: the message names the problem and the byte offset. */
export class SnapshotFormatError extends Error {
  /** Where in the bytes the problem is. */
  readonly offset: number;
  constructor(problem: string, offset: number) {
    super(`snapshot: ${problem} at byte offset ${offset}`);
    this.name = "SnapshotFormatError";
    this.offset = offset;
  }
}

/** The bytes of snapshot in the format above. Throws if its data is larger than maxDataBytes. */
export function encodeSnapshot(
  snapshot: Snapshot,
  maxDataBytes = defaultMaxSnapshotDataBytes,
): Uint8Array {
  throw new Error("not implemented: encodeSnapshot (header fields, the data, then the CRC of everything before it)");
}

/**
 * The snapshot in bytes, which must hold exactly one encoded snapshot. Throws SnapshotFormatError
 * on anything else: too short, wrong magic or version, a data length over maxDataBytes or that
 * does not match the byte count, a checksum mismatch, an index or term out of range.
 */
export function decodeSnapshot(
  bytes: Uint8Array,
  maxDataBytes = defaultMaxSnapshotDataBytes,
): Snapshot {
  throw new Error("not implemented: decodeSnapshot (length, magic, version, data length, CRC, then the fields)");
}

