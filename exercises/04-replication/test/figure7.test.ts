// Figure 7 of the Raft paper: a leader of term 8 and followers whose logs differ from it in every
// way the paper lists: missing entries (a, b), extra entries (c, d), or both (e, f). The leader's
// AppendEntries consistency check and nextIndex back-off (§5.3) must bring each one to its log.
import { describe, expect, test } from "vitest";
import { converged, entries, logOf, replicationCluster, storedLog } from "./cluster.ts";

const leaderLog = entries(1, 1, 1, 4, 4, 5, 5, 6, 6, 6);

const followers = {
  a: entries(1, 1, 1, 4, 4, 5, 5, 6, 6),
  b: entries(1, 1, 1, 4),
  c: entries(1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6),
  d: entries(1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7),
  e: entries(1, 1, 1, 4, 4, 4, 4),
  f: entries(1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3),
};

describe("Figure 7: every follower converges to the leader's log", () => {
  for (const [name, followerLog] of Object.entries(followers)) {
    test(`follower (${name})`, () => {
      const cluster = replicationCluster({ seed: 1, term: 8, logs: [leaderLog, followerLog] });
      cluster.step(1, { type: "append", command: ["SET", "k11", "t8"] });
      cluster.runUntil(
        `follower (${name}) holds the leader's log and the leader knows it (§5.3)`,
        () => converged(cluster) && cluster.node(1).progressOf(2).matchIndex === 11,
        200,
      );
      expect(
        logOf(cluster.node(2)),
        "§5.3: the follower's log ends up identical to the leader's (Log Matching Property)",
      ).toEqual(logOf(cluster.node(1)));
      expect(
        storedLog(cluster, 2),
        "the Ready's persist effect (fromIndex + entries) leaves the follower's storage equal to its log",
      ).toEqual(logOf(cluster.node(2)));
      expect(
        cluster.node(1).progressOf(2).matchIndex,
        "§5.3: once the logs match, the leader's matchIndex for the follower is its last index",
      ).toBe(11);
    });
  }

  test("all six followers at once, in one cluster of seven", () => {
    const cluster = replicationCluster({
      seed: 2,
      term: 8,
      logs: [leaderLog, ...Object.values(followers)],
    });
    cluster.step(1, { type: "append", command: ["SET", "k11", "t8"] });
    cluster.runUntil("all followers hold the leader's log (§5.3)", () => converged(cluster), 300);
    for (const id of cluster.ids()) {
      expect(logOf(cluster.node(id)), `§5.3: node ${id} holds the leader's log`).toEqual(
        logOf(cluster.node(1)),
      );
    }
  });
});
