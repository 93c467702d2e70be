// Compaction bugs the simulator must find by itself: each mutant under solutions/07-testing/
// mutants/compaction (one §7 bug, a small patch of one reference file) runs the compacting node in
// stage 08's simulator, under the same faults and the same aggressive compaction as the reference
// (sim-compaction.test.ts), and some check must break within the mutant's seed budget. Every patch
// there is run: a new one without a budget fails here. Stage 10's own unit tests catch them too.
import { describe, expect, test, vi } from "vitest";
import {
  compactionMutants,
  mutantTarget,
  type NodeFactory,
  runSimulation,
  simNodePath,
} from "#stage";

/**
 * Seeds each mutant gets (seeds 1..budget, 10 simulated s each): about 5 / (the share of seeds
 * 1–30 that found it when measured), so that a budget this long misses it rarely.
 */
const budgets: Record<string, number> = {
  // The whole log, applied or not: the applier finds committed entries gone (every seed).
  "compaction/snapshot-covers-unapplied": 5,
  // A follower holding entries past a matching snapshot loses them: the node's own check of
  // §7's rule against the storage's fires (4 of 30 seeds).
  "compaction/install-discards-whole-log": 40,
  // A voter compacted through its last entry counts as having term 0: a stale candidate wins
  // and lacks committed entries, §5.4 leader completeness (4 of 30 seeds, 3 nodes).
  "compaction/up-to-date-ignores-snapshot-term": 40,
};
/** Cluster size per mutant: 5 unless the bug shows sooner in another. */
const clusterSizes: Record<string, number> = {
  "compaction/up-to-date-ignores-snapshot-term": 3,
};
const simSeconds = 10;

/** Stage 10's simulator plug with `mutant` applied to its target file (vitest's ?mutant= plugin). */
async function mutantPlug(mutant: string) {
  vi.resetModules();
  const target = mutantTarget(mutant);
  vi.doMock(target, () => import(/* @vite-ignore */ `${target}?mutant=${mutant}`));
  try {
    return (await import(/* @vite-ignore */ simNodePath)) as {
      compactingNodeFactory(): NodeFactory;
      compactingStorage: NonNullable<Parameters<typeof runSimulation>[0]["createStorage"]>;
    };
  } finally {
    vi.doUnmock(target);
  }
}

/** Seed 1 of the compacting node as it is (no mutant): it must pass, or a find proves nothing. */
async function expectCleanWithout(nodes: number): Promise<void> {
  vi.resetModules();
  const plug = (await import(/* @vite-ignore */ simNodePath)) as Awaited<
    ReturnType<typeof mutantPlug>
  >;
  const result = runSimulation({
    seed: 1,
    nodes,
    simSeconds,
    createNode: plug.compactingNodeFactory(),
    createStorage: plug.compactingStorage,
  });
  const first = result.violations[0];
  expect(first, `without the mutant, seed 1 passes: ${first?.invariant}: ${first?.detail}`).toBe(
    undefined,
  );
}

describe("compaction mutants in the simulator", () => {
  test("there are compaction mutants to find, and the compacting node passes without them", async () => {
    expect(
      compactionMutants().length,
      "solutions/07-testing/mutants/compaction holds §7 bugs",
    ).toBeGreaterThanOrEqual(3);
    await expectCleanWithout(5);
  });

  test.each(compactionMutants())(
    "mutant %s is found within its seed budget",
    { timeout: 120_000 },
    async (mutant) => {
      const budget = budgets[mutant];
      expect(budget, `mutant ${mutant} has no seed budget: measure it and add it`).toBeDefined();
      const nodes = clusterSizes[mutant] ?? 5;
      await expectCleanWithout(nodes);
      const plug = await mutantPlug(mutant);
      for (let seed = 1; seed <= (budget ?? 0); seed++) {
        const result = runSimulation({
          seed,
          nodes,
          simSeconds,
          createNode: plug.compactingNodeFactory(),
          createStorage: plug.compactingStorage,
        });
        if (result.violations.length > 0) return;
      }
      expect.fail(
        `mutant ${mutant} survived seeds 1..${budget} (${nodes} nodes, ${simSeconds} simulated s each): replay with pnpm course run 8 --solution -- --seeds ${budget} --nodes ${nodes} --sim-seconds ${simSeconds} --node compacting --mutant ${mutant}`,
      );
    },
  );
});
