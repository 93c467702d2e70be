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
  // solution:begin
  checkSnapshot(snapshot);
  const dataBytes = snapshot.data.length;
  if (dataBytes > maxDataBytes) {
    throw new RangeError(
      `snapshot: ${dataBytes} bytes of data exceed the limit of ${maxDataBytes}`,
    );
  }
  const bytes = new Uint8Array(snapshotHeaderBytes + dataBytes + snapshotTrailerBytes);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = snapshotMagic.charCodeAt(i);
  view.setUint32(4, snapshotFormatVersion, true);
  view.setBigUint64(8, BigInt(snapshot.lastIncludedIndex), true);
  view.setBigUint64(16, BigInt(snapshot.lastIncludedTerm), true);
  view.setBigUint64(24, BigInt(dataBytes), true);
  bytes.set(snapshot.data, snapshotHeaderBytes);
  const crcOffset = snapshotHeaderBytes + dataBytes;
  view.setUint32(crcOffset, crc32(bytes, 0, crcOffset), true);
  return bytes;
  // solution:end
  // starter: throw new Error("not implemented: encodeSnapshot (header fields, the data, then the CRC of everything before it)");
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
  // solution:begin
  const minBytes = snapshotHeaderBytes + snapshotTrailerBytes;
  if (bytes.length < minBytes) {
    throw new SnapshotFormatError(
      `truncated: ${bytes.length} bytes, less than the ${minBytes} of an empty snapshot`,
      bytes.length,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkMagicAndVersion(bytes, view);
  const dataBytes = readLength(view, maxDataBytes);
  const crcOffset = snapshotHeaderBytes + dataBytes;
  const stored = view.getUint32(crcOffset, true);
  const computed = crc32(bytes, 0, crcOffset);
  if (stored !== computed) {
    throw new SnapshotFormatError(
      `checksum mismatch (stored ${hex(stored)}, computed ${hex(computed)})`,
      crcOffset,
    );
  }
  return {
    lastIncludedIndex: readPositive(view, 8, "lastIncludedIndex"),
    lastIncludedTerm: readPositive(view, 16, "lastIncludedTerm"),
    data: bytes.slice(snapshotHeaderBytes, crcOffset),
  };
  // solution:end
  // starter: throw new Error("not implemented: decodeSnapshot (length, magic, version, data length, CRC, then the fields)");
}

// solution:begin
function checkMagicAndVersion(bytes: Uint8Array, view: DataView): void {
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== snapshotMagic.charCodeAt(i)) {
      throw new SnapshotFormatError(`not a snapshot (magic is not "${snapshotMagic}")`, i);
    }
  }
  const version = view.getUint32(4, true);
  if (version !== snapshotFormatVersion) {
    throw new SnapshotFormatError(
      `unsupported format version ${version} (this program reads version ${snapshotFormatVersion})`,
      4,
    );
  }
}

/** The data length, checked against the cap and against the bytes actually there. */
function readLength(view: DataView, maxDataBytes: number): number {
  const announced = view.getBigUint64(24, true);
  if (announced > BigInt(maxDataBytes)) {
    throw new SnapshotFormatError(
      `data length ${announced} exceeds the limit of ${maxDataBytes} bytes`,
      24,
    );
  }
  const dataBytes = Number(announced);
  const expected = snapshotHeaderBytes + dataBytes + snapshotTrailerBytes;
  if (view.byteLength !== expected) {
    throw new SnapshotFormatError(
      `length mismatch: the header announces ${dataBytes} data bytes (${expected} in all), ` +
        `got ${view.byteLength} bytes`,
      24,
    );
  }
  return dataBytes;
}

function readPositive(view: DataView, offset: number, field: string): number {
  const value = view.getBigUint64(offset, true);
  if (value < 1n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new SnapshotFormatError(`${field} ${value} out of range 1..2^53-1`, offset);
  }
  return Number(value);
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, "0")}`;
}
// solution:end
