// The reference must survive the same faults that expose every mutant: a sweep of seeds, five
// nodes, faults on, no violation of any invariant (07's checkers, linearizability, liveness).
// The full sweep (1000 seeds × 30 simulated s, 3–4 min): `pnpm course run 8 --solution -- --seeds 1000`.
import { testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { runSimulation } from "#stage";

/**
 * 50 seeds × 30 simulated s take ~15 s on a 2-core machine: the suite runs 50 × 10 s (the same
 * fault distribution, shorter runs: faults for the first 5 s, then the 2 s liveness bound).
 */
const seeds = testSeeds(50, 1001);
const simSeconds = 10;

describe("the reference under faults", () => {
  test(`${seeds.length} seeds, 5 nodes, ${simSeconds} simulated s each: no violation`, {
    timeout: 60_000,
  }, () => {
    let faults = 0;
    let ops = 0;
    for (const seed of seeds) {
      const result = runSimulation({ seed, nodes: 5, simSeconds });
      const first = result.violations[0];
      expect(
        first,
        `seed ${seed}: ${first?.invariant}: ${first?.detail} (replay: pnpm course run 8 --solution -- --seed ${seed} --sim-seconds ${simSeconds} --trace run.jsonl; watch it: pnpm viewer run.jsonl)`,
      ).toBeUndefined();
      faults += result.faultsScheduled;
      ops += result.stats.opsOk;
    }
    expect(faults, "faults were on: crashes and partitions happened").toBeGreaterThan(seeds.length);
    expect(ops, "clients were served throughout").toBeGreaterThan(seeds.length * 20);
  });
});
