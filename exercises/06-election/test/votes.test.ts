import { describe, expect, test } from "vitest";
import {
  candidateIsUpToDate,
  createRaftNode,
  type ElectionRandom,
  KvStore,
  MemoryStorage,
  RaftLog,
} from "#stage";
import {
  deliver,
  entries,
  heartbeat,
  leaderOfTerm1,
  node1,
  nodeOfCluster,
  T,
  ticks,
  voteRequest,
  voteResponse,
  votesIn,
} from "./node.ts";

describe("§5.4.1 up to date: last term first, then last index", () => {
  const log = new RaftLog(entries(1, 1, 2));
  test("a higher last term wins, even with a shorter log", () => {
    expect(candidateIsUpToDate(log, 3, 1), "§5.4.1: a later last term is more up to date").toBe(
      true,
    );
  });
  test("a lower last term loses, even with a longer log", () => {
    expect(
      candidateIsUpToDate(log, 1, 9),
      "§5.4.1: an earlier last term is less up to date, whatever the length",
    ).toBe(false);
  });
  test("equal last terms: the longer (or equal) log", () => {
    expect(
      candidateIsUpToDate(log, 2, 3),
      "§5.4.1: same last term and same length is up to date",
    ).toBe(true);
    expect(candidateIsUpToDate(log, 2, 4), "§5.4.1: same last term, longer log is up to date").toBe(
      true,
    );
    expect(candidateIsUpToDate(log, 2, 2), "§5.4.1: same last term, shorter log is not").toBe(
      false,
    );
  });
});

describe("RequestVote receiver (Figure 2)", () => {
  test("a higher term is adopted before the request is handled", () => {
    const { node } = leaderOfTerm1();
    expect(node.role, "§5.2: a candidate with votes from a majority becomes leader").toBe("leader");
    const ready = deliver(node, voteRequest(3, 5, 9, 1));
    expect(node.term, "Figure 2 All Servers: a higher term in any message is adopted").toBe(5);
    expect(node.role, "Figure 2 All Servers: on a higher term, become follower").toBe("follower");
    expect(
      votesIn(ready),
      "Figure 2: the vote is decided in the adopted term, so it is granted",
    ).toEqual([{ type: "request-vote-response", from: 1, to: 3, term: 5, granted: true }]);
  });

  test("one vote per term, first come first served; the same candidate again gets it again", () => {
    const node = node1();
    const first = votesIn(deliver(node, voteRequest(2, 1)));
    expect(first[0]?.granted, "Figure 2: votedFor is null, grant").toBe(true);
    const other = votesIn(deliver(node, voteRequest(3, 1)));
    expect(other[0]?.granted, "§5.2: at most one vote per term (already voted for 2)").toBe(false);
    const again = votesIn(deliver(node, voteRequest(2, 1)));
    expect(
      again[0]?.granted,
      "Figure 2: votedFor is the candidate: grant again (a reply may be lost)",
    ).toBe(true);
    expect(node.vote, "§5.2: the vote stays with the first candidate").toBe(2);
  });

  test("a vote only for a candidate at least as up to date (§5.4.1)", () => {
    const image = { hardState: { term: 2, votedFor: null }, entries: entries(1, 2) };
    const shorter = votesIn(deliver(node1(image), voteRequest(2, 3, 1, 2)));
    expect(shorter[0]?.granted, "§5.4.1: same last term, shorter log: refuse").toBe(false);
    const older = votesIn(deliver(node1(image), voteRequest(2, 3, 5, 1)));
    expect(older[0]?.granted, "§5.4.1: earlier last term: refuse").toBe(false);
    const equal = votesIn(deliver(node1(image), voteRequest(2, 3, 2, 2)));
    expect(equal[0]?.granted, "§5.4.1: as up to date: grant").toBe(true);
  });

  test("a request of an older term is refused and answered with the current term", () => {
    const node = node1({ hardState: { term: 4, votedFor: null } });
    expect(
      votesIn(deliver(node, voteRequest(2, 3))),
      "Figure 2 RequestVote rule 1: term < currentTerm: refuse",
    ).toEqual([{ type: "request-vote-response", from: 1, to: 2, term: 4, granted: false }]);
    expect(node.vote, "Figure 2: no vote recorded for a stale candidate").toBe(null);
  });
});

