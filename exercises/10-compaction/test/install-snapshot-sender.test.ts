// The leader's side of InstallSnapshot for one follower (Raft paper §7, Figure 13): chunks within
// the flow-control caps (bytes per message, chunks in flight), resumed from the offset the
// follower reports, resent after a timeout in ticks.
import { describe, expect, test } from "vitest";
import { type InstallSnapshotResponse, type Snapshot, SnapshotSender } from "#stage";

const snapshot: Snapshot = {
  lastIncludedIndex: 20,
  lastIncludedTerm: 2,
  data: Uint8Array.from({ length: 10 }, (_, i) => i),
};
const limits = { maxChunkBytes: 3, maxChunksInFlight: 2, retransmitTimeoutTicks: 5 };

/** The follower's answer to the chunk at `offset`, holding `nextOffset` bytes. */
function answer(offset: number, nextOffset: number, installed = false): InstallSnapshotResponse {
  return {
    type: "install-snapshot-response",
    from: 2,
    to: 1,
    term: 3,
    lastIncludedIndex: 20,
    lastIncludedTerm: 2,
    offset,
    nextOffset,
    installed,
  };
}

const offsets = (chunks: readonly { offset: number }[]) => chunks.map((chunk) => chunk.offset);

describe("SnapshotSender: flow control", () => {
  test("chunks of at most maxChunkBytes, at most maxChunksInFlight unanswered", () => {
    const sender = new SnapshotSender(snapshot, limits);
    const first = sender.nextChunks(0);
    expect(offsets(first), "two chunks in flight at most, three bytes each").toEqual([0, 3]);
    expect([...first[1]!.data], "the second chunk holds bytes 3..5").toEqual([3, 4, 5]);
    expect(
      first.some((chunk) => chunk.done),
      "not the last chunk yet",
    ).toBe(false);
    expect(sender.nextChunks(0), "the in-flight cap is reached: nothing more").toEqual([]);
    expect(sender.chunksInFlight, "two chunks unanswered").toBe(2);
  });

  test("each answer frees a slot; the last chunk says done", () => {
    const sender = new SnapshotSender(snapshot, limits);
    sender.nextChunks(0);
    expect(sender.onResponse(answer(0, 3)), "the answer is about this snapshot").toBe(true);
    expect(sender.ackedBytes, "the follower holds 3 bytes").toBe(3);
    expect(offsets(sender.nextChunks(1)), "one slot freed: the chunk at 6").toEqual([6]);
    sender.onResponse(answer(3, 6));
    const last = sender.nextChunks(2);
    expect(offsets(last), "the chunk at 9, one byte").toEqual([9]);
    expect(last[0]!.done, "Figure 13: done on the last chunk").toBe(true);
    sender.onResponse(answer(6, 9));
    expect(sender.nextChunks(3), "everything sent: nothing more until an answer").toEqual([]);
  });

  test("a follower that installed it stops the sending", () => {
    const sender = new SnapshotSender(snapshot, limits);
    sender.nextChunks(0);
    sender.onResponse(answer(0, 0, true));
    expect(sender.installed, "the follower holds the snapshot").toBe(true);
    expect(sender.nextChunks(1), "nothing more to send").toEqual([]);
    sender.onTick(100);
    expect(sender.nextChunks(100), "and nothing to resend").toEqual([]);
  });

  test("an empty snapshot still goes, as one empty chunk with done", () => {
    const empty = { ...snapshot, data: new Uint8Array(0) };
    const chunks = new SnapshotSender(empty, limits).nextChunks(0);
    expect(
      chunks.map((chunk) => [chunk.offset, chunk.data.length, chunk.done]),
      "one chunk",
    ).toEqual([[0, 0, true]]);
  });
});

describe("SnapshotSender: loss and resumption", () => {
  test("after retransmitTimeoutTicks unanswered, it sends again from the last acknowledged byte", () => {
    const sender = new SnapshotSender(snapshot, limits);
    sender.nextChunks(0);
    sender.onResponse(answer(0, 3));
    sender.nextChunks(0);
    sender.onTick(4);
    expect(sender.nextChunks(4), "4 ticks: not yet timed out").toEqual([]);
    sender.onTick(5);
    expect(offsets(sender.nextChunks(5)), "timed out: resend from byte 3").toEqual([3, 6]);
  });

  test("a chunk the follower did not take: resume from the offset it reports", () => {
    const sender = new SnapshotSender(snapshot, limits);
    sender.nextChunks(0);
    sender.onResponse(answer(3, 0));
    expect(
      offsets(sender.nextChunks(1)),
      "the chunk at 3 arrived before the one at 0: resend from 0",
    ).toEqual([0, 3]);
  });

  test("a follower that lost what it held (it restarted) is resumed from 0", () => {
    const sender = new SnapshotSender(snapshot, limits);
    sender.nextChunks(0);
    sender.onResponse(answer(0, 3));
    sender.onResponse(answer(3, 6));
    sender.nextChunks(1);
    sender.onResponse(answer(6, 0));
    expect(sender.ackedBytes, "the follower holds nothing now").toBe(0);
    expect(offsets(sender.nextChunks(2)), "start over at 0").toEqual([0, 3]);
  });

  test("a late, duplicated answer changes nothing", () => {
    const sender = new SnapshotSender(snapshot, limits);
    sender.nextChunks(0);
    sender.onResponse(answer(0, 3));
    sender.onResponse(answer(3, 6));
    sender.onResponse(answer(0, 3));
    expect(sender.ackedBytes, "acknowledged bytes never go back on a stale answer").toBe(6);
    expect(offsets(sender.nextChunks(1)), "it goes on from 6").toEqual([6, 9]);
  });

  test("an answer about another snapshot changes nothing", () => {
    const sender = new SnapshotSender(snapshot, limits);
    sender.nextChunks(0);
    const other = { ...answer(0, 0, true), lastIncludedIndex: 12 };
    expect(sender.onResponse(other), "another snapshot: ignored").toBe(false);
    expect(sender.installed, "this snapshot is not installed").toBe(false);
    expect(sender.chunksInFlight, "still two in flight").toBe(2);
  });
});
