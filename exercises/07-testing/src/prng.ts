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
  throw new Error("not implemented: createPrng (a seeded generator: same seed, same sequence; e.g. mulberry32)");
}
