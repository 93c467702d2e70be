// One log entry on disk: a length-prefixed, checksummed record that also names its index.
//
//   offset  bytes  field
//   0       4      crc      CRC-32 of bytes [4, 8 + payloadBytes): the length field and payload
//   4       4      payloadBytes
//   8       8      index    (two u32 halves, low first: integers up to 2^53)
//   16      8      term     (same)
//   24      4      part count
//   28      …      each part: u32 byte length, then its bytes (latin1)
//
// All integers little-endian. The CRC covers the length too, so a damaged length cannot make a
// wrong slice of bytes look like a record. The index lets recovery check continuity (n+1 after n).
import { crc32 } from "./crc32.ts";
import type { Entry } from "./entry.ts";
import { readUint53, writeUint53 } from "./uint53.ts";

export const recordHeaderBytes = 8;
/** index + term + part count: the smallest payload. */
export const minPayloadBytes = 20;
/** Default cap on one record (header included), well above the largest command stage 01 accepts. */
export const defaultMaxRecordBytes = 64 * 1024 * 1024;

export type DecodedRecord =
  /** A whole, valid record of `recordBytes` bytes. */
  | { kind: "record"; index: number; entry: Entry; recordBytes: number }
  /** The bytes end before the record does: read more, or at end of file, a torn write. */
  | { kind: "incomplete" }
  /** Not a record: a checksum mismatch, or a length out of bounds or a malformed payload. */
  | { kind: "bad"; damage: "bad-checksum" | "bad-record"; problem: string };

/** Bytes the record for entry takes on disk. */
export function encodedRecordBytes(entry: Entry): number {
  throw new Error("not implemented: encodedRecordBytes (header + index + term + parts)");
}

/** Writes the record for (index, entry) into target at offset; returns the offset after it. */
export function encodeRecord(index: number, entry: Entry, target: Buffer, offset: number): number {
  throw new Error("not implemented: encodeRecord (fill in the payload, then the CRC over length + payload)");
}

/**
 * Reads the record that starts at offset in bytes[0, end). Never reads past end; a record whose
 * total size would exceed maxRecordBytes is bad, even before its bytes have arrived.
 */
export function decodeRecord(
  bytes: Buffer,
  offset: number,
  end: number,
  maxRecordBytes: number,
): DecodedRecord {
  throw new Error("not implemented: decodeRecord (length, bounds, CRC, then the payload)");
}

