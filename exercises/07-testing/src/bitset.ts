// The set of linearized operations, as bits. Lowe's memoization remembers (set, model state)
// pairs already explored, so the set needs a cheap, exact key.

export class Bitset {
  readonly size: number;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`bad bitset size ${size}`);
    this.size = size;
  }

  add(index: number): void {
    throw new Error("not implemented: Bitset.add (set bit index in a Uint32Array)");
  }

  delete(index: number): void {
    throw new Error("not implemented: Bitset.delete (clear bit index)");
  }

  has(index: number): boolean {
    throw new Error("not implemented: Bitset.has (test bit index)");
  }

  /** A string that equals another bitset's key exactly when both hold the same members. */
  key(): string {
    throw new Error("not implemented: Bitset.key (e.g. the words joined)");
  }

}
