// Compaction and InstallSnapshot under a faulty network and crashes (Raft paper §7, Figure 3):
// messages lost, duplicated and reordered, nodes (the leader too) crashing and restarting from
// snapshot plus log, a small compaction threshold so snapshots are taken and sent all the time.
// Safety is checked on every Ready (node-cluster.ts); at the end every node holds the same state.
import { rerunHint, seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import type { SnapshotKvStore } from "#stage";
import { compactionCluster } from "./node-cluster.ts";

describe("compaction on a faulty network", () => {
  for (const seed of testSeeds(5)) {
    test(`safe, and every node converges, with snapshots sent through loss, duplicates and crashes (seed ${seed})`, () => {
      const faults = { lossRate: 0.1, duplicateRate: 0.1, maxDelayTicks: 4 };
      const limits = { maxBytesPerMessage: 48, maxInflightPerFollower: 3 };
      const c = compactionCluster({ seed, faults, limits, compaction: { maxLogEntries: 4 } });
      const random = seededRandom(seed * 31 + 7);
      let written = 0;
      for (let round = 0; round < 40; round++) {
        const lead = c.leader();
        if (lead !== undefined) {
          for (let i = 0; i < 3; i++) {
            written++;
            c.propose(lead, `w${written}`, ["SET", `k${written % 17}`, `v${written}`]);
          }
        }
        // Any node may crash, the leader too (it restarts from its snapshot plus log); a
        // majority stays up so the cluster can go on.
        const victim = c.ids.find((id) => random.chance(id === lead ? 0.05 : 0.15));
        const up = c.ids.filter((id) => c.cluster.isUp(id)).length;
        if (victim !== undefined && c.cluster.isUp(victim) && up > 2) c.crash(victim);
        c.cluster.run(5);
        for (const id of c.ids) if (!c.cluster.isUp(id) && random.chance(0.3)) c.restart(id);
      }
      for (const id of c.ids) if (!c.cluster.isUp(id)) c.restart(id);
      c.cluster.network.setFaults({ lossRate: 0, duplicateRate: 0 });
      c.electLeader();
      const lead = c.leader() as number;
      c.propose(lead, "last", ["SET", "last", "1"]);
      c.settle(`every node applies everything (${rerunHint(seed)})`, 3000);
      const state = (id: number) => (c.node(id).stateMachine as SnapshotKvStore).entries();
      for (const id of c.ids) {
        expect(state(id), `node ${id} holds the leader's state (seed ${seed})`).toEqual(
          state(lead),
        );
      }
      const installs = c.ids.reduce((sum, id) => sum + c.storage(id).installs, 0);
      expect(installs, `§7: followers caught up by InstallSnapshot (seed ${seed})`).toBeGreaterThan(
        0,
      );
    });
  }
});
