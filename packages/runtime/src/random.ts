// A small seeded PRNG (splitmix32-style): the simulator (stage 08) draws every random choice of a
// run from it, and the tests use it too, so one seed replays one run exactly. It lives here, not
// in @rafting/testkit, because reference code must not import test infrastructure. (Stage 07's
// own `createPrng` stays in 07: writing it is part of the learner's harness task.)

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
