import { rerunHint, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { grantsPreVote, type PreVoteRequest, PreVoteRound, RaftLog } from "#stage";
import { productionCluster } from "./cluster.ts";

/** A voter's log whose last entry is (index 3, term 2). */
const log = new RaftLog([
  { term: 1, command: ["SET", "a", "1"] },
  { term: 2, command: ["SET", "b", "2"] },
  { term: 2, command: ["SET", "c", "3"] },
]);

function request(term: number, lastLogIndex: number, lastLogTerm: number): PreVoteRequest {
  return { type: "pre-vote", from: 2, to: 1, term, lastLogIndex, lastLogTerm };
}

describe("grantsPreVote", () => {
  test("grants a higher term to an up-to-date log when no leader is alive", () => {
    const voter = { term: 2, log, leaderIsAlive: false };
    expect(grantsPreVote(voter, request(3, 3, 2)), "§9.6: nothing stops this election").toBe(true);
    expect(grantsPreVote(voter, request(3, 1, 3)), "§5.4.1: a later last term wins").toBe(true);
  });

  test("refuses while it hears from a leader", () => {
    const voter = { term: 2, log, leaderIsAlive: true };
    expect(
      grantsPreVote(voter, request(3, 5, 2)),
      "§9.6: a voter that heard from a leader within the minimum election timeout refuses",
    ).toBe(false);
  });

  test("refuses a log that is not up to date (§5.4.1)", () => {
    const voter = { term: 2, log, leaderIsAlive: false };
    expect(grantsPreVote(voter, request(3, 2, 2)), "§5.4.1: same last term, shorter log").toBe(
      false,
    );
    expect(grantsPreVote(voter, request(3, 9, 1)), "§5.4.1: an earlier last term loses").toBe(
      false,
    );
  });

  test("refuses a term that is not above its own", () => {
    const voter = { term: 3, log, leaderIsAlive: false };
    expect(
      grantsPreVote(voter, request(3, 3, 2)),
      "§9.6: an election of term 3 cannot happen here: the voter is in term 3 already",
    ).toBe(false);
  });
});

describe("PreVoteRound", () => {
  test("a majority of distinct voters, the asker included, wins the round", () => {
    const round = new PreVoteRound(1, 4, 5);
    expect(round.grant(2), "2 of 5 is no majority").toBe(false);
    expect(round.grant(2), "a voter counts once").toBe(false);
    expect(round.grant(3), "3 of 5 is a majority (§9.6)").toBe(true);
  });
});

describe.each(testSeeds(3))("Pre-Vote in a cluster, seed %i", (seed) => {
  const hint = `seed ${seed}, ${rerunHint(seed)}`;

  test.each([1, 2, 3, 4, 5])(
    "a cluster of %i elects one leader, which everyone follows",
    (size) => {
      const c = productionCluster({ seed, size });
      const leader = c.electLeader();
      const term = c.node(leader).term;
      c.cluster.run(10);
      for (const id of c.ids) {
        expect(
          [c.node(id).term, c.node(id).leaderId],
          `§9.6: pre-votes then votes elect a leader: node ${id} follows ${leader} in term ${term} (${hint})`,
        ).toEqual([term, leader]);
      }
    },
  );

  test("a node cut off does not raise its term, and when it returns the leader stays", () => {
    const c = productionCluster({ seed, size: 5 });
    const leader = c.electLeader();
    const term = c.node(leader).term;
    const cutOff = c.ids.find((id) => id !== leader) as number;
    c.cluster.network.isolate(cutOff);
    c.cluster.run(200);
    expect(
      c.node(cutOff).term,
      `§9.6: a node that cannot win pre-votes never raises its term (node ${cutOff}, ${hint})`,
    ).toBe(term);
    c.cluster.network.rejoin(cutOff);
    c.cluster.run(100);
    expect(
      [c.leader(), c.node(leader).term],
      `§9.6: the returning node does not depose the healthy leader ${leader} of term ${term} (${hint})`,
    ).toEqual([leader, term]);
    expect(c.node(cutOff).leaderId, `the returning node follows the leader (${hint})`).toBe(leader);
  });

  test("without Pre-Vote the same node deposes the leader when it returns (06's behaviour)", () => {
    const c = productionCluster({ seed, size: 5, preVote: false });
    const leader = c.electLeader();
    const term = c.node(leader).term;
    const cutOff = c.ids.find((id) => id !== leader) as number;
    c.cluster.network.isolate(cutOff);
    c.cluster.run(200);
    expect(
      c.node(cutOff).term,
      `06: a cut-off node's elections raise its term (${hint})`,
    ).toBeGreaterThan(term);
    c.cluster.network.rejoin(cutOff);
    c.cluster.run(100);
    expect(
      c.node(c.electLeader()).term,
      `06: the returning node's higher term ends the leader's term (${hint})`,
    ).toBeGreaterThan(term);
  });

  test("when the leader dies, the others still elect a new one, which commits", () => {
    const c = productionCluster({ seed, size: 5 });
    const old = c.electLeader();
    c.cluster.crash(old);
    const leader = c.electLeader();
    expect(leader, `§5.2: a new leader without node ${old} (${hint})`).not.toBe(old);
    c.propose(leader, "r1", ["SET", "x", "1"]);
    c.cluster.runUntil("the proposal is applied (§5.3)", () => c.results.has("r1"));
    expect(c.results.get("r1")?.[0]?.type, `§5.3: a majority commits (${hint})`).toBe("applied");
  });

  test("a node behind in term but ahead in log adopts the term a pre-vote answer shows, and wins", () => {
    const entry = (term: number) => ({ term, command: ["SET", "k", String(term)] });
    // Node 1 has the best log but term 5; node 2 a worse log but term 7; node 3 is down.
    const c = productionCluster({
      seed,
      images: [
        { hardState: { term: 5, votedFor: null }, entries: [entry(1), entry(5)] },
        { hardState: { term: 7, votedFor: null }, entries: [entry(1)] },
        {},
      ],
    });
    c.cluster.crash(3);
    const leader = c.electLeader(300);
    expect(
      [leader, c.node(1).term],
      `§9.6 + Figure 2: node 2 refuses term 6 but shows term 7; node 1 adopts it, asks for term 8 and wins, its log being the more up to date (§5.4.1) (${hint})`,
    ).toEqual([1, 8]);
  });
});
