// The commit rule: an entry is committed once a majority stores it and it is from the leader's
// current term (§5.3, §5.4.2, Figure 8); followers learn commitIndex from the leader.
import { describe, expect, test } from "vitest";
import {
  type AppendEntriesRequest,
  ConsensusNode,
  type KvStore,
  leaderCommitIndex,
  RaftLog,
} from "#stage";
import { entries, onlyOutcome, raftCluster } from "./cluster.ts";

describe("commit needs a majority", () => {
  test("no commit without a majority: 2 of 5 nodes store it, nothing commits until the heal", () => {
    const { cluster, results, propose } = raftCluster({
      seed: 1,
      term: 1,
      logs: [[], [], [], [], []],
    });
    for (const id of [3, 4, 5]) cluster.network.isolate(id);
    propose(1, "r1", ["SET", "x", "1"]);
    cluster.runUntil(
      "follower 2 stores the entry",
      () => cluster.node(1).standing.progressOf(2).matchIndex === 1,
    );
    cluster.run(50);
    expect(cluster.node(1).commitIndex, "§5.3: an entry on 2 of 5 nodes is not committed").toBe(0);
    expect(results.get("r1"), "no result before the entry is committed").toBeUndefined();
    expect(cluster.node(2).lastApplied, "nothing is applied before it is committed").toBe(0);
    cluster.network.healAll();
    cluster.runUntil("the proposal's result arrives after the heal", () => results.has("r1"));
    expect(cluster.node(1).commitIndex, "§5.3: committed once a majority stores it").toBe(1);
  });

  test("a commit survives the loss of a minority: 2 of 5 nodes cut off", () => {
    const { cluster, results, propose } = raftCluster({
      seed: 2,
      term: 1,
      logs: [[], [], [], [], []],
    });
    cluster.network.isolate(4);
    cluster.network.isolate(5);
    for (let i = 1; i <= 5; i++) propose(1, `r${i}`, ["INCR", "n"]);
    cluster.runUntil("all five results arrive", () => results.size === 5);
    expect(cluster.node(1).commitIndex, "§5.3: 3 of 5 nodes are a majority").toBe(5);
    cluster.runUntil("the connected followers apply everything", () =>
      [2, 3].every((id) => cluster.node(id).lastApplied === 5),
    );
    expect(cluster.node(4).lastApplied, "a cut-off node applies nothing").toBe(0);
    expect(onlyOutcome(results, "r5"), "the fifth INCR sees 5").toMatchObject({
      type: "applied",
      reply: { type: "integer", value: 5 },
    });
  });
});

describe("§5.4.2 / Figure 8: entries of earlier terms are not committed by counting replicas", () => {
  // Figure 8 (c): S1 leads term 4 with index 2 from term 2 on a majority; S5 holds term 3 there.
  const logs = [entries(1, 2), entries(1, 2), entries(1), entries(1), entries(1, 3)];

  test("a term-2 entry on every node stays uncommitted under a term-4 leader", () => {
    const { cluster } = raftCluster({ seed: 3, term: 4, logs });
    cluster.runUntil("every node stores index 2 of term 2", () =>
      [2, 3, 4, 5].every((id) => cluster.node(1).standing.progressOf(id).matchIndex === 2),
    );
    cluster.run(20);
    expect(
      cluster.node(1).commitIndex,
      "§5.4.2: a leader never commits an entry of a previous term by counting replicas",
    ).toBe(0);
    expect(
      cluster.node(5).log.termAt(2),
      "§5.3: S5's term-3 entry was replaced by the leader's",
    ).toBe(2);
  });

  test("it is committed once an entry of the current term above it commits", () => {
    const { cluster, results, propose } = raftCluster({ seed: 4, term: 4, logs });
    cluster.network.isolate(4);
    cluster.network.isolate(5);
    propose(1, "r", ["SET", "x", "4"]);
    cluster.runUntil("the term-4 entry's result arrives", () => results.has("r"));
    expect(
      cluster.node(1).commitIndex,
      "§5.4.2: committing a current-term entry commits those before it",
    ).toBe(3);
    expect(
      (cluster.node(1).stateMachine as KvStore).entries(),
      "the earlier entries are applied, in order, before the new one",
    ).toEqual([
      ["k1", "t1"],
      ["k2", "t2"],
      ["x", "4"],
    ]);
  });

  test("leaderCommitIndex: majority and current term, directly", () => {
    const log = new RaftLog(entries(1, 2, 4));
    const cases: [number[], number, string][] = [
      [[3, 3, 1], 3, "§5.3: index 3 of term 4 on 2 of 3 nodes is committed"],
      [[3, 2, 2], 0, "§5.4.2: index 2 is on a majority but from term 2: not committed by counting"],
      [[3, 1, 0], 0, "§5.3: only index 1 is on a majority, and it is from term 1"],
      [[3, 3, 3, 0, 0], 3, "§5.3: 3 of 5 nodes are a majority"],
      [[3, 3, 0, 0, 0], 0, "§5.3: 2 of 5 nodes are not a majority"],
    ];
    for (const [matchIndexes, expected, rule] of cases) {
      expect(leaderCommitIndex(log, 4, matchIndexes, 0), rule).toBe(expected);
    }
    expect(leaderCommitIndex(log, 4, [3, 1, 1], 3), "commitIndex never decreases").toBe(3);
  });
});

describe("followers learn commitIndex from the leader", () => {
  function follower(log = entries(1, 1, 1)) {
    return new ConsensusNode({
      id: 2,
      peers: [1, 3],
      role: "follower",
      term: 2,
      log: new RaftLog(log),
      leaderId: 1,
    });
  }
  function request(prevIndex: number, prevTerm: number, leaderCommit: number, batch = entries()) {
    const message: AppendEntriesRequest = {
      type: "append-entries",
      from: 1,
      to: 2,
      term: 2,
      prevIndex,
      prevTerm,
      entries: batch,
      leaderCommit,
    };
    return { type: "message" as const, message };
  }

  test("commitIndex = min(leaderCommit, index of the last new entry)", () => {
    const node = follower();
    const ready = node.step(request(1, 1, 3));
    expect(
      ready.commitIndex,
      "Figure 2 AppendEntries rule 5: entries past the request's last one may differ from the leader's",
    ).toBe(1);
    expect(node.lastApplied, "committed entries are applied").toBe(1);
    node.step(request(3, 1, 2));
    expect(node.commitIndex, "Figure 2 rule 5: min(leaderCommit 2, last new index 3)").toBe(2);
  });

  test("a stale request with a lower leaderCommit never lowers commitIndex", () => {
    const node = follower();
    node.step(request(3, 1, 3));
    node.step(request(1, 1, 1));
    expect(node.commitIndex, "Figure 2: commitIndex never decreases").toBe(3);
    expect(node.lastApplied, "each entry is applied once").toBe(3);
  });
});
