// The seeds of randomized tests, so every one can be replayed from its seed. The PRNG itself is
// @rafting/runtime's (re-exported here): the simulator's reference code draws from it too.

export { type Random, seededRandom } from "@rafting/runtime";

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
