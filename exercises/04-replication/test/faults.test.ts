// Replication over an unreliable network: messages are lost, duplicated and reordered, followers
// get cut off and come back. Retransmission after a timeout and responses that are checked
// before they are used (§5.3) must still bring every follower to the leader's log.
import { seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { converged, entries, logOf, replicationCluster } from "./cluster.ts";

describe("convergence survives loss, duplication and reordering", () => {
  for (const seed of testSeeds(6)) {
    test(`seed ${seed}`, () => {
      const cluster = replicationCluster({
        seed,
        term: 8,
        logs: [
          entries(1, 1, 4, 4, 6),
          entries(1, 1, 4),
          entries(1, 1, 2, 2, 2, 3, 3),
          entries(1, 1, 4, 4, 6, 6, 7),
          [],
        ],
        limits: { maxEntriesPerMessage: 3, maxInflightPerFollower: 2, retransmitTimeoutTicks: 6 },
        faults: { lossRate: 0.2, duplicateRate: 0.2, minDelayTicks: 1, maxDelayTicks: 5 },
      });
      const random = seededRandom(seed + 1000);
      for (let i = 0; i < 40; i++) {
        if (random.chance(0.5))
          cluster.step(1, { type: "append", command: ["SET", `x${i}`, `${i}`] });
        cluster.tick();
      }
      cluster.runUntil(
        `every follower holds the leader's log (seed ${seed})`,
        () => converged(cluster),
        2000,
      );
      const stats = cluster.network.stats;
      expect(stats.dropped, `the network really lost messages (seed ${seed})`).toBeGreaterThan(0);
      expect(
        stats.duplicated,
        `the network really duplicated messages (seed ${seed})`,
      ).toBeGreaterThan(0);
      for (const id of cluster.ids()) {
        expect(
          logOf(cluster.node(id)),
          `§5.3: node ${id} holds the leader's log (seed ${seed})`,
        ).toEqual(logOf(cluster.node(1)));
      }
    });
  }
});

describe("partitions", () => {
  test("a follower cut off while the leader appends catches up after the heal", () => {
    const cluster = replicationCluster({
      seed: 11,
      term: 2,
      logs: [entries(1, 2), entries(1, 2), entries(1, 2)],
    });
    cluster.network.isolate(3);
    for (let i = 0; i < 10; i++) {
      cluster.step(1, { type: "append", command: ["SET", `p${i}`, "v"] });
      cluster.tick();
    }
    cluster.runUntil(
      "follower 2 holds the leader's log",
      () => logOf(cluster.node(2)).join() === logOf(cluster.node(1)).join(),
    );
    cluster.run(30);
    expect(cluster.node(3).log.lastIndex(), "an isolated follower receives nothing").toBe(2);
    cluster.network.healAll();
    cluster.runUntil(
      "follower 3 catches up after the heal (§5.3: the leader retries)",
      () => converged(cluster) && cluster.node(1).progressOf(3).matchIndex === 12,
    );
    expect(
      cluster.node(1).progressOf(3).matchIndex,
      "§5.3: matchIndex follows the caught-up follower",
    ).toBe(12);
  });

  test("a follower cut off with a conflicting log is repaired after the heal", () => {
    const cluster = replicationCluster({
      seed: 12,
      term: 5,
      logs: [entries(1, 1, 5), entries(1, 1, 5), entries(1, 3, 3, 3, 3)],
    });
    cluster.network.cut(1, 3);
    for (let i = 0; i < 5; i++) cluster.step(1, { type: "append", command: ["SET", `c${i}`, "v"] });
    cluster.run(40);
    expect(cluster.node(3).log.lastTerm(), "a cut-off follower keeps its own log").toBe(3);
    cluster.network.heal(3, 1);
    cluster.runUntil("follower 3 is repaired after the heal (§5.3)", () => converged(cluster));
  });
});
