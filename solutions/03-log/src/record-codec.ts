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
  // solution:begin
  let bytes = recordHeaderBytes + minPayloadBytes;
  for (const part of entry.command) bytes += 4 + part.length;
  return bytes;
  // solution:end
  // starter: throw new Error("not implemented: encodedRecordBytes (header + index + term + parts)");
}

/** Writes the record for (index, entry) into target at offset; returns the offset after it. */
export function encodeRecord(index: number, entry: Entry, target: Buffer, offset: number): number {
  // solution:begin
  const recordBytes = encodedRecordBytes(entry);
  if (offset + recordBytes > target.length) {
    throw new RangeError(`encodeRecord: ${recordBytes} bytes do not fit at ${offset}`);
  }
  target.writeUInt32LE(recordBytes - recordHeaderBytes, offset + 4);
  let at = writeUint53(target, offset + 8, index);
  at = writeUint53(target, at, entry.term);
  at = target.writeUInt32LE(entry.command.length, at);
  for (const part of entry.command) {
    at = target.writeUInt32LE(part.length, at);
    at += target.write(part, at, "latin1");
  }
  target.writeUInt32LE(crc32(target, offset + 4, at), offset);
  return at;
  // solution:end
  // starter: throw new Error("not implemented: encodeRecord (fill in the payload, then the CRC over length + payload)");
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
  // solution:begin
  if (end - offset < recordHeaderBytes) return { kind: "incomplete" };
  const payloadBytes = bytes.readUInt32LE(offset + 4);
  if (payloadBytes < minPayloadBytes || payloadBytes > maxRecordBytes - recordHeaderBytes) {
    return badRecord(`record length ${payloadBytes} out of bounds`);
  }
  const recordEnd = offset + recordHeaderBytes + payloadBytes;
  if (recordEnd > end) return { kind: "incomplete" };
  if (crc32(bytes, offset + 4, recordEnd) !== bytes.readUInt32LE(offset)) {
    return { kind: "bad", damage: "bad-checksum", problem: "checksum mismatch" };
  }
  return decodePayload(bytes, offset + recordHeaderBytes, recordEnd);
  // solution:end
  // starter: throw new Error("not implemented: decodeRecord (length, bounds, CRC, then the payload)");
}

// solution:begin
function badRecord(problem: string): DecodedRecord {
  return { kind: "bad", damage: "bad-record", problem };
}

/** The payload of a record whose checksum passed; still checked, since a bug can write garbage. */
function decodePayload(bytes: Buffer, start: number, end: number): DecodedRecord {
  const index = readUint53(bytes, start);
  const term = readUint53(bytes, start + 8);
  const partCount = bytes.readUInt32LE(start + 16);
  if (index === undefined || term === undefined || index < 1) {
    return badRecord("index or term out of range");
  }
  const command: string[] = [];
  let at = start + minPayloadBytes;
  for (let i = 0; i < partCount; i++) {
    if (at + 4 > end) return badRecord("command parts overrun the record");
    const partBytes = bytes.readUInt32LE(at);
    at += 4;
    if (at + partBytes > end) return badRecord("command parts overrun the record");
    command.push(bytes.toString("latin1", at, at + partBytes));
    at += partBytes;
  }
  if (at !== end) return badRecord("bytes left over after the command");
  return { kind: "record", index, entry: { term, command }, recordBytes: end - start + 8 };
}
// solution:end
