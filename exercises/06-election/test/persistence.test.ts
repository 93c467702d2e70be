import { describe, expect, test } from "vitest";
import { createRaftNode, KvStore, MemoryStorage, RaftLog, RaftNode, type Ready } from "#stage";
import {
  deliver,
  entries,
  heartbeat,
  leaderOfTerm1,
  node1,
  noJitter,
  T,
  ticks,
  voteRequest,
  votesIn,
} from "./node.ts";

/** What a driver does with a Ready: hard state, entries, sync; then it may send. */
function save(storage: MemoryStorage, ready: Ready): void {
  if (ready.hardState !== undefined) storage.saveHardState(ready.hardState);
  if (ready.persist !== undefined)
    storage.writeEntries(ready.persist.fromIndex, ready.persist.entries);
  storage.sync();
}

describe("Persistence of term and vote (Figure 2: persistent state, updated before responding)", () => {
  test("a granted vote goes out in the same Ready as the hard state that records it", () => {
    const node = node1();
    const ready = deliver(node, voteRequest(2, 1));
    expect(votesIn(ready)[0]?.granted, "§5.2: vote granted").toBe(true);
    expect(
      ready.hardState,
      "Figure 2: currentTerm and votedFor are saved before the vote is sent",
    ).toEqual({ term: 1, votedFor: 2 });
    const repeat = deliver(node, voteRequest(2, 1));
    expect(repeat.hardState, "nothing changed: no hard state to save again").toBeUndefined();
  });

  test("starting an election saves the new term and the vote for itself", () => {
    const node = node1();
    const readies = ticks(node, T);
    expect(
      readies.slice(0, -1).map((r) => r.hardState),
      "no change, nothing to save",
    ).toEqual(Array(T - 1).fill(undefined));
    expect(
      readies.at(-1)?.hardState,
      "Figure 2: the candidate's term and self-vote are saved before its RequestVotes leave",
    ).toEqual({ term: 1, votedFor: 1 });
  });

  test("adopting a higher term saves it, with no vote", () => {
    const node = node1({ hardState: { term: 1, votedFor: 3 } });
    const ready = deliver(node, heartbeat(2, 4));
    expect(ready.hardState, "Figure 2: a new currentTerm is persisted, votedFor cleared").toEqual({
      term: 4,
      votedFor: null,
    });
    expect(ready.messages[0]?.term, "the response carries the adopted term").toBe(4);
  });

  test("a restarted node keeps its term and vote, and does not vote twice in that term", () => {
    const storage = new MemoryStorage();
    const config = { id: 1, peers: [2, 3], electionTimeoutTicks: T, stateMachine: new KvStore() };
    const node = createRaftNode(config, storage, noJitter);
    save(storage, deliver(node, voteRequest(2, 7)));
    const restarted = createRaftNode(config, storage.crash(), noJitter);
    expect(
      [restarted.term, restarted.vote],
      "Figure 2: currentTerm and votedFor survive a crash",
    ).toEqual([7, 2]);
    expect(
      [restarted.role, restarted.commitIndex],
      "Figure 2: role and commitIndex are volatile",
    ).toEqual(["follower", 0]);
    const other = votesIn(deliver(restarted, voteRequest(3, 7)));
    expect(other[0]?.granted, "§5.2: at most one vote per term, even across a crash").toBe(false);
  });

  test("a restarted node keeps its log", () => {
    const storage = new MemoryStorage({
      hardState: { term: 3, votedFor: null },
      entries: entries(1, 3),
    });
    const node = createRaftNode(
      { id: 1, peers: [2, 3], electionTimeoutTicks: T },
      storage,
      noJitter,
    );
    expect(
      [node.log.lastIndex(), node.log.lastTerm()],
      "Figure 2: the log is persistent state",
    ).toEqual([2, 3]);
  });
});

describe("The new leader's no-op entry (§8)", () => {
  test("a new leader appends an empty command of its term and sends it at once", () => {
    const { node, won } = leaderOfTerm1();
    expect(node.log.entryAt(1), "§8: a new leader appends a no-op entry of its term").toEqual({
      term: 1,
      command: [],
    });
    expect(won.persist, "the no-op is persisted in the Ready that sends it").toEqual({
      fromIndex: 1,
      entries: [{ term: 1, command: [] }],
    });
    const appends = won.messages.filter((m) => m.type === "append-entries");
    expect(
      appends.map((m) => m.to),
      "§5.2: a new leader sends AppendEntries to every peer at once",
    ).toEqual([2, 3]);
    expect(won.role, "the Ready tells observers the new role").toBe("leader");
  });

  test("the no-op commits and is applied as nothing: the state machine sees no command", () => {
    const config = { id: 1, peers: [], electionTimeoutTicks: T, stateMachine: new KvStore() };
    const node = createRaftNode(config, new MemoryStorage(), noJitter);
    const readies = ticks(node, T + 1);
    expect(node.role, "§5.2: a cluster of one elects itself").toBe("leader");
    const applied = readies.flatMap((r) => r.applied);
    expect(applied, "§8: the no-op commits; it has no reply").toEqual([
      { index: 1, term: 1, command: [], reply: undefined },
    ]);
    expect(
      readies.flatMap((r) => r.results),
      "no client proposed anything: no Ready carries a result",
    ).toEqual([]);
  });
});

describe("A node restored from a log already made (stage 10: a log after a snapshot)", () => {
  const config = { id: 1, peers: [2, 3], electionTimeoutTicks: T, stateMachine: new KvStore() };
  const hardState = { term: 1, votedFor: null };

  test("it uses that log, starts commit and apply at appliedIndex, and applies only what follows", () => {
    const log = new RaftLog(entries(1, 1, 1));
    const node = new RaftNode(config, { hardState, log, appliedIndex: 2 }, noJitter);
    expect(node.log, "the node works on the log it was given (made once, outside)").toBe(log);
    expect(
      node.stateMachine,
      "and applies to the state machine of its config (stage 10 restores the snapshot into it)",
    ).toBe(config.stateMachine);
    expect(node.commitIndex, "entries up to appliedIndex are committed (in the snapshot)").toBe(2);
    const ready = deliver(node, { ...heartbeat(2, 1, 3, 1), leaderCommit: 3 });
    expect(
      ready.applied.map((entry) => entry.index),
      "Figure 2: apply lastApplied + 1 .. commitIndex: only entry 3, the snapshot holds 1 and 2",
    ).toEqual([3]);
  });

  test("snapshotInstalled moves commit and apply to the snapshot's index, never back", () => {
    const node = new RaftNode(config, { hardState, log: new RaftLog(entries(1, 1, 1)) }, noJitter);
    node.snapshotInstalled(2);
    expect(node.lastApplied, "§7: the state machine holds the snapshot's state").toBe(2);
    expect(
      () => node.snapshotInstalled(1),
      "an older snapshot would undo applied entries",
    ).toThrow();
    const ready = deliver(node, { ...heartbeat(2, 1, 3, 1), leaderCommit: 3 });
    expect(
      ready.applied.map((entry) => entry.index),
      "only entry 3 is left to apply",
    ).toEqual([3]);
  });
});
