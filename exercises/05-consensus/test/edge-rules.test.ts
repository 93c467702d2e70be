// Edge rules a mutation run (pnpm mutate 5) showed no other test pinned: what a refused proposal
// leaves behind, the pending-proposal limit, no-op entries, a commitIndex that never goes back,
// and a replaced proposal resolving as soon as its entry is replaced (not when the new one commits).
// Then the interface the layers above use: role changes, the new leader's no-op (stage 06), and a
// log whose first entries are already in the state machine (stage 10's snapshot).
import { describe, expect, test } from "vitest";
import {
  type AppendEntriesRequest,
  Applier,
  type Command,
  ConsensusNode,
  type Entry,
  KvStore,
  leaderCommitIndex,
  RaftLog,
} from "#stage";
import {
  entries,
  followerOfNode1,
  leaderWithPendingProposal,
  overwritingAppend,
} from "./cluster.ts";

function leaderOfThree(maxPendingProposals?: number) {
  return new ConsensusNode({
    id: 1,
    peers: [2, 3],
    role: "leader",
    term: 1,
    log: new RaftLog(),
    maxPendingProposals,
  });
}

describe("refused proposals", () => {
  test("an empty command is refused: it is reserved for a leader's no-op entry", () => {
    const node = leaderOfThree();
    const ready = node.step({ type: "propose", command: [], requestId: "empty" });
    expect(ready.results, "an empty command never reaches the log: rejected").toEqual([
      { requestId: "empty", outcome: { type: "rejected", reason: expect.any(String) } },
    ]);
    expect(node.log.lastIndex(), "a refused proposal appends nothing").toBe(0);
    expect(ready.messages, "a refused proposal sends nothing").toEqual([]);
    expect(ready.applied, "a refused proposal applies nothing").toEqual([]);
  });

  test("a follower's refusal sends and applies nothing", () => {
    const node = followerOfNode1();
    const ready = node.step({ type: "propose", command: ["SET", "k", "v"], requestId: "lost" });
    expect(ready.messages, "a not-leader answer sends no message").toEqual([]);
    expect(ready.applied, "a not-leader answer applies nothing").toEqual([]);
  });

  test("the pending-proposal limit: the proposal past maxPendingProposals is rejected", () => {
    const node = leaderOfThree(2);
    for (const requestId of ["a", "b"]) {
      const ready = node.step({ type: "propose", command: ["INCR", "n"], requestId });
      expect(ready.results, `proposal ${requestId} is within the limit of 2`).toEqual([]);
    }
    const ready = node.step({ type: "propose", command: ["INCR", "n"], requestId: "c" });
    expect(ready.results, "2 pending of at most 2: the third is rejected").toEqual([
      { requestId: "c", outcome: { type: "rejected", reason: expect.any(String) } },
    ]);
    expect(node.pendingProposals, "the rejected one is not pending").toBe(2);
    expect(node.log.lastIndex(), "the rejected one is not in the log").toBe(2);
  });
});

describe("applying no-op entries", () => {
  test("a no-op (empty command) is applied without touching the state machine", () => {
    const seen: Command[] = [];
    const store = new KvStore();
    const applier = new Applier({
      apply: (command) => {
        seen.push(command);
        return store.apply(command);
      },
    });
    const log = new RaftLog();
    const noop: Entry = { term: 2, command: [] };
    const set: Entry = { term: 2, command: ["SET", "k", "v"] };
    log.appendEntries(0, 0, [...entries(1), noop, set]);
    const applied = applier.applyUpTo(log, 3);
    expect(
      applied.map((e) => e.reply),
      "a no-op changes no state: its reply is undefined",
    ).toEqual([{ type: "simple", value: "OK" }, undefined, { type: "simple", value: "OK" }]);
    expect(seen, "the state machine never sees the no-op's empty command").toEqual([
      ["SET", "k1", "t1"],
      ["SET", "k", "v"],
    ]);
  });
});

describe("commitIndex never decreases", () => {
  test("a majority matchIndex below commitIndex leaves commitIndex where it is", () => {
    const log = new RaftLog();
    log.appendEntries(0, 0, entries(1, 1, 1));
    expect(
      leaderCommitIndex(log, 1, [3, 1, 1], 3),
      "Figure 2: commitIndex only grows (a majority at 1, already committed 3)",
    ).toBe(3);
  });
});

describe("a replaced proposal resolves when its entry is replaced", () => {
  test("before the new leader's entry commits, the deposed leader's client hears 'unknown'", () => {
    const old = leaderWithPendingProposal();
    const ready = old.step({ type: "message", message: overwritingAppend(0) });
    expect(ready.applied, "leaderCommit 0: nothing is applied yet").toEqual([]);
    expect(
      ready.results,
      "afterReplication step 1: a proposal whose entry was replaced resolves now, as unknown",
    ).toEqual([{ requestId: "mine", outcome: { type: "unknown", reason: expect.any(String) } }]);
    expect(old.pendingProposals, "nothing is left pending").toBe(0);
  });
});