describe("Candidates (§5.2)", () => {
  test("a timeout starts an election: term + 1, vote for self, RequestVote to every peer", () => {
    const node = node1({ hardState: { term: 2, votedFor: null }, entries: entries(1, 2) });
    const readies = ticks(node, T);
    const ready = readies.at(-1);
    expect(node.role, "§5.2: on election timeout a follower becomes candidate").toBe("candidate");
    expect(node.term, "§5.2: a candidate increments its term").toBe(3);
    expect(node.vote, "§5.2: a candidate votes for itself").toBe(1);
    expect(
      ready?.messages,
      "§5.2: RequestVote to every peer, with the last log index and term (§5.4.1)",
    ).toEqual([
      { type: "request-vote", from: 1, to: 2, term: 3, lastLogIndex: 2, lastLogTerm: 2 },
      { type: "request-vote", from: 1, to: 3, term: 3, lastLogIndex: 2, lastLogTerm: 2 },
    ]);
  });

  test("replies from an older term are ignored; a majority of this term makes a leader", () => {
    const node = node1({ hardState: { term: 1, votedFor: null } });
    ticks(node, T);
    expect(node.term, "§5.2: candidate in term 2").toBe(2);
    deliver(node, { type: "request-vote-response", from: 2, to: 1, term: 1, granted: true });
    expect(node.role, "Figure 2: a vote granted in an older term does not count").toBe("candidate");
    deliver(node, { type: "request-vote-response", from: 3, to: 1, term: 2, granted: false });
    expect(node.role, "§5.2: a refusal is no vote").toBe("candidate");
    deliver(node, { type: "request-vote-response", from: 2, to: 1, term: 2, granted: true });
    expect(node.role, "§5.2: votes from a majority (itself and 2 of 3) make a leader").toBe(
      "leader",
    );
    expect(node.leaderId, "§5.2: a leader knows it leads").toBe(1);
  });

  test("electionDueOnNextTick: true just before the tick that starts an election, never for a leader", () => {
    const node = node1();
    const due: boolean[] = [];
    for (let i = 0; i < T; i++) {
      due.push(node.electionDueOnNextTick);
      ticks(node, 1);
    }
    expect(
      due,
      `§5.2: with a timeout of ${T} ticks only the ${T}th tick starts the election (a driver asks before stepping it)`,
    ).toEqual([...Array<boolean>(T - 1).fill(false), true]);
    expect(node.role, "the tick it announced did start the election").toBe("candidate");
    const { node: leader } = leaderOfTerm1();
    ticks(leader, 3 * T);
    expect(leader.electionDueOnNextTick, "§5.2: a leader has no election timer to expire").toBe(
      false,
    );
  });

  test("a candidate retries on timeout, in a new term", () => {
    const node = node1();
    ticks(node, T);
    expect(node.term, "§5.2: first election in term 1").toBe(1);
    ticks(node, T - 1);
    expect(node.term, "§5.2: starting an election resets the timer").toBe(1);
    ticks(node, 1);
    expect(
      [node.role, node.term],
      "§5.2: a candidate that neither wins nor loses starts a new election",
    ).toEqual(["candidate", 2]);
  });

  test("a candidate steps down on AppendEntries of its own term", () => {
    const node = node1();
    ticks(node, T);
    deliver(node, heartbeat(3, 1));
    expect(
      node.role,
      "§5.2: AppendEntries from a leader of the candidate's term: return to follower",
    ).toBe("follower");
    expect(node.leaderId, "§5.2: it now knows the leader").toBe(3);
  });

  test("a candidate ignores AppendEntries of an older term", () => {
    const node = node1({ hardState: { term: 2, votedFor: null } });
    ticks(node, T);
    deliver(node, heartbeat(3, 2));
    expect(
      [node.role, node.term],
      "§5.2: a stale leader does not make a candidate step down",
    ).toEqual(["candidate", 3]);
  });
});

