// The follower's side of InstallSnapshot (Raft paper §7, Figure 13 receiver rules): chunks by
// offset, assembled in order, resumable; stale, duplicated or out-of-order chunks change nothing.
import { describe, expect, test } from "vitest";
import { type InstallSnapshotRequest, SnapshotReceiver } from "#stage";

const data = Uint8Array.from({ length: 10 }, (_, i) => 100 + i);
const view = { term: 3, coveredIndex: 4 };

/** A chunk of `data` (snapshot through 20 in term 2, sent by leader 1 in term 3). */
function chunk(offset: number, end: number, extra: Partial<InstallSnapshotRequest> = {}) {
  return {
    type: "install-snapshot",
    from: 1,
    to: 2,
    term: 3,
    lastIncludedIndex: 20,
    lastIncludedTerm: 2,
    offset,
    data: data.slice(offset, end),
    done: end === data.length,
    ...extra,
  } satisfies InstallSnapshotRequest;
}

describe("SnapshotReceiver: assembling chunks", () => {
  test("chunks in offset order assemble the snapshot; the last one (done) completes it", () => {
    const receiver = new SnapshotReceiver();
    expect(receiver.receive(chunk(0, 4), view), "Figure 13 rule 2: offset 0 starts it").toEqual({
      kind: "partial",
      nextOffset: 4,
      changed: true,
    });
    expect(receiver.receive(chunk(4, 8), view), "rule 3: written at its offset").toEqual({
      kind: "partial",
      nextOffset: 8,
      changed: true,
    });
    const outcome = receiver.receive(chunk(8, 10), view);
    expect(outcome.kind, "rule 5: done is the last chunk: the snapshot is complete").toBe(
      "complete",
    );
    if (outcome.kind !== "complete") return;
    expect(outcome.snapshot.lastIncludedIndex, "the snapshot's lastIncludedIndex").toBe(20);
    expect(outcome.snapshot.lastIncludedTerm, "the snapshot's lastIncludedTerm").toBe(2);
    expect([...outcome.snapshot.data], "every byte, in order").toEqual([...data]);
    expect(receiver.receivedBytes, "nothing pending after completion").toBe(0);
  });

  test("a snapshot in one chunk completes at once", () => {
    const outcome = new SnapshotReceiver().receive(chunk(0, 10), view);
    expect(outcome.kind, "offset 0 with done: complete").toBe("complete");
  });

  test("a duplicated chunk changes nothing and says where to go on", () => {
    const receiver = new SnapshotReceiver();
    receiver.receive(chunk(0, 4), view);
    receiver.receive(chunk(4, 8), view);
    expect(receiver.receive(chunk(4, 8), view), "the chunk at 4 again: already held").toEqual({
      kind: "partial",
      nextOffset: 8,
      changed: false,
    });
    expect(receiver.receive(chunk(0, 4), view), "offset 0 again does not start over").toEqual({
      kind: "partial",
      nextOffset: 8,
      changed: false,
    });
    const outcome = receiver.receive(chunk(8, 10), view);
    expect(outcome.kind, "the bytes stayed right: the last chunk completes it").toBe("complete");
    if (outcome.kind === "complete") {
      expect([...outcome.snapshot.data], "no byte written twice").toEqual([...data]);
    }
  });

  test("a chunk past a gap is not taken: the leader resumes from what the follower holds", () => {
    const receiver = new SnapshotReceiver();
    receiver.receive(chunk(0, 4), view);
    expect(receiver.receive(chunk(8, 10), view), "bytes 4..8 are missing: resume at 4").toEqual({
      kind: "partial",
      nextOffset: 4,
      changed: false,
    });
    expect(receiver.receivedBytes, "the out-of-order chunk left nothing behind").toBe(4);
  });

  test("a later chunk of a snapshot the follower never started: start over from 0", () => {
    const receiver = new SnapshotReceiver();
    expect(
      receiver.receive(chunk(4, 8), view),
      "Figure 13 rule 2: a snapshot starts at offset 0 (e.g. the follower restarted)",
    ).toEqual({ kind: "partial", nextOffset: 0, changed: false });
  });
});

describe("SnapshotReceiver: limits", () => {
  test("a snapshot larger than maxSnapshotBytes is refused loudly, not assembled", () => {
    const receiver = new SnapshotReceiver(6);
    receiver.receive(chunk(0, 4), view);
    expect(
      () => receiver.receive(chunk(4, 8), view),
      "limits on everything: 8 bytes do not fit in maxSnapshotBytes 6",
    ).toThrow(/maxSnapshotBytes/);
    expect(receiver.receivedBytes, "the transfer is dropped").toBe(0);
  });
});

describe("SnapshotReceiver: what changes nothing", () => {
  test("a chunk from a deposed leader (older term) changes nothing", () => {
    const receiver = new SnapshotReceiver();
    receiver.receive(chunk(0, 4), view);
    expect(
      receiver.receive(chunk(4, 8, { term: 2 }), view),
      "Figure 13 rule 1: reply immediately if term < currentTerm",
    ).toEqual({ kind: "stale-term" });
    expect(receiver.receivedBytes, "the stale chunk was not written").toBe(4);
  });

  test("a snapshot the node already covers changes nothing: its state is at least that new", () => {
    const receiver = new SnapshotReceiver();
    expect(
      receiver.receive(chunk(0, 10), { term: 3, coveredIndex: 20 }),
      "§7: the node's committed state already covers index 20",
    ).toEqual({ kind: "covered" });
    expect(receiver.receivedBytes, "nothing assembled").toBe(0);
  });

  test("a newer snapshot replaces the one being assembled; an older one does not", () => {
    const receiver = new SnapshotReceiver();
    receiver.receive(chunk(0, 4), view);
    expect(
      receiver.receive(chunk(0, 4, { lastIncludedIndex: 15, lastIncludedTerm: 2 }), view),
      "the same leader's older snapshot does not replace the newer one",
    ).toEqual({ kind: "partial", nextOffset: 0, changed: false });
    expect(receiver.receivedBytes, "the newer snapshot's bytes are kept").toBe(4);
    expect(
      receiver.receive(chunk(0, 2, { lastIncludedIndex: 30 }), view),
      "Figure 13 rule 2: a newer snapshot starts a new file at offset 0",
    ).toEqual({ kind: "partial", nextOffset: 2, changed: true });
    expect(
      receiver.receive(chunk(0, 2, { term: 4 }), { term: 4, coveredIndex: 4 }),
      "a later leader's snapshot starts over too",
    ).toEqual({ kind: "partial", nextOffset: 2, changed: true });
  });
});
