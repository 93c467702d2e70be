// The simulator must find real bugs by itself: each of stage 07's mutants (one classic Raft bug,
// a small patch of one reference file) runs under the SAME fault distribution as the reference,
// with no scenario written for it, and some invariant must break within the mutant's seed budget.
import { rerunHint } from "@rafting/testkit";
import { describe, expect, test, vi } from "vitest";
import {
  listMutants,
  mutantTarget,
  type NodeFactory,
  referenceNodeEntry,
  runSimulation,
} from "#stage";

/** Seeds each mutant gets (5 nodes, 10 simulated s each); measured, then doubled or more. */
const budgets: Record<string, number> = {
  "commit-with-half": 20,
  "election-quorum-off-by-one": 20,
  "follower-commit-beyond-match": 10,
  "matchindex-from-nextindex": 10,
  "skip-prev-term-check": 20,
  "vote-ignores-log": 10,
  "vote-log-length-only": 60,
  "vote-not-recorded": 20,
};
const simSeconds = 10;

/** The reference createRaftNode with `mutant` applied to its one file (vitest's ?mutant= plugin). */
async function mutantNode(mutant: string): Promise<NodeFactory> {
  vi.resetModules();
  const target = mutantTarget(mutant);
  vi.doMock(target, () => import(/* @vite-ignore */ `${target}?mutant=${mutant}`));
  try {
    const reference = await import(/* @vite-ignore */ referenceNodeEntry());
    return reference.createRaftNode as NodeFactory;
  } finally {
    vi.doUnmock(target);
  }
}

const known = new Set(listMutants());
const mutants = Object.keys(budgets).filter((name) => known.has(name));

describe("mutants", () => {
  test("stage 07's mutants are there to be found", () => {
    expect(mutants.length, "solutions/07-testing/mutants holds the bugs").toBeGreaterThanOrEqual(5);
    // Not only a file listing (that would pass on the starter): the simulator runs once.
    expect(runSimulation({ seed: 1, simSeconds: 2 }).violations, "the reference passes").toEqual(
      [],
    );
  });

  test.each(mutants)(
    "mutant %s is found within its seed budget",
    { timeout: 60_000 },
    async (mutant) => {
      const createNode = await mutantNode(mutant);
      const budget = budgets[mutant]!;
      for (let seed = 1; seed <= budget; seed++) {
        const result = runSimulation({ seed, simSeconds, createNode });
        const found = result.violations[0];
        if (found === undefined) continue;
        expect(found.invariant, "a violation names its invariant").toMatch(/^[a-z-]+$/);
        console.log(
          `mutant ${mutant}: seed ${seed} (of ${budget}): ${found.invariant} at ${(found.atUs / 1e6).toFixed(3)} s: ${found.detail}\n  replay: pnpm course run 8 --solution -- --seed ${seed} --sim-seconds ${simSeconds} --mutant ${mutant} (${rerunHint(seed)})`,
        );
        return;
      }
      expect.fail(
        `mutant ${mutant} was not found in ${budget} seeds of ${simSeconds} simulated s: the simulator's faults or checks miss it`,
      );
    },
  );
});
