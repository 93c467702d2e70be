// Flow control: caps on entries and bytes per AppendEntries and on requests in flight per
// follower. Small caps make entries reach followers over many messages.
import { describe, expect, test } from "vitest";
import {
  type AppendEntriesRequest,
  nextBatch,
  RaftLog,
  type ReplicationMessage,
  type ReplicationReady,
} from "#stage";
import { batchBytes, converged, logOf, replicationCluster } from "./cluster.ts";

const limits = { maxEntriesPerMessage: 2, maxBytesPerMessage: 60, maxInflightPerFollower: 1 };

describe("flow control", () => {
  test("small caps: every message respects them, entries arrive over many messages", () => {
    const requests: AppendEntriesRequest[] = [];
    const outstanding = new Map<number, number>();
    const onReady = (id: number, ready: ReplicationReady) => {
      for (const message of ready.messages as ReplicationMessage[]) {
        if (message.type === "append-entries" && message.entries.length > 0) {
          requests.push(message);
          const count = (outstanding.get(message.to) ?? 0) + 1;
          outstanding.set(message.to, count);
          expect(
            count,
            `flow control: at most 1 request with entries in flight to ${message.to}`,
          ).toBeLessThanOrEqual(1);
        }
        if (message.type === "append-entries-response" && message.matchIndex > message.prevIndex) {
          outstanding.set(id, Math.max(0, (outstanding.get(id) ?? 0) - 1));
        }
      }
    };
    const cluster = replicationCluster({ seed: 21, term: 1, logs: [[], [], []], limits, onReady });
    for (let i = 0; i < 10; i++) {
      cluster.step(1, { type: "append", command: ["SET", `key${i}`, "v".repeat(i * 3)] });
    }
    cluster.runUntil(
      "every follower holds the 10 entries",
      () => converged(cluster) && logOf(cluster.node(3)).length === 10,
    );
    for (const request of requests) {
      expect(
        request.entries.length,
        "flow control: at most maxEntriesPerMessage (2) entries",
      ).toBeLessThanOrEqual(2);
      if (request.entries.length > 1) {
        expect(
          batchBytes(request.entries),
          "flow control: at most maxBytesPerMessage (60) bytes",
        ).toBeLessThanOrEqual(60);
      }
    }
    const toFollower2 = requests.filter((r) => r.to === 2).length;
    expect(
      toFollower2,
      "with caps of 2 entries, 10 entries take at least 5 messages",
    ).toBeGreaterThanOrEqual(5);
  });

  test("nextBatch takes at most maxEntriesPerMessage and maxBytesPerMessage, but always one entry", () => {
    const log = new RaftLog([
      { term: 1, command: ["SET", "a", "1"] },
      { term: 1, command: ["SET", "b", "2"] },
      { term: 1, command: ["SET", "c", "x".repeat(500)] },
      { term: 1, command: ["SET", "d", "4"] },
    ]);
    const caps = { ...limits, heartbeatIntervalTicks: 3, retransmitTimeoutTicks: 10 };
    expect(nextBatch(log, 1, caps).length, "flow control: at most 2 entries").toBe(2);
    expect(
      nextBatch(log, 2, caps).length,
      "flow control: the big entry does not fit with another",
    ).toBe(1);
    expect(
      nextBatch(log, 3, caps).length,
      "flow control: one entry larger than the byte cap still goes alone",
    ).toBe(1);
    expect(nextBatch(log, 5, caps), "nothing past the end of the log").toEqual([]);
  });
});
