// Applying: every node applies the same commands in the same order, each exactly once, never
// past commitIndex, whatever the network does (State Machine Safety, §5.4.3).
import { seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import type { KvStore } from "#stage";
import { onlyOutcome, raftCluster } from "./cluster.ts";

describe("every node applies the same commands in the same order", () => {
  for (const seed of testSeeds(5)) {
    test(`seed ${seed}: loss, duplication, reordering and partitions`, () => {
      const { cluster, results, applied, propose } = raftCluster({
        seed,
        term: 1,
        logs: [[], [], [], [], []],
        limits: { maxEntriesPerMessage: 3, maxInflightPerFollower: 2, retransmitTimeoutTicks: 6 },
        faults: { lossRate: 0.15, duplicateRate: 0.15, maxDelayTicks: 4 },
      });
      const random = seededRandom(seed + 1000);
      const keys = ["a", "b", "c"];
      for (let i = 0; i < 60; i++) {
        if (random.chance(0.4)) {
          const key = random.pick(keys);
          const command = random.pick([
            ["INCR", key],
            ["SET", key, `${i}`],
            ["DEL", key],
            ["APPEND", key, "x"],
          ]);
          propose(1, `r${i}`, command);
        }
        if (random.chance(0.05)) cluster.network.isolate(random.int(2, 6));
        if (random.chance(0.05)) cluster.network.healAll();
        cluster.tick();
      }
      cluster.network.healAll();
      const leader = cluster.node(1);
      cluster.runUntil(
        `every node applied the whole log (seed ${seed})`,
        () => cluster.ids().every((id) => cluster.node(id).lastApplied === leader.log.lastIndex()),
        2000,
      );
      const order = (id: number) =>
        (applied.get(id) ?? []).map((e) => `${e.index}:${e.command.join(" ")}`);
      for (const id of cluster.ids()) {
        expect(
          order(id),
          `§5.4.3 State Machine Safety: node ${id} applied the leader's commands in order (seed ${seed})`,
        ).toEqual(order(1));
        expect(
          (cluster.node(id).stateMachine as KvStore).entries(),
          `§5.4.3: node ${id}'s KvStore equals the leader's (seed ${seed})`,
        ).toEqual((leader.stateMachine as KvStore).entries());
      }
      for (const requestId of results.keys()) onlyOutcome(results, requestId);
      expect(
        cluster.network.stats.dropped,
        `the network really lost messages (seed ${seed})`,
      ).toBeGreaterThan(0);
    });
  }
});
