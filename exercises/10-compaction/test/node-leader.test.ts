// The leader's side of InstallSnapshot (Raft paper §7, Figure 13): which follower gets the
// snapshot, how "installed" moves replication on, and how a response from a later term deposes it.
import { describe, expect, test } from "vitest";
import type { InstallSnapshotResponse } from "#stage";
import { compactionCluster } from "./node-cluster.ts";

/** A cluster whose leader compacted past the log of follower `lagging` (down meanwhile). */
function laggingSetup(seed: number) {
  const limits = { maxBytesPerMessage: 64, maxInflightPerFollower: 2 };
  const c = compactionCluster({ seed, limits, compaction: { maxLogEntries: 5 } });
  const leader = c.electLeader();
  const [lagging, other] = c.ids.filter((id) => id !== leader) as [number, number];
  c.crash(lagging);
  c.write(1, 20);
  return { c, leader, lagging, other };
}

describe("the leader sends a snapshot", () => {
  test("to the follower whose next entry is compacted, and replicates from lastIncludedIndex + 1 after", () => {
    const { c, leader, lagging, other } = laggingSetup(11);
    c.restart(lagging);
    c.settle("the lagging follower catches up");
    const from = (to: number) => c.log.filter((m) => m.from === leader && m.to === to);
    const toLagging = from(lagging);
    const toOther = from(other);
    const snapshotAt = toLagging.findLastIndex((m) => m.type === "install-snapshot");
    expect(snapshotAt, "§7: the lagging follower got InstallSnapshot").toBeGreaterThanOrEqual(0);
    expect(
      toOther.some((m) => m.type === "install-snapshot"),
      "the follower that kept up gets no snapshot: its next entries are still in the log",
    ).toBe(false);
    const chunk = toLagging[snapshotAt];
    const lastIncluded = chunk?.type === "install-snapshot" ? chunk.lastIncludedIndex : -1;
    const firstAppend = toLagging.find(
      (m, i) => i > snapshotAt && m.type === "append-entries" && m.entries.length > 0,
    );
    expect(
      firstAppend?.type === "append-entries" && firstAppend.prevIndex,
      "after 'installed', AppendEntries go on right after the snapshot (prevIndex = lastIncludedIndex)",
    ).toBe(lastIncluded);
    c.cluster.runUntil(
      "the leader counts the follower as matching its whole log",
      () => c.node(leader).progressOf(lagging).matchIndex === c.node(leader).log.lastIndex(),
      50,
    );
  });
});

describe("answers to InstallSnapshot at the leader", () => {
  function answer(c: ReturnType<typeof compactionCluster>, from: number, to: number) {
    const { snapshot } = c.node(to);
    return {
      type: "install-snapshot-response",
      from,
      to,
      term: c.node(to).term,
      lastIncludedIndex: snapshot?.lastIncludedIndex ?? 1,
      lastIncludedTerm: snapshot?.lastIncludedTerm ?? 1,
      offset: 0,
      nextOffset: 0,
      installed: true,
    } satisfies InstallSnapshotResponse;
  }

  test("an answer of a later term deposes the leader (Figure 2, All Servers)", () => {
    const { c, leader, lagging } = laggingSetup(12);
    c.restart(lagging);
    const term = c.node(leader).term;
    const ready = c.cluster.step(leader, {
      type: "message",
      message: { ...answer(c, lagging, leader), term: term + 1 },
    });
    expect(c.node(leader).role, "a higher term: the leader steps down").toBe("follower");
    expect(c.node(leader).term, "and adopts the term").toBe(term + 1);
    expect(ready.hardState, "which is saved").toEqual({ term: term + 1, votedFor: null });
  });

  test("an answer about a snapshot the leader is not sending changes nothing", () => {
    const { c, leader, other } = laggingSetup(13);
    const before = { ...c.node(leader).progressOf(other) };
    const ready = c.cluster.step(leader, {
      type: "message",
      message: { ...answer(c, other, leader), lastIncludedIndex: 3, lastIncludedTerm: 1 },
    });
    expect(ready.messages, "nothing to send on a stray answer").toEqual([]);
    expect(c.node(leader).progressOf(other).matchIndex, "its progress is unchanged").toBe(
      before.matchIndex,
    );
    expect(c.node(leader).role, "still leading").toBe("leader");
  });
});
