// The compacting node in stage 08's simulator, compacting aggressively (more than 2 entries after
// the snapshot): crashes (also while a snapshot is being written: the write completes only at the
// machine's next sync), partitions, lost, late and duplicated messages, and every check of stages
// 07 and 08 after every step. Snapshots are taken and installed in every run, and nothing breaks.
import { testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { compactingNodeFactory, compactingStorage, runSimulation } from "#stage";

const seeds = testSeeds(12, 2001);
const simSeconds = 10;

describe("the compacting node under faults (08's simulator)", () => {
  test(`${seeds.length} seeds, 5 nodes, ${simSeconds} simulated s each: no violation; snapshots installed`, {
    timeout: 120_000,
  }, () => {
    let installs = 0;
    let faults = 0;
    let ops = 0;
    for (const seed of seeds) {
      const result = runSimulation({
        seed,
        nodes: 5,
        simSeconds,
        createNode: compactingNodeFactory(),
        createStorage: compactingStorage,
        trace: (event) => {
          if (event.kind === "send" && event.type === "install-snapshot") installs++;
        },
      });
      const first = result.violations[0];
      expect(
        first,
        `seed ${seed}: ${first?.invariant}: ${first?.detail} (§7: compaction must keep every rule of 07's and 08's checks)`,
      ).toBeUndefined();
      faults += result.faultsScheduled;
      ops += result.stats.opsOk;
    }
    expect(
      installs,
      "§7: leaders sent InstallSnapshot to followers behind their snapshot",
    ).toBeGreaterThan(0);
    expect(faults, "faults were on: crashes and partitions happened").toBeGreaterThan(seeds.length);
    expect(ops, "clients were served throughout").toBeGreaterThan(seeds.length * 20);
  });
});
