// Client results: a proposal's result goes to its proposer once its entry is applied; a proposal
// whose entry is replaced resolves as "outcome unknown", matched by index AND term, and never
// receives another client's result.
import { describe, expect, test } from "vitest";
import { ConsensusNode, type KvStore, RaftLog } from "#stage";
import {
  entries,
  followerOfNode1,
  leaderWithPendingProposal,
  nodeConfig,
  onlyOutcome,
  overwritingAppend,
  raftCluster,
} from "./cluster.ts";

describe("results reach the right proposer", () => {
  test("each INCR's reply goes to the request that proposed it", () => {
    const { cluster, results, propose } = raftCluster({ seed: 1, term: 1, logs: [[], [], []] });
    const ids = ["alice", "bob", "carol", "dave"];
    for (const requestId of ids) propose(1, requestId, ["INCR", "counter"]);
    cluster.runUntil("all four results arrive", () => results.size === 4);
    ids.forEach((requestId, i) => {
      expect(
        onlyOutcome(results, requestId),
        `the result of ${requestId} is its own INCR's reply`,
      ).toEqual({
        type: "applied",
        index: i + 1,
        reply: { type: "integer", value: i + 1 },
      });
    });
  });

  test("a single-node cluster commits at once", () => {
    const node = new ConsensusNode({
      id: 1,
      peers: [],
      role: "leader",
      term: 1,
      log: new RaftLog(),
    });
    const ready = node.step({ type: "propose", command: ["SET", "k", "v"], requestId: "solo" });
    expect(ready.results, "§5.3: one node is a majority of one").toEqual([
      {
        requestId: "solo",
        outcome: { type: "applied", index: 1, reply: { type: "simple", value: "OK" } },
      },
    ]);
  });

  test("a follower refuses proposals and names the leader", () => {
    const node = followerOfNode1();
    const ready = node.step({ type: "propose", command: ["SET", "k", "v"], requestId: "lost" });
    expect(ready.results, "§8: only the leader accepts client commands").toEqual([
      { requestId: "lost", outcome: { type: "not-leader", leaderId: 1 } },
    ]);
    expect(node.log.lastIndex(), "a follower's log is not changed by a proposal").toBe(0);
  });
});

describe("a replaced entry resolves as outcome unknown", () => {
  test("a deposed leader's pending proposal, overwritten by the new leader's entry", () => {
    const old = leaderWithPendingProposal();
    expect(old.pendingProposals, "the proposal waits for its entry to commit").toBe(1);
    // A leader of term 3 has another entry at 2, and has committed it.
    const ready = old.step({ type: "message", message: overwritingAppend(2) });
    expect(old.standing.role, "Figure 2: a higher term makes a leader step down").toBe("follower");
    expect(
      ready.results,
      "a replaced entry's proposal: outcome unknown, not the other's reply",
    ).toEqual([{ requestId: "mine", outcome: { type: "unknown", reason: expect.any(String) } }]);
    expect(
      ready.applied.map((e) => e.command),
      "the new leader's entry is applied instead",
    ).toEqual([
      ["SET", "k1", "t1"],
      ["SET", "x", "theirs"],
    ]);
    expect(old.pendingProposals, "nothing is left pending").toBe(0);
  });

  test("in a cluster: the old leader's entry is replaced after the heal", () => {
    const { cluster, results, propose } = raftCluster({
      seed: 7,
      term: 2,
      logs: [entries(1), entries(1), entries(1)],
    });
    cluster.network.isolate(1);
    propose(1, "stranded", ["SET", "x", "old"]);
    // Stage 06 will elect node 2; here we restore it from its log as the leader of term 3.
    const ids = cluster.ids();
    cluster.replace(
      2,
      new ConsensusNode(nodeConfig(2, ids, "leader", 3, cluster.node(2).log.slice(1))),
    );
    propose(2, "fresh", ["SET", "x", "new"]);
    cluster.runUntil("the new leader's proposal is applied", () => results.has("fresh"));
    cluster.network.healAll();
    cluster.runUntil("the stranded proposal resolves", () => results.has("stranded"));
    expect(
      onlyOutcome(results, "stranded"),
      "a replaced entry resolves as outcome unknown",
    ).toMatchObject({
      type: "unknown",
    });
    cluster.runUntil(
      "the old leader applies the new leader's entry",
      () => cluster.node(1).lastApplied === 2,
    );
    expect(
      (cluster.node(1).stateMachine as KvStore).entries(),
      "§5.4.3: the old leader applies what was committed",
    ).toEqual([
      ["k1", "t1"],
      ["x", "new"],
    ]);
  });
});
