// The set of linearized operations, as bits. Lowe's memoization remembers (set, model state)
// pairs already explored, so the set needs a cheap, exact key.
// solution:begin
const keyChunkLength = 4096;
const fullWord = 0xffff_ffff;
// solution:end

export class Bitset {
  readonly size: number;
  // solution:begin
  private readonly words: Uint32Array;
  // solution:end

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`bad bitset size ${size}`);
    this.size = size;
    // solution:begin
    this.words = new Uint32Array(Math.ceil(size / 32));
    // solution:end
  }

  add(index: number): void {
    // solution:begin
    this.check(index);
    this.words[index >>> 5]! |= 1 << (index & 31);
    // solution:end
    // starter: throw new Error("not implemented: Bitset.add (set bit index in a Uint32Array)");
  }

  delete(index: number): void {
    // solution:begin
    this.check(index);
    this.words[index >>> 5]! &= ~(1 << (index & 31));
    // solution:end
    // starter: throw new Error("not implemented: Bitset.delete (clear bit index)");
  }

  has(index: number): boolean {
    // solution:begin
    this.check(index);
    return (this.words[index >>> 5]! & (1 << (index & 31))) !== 0;
    // solution:end
    // starter: throw new Error("not implemented: Bitset.has (test bit index)");
  }

  /** A string that equals another bitset's key exactly when both hold the same members. */
  key(): string {
    // solution:begin
    // Only the words between the first not-full one and the last non-empty one: the search
    // linearizes nearly in order, so that window is short however long the history (a key as long
    // as the history made the search quadratic). The first word's position makes it exact.
    // Two UTF-16 code units per word; in chunks, because a very long argument list overflows the
    // call stack. apply takes the typed array as it is (a spread walks an iterator: 6× slower).
    let first = 0;
    while (first < this.words.length && this.words[first] === fullWord) first++;
    let end = this.words.length;
    while (end > first && this.words[end - 1] === 0) end--;
    const halves = new Uint16Array(this.words.buffer, first * 4, (end - first) * 2);
    let key = `${first}:`;
    for (let at = 0; at < halves.length; at += keyChunkLength)
      key += String.fromCharCode.apply(
        null,
        halves.subarray(at, at + keyChunkLength) as unknown as number[],
      );
    return key;
    // solution:end
    // starter: throw new Error("not implemented: Bitset.key (e.g. the words joined)");
  }

  // solution:begin
  private check(index: number): void {
    if (!(index >= 0 && index < this.size && Number.isInteger(index)))
      throw new RangeError(`bit ${index} outside a bitset of ${this.size}`);
  }
  // solution:end
}
