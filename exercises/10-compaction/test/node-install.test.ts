// A follower receives a leader's snapshot (Raft paper §7, Figure 13): chunks through stage 06's
// term rules, the install as a Ready effect the driver carries out, and the node's state after
// the driver says it is done: the §7 log rule, the state machine restored, commit and apply moved.
import { seededRandom } from "@rafting/testkit";
import { beforeEach, describe, expect, test } from "vitest";
import {
  CompactingNode,
  type Entry,
  type InstallSnapshotRequest,
  type Message,
  type Ready,
  type Snapshot,
  SnapshotKvStore,
} from "#stage";
import { idOf, nodeConfig, SnapshotMemoryStorage } from "./node-cluster.ts";

/** The leader's state machine after SETs k1..k<count>: the snapshot's data. */
function kvData(count: number): Uint8Array {
  const store = new SnapshotKvStore();
  for (let k = 1; k <= count; k++) store.apply(["SET", `k${k}`, `v${k}`]);
  return store.takeSnapshot();
}

/** The leader's snapshot through 6 (term 2); made in each test (a starter's takeSnapshot throws). */
let snapshot: Snapshot;
beforeEach(() => {
  snapshot = { lastIncludedIndex: 6, lastIncludedTerm: 2, data: kvData(6) };
});

function entries(terms: readonly number[], firstIndex = 1): Entry[] {
  return terms.map((term, i) => ({ term, command: ["SET", `f${firstIndex + i}`, `${term}`] }));
}

/** Follower 2 of {1, 2, 3}, in term 2, with the given log (nothing committed yet). */
function follower(log: readonly Entry[], term = 2): CompactingNode {
  const storage = new SnapshotMemoryStorage({
    hardState: { term, votedFor: null },
    entries: log,
  });
  return new CompactingNode(nodeConfig(2, [1, 2, 3], { seed: 1 }), storage.load(), seededRandom(1));
}

/** The chunks of `snap` from leader 1 in `term`, `chunkBytes` each. */
function chunks(snap: Snapshot, chunkBytes: number, term = 2): InstallSnapshotRequest[] {
  const requests: InstallSnapshotRequest[] = [];
  for (let offset = 0; offset < snap.data.length; offset += chunkBytes) {
    const end = Math.min(snap.data.length, offset + chunkBytes);
    requests.push({
      type: "install-snapshot",
      from: 1,
      to: 2,
      term,
      ...idOf(snap),
      offset,
      data: snap.data.slice(offset, end),
      done: end === snap.data.length,
    });
  }
  return requests;
}

function deliver(node: CompactingNode, message: Message): Ready {
  return node.step({ type: "message", message });
}

function snapshotAnswers(ready: Ready) {
  return ready.messages.filter((m) => m.type === "install-snapshot-response");
}

