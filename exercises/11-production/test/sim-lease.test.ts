// Leases (§6.4.1) in stage 08's simulator: a lease holds only if the leader's clock does not run
// slower than its followers' by more than the drift margin covers. The plug makes a leader's clock
// miss a share of its ticks while it leads (leaders are otherwise the nodes with the fastest
// clocks: they time out first) and 08's faults cut leaders off; the plug reads on every tick of a
// leader, and its §6.4 rule fails a read whose index is below what was committed before it came.
import { testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import {
  compactingStorage,
  productionNodeFactory,
  runSimulation,
  type SimResult,
  safeDriftMarginTicks,
  simTransfersUntilUs,
} from "#stage";

const simSeconds = 10;
/** A leader's clock misses this share of its ticks; 08 adds ±5 % drift and ±2 % jitter. */
const slowLeaderClock = 0.4;
const isolated = { crashShare: 0, isolateRate: 1, targetLeaderRate: 1, asymmetricRate: 0 };

function run(seed: number, driftMarginTicks: number): SimResult {
  return runSimulation({
    seed,
    nodes: 5,
    simSeconds,
    faults: isolated,
    createNode: productionNodeFactory({
      transfersUntilUs: simTransfersUntilUs(simSeconds),
      leaderClockSlowdown: slowLeaderClock,
      lease: { driftMarginTicks },
    }),
    createStorage: compactingStorage,
  });
}

describe("leases under clock drift (08's simulator, leaders cut off)", () => {
  test("a lease with no drift margin is caught serving a stale read within 75 seeds", {
    timeout: 180_000,
  }, () => {
    // Measured: 2 of seeds 1-30 (seeds 4 and 12).
    for (let seed = 1; seed <= 75; seed++) {
      const first = run(seed, 0).violations[0];
      if (first === undefined) continue;
      expect(first.detail, `seed ${seed}: the violation is a stale read (§6.4.1)`).toContain(
        "were committed before the read arrived",
      );
      return;
    }
    expect.fail(
      "§6.4.1: a lease of T ticks on a leader whose clock misses 40 % of its ticks outlives the followers' promise, yet no stale read was found in seeds 1..75",
    );
  });

  const margin = safeDriftMarginTicks(15, 0.05 + 0.02 + slowLeaderClock);
  test.each(testSeeds(6, 4101))(
    `seed %i: a margin of ${margin} ticks that covers the drift keeps every read fresh`,
    { timeout: 60_000 },
    (seed) => {
      const first = run(seed, margin).violations[0];
      expect(
        first,
        `seed ${seed}: ${first?.invariant}: ${first?.detail} (§6.4.1: T - margin ticks of the leader's clock end before T of any follower's)`,
      ).toBeUndefined();
    },
  );
});
