// Each cap of a batch on its own (the flow-control tests hit both caps at once), and a leader's
// new entry going out at once. (Mutation testing, pnpm mutate 4, showed these unpinned.)
import { describe, expect, test } from "vitest";
import {
  defaultLimits,
  type Entry,
  entrySizeBytes,
  nextBatch,
  RaftLog,
  ReplicationNode,
} from "#stage";

/** Four entries of the same size. */
function smallLog(): { log: RaftLog; sizeBytes: number } {
  const entries: Entry[] = ["a", "b", "c", "d"].map((key) => ({
    term: 1,
    command: ["SET", key, "1"],
  }));
  return { log: new RaftLog(entries), sizeBytes: entrySizeBytes(entries[0]!) };
}

describe("nextBatch: each cap alone", () => {
  test("maxEntriesPerMessage caps a batch even when the bytes would allow more", () => {
    const { log } = smallLog();
    const caps = { ...defaultLimits, maxEntriesPerMessage: 2, maxBytesPerMessage: 1_000_000 };
    expect(nextBatch(log, 1, caps).length, "flow control: at most maxEntriesPerMessage (2)").toBe(
      2,
    );
  });

  test("entries that fill maxBytesPerMessage exactly all go", () => {
    const { log, sizeBytes } = smallLog();
    const caps = { ...defaultLimits, maxEntriesPerMessage: 64, maxBytesPerMessage: 2 * sizeBytes };
    expect(
      nextBatch(log, 1, caps).length,
      `flow control: at most maxBytesPerMessage (${2 * sizeBytes}): two entries of ${sizeBytes} bytes fit`,
    ).toBe(2);
  });
});

describe("a leader's new entry", () => {
  test("goes to every follower in the step that appends it (§5.3: in parallel)", () => {
    const node = new ReplicationNode({
      id: 1,
      peers: [2, 3],
      role: "leader",
      term: 1,
      log: new RaftLog(),
    });
    const ready = node.step({ type: "append", command: ["SET", "k", "v"] });
    const carrying = ready.messages.filter(
      (m) => m.type === "append-entries" && m.entries.length === 1,
    );
    expect(
      carrying.map((m) => m.to).sort(),
      "§5.3: the leader issues AppendEntries to each follower at once, not on the next tick",
    ).toEqual([2, 3]);
  });
});
