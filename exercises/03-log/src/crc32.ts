// CRC-32 (the IEEE 802.3 / zlib / PNG checksum), table-driven, one byte at a time.
//
// Why a checksum at all: a disk or a crash can hand back bytes that were never written as a
// whole (a torn write) or that changed under us (bit rot). A length prefix alone cannot tell
// a half-written record from a good one; a CRC over the record can, with a false "ok" chance
// of 1 in 2^32 for random damage.


/**
 * CRC-32 of bytes[start, end). Pass an earlier result as `previous` to continue over more bytes:
 * crc32(b, 0, n, crc32(a)) equals the CRC of a followed by b[0, n).
 */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, previous = 0): number {
  throw new Error("not implemented: crc32 (build the 256-entry table once, then one lookup per byte)");
}
