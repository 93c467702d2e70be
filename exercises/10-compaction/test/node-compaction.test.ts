// A node compacts its log when it grows past the configured size (Raft paper §7): it snapshots
// its state machine as of lastApplied, the driver saves the snapshot (a Ready effect), and on
// "snapshot-saved" the log forgets the entries it covers. Every log rule keeps working after it.
import { seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { CompactedLog, CompactingNode, LogBytes, type Ready, SnapshotKvStore } from "#stage";
import { compactionCluster, idOf, nodeConfig, SnapshotMemoryStorage } from "./node-cluster.ts";

/** A single-node cluster (it elects itself) with the given policy; the test carries out effects. */
function soloNode(maxLogEntries: number) {
  const storage = new SnapshotMemoryStorage();
  const config = { ...nodeConfig(1, [1], { seed: 1 }), compaction: { maxLogEntries } };
  const node = new CompactingNode(config, storage.load(), seededRandom(1));
  const readies: Ready[] = [];
  const step = (input: Parameters<CompactingNode["step"]>[0]) => {
    const ready = node.step(input);
    readies.push(ready);
    return ready;
  };
  while (node.role !== "leader") step({ type: "tick" });
  return { node, storage, readies, step };
}

function set(k: number) {
  return { type: "propose", command: ["SET", `k${k}`, `v${k}`], requestId: `r${k}` } as const;
}

describe("compaction by size", () => {
  test("past maxLogEntries the node asks the driver to save a snapshot of its applied state", () => {
    const { node, step } = soloNode(4);
    const saves: Ready["saveSnapshot"][] = [];
    for (let k = 1; k <= 4; k++) saves.push(step(set(k)).saveSnapshot);
    expect(saves.slice(0, 3), "the no-op and 3 entries: within maxLogEntries 4").toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const snapshot = saves[3];
    expect(snapshot, "5 entries held, more than 4: §7 take a snapshot").toBeDefined();
    expect(snapshot?.lastIncludedIndex, "as of lastApplied (index 5: the no-op and 4 SETs)").toBe(
      node.lastApplied,
    );
    expect(snapshot?.lastIncludedTerm, "with that entry's term").toBe(node.log.termAt(5));
    const restored = new SnapshotKvStore();
    restored.restoreSnapshot(snapshot!.data);
    expect(restored.entries(), "the snapshot holds the state machine's state").toEqual(
      (node.stateMachine as SnapshotKvStore).entries(),
    );
    expect(node.log.snapshotIndex, "the log forgets nothing before the save is durable").toBe(0);
  });

  test("on snapshot-saved the log forgets the entries the snapshot covers", () => {
    const { node, step } = soloNode(4);
    let snapshot: Ready["saveSnapshot"];
    for (let k = 1; k <= 4; k++) snapshot ??= step(set(k)).saveSnapshot;
    step({ type: "snapshot-saved", ...idOf(snapshot!) });
    expect(node.log.snapshotIndex, "§7: the log starts after the snapshot").toBe(5);
    expect(node.log.snapshotTerm, "keeping its last term").toBe(snapshot!.lastIncludedTerm);
    expect(node.log.entryAt(5), "entry 5 is gone").toBeUndefined();
    expect(node.snapshot, "the snapshot the node now sends to followers that need it").toBe(
      snapshot,
    );
    step(set(5));
    expect(node.log.lastIndex(), "new entries go on after it").toBe(6);
    expect(node.lastApplied, "and are applied across the boundary (05's applier)").toBe(6);
  });

  test("one save at a time: no new snapshot until the driver says the last one is done", () => {
    const { step } = soloNode(2);
    const saves = [];
    for (let k = 1; k <= 10; k++) {
      const ready = step(set(k));
      if (ready.saveSnapshot !== undefined) saves.push(ready.saveSnapshot);
    }
    expect(saves.length, "one snapshot in flight at most").toBe(1);
    const next = step({ type: "snapshot-saved", ...idOf(saves[0]!) }).saveSnapshot;
    expect(next, "once it is saved, the still-too-big log is snapshotted again").toBeDefined();
    expect(next!.lastIncludedIndex, "as of the new lastApplied (the no-op and 10 SETs)").toBe(11);
  });

  test("a snapshot-saved for a snapshot the node is not saving is an error", () => {
    const { step } = soloNode(4);
    expect(
      () => step({ type: "snapshot-saved", lastIncludedIndex: 3, lastIncludedTerm: 1 }),
      "the driver answers only the effects the node asked for",
    ).toThrow(/snapshot-saved/);
  });

  test("maxLogBytes: a few big entries trigger it too", () => {
    const storage = new SnapshotMemoryStorage();
    const config = {
      ...nodeConfig(1, [1], { seed: 1 }),
      compaction: { maxLogEntries: 1000, maxLogBytes: 300 },
    };
    const node = new CompactingNode(config, storage.load(), seededRandom(1));
    while (node.role !== "leader") node.step({ type: "tick" });
    const big = (k: number) =>
      ({
        type: "propose",
        command: ["SET", `k${k}`, "x".repeat(100)],
        requestId: `r${k}`,
      }) as const;
    expect(node.step(big(1)).saveSnapshot, "about 120 bytes held: no").toBeUndefined();
    expect(node.step(big(2)).saveSnapshot, "about 240 bytes: no").toBeUndefined();
    expect(node.step(big(3)).saveSnapshot, "over 300 bytes: §7 compact").toBeDefined();
  });
});

describe("LogBytes: the log's size, kept up to date", () => {
  test("after appends, a conflicting suffix replaced by larger entries, and compaction", () => {
    const entry = (term: number, size: number) => ({
      term,
      command: ["SET", "k", "x".repeat(size)],
    });
    const log = new CompactedLog(undefined, [entry(1, 10), entry(1, 10), entry(1, 10)]);
    const kept = new LogBytes();
    const full = () => new LogBytes().measure(log, undefined);
    expect(kept.measure(log, undefined), "three entries counted").toBe(full());
    log.append(entry(1, 50));
    expect(kept.measure(log, 4), "an appended entry is added").toBe(full());
    log.appendEntries(2, 1, [entry(2, 200), entry(2, 200)]);
    expect(
      kept.measure(log, 3),
      "§5.3: entries 3.. replaced by larger ones: counted again, not added twice",
    ).toBe(full());
    log.compact(3);
    expect(kept.measure(log, undefined), "compaction: only the entries after the snapshot").toBe(
      full(),
    );
    expect(full(), "entry 4 alone: 8 + (4 + 3) + (4 + 1) + (4 + 200) bytes").toBe(224);
  });
});

describe("a cluster that compacts", () => {
  for (const seed of testSeeds(3)) {
    test(`every node compacts and stays consistent (seed ${seed})`, () => {
      const c = compactionCluster({ seed, compaction: { maxLogEntries: 5 } });
      c.write(1, 40);
      c.settle("every node applies what the leader committed");
      for (const id of c.ids) {
        const node = c.node(id);
        expect(
          node.log.snapshotIndex,
          `§7: node ${id} compacted its log (seed ${seed})`,
        ).toBeGreaterThan(0);
        expect(
          node.log.lastIndex() - node.log.snapshotIndex,
          `node ${id} holds at most about maxLogEntries entries (seed ${seed})`,
        ).toBeLessThanOrEqual(6);
        expect(
          c.storage(id).snapshotIndex,
          `node ${id}'s storage holds the snapshot (seed ${seed})`,
        ).toBeGreaterThan(0);
        expect(
          (node.stateMachine as SnapshotKvStore).entries().length,
          `node ${id} applied all 40 keys (seed ${seed})`,
        ).toBe(40);
      }
    });
  }
});