/** An AppendEntries of leader 1 (term 1) to node 2, with no entries, carrying leaderCommit. */
function heartbeatTo2(prevIndex: number, leaderCommit: number): AppendEntriesRequest {
  const base = { type: "append-entries", from: 1, to: 2, term: 1, entries: [] } as const;
  return { ...base, prevIndex, prevTerm: prevIndex === 0 ? 0 : 1, leaderCommit };
}

describe("what stage 06 uses: role changes and the new leader's no-op", () => {
  test("after becomeFollower or becomeCandidate, proposals are answered not-leader", () => {
    const node = leaderOfThree();
    node.becomeFollower(2, 3);
    const asFollower = node.step({ type: "propose", command: ["SET", "k", "v"], requestId: "a" });
    expect(asFollower.results, "§8: a follower names the leader it knows (3)").toEqual([
      { requestId: "a", outcome: { type: "not-leader", leaderId: 3 } },
    ]);
    node.becomeCandidate(3);
    const asCandidate = node.step({ type: "propose", command: ["SET", "k", "v"], requestId: "b" });
    expect(asCandidate.results, "a candidate knows no leader").toEqual([
      { requestId: "b", outcome: { type: "not-leader", leaderId: undefined } },
    ]);
    expect(node.standing.term, "the term is 04's, changed through 05").toBe(3);
  });

  test("a new leader's no-op: an empty entry of its term, sent to all, committed and applied as nothing", () => {
    const node = new ConsensusNode({
      id: 1,
      peers: [2, 3],
      role: "follower",
      term: 1,
      log: new RaftLog(entries(1)),
    });
    node.becomeCandidate(2);
    node.becomeLeader(2);
    const ready = node.step({ type: "no-op" });
    expect(node.log.entryAt(2), "§8: the no-op is an empty command of the leader's term").toEqual({
      term: 2,
      command: [],
    });
    expect(ready.persist?.fromIndex, "the no-op is persisted in the Ready that sends it").toBe(2);
    expect(
      ready.messages.map((m) => m.to),
      "it goes to every follower at once (stage 04's append)",
    ).toEqual([2, 3]);
    const response = {
      type: "append-entries-response",
      from: 2,
      to: 1,
      term: 2,
      success: true,
      prevIndex: 0,
      matchIndex: 2,
    } as const;
    const acked = node.step({ type: "message", message: response });
    expect(
      acked.applied.map((entry) => [entry.index, entry.reply]),
      "§5.4.2: the no-op of term 2 on a majority commits entry 1 with it; the no-op has no reply",
    ).toEqual([
      [1, { type: "simple", value: "OK" }],
      [2, undefined],
    ]);
  });
});

describe("what stage 10 uses: a log whose first entries are in the state machine already", () => {
  function follower(appliedIndex?: number) {
    const log = new RaftLog(entries(1, 1, 1));
    return new ConsensusNode({
      id: 2,
      peers: [1, 3],
      role: "follower",
      term: 1,
      leaderId: 1,
      log,
      ...(appliedIndex === undefined ? {} : { appliedIndex }),
    });
  }

  test("appliedIndex: commit and apply start there, and only later entries are applied", () => {
    const node = follower(2);
    expect([node.commitIndex, node.lastApplied], "entries 1-2 are in the snapshot").toEqual([2, 2]);
    const ready = node.step({ type: "message", message: heartbeatTo2(3, 3) });
    expect(
      ready.applied.map((entry) => entry.index),
      "Figure 2: apply lastApplied + 1 .. commitIndex, so only entry 3",
    ).toEqual([3]);
  });

  test("snapshotInstalled moves commit and apply forward, to at most the last index", () => {
    const node = follower();
    node.snapshotInstalled(2);
    expect([node.commitIndex, node.lastApplied], "commit and apply jump to 2").toEqual([2, 2]);
    node.snapshotInstalled(2);
    expect(() => node.snapshotInstalled(1), "a snapshot older than what is applied").toThrow();
    expect(() => node.snapshotInstalled(4), "a snapshot past the log's last entry").toThrow();
    node.snapshotInstalled(3);
    expect(node.commitIndex, "a snapshot through the last entry is allowed").toBe(3);
    const ready = node.step({ type: "message", message: heartbeatTo2(3, 3) });
    expect(ready.applied, "everything is in the state machine: nothing left to apply").toEqual([]);
  });
});
