// CRC-32 (the IEEE 802.3 / zlib / PNG checksum), table-driven, one byte at a time.
//
// Why a checksum at all: a disk or a crash can hand back bytes that were never written as a
// whole (a torn write) or that changed under us (bit rot). A length prefix alone cannot tell
// a half-written record from a good one; a CRC over the record can, with a false "ok" chance
// of 1 in 2^32 for random damage.

// solution:begin
/** The polynomial, bit-reversed because this CRC processes the low bit of each byte first. */
const reversedPolynomial = 0xedb88320;

/** table[b] is the CRC register after shifting the byte b through it eight times. */
const table = buildTable();

function buildTable(): Uint32Array {
  const entries = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let register = byte;
    for (let bit = 0; bit < 8; bit++) {
      register = register & 1 ? (register >>> 1) ^ reversedPolynomial : register >>> 1;
    }
    entries[byte] = register >>> 0;
  }
  return entries;
}
// solution:end

/**
 * CRC-32 of bytes[start, end). Pass an earlier result as `previous` to continue over more bytes:
 * crc32(b, 0, n, crc32(a)) equals the CRC of a followed by b[0, n).
 */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, previous = 0): number {
  // solution:begin
  if (start < 0 || end > bytes.length || start > end) {
    throw new RangeError(`crc32: range [${start}, ${end}) is outside 0..${bytes.length}`);
  }
  let register = ~previous >>> 0;
  for (let i = start; i < end; i++) {
    register = table[(register ^ bytes[i]!) & 0xff]! ^ (register >>> 8);
  }
  return ~register >>> 0;
  // solution:end
  // starter: throw new Error("not implemented: crc32 (build the 256-entry table once, then one lookup per byte)");
}
