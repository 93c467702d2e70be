// The simulator must find real bugs by itself: each of stage 07's mutants (one classic Raft bug,
// a small patch of one reference file) runs under the SAME fault distribution as the reference,
// with no scenario written for it, and some invariant must break within the mutant's seed budget.
// Every patch in solutions/07-testing/mutants is run: a new mutant without a budget fails here.
import { describe, expect, test } from "vitest";
import { listMutants, replayCommand, runSimulation } from "#stage";
import { mutantNode } from "./mutant-node.ts";

/**
 * Seeds each mutant gets (seeds 1..budget, 10 simulated s each). Each budget is about 5 / (the
 * share of seeds 1–300, or 1–1000 for the rare ones, that find the mutant, measured with
 * tools/hunt.ts), so a budget this long misses it less than 1% of the time; the seed that finds
 * it first is in the README.
 */
const budgets: Record<string, number> = {
  "ack-oldest-inflight": 10,
  "apply-twice": 20,
  "commit-previous-term": 100,
  "commit-with-half": 10,
  "election-quorum-off-by-one": 10,
  "empty-append-unchecked": 20,
  "follower-commit-beyond-match": 10,
  "matchindex-from-nextindex": 10,
  "quorum-wrong-for-even-sizes": 30,
  "skip-prev-term-check": 10,
  "stale-term-append-response": 10,
  "truncate-on-match": 10,
  "vote-counted-twice": 60,
  "vote-ignores-log": 10,
  "vote-log-length-only": 40,
  "vote-not-persisted": 200,
  "vote-not-recorded": 20,
  "vote-response-term-ignored": 10,
  "votes-kept-across-elections": 20,
};
/**
 * Cluster size per mutant: 5 unless the bug needs another. A quorum wrong only for even sizes is
 * right at 5; the same distribution finds it at 4.
 */
const clusterSizes: Record<string, number> = { "quorum-wrong-for-even-sizes": 4 };
const simSeconds = 10;

describe("mutants", () => {
  test("stage 07's mutants are there to be found, and the reference passes", () => {
    expect(listMutants().length, "solutions/07-testing/mutants holds the bugs").toBeGreaterThan(5);
    // Not only a file listing (that would pass on the starter): the simulator runs once.
    for (const nodes of new Set([5, ...Object.values(clusterSizes)])) {
      const result = runSimulation({ seed: 1, nodes, simSeconds: 2 });
      expect(result.violations, `the reference passes at ${nodes} nodes`).toEqual([]);
    }
  });

  test.each(listMutants())(
    "mutant %s is found within its seed budget",
    { timeout: 60_000 },
    async (mutant) => {
      const budget = budgets[mutant];
      expect(
        budget,
        `mutant ${mutant} has no seed budget: measure it (tools/hunt.ts) and add it to budgets`,
      ).toBeDefined();
      const createNode = await mutantNode(mutant);
      const nodes = clusterSizes[mutant] ?? 5;
      for (let seed = 1; seed <= budget!; seed++) {
        const result = runSimulation({ seed, nodes, simSeconds, createNode });
        const found = result.violations[0];
        if (found === undefined) continue;
        expect(found.invariant, "a violation names its invariant").toMatch(/^[a-z-]+$/);
        const how =
          found.invariant === "node-assertion"
            ? "caught by the node's own assertion (no checker needed)"
            : `${found.invariant} violated`;
        const replay = replayCommand({ nodes, simSeconds, mutant }, seed);
        console.log(
          `mutant ${mutant}: seed ${seed} (budget ${budget}): ${how} at ${(found.atUs / 1e6).toFixed(3)} s: ${found.detail}\n  replay: ${replay}\n  watch it: add --trace run.jsonl to the replay, then pnpm viewer run.jsonl`,
        );
        return;
      }
      expect.fail(
        `mutant ${mutant} was not found in ${budget} seeds of ${simSeconds} simulated s at ${nodes} nodes: the simulator's faults or checks miss it`,
      );
    },
  );
});
