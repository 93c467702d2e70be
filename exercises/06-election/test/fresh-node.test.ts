// A node as it starts and after a step that only votes: its role, the election timeout it was
// configured with, who it thinks leads, and a Ready that carries nothing of stage 05.
// (Mutation testing, pnpm mutate 6, showed no other 06 test pinned these.)
import { describe, expect, test } from "vitest";
import { createRaftNode, KvStore, MemoryStorage, type RaftConfig } from "#stage";
import { node1, noJitter, ticks, voteRequest } from "./node.ts";

function nodeWithTimeout(electionTimeoutTicks?: number) {
  const config: RaftConfig = {
    id: 1,
    peers: [2, 3],
    electionTimeoutTicks,
    limits: { heartbeatIntervalTicks: 3 },
    stateMachine: new KvStore(),
  };
  return createRaftNode(config, new MemoryStorage(), noJitter);
}

describe("a node as it starts", () => {
  test("a restored node starts as a follower (Figure 2: volatile state starts over)", () => {
    expect(node1().role, "every node starts as a follower (§5.2)").toBe("follower");
  });

  test("its election timeout is drawn from the configured T", () => {
    const node = nodeWithTimeout(25);
    expect(node.electionTimeoutTicks, "§5.2: a timeout in [T, 2T) for T = 25").toBe(25);
    ticks(node, 3);
    expect(node.electionElapsedTicks, "three ticks counted since the reset").toBe(3);
  });

  test("without electionTimeoutTicks, T is the default of 10 ticks", () => {
    expect(nodeWithTimeout().electionTimeoutTicks, "§5.2: a timeout in [T, 2T) for T = 10").toBe(
      10,
    );
  });
});

describe("a RequestVote of a higher term", () => {
  test("adopts the term but names no leader: a candidate is not a leader", () => {
    const node = node1();
    const ready = node.step({ type: "message", message: voteRequest(2, 5) });
    expect(node.term, "Figure 2: term T > currentTerm: set currentTerm = T").toBe(5);
    expect(
      node.leaderId,
      "who leads term 5 is unknown until an AppendEntries of term 5 arrives",
    ).toBeUndefined();
    expect(ready.results, "a vote step settles no client proposal").toEqual([]);
    expect(ready.applied, "a vote step applies nothing").toEqual([]);
  });
});
