// A small seeded PRNG (splitmix32-style) so every randomized test can be replayed from its seed.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, maxExclusive). */
  int(min: number, maxExclusive: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A new generator whose sequence depends only on this one's current state. */
  fork(): Random;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const random: Random = {
    next: () => nextUint32() / 2 ** 32,
    int(min, maxExclusive) {
      if (!(maxExclusive > min)) throw new RangeError(`empty range [${min}, ${maxExclusive})`);
      return min + Math.floor(random.next() * (maxExclusive - min));
    },
    chance: (p) => random.next() < p,
    pick(items) {
      if (items.length === 0) throw new RangeError("pick from an empty array");
      return items[random.int(0, items.length)] as (typeof items)[number];
    },
    fork: () => seededRandom(nextUint32()),
  };
  return random;
}

/**
 * The seeds a randomized test runs: RAFTING_SEED=N reruns just N; otherwise `count` seeds from
 * `first`. Tests put the seed in their names or messages so a failure says how to rerun it.
 */
export function testSeeds(count: number, first = 1): number[] {
  const forced = process.env.RAFTING_SEED;
  if (forced !== undefined && forced !== "") {
    const seed = Number(forced);
    if (!Number.isInteger(seed))
      throw new Error(`RAFTING_SEED must be an integer, got '${forced}'`);
    return [seed];
  }
  return Array.from({ length: count }, (_, i) => first + i);
}

/** How to rerun one seed, for failure messages. */
export function rerunHint(seed: number): string {
  return `rerun with RAFTING_SEED=${seed}`;
}