describe("Election timer (§5.2): reset only by the current leader, a new election, a vote granted", () => {
  test("AppendEntries from the current leader resets the timer", () => {
    const node = node1({ hardState: { term: 1, votedFor: null } });
    ticks(node, T - 1);
    deliver(node, heartbeat(2, 1));
    ticks(node, T - 1);
    expect(node.role, "§5.2: a follower that hears its leader does not start an election").toBe(
      "follower",
    );
    ticks(node, 1);
    expect(node.role, "§5.2: T ticks without the leader: election").toBe("candidate");
  });

  test("AppendEntries from a deposed leader (older term) does not reset it", () => {
    const node = node1({ hardState: { term: 3, votedFor: null } });
    ticks(node, T - 1);
    deliver(node, heartbeat(2, 2));
    ticks(node, 1);
    expect(node.role, "§5.2: only the current leader's AppendEntries resets the timer").toBe(
      "candidate",
    );
  });

  test("granting a vote resets it; refusing one does not", () => {
    const granting = node1();
    ticks(granting, T - 1);
    deliver(granting, voteRequest(2, 1));
    ticks(granting, T - 1);
    expect(granting.role, "§5.2: a node that granted a vote waits a full timeout").toBe("follower");

    const refusing = node1({ hardState: { term: 1, votedFor: null }, entries: entries(1) });
    ticks(refusing, T - 1);
    deliver(refusing, voteRequest(2, 2, 0, 0));
    expect(
      refusing.term,
      "Figure 2: the higher term is adopted even when the vote is refused",
    ).toBe(2);
    ticks(refusing, 1);
    expect(refusing.role, "§5.2: a refused candidate does not hold back this node's election").toBe(
      "candidate",
    );
  });

  test("a leader does not time out", () => {
    const { node } = leaderOfTerm1();
    ticks(node, 5 * T);
    expect(
      [node.role, node.term],
      "§5.2: a leader stays leader while nothing higher is seen",
    ).toEqual(["leader", 1]);
  });

  test("timeouts are drawn from [T, 2T) by the injected random", async () => {
    const { ElectionTimer } = await import("#stage");
    const draws: number[] = [];
    let n = 0;
    const timer = new ElectionTimer(T, {
      int: (min, max) => {
        draws.push(min, max);
        return min + (n++ % (max - min));
      },
    });
    const seen = new Set<number>();
    for (let i = 0; i < 2 * T; i++) {
      timer.reset();
      seen.add(timer.timeoutTicks);
    }
    expect(draws.slice(0, 2), "§5.2: randomized election timeouts, from [T, 2T)").toEqual([
      T,
      2 * T,
    ]);
    expect(seen.size, "§5.2: the timeout is drawn again at every reset").toBe(T);
    timer.reset();
    const expired = Array.from({ length: 2 * T }, () => timer.tick()).indexOf(true) + 1;
    expect(expired, "§5.2: the timer expires when the drawn timeout has passed").toBe(
      timer.timeoutTicks,
    );
  });
});

describe("Counting votes (§5.2): distinct voters of this term, a majority of the whole cluster", () => {
  test("a vote delivered twice counts once: count voters, not replies", () => {
    const node = nodeOfCluster(5);
    ticks(node, T);
    for (let copy = 1; copy <= 3; copy++) {
      deliver(node, voteResponse(2, 1, true));
      expect(
        node.role,
        `§5.2: a candidate needs votes from a majority of servers (3 of 5); node 2's reply delivered ${copy} time(s) is one vote, so 2 votes so far (keep a set of voters, not a count of replies)`,
      ).toBe("candidate");
    }
    deliver(node, voteResponse(3, 1, true));
    expect(node.role, "§5.2: itself, 2 and 3 are a majority of 5").toBe("leader");
  });

  test("votes of an earlier election do not count in a retry", () => {
    const node = nodeOfCluster(5);
    ticks(node, T);
    deliver(node, voteResponse(2, 1, true));
    ticks(node, T);
    expect([node.role, node.term], "§5.2: a candidate retries on timeout, term + 1").toEqual([
      "candidate",
      2,
    ]);
    deliver(node, voteResponse(3, 2, true));
    expect(
      node.role,
      "§5.2: each server votes once per TERM: node 2's vote was for term 1, so in term 2 the candidate has 2 votes (itself, 3), not 3 of 5 (start every election with only its own vote)",
    ).toBe("candidate");
    deliver(node, voteResponse(4, 2, true));
    expect(node.role, "§5.2: itself, 3 and 4 voted in term 2: a majority of 5").toBe("leader");
  });

  test("votes of an earlier election do not count after stepping down and running again", () => {
    const node = nodeOfCluster(5);
    ticks(node, T);
    deliver(node, voteResponse(2, 1, true));
    deliver(node, heartbeat(5, 2));
    expect([node.role, node.term], "Figure 2: a higher term makes a candidate a follower").toEqual([
      "follower",
      2,
    ]);
    ticks(node, T);
    expect([node.role, node.term], "§5.2: the follower times out and runs in term 3").toEqual([
      "candidate",
      3,
    ]);
    deliver(node, voteResponse(3, 3, true));
    expect(
      node.role,
      "§5.2: node 2 voted in term 1, not term 3: in term 3 the candidate has 2 votes of the 3 it needs (forget the votes when the term changes)",
    ).toBe("candidate");
  });

  test("a late vote of an earlier term does not count", () => {
    const node = nodeOfCluster(5);
    ticks(node, 2 * T);
    expect(node.term, "§5.2: the second election is in term 2").toBe(2);
    deliver(node, voteResponse(2, 1, true));
    deliver(node, voteResponse(3, 2, true));
    expect(
      node.role,
      "Figure 2 / §5.2: a reply granted in term 1 is no vote in term 2 (ignore replies whose term is not the current one)",
    ).toBe("candidate");
  });

  test("a RequestVote response of a higher term is adopted: the candidate becomes a follower", () => {
    const node = node1();
    ticks(node, T);
    const ready = deliver(node, voteResponse(2, 5, false));
    expect(
      { role: node.role, term: node.term, vote: node.vote },
      "Figure 2 All Servers: if an RPC request OR RESPONSE contains term T > currentTerm, set currentTerm = T and convert to follower (no vote in term 5 yet)",
    ).toEqual({ role: "follower", term: 5, vote: null });
    expect(
      ready.hardState,
      "Figure 2: the adopted term is persistent state, saved with no vote",
    ).toEqual({ term: 5, votedFor: null });
  });

  test("a late RequestVote response of a higher term deposes a leader", () => {
    const { node } = leaderOfTerm1();
    deliver(node, voteResponse(3, 4, false));
    expect(
      [node.role, node.term],
      "Figure 2 All Servers: a response with a higher term is adopted by any node, leaders too",
    ).toEqual(["follower", 4]);
  });

  test.each([
    [2, 2],
    [4, 3],
    [6, 4],
    [3, 2],
    [5, 3],
  ])("a cluster of %i nodes: a candidate needs %i votes, itself included", (size, majority) => {
    const node = nodeOfCluster(size);
    ticks(node, T);
    for (let voter = 2; voter < majority; voter++) deliver(node, voteResponse(voter, 1, true));
    expect(
      node.role,
      `§5.2: a majority of ${size} servers is ${majority} (more than half: floor(${size} / 2) + 1); with ${majority - 1} vote${majority === 2 ? "" : "s"} the candidate has only half or less`,
    ).toBe("candidate");
    deliver(node, voteResponse(majority, 1, true));
    expect(node.role, `§5.2: ${majority} votes of ${size} are a majority`).toBe("leader");
  });
});

