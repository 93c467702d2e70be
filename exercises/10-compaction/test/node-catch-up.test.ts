// A follower that was down while the leader compacted catches up by InstallSnapshot (Raft paper
// §7), while the leader goes on replicating to the others; a node restarts from its snapshot
// plus the log after it.
import { testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import type { SnapshotKvStore } from "#stage";
import { compactionCluster } from "./node-cluster.ts";

const kv = (c: ReturnType<typeof compactionCluster>, id: number) =>
  (c.node(id).stateMachine as SnapshotKvStore).entries();

describe("a lagging follower catches up by snapshot", () => {
  for (const seed of testSeeds(3)) {
    test(`the leader sends its snapshot in chunks and keeps replicating to the others (seed ${seed})`, () => {
      // Small messages, so the snapshot takes several chunks and several round trips.
      const limits = { maxBytesPerMessage: 64, maxInflightPerFollower: 2 };
      const c = compactionCluster({ seed, limits, compaction: { maxLogEntries: 5 } });
      const leader = c.electLeader();
      const [lagging, other] = c.ids.filter((id) => id !== leader) as [number, number];
      c.crash(lagging);
      c.write(1, 30);
      const lead = c.node(leader);
      expect(
        lead.log.snapshotIndex,
        "the leader compacted past the lagging follower's log",
      ).toBeGreaterThan(c.storage(lagging).lastIndex());
      c.restart(lagging);
      // While the snapshot goes to the lagging follower, more writes go to the other one.
      const otherBefore = c.node(other).lastApplied;
      c.cluster.runUntil("the leader starts sending its snapshot", () =>
        lead.snapshotTransfers().includes(lagging),
      );
      for (let k = 31; k <= 34; k++) c.propose(leader, `w${k}`, ["SET", `k${k}`, `v${k}`]);
      c.cluster.runUntil(
        "the other follower applies the new writes during the transfer",
        () => c.node(other).lastApplied >= otherBefore + 4,
      );
      expect(
        lead.snapshotTransfers().includes(lagging) || c.node(lagging).isInstalling,
        "§7: the snapshot was still on its way while the other follower got and applied new entries",
      ).toBe(true);
      c.settle("the lagging follower catches up");
      const chunks = c.sent.get(leader)?.get("install-snapshot") ?? 0;
      expect(chunks, "§7/Figure 13: the snapshot went in several chunks").toBeGreaterThan(1);
      expect(
        c.storage(lagging).snapshotIndex,
        "the lagging follower installed a snapshot into its storage",
      ).toBeGreaterThan(0);
      expect(kv(c, lagging), "its state machine matches the leader's").toEqual(kv(c, leader));
      expect(kv(c, lagging).length, "all 34 keys").toBe(34);
      expect(
        c.node(lagging).log.lastIndex(),
        "its log reaches the leader's (entries after the snapshot replicated by AppendEntries)",
      ).toBe(lead.log.lastIndex());
    });
  }

  test("a follower partitioned away gets a snapshot, not entries the leader no longer has", () => {
    const c = compactionCluster({ seed: 7, compaction: { maxLogEntries: 4 } });
    const leader = c.electLeader();
    const lagging = c.ids.find((id) => id !== leader) as number;
    c.cluster.network.isolate(lagging);
    c.write(1, 20);
    c.cluster.network.healAll();
    c.settle("the partitioned follower catches up");
    expect(
      c.sent.get(leader)?.get("install-snapshot") ?? 0,
      "§7: entries it needed were compacted: it got the snapshot",
    ).toBeGreaterThan(0);
    expect(kv(c, lagging), "it holds the same state as the leader").toEqual(kv(c, leader));
  });
});

describe("restart from snapshot plus log", () => {
  for (const seed of testSeeds(2)) {
    test(`a node restarts from its snapshot and the entries after it (seed ${seed})`, () => {
      const c = compactionCluster({ seed, compaction: { maxLogEntries: 5 } });
      c.write(1, 20); // compacts
      c.write(21, 3); // three entries after the snapshot, below maxLogEntries
      c.settle("every node applied everything");
      const id = c.ids.find((n) => n !== c.leader()) as number;
      const before = kv(c, id);
      const { snapshotIndex } = c.storage(id);
      expect(snapshotIndex, "its storage holds a snapshot").toBeGreaterThan(0);
      expect(c.storage(id).entries.length, "and some entries after it").toBeGreaterThan(0);
      c.crash(id);
      c.restart(id);
      const node = c.node(id);
      expect(node.log.snapshotIndex, "the log starts after the stored snapshot").toBe(
        snapshotIndex,
      );
      expect(node.lastApplied, "the state machine starts from the snapshot").toBe(snapshotIndex);
      expect(node.commitIndex, "what a snapshot holds is committed").toBe(snapshotIndex);
      expect(
        kv(c, id).length,
        "restored from the snapshot alone, before any entry",
      ).toBeLessThanOrEqual(before.length);
      c.write(24, 3);
      c.settle("the restarted node applies the rest");
      expect(kv(c, id), "then the entries after it, and new ones").toEqual(kv(c, c.leader()!));
      expect(kv(c, id).length, "26 keys").toBe(26);
    });
  }
});

describe("a crash in the middle of a snapshot effect", () => {
  test("during an install: the follower restarts from its old storage and catches up again", () => {
    const slowSnapshots = new Set<number>();
    const c = compactionCluster({ seed: 21, compaction: { maxLogEntries: 5 }, slowSnapshots });
    const leader = c.electLeader();
    const lagging = c.ids.find((id) => id !== leader) as number;
    c.crash(lagging);
    c.write(1, 20);
    slowSnapshots.add(lagging);
    c.restart(lagging);
    c.cluster.runUntil("the follower has the whole snapshot", () => c.node(lagging).isInstalling);
    const stored = c.storage(lagging).lastIndex();
    c.cluster.run(30);
    expect(c.node(lagging).role, "no election while installing").toBe("follower");
    expect(c.node(lagging).lastApplied, "nothing applied before the install is done").toBe(0);
    c.crash(lagging);
    expect(c.storage(lagging).lastIndex(), "the install never reached storage").toBe(stored);
    slowSnapshots.delete(lagging);
    c.restart(lagging);
    c.settle("the follower catches up after the crash");
    expect(kv(c, lagging), "it holds the leader's state").toEqual(kv(c, leader));
  });

  test("during a save: the node restarts from its whole log and compacts again", () => {
    const slowSnapshots = new Set<number>();
    const c = compactionCluster({ seed: 22, compaction: { maxLogEntries: 5 }, slowSnapshots });
    const leader = c.electLeader();
    const follower = c.ids.find((id) => id !== leader) as number;
    slowSnapshots.add(follower);
    c.write(1, 12);
    c.settle("every node applied everything");
    const node = c.node(follower);
    expect(node.log.snapshotIndex, "its save was never finished: nothing compacted").toBe(0);
    expect(c.storage(follower).snapshot, "nor stored").toBeUndefined();
    c.crash(follower);
    slowSnapshots.delete(follower);
    c.restart(follower);
    c.write(13, 3);
    c.settle("the restarted follower applies everything");
    expect(c.node(follower).log.snapshotIndex, "it compacts once it can save").toBeGreaterThan(0);
    expect(kv(c, follower), "and holds the leader's state").toEqual(kv(c, leader));
  });
});
