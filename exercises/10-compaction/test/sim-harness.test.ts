// The compacting node in stage 07's harness: every scenario of 07 (partitions, crashes and
// restarts from what the disk kept, lossy and slow networks, client histories), with each node's
// disk keeping snapshots and the node compacting once 2 entries follow its snapshot. The safety
// checkers run after every step, read logs that start after a snapshot, and find nothing; the
// histories stay linearizable, and every healed cluster settles.
import { testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { compactingNodeFactory, compactingStorage, runScenarios, scenarios } from "#stage";

const seeds = testSeeds(3, 3001);

describe("the compacting node in 07's harness", () => {
  test(`every 07 scenario, seeds ${seeds.join(", ")}: no violation, no node failure`, {
    timeout: 120_000,
  }, () => {
    const compacting = scenarios.map((scenario) => ({
      ...scenario,
      options: { ...scenario.options, createStorage: compactingStorage },
    }));
    const report = runScenarios({
      seeds,
      scenarios: compacting,
      createNode: compactingNodeFactory(),
    });
    const first = report.violations[0] ?? report.failures[0];
    expect(
      first,
      `§7: compaction keeps every safety property (${JSON.stringify(first)})`,
    ).toBeUndefined();
    expect(report.scenariosRun, "every scenario ran for every seed").toBe(
      scenarios.length * seeds.length,
    );
  });
});
