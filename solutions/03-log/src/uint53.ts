// Integers up to 2^53 (every safe JavaScript integer ≥ 0) as 8 little-endian bytes: two u32
// halves, low first. Plain numbers are faster than BigInt here, and terms and indexes fit.

const twoTo32 = 2 ** 32;
/** 2^53 / 2^32: the high half of a safe integer stays below this. */
const maxHighHalf = 2 ** 21;

/** Writes value at offset; returns the offset after it. */
export function writeUint53(target: Buffer, offset: number, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`expected a safe integer ≥ 0 to store in 8 bytes, got ${value}`);
  }
  target.writeUInt32LE(value % twoTo32, offset);
  return target.writeUInt32LE(Math.floor(value / twoTo32), offset + 4);
}

/** The value at offset, or undefined if it is not a safe integer (damaged or foreign bytes). */
export function readUint53(bytes: Buffer, offset: number): number | undefined {
  const high = bytes.readUInt32LE(offset + 4);
  if (high >= maxHighHalf) return undefined;
  return high * twoTo32 + bytes.readUInt32LE(offset);
}
