// Figure 2 "Rules for All Servers": a request or response carrying a higher term makes the node
// adopt that term and become a follower. Stage 06 elects leaders; here the terms are crafted.
// (Mutation testing, pnpm mutate 4, showed no other 04 test delivers a higher term.)
import { describe, expect, test } from "vitest";
import {
  type AppendEntriesRequest,
  type AppendEntriesResponse,
  RaftLog,
  type ReplicationMessage,
  ReplicationNode,
} from "#stage";
import { entries } from "./cluster.ts";

function requestFrom(from: number, to: number, term: number): AppendEntriesRequest {
  return {
    type: "append-entries",
    from,
    to,
    term,
    prevIndex: 0,
    prevTerm: 0,
    entries: [{ term, command: ["SET", "k", "v"] }],
    leaderCommit: 0,
  };
}

function responseTerm(messages: readonly ReplicationMessage[]): number | undefined {
  const response = messages.find((m) => m.type === "append-entries-response");
  return response?.term;
}

describe("a higher term in a request", () => {
  test("a follower adopts the new leader's term and answers with it", () => {
    const node = new ReplicationNode({
      id: 2,
      peers: [1, 3],
      role: "follower",
      term: 1,
      log: new RaftLog(),
    });
    const ready = node.step({ type: "message", message: requestFrom(3, 2, 2) });
    expect(node.term, "Figure 2: term T > currentTerm: set currentTerm = T").toBe(2);
    expect(node.leaderId, "the sender of a current-term AppendEntries leads").toBe(3);
    expect(responseTerm(ready.messages), "the response carries the adopted term").toBe(2);
    expect(node.log.lastIndex(), "and the request's entries are appended").toBe(1);
  });

  test("a leader steps down to follower on a request of a higher term", () => {
    const node = new ReplicationNode({
      id: 1,
      peers: [2, 3],
      role: "leader",
      term: 1,
      log: new RaftLog(),
    });
    node.step({ type: "message", message: requestFrom(2, 1, 2) });
    expect(node.role, "Figure 2: term T > currentTerm: convert to follower").toBe("follower");
    expect(node.term, "Figure 2: term T > currentTerm: set currentTerm = T").toBe(2);
    expect(node.leaderId, "the new leader is the sender").toBe(2);
  });
});

describe("a candidate (stage 06) hears the leader of its term", () => {
  test("it becomes that leader's follower and accepts the request", () => {
    const node = new ReplicationNode({
      id: 2,
      peers: [1, 3],
      role: "follower",
      term: 1,
      log: new RaftLog(),
      leaderId: 1,
    });
    node.becomeCandidate(2);
    expect([node.role, node.term], "becomeCandidate(2): a candidate of term 2").toEqual([
      "candidate",
      2,
    ]);
    expect(node.leaderId, "a candidate knows no leader (the leader of term 1 is gone)").toBe(
      undefined,
    );
    const ready = node.step({ type: "message", message: requestFrom(3, 2, 2) });
    expect(
      node.role,
      "§5.2: a candidate that gets AppendEntries from a leader of its term becomes a follower",
    ).toBe("follower");
    expect(node.leaderId, "the sender of a current-term AppendEntries leads").toBe(3);
    expect(node.term, "same term: nothing to adopt").toBe(2);
    const response = ready.messages.find((m) => m.type === "append-entries-response");
    expect(response?.type === "append-entries-response" && response.success, "and accepts it").toBe(
      true,
    );
  });
});

describe("a higher term in a response", () => {
  test("a leader steps down and adopts the term; it no longer leads anyone", () => {
    const node = new ReplicationNode({
      id: 1,
      peers: [2, 3],
      role: "leader",
      term: 2,
      log: new RaftLog(entries(1, 2)),
    });
    const response: AppendEntriesResponse = {
      type: "append-entries-response",
      from: 2,
      to: 1,
      term: 3,
      success: false,
      prevIndex: 2,
      matchIndex: 0,
    };
    const ready = node.step({ type: "message", message: response });
    expect(node.role, "Figure 2: a response with term T > currentTerm: convert to follower").toBe(
      "follower",
    );
    expect(node.term, "Figure 2: set currentTerm = T").toBe(3);
    expect(node.leaderId, "who leads term 3 is not known yet").toBeUndefined();
    expect(ready.messages, "a deposed leader sends nothing more").toEqual([]);
    const after = node.step({ type: "tick" });
    expect(after.messages, "nor on later ticks: followers send no AppendEntries").toEqual([]);
  });
});

describe("leaderCommit: the commit index goes down with each step", () => {
  const leaderCommits = (ready: { messages: readonly ReplicationMessage[] }) =>
    ready.messages.map((m) => (m.type === "append-entries" ? m.leaderCommit : undefined));

  test("stage 04 alone: a step without a commit index sends leaderCommit 0", () => {
    const node = new ReplicationNode({
      id: 1,
      peers: [2],
      role: "leader",
      term: 1,
      log: new RaftLog(),
    });
    const ready = node.step({ type: "append", command: ["SET", "k", "v"] });
    expect(node.log.lastIndex(), "an empty log, then the one entry appended").toBe(1);
    expect(leaderCommits(ready), "leaderCommit is 0 until stage 05 passes one").toEqual([0]);
  });

  test("every AppendEntries of a step carries the commit index given to that step", () => {
    const node = new ReplicationNode({
      id: 1,
      peers: [2, 3],
      role: "leader",
      term: 2,
      log: new RaftLog(entries(1, 2)),
    });
    const ready = node.step({ type: "append", command: ["SET", "k", "v"] }, 2);
    expect(
      leaderCommits(ready),
      "Figure 2 AppendEntries: leaderCommit is the leader's commitIndex (here 2, passed to step)",
    ).toEqual([2, 2]);
  });
});
