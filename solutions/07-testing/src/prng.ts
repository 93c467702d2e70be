// A tiny seeded PRNG (mulberry32) for the harness: every random choice of a run (message fates,
// faults, client load, election timeouts) comes from here, so one seed replays one run exactly.

export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, maxExclusive). */
  int(min: number, maxExclusive: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A new generator whose sequence depends only on this one's state (one per node, say). */
  fork(): Prng;
}

export function createPrng(seed: number): Prng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  // solution:begin
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const prng: Prng = {
    next: () => nextUint32() / 2 ** 32,
    int(min, maxExclusive) {
      if (!(maxExclusive > min)) throw new RangeError(`empty range [${min}, ${maxExclusive})`);
      return min + Math.floor(prng.next() * (maxExclusive - min));
    },
    chance: (p) => prng.next() < p,
    pick(items) {
      if (items.length === 0) throw new RangeError("pick from an empty array");
      return items[prng.int(0, items.length)] as (typeof items)[number];
    },
    fork: () => createPrng(nextUint32()),
  };
  return prng;
  // solution:end
  // starter: throw new Error("not implemented: createPrng (a seeded generator: same seed, same sequence; e.g. mulberry32)");
}