describe("a follower installs a leader's snapshot", () => {
  test("chunks are answered with the offset to go on from; the last one asks the driver to install", () => {
    const node = follower(entries([1, 1]));
    const [first, second, ...rest] = chunks(snapshot, 8);
    const ready = deliver(node, first!);
    expect(
      snapshotAnswers(ready).map((m) => m.type === "install-snapshot-response" && m.nextOffset),
      "Figure 13: the chunk is taken; the leader goes on from byte 8",
    ).toEqual([8]);
    expect(ready.installSnapshot, "not complete yet: nothing to install").toBeUndefined();
    deliver(node, second!);
    let last: Ready | undefined;
    for (const request of rest) last = deliver(node, request);
    expect(last?.installSnapshot?.snapshot.data, "the whole snapshot, assembled in order").toEqual(
      snapshot.data,
    );
    expect(last?.installSnapshot?.retainLog, "§7 rule 7: no entry 6 here: the log goes").toBe(
      false,
    );
    expect(snapshotAnswers(last as Ready), "no answer until the install is durable").toEqual([]);
    expect(node.isInstalling, "the driver is installing it").toBe(true);
    expect(node.log.snapshotIndex, "the node's log changes only once the driver is done").toBe(0);
  });

  test("on snapshot-installed: §7 log rule, state machine restored, commit and apply jump, leader told", () => {
    const node = follower(entries([1, 1]));
    deliver(node, chunks(snapshot, 1000)[0]!);
    const ready = node.step({ type: "snapshot-installed", ...idOf(snapshot) });
    expect(node.log.snapshotIndex, "§7: the log now starts after the snapshot").toBe(6);
    expect(node.log.lastIndex(), "§7 rule 7: the old entries are discarded").toBe(6);
    expect(node.lastApplied, "the state machine holds everything through 6").toBe(6);
    expect(node.commitIndex, "a snapshot holds only committed entries: commitIndex is 6").toBe(6);
    expect(ready.commitIndex, "the Ready reports the new commitIndex").toBe(6);
    const store = node.stateMachine as SnapshotKvStore;
    expect(
      store.entries(),
      "§7 rule 8: the state machine is reset from the snapshot's contents",
    ).toEqual(Array.from({ length: 6 }, (_, i) => [`k${i + 1}`, `v${i + 1}`]).sort());
    expect(
      snapshotAnswers(ready),
      "Figure 13: the leader hears the follower installed it (after it is durable)",
    ).toEqual([expect.objectContaining({ to: 1, term: 2, lastIncludedIndex: 6, installed: true })]);
    expect(node.isInstalling, "the install is over").toBe(false);
  });

  test("§7 rule 6: a follower holding the snapshot's last entry keeps the entries after it", () => {
    const log = [...entries([1, 1, 1, 2, 2, 2]), ...entries([2, 2], 7)];
    const node = follower(log);
    const ready = deliver(node, chunks(snapshot, 1000)[0]!);
    expect(ready.installSnapshot?.retainLog, "entry 6 has term 2: the log is kept after it").toBe(
      true,
    );
    node.step({ type: "snapshot-installed", ...idOf(snapshot) });
    expect(node.log.snapshotIndex, "the snapshot covers 1..6").toBe(6);
    expect(node.log.lastIndex(), "§7 rule 6: entries 7..8 are retained").toBe(8);
    expect(node.log.entryAt(8)?.command, "entry 8 is the one it had").toEqual(["SET", "f8", "2"]);
  });

  test("a chunk of an older term changes nothing and tells the deposed leader the term", () => {
    const node = follower(entries([1]), 3);
    const ready = deliver(node, chunks(snapshot, 1000, 2)[0]!);
    expect(ready.installSnapshot, "Figure 13 rule 1: nothing installed").toBeUndefined();
    expect(snapshotAnswers(ready), "the answer carries our term 3").toEqual([
      expect.objectContaining({ term: 3, installed: false }),
    ]);
    expect(node.term, "the follower keeps its term").toBe(3);
  });

  test("a chunk of a higher term is adopted (Figure 2) before it is answered", () => {
    const node = follower(entries([1]), 1);
    const ready = deliver(node, chunks(snapshot, 8, 2)[0]!);
    expect(node.term, "Figure 2: a higher term is adopted").toBe(2);
    expect(ready.hardState, "and saved before the answer leaves").toEqual({
      term: 2,
      votedFor: null,
    });
    expect(node.leaderId, "the sender leads that term").toBe(1);
  });

  test("a snapshot the follower's committed state already covers is not installed again", () => {
    const node = follower(entries([1]));
    deliver(node, chunks(snapshot, 1000)[0]!);
    node.step({ type: "snapshot-installed", ...idOf(snapshot) });
    const again = deliver(node, chunks(snapshot, 1000)[0]!);
    expect(again.installSnapshot, "§7: already covered: nothing to install").toBeUndefined();
    expect(snapshotAnswers(again), "the leader hears it is installed").toEqual([
      expect.objectContaining({ installed: true }),
    ]);
  });

  test("during the install the log takes no AppendEntries and the node starts no election", () => {
    const node = follower(entries([1]));
    deliver(node, chunks(snapshot, 1000)[0]!);
    const append = deliver(node, {
      type: "append-entries",
      from: 1,
      to: 2,
      term: 2,
      prevIndex: 1,
      prevTerm: 1,
      entries: entries([2], 2),
      leaderCommit: 1,
    });
    expect(append.persist, "the log must not change under the install").toBeUndefined();
    expect(append.messages, "no answer: the leader sends it again later").toEqual([]);
    for (let i = 0; i < 50; i++) node.step({ type: "tick" });
    expect(node.role, "a node whose log is about to be replaced does not campaign").toBe(
      "follower",
    );
    expect(node.electionDueOnNextTick, "and says so to a driver that asks").toBe(false);
  });
});

describe("§5.4.1 across the snapshot", () => {
  test("a node whose log is only a snapshot compares the snapshot's last term in a vote", () => {
    const node = follower(entries([1]));
    deliver(node, chunks(snapshot, 1000)[0]!);
    node.step({ type: "snapshot-installed", ...idOf(snapshot) });
    const ready = deliver(node, {
      type: "request-vote",
      from: 3,
      to: 2,
      term: 3,
      lastLogIndex: 9,
      lastLogTerm: 1,
    });
    expect(
      ready.messages,
      "§5.4.1: our last term is the snapshot's (2): a candidate whose log ends in term 1 is behind",
    ).toEqual([expect.objectContaining({ type: "request-vote-response", granted: false })]);
  });
});