describe("Hooks for a layer above (stage 11 decides when): campaign, stepDown, observeTerm, resetElectionTimer", () => {
  test("campaign: a follower starts an election at once; a leader stays leader", () => {
    const node = node1();
    const ready = node.campaign();
    expect([node.role, node.term, node.vote], "§5.2: term + 1, candidate, own vote").toEqual([
      "candidate",
      1,
      1,
    ]);
    expect(
      ready.messages.filter((m) => m.type === "request-vote").map((m) => m.to),
      "§5.2: RequestVote to every peer, in the Ready the hook returns",
    ).toEqual([2, 3]);
    expect(ready.hardState, "the new term and the own vote are saved first").toEqual({
      term: 1,
      votedFor: 1,
    });
    const { node: leader } = leaderOfTerm1();
    const again = leader.campaign();
    expect([leader.role, leader.term], "a leader does not campaign against itself").toEqual([
      "leader",
      1,
    ]);
    expect(again.messages, "and sends nothing").toEqual([]);
  });

  test("stepDown: a leader follows in its own term, knowing no leader, with a new timeout", () => {
    let draws = 0;
    const counting: ElectionRandom = { int: (min) => min + (draws++ % 3) };
    const config = { id: 1, peers: [2, 3], electionTimeoutTicks: T, stateMachine: new KvStore() };
    const node = createRaftNode(config, new MemoryStorage(), counting);
    ticks(node, T);
    deliver(node, voteResponse(2, 1, true));
    expect(node.role, "won the election of term 1").toBe("leader");
    const timeoutAsLeader = node.electionTimeoutTicks;
    const ready = node.stepDown();
    expect([node.role, node.term, node.leaderId], "a follower of term 1, no leader known").toEqual([
      "follower",
      1,
      undefined,
    ]);
    expect(ready.role, "the Ready tells observers").toBe("follower");
    expect(node.electionTimeoutTicks, "the timer starts over with a new timeout").not.toBe(
      timeoutAsLeader,
    );
    const follower = node1();
    deliver(follower, heartbeat(2, 1));
    follower.stepDown();
    expect([follower.role, follower.leaderId], "a follower's stepDown changes nothing").toEqual([
      "follower",
      2,
    ]);
  });

  test("observeTerm: a higher term is adopted with no vote; the current or a lower one changes nothing", () => {
    const node = node1();
    deliver(node, voteRequest(2, 1));
    expect(node.vote, "voted for 2 in term 1").toBe(2);
    node.observeTerm(1);
    expect([node.term, node.vote], "the current term: the vote stays").toEqual([1, 2]);
    node.observeTerm(0);
    expect(node.term, "a lower term is no news").toBe(1);
    const ready = node.observeTerm(4);
    expect([node.role, node.term, node.vote], "Figure 2: term T > currentTerm").toEqual([
      "follower",
      4,
      null,
    ]);
    expect(ready.hardState, "the adopted term is saved").toEqual({ term: 4, votedFor: null });
  });

  test("resetElectionTimer: counting starts over, so the election comes a full timeout later", () => {
    const node = node1();
    ticks(node, T - 1);
    node.resetElectionTimer();
    expect(node.electionElapsedTicks, "the count starts over").toBe(0);
    ticks(node, T - 1);
    expect(node.role, "T - 1 ticks after the reset: no election yet").toBe("follower");
    ticks(node, 1);
    expect(node.role, "T ticks after the reset: the timer expires").toBe("candidate");
  });
});
