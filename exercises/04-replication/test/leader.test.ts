// The leader's bookkeeping, fed crafted responses: responses may be late, duplicated or
// reordered, so matchIndex must come from what a response says was stored, and nothing stale may
// move nextIndex or matchIndex the wrong way (§5.3, Figure 2 "Rules for Servers: Leaders").
import { describe, expect, test } from "vitest";
import {
  type AppendEntriesRequest,
  type AppendEntriesResponse,
  RaftLog,
  type ReplicationMessage,
  ReplicationNode,
  type ReplicationReady,
} from "#stage";
import { entries } from "./cluster.ts";

function leader(log = entries(1, 1, 2, 2), limits = {}) {
  return new ReplicationNode({
    id: 1,
    peers: [2, 3],
    role: "leader",
    term: 2,
    log: new RaftLog(log),
    limits,
  });
}

function requestsTo(ready: ReplicationReady, to: number): AppendEntriesRequest[] {
  return ready.messages.filter(
    (m: ReplicationMessage): m is AppendEntriesRequest =>
      m.type === "append-entries" && m.to === to,
  );
}

/** What follower `from` would answer to `request` on success. */
function success(request: AppendEntriesRequest): {
  type: "message";
  message: AppendEntriesResponse;
} {
  const message: AppendEntriesResponse = {
    type: "append-entries-response",
    from: request.to,
    to: request.from,
    term: request.term,
    success: true,
    prevIndex: request.prevIndex,
    matchIndex: request.prevIndex + request.entries.length,
  };
  return { type: "message", message };
}

function rejection(
  request: AppendEntriesRequest,
  hints: Partial<AppendEntriesResponse> = {},
): { type: "message"; message: AppendEntriesResponse } {
  const message: AppendEntriesResponse = {
    type: "append-entries-response",
    from: request.to,
    to: request.from,
    term: request.term,
    success: false,
    prevIndex: request.prevIndex,
    matchIndex: 0,
    ...hints,
  };
  return { type: "message", message };
}

/** A leader that knows follower 2 matches its 4 entries, then appends 6 more, one at a time. */
function streamingLeader() {
  const node = leader(entries(1, 1, 2, 2), { maxEntriesPerMessage: 2, maxInflightPerFollower: 3 });
  // The follower answers the first request: the logs match at 4, the leader may stream.
  const [probe] = requestsTo(node.step({ type: "tick" }), 2);
  expect(
    probe,
    "Figure 2: a leader sends each follower an AppendEntries when it starts",
  ).toBeDefined();
  node.step(success(probe as AppendEntriesRequest));
  let sent: AppendEntriesRequest[] = [];
  for (let i = 5; i <= 10; i++) {
    sent = [
      ...sent,
      ...requestsTo(node.step({ type: "append", command: ["SET", `k${i}`, "v"] }), 2),
    ];
  }
  const batches = sent.filter((request) => request.entries.length > 0);
  return { node, batches };
}

describe("leader: matchIndex and nextIndex under late, duplicated and reordered responses", () => {
  test("once the logs match, the leader streams up to maxInflightPerFollower requests", () => {
    const { batches } = streamingLeader();
    expect(
      batches.length,
      "flow control: 3 requests in flight, no more until one is answered",
    ).toBe(3);
    batches.slice(1).forEach((batch, i) => {
      const previous = batches[i] as AppendEntriesRequest;
      expect(batch.prevIndex, "§5.3: each request starts where the one before ended").toBe(
        previous.prevIndex + previous.entries.length,
      );
    });
  });

  test("matchIndex comes from the response (prevIndex + entries.length), not from nextIndex", () => {
    const { node, batches } = streamingLeader();
    const middle = batches[1] as AppendEntriesRequest;
    node.step(success(middle));
    expect(
      node.progressOf(2).matchIndex,
      "§5.3: matchIndex comes from the request's prevLogIndex + entries.length echoed back",
    ).toBe(middle.prevIndex + middle.entries.length);
    const last = batches[2] as AppendEntriesRequest;
    expect(node.progressOf(2).nextIndex, "nextIndex stays past what is in flight").toBeGreaterThan(
      last.prevIndex + last.entries.length,
    );
  });

  test("a late or duplicated success never moves matchIndex or nextIndex backwards", () => {
    const { node, batches } = streamingLeader();
    const [first, middle, last] = batches as [
      AppendEntriesRequest,
      AppendEntriesRequest,
      AppendEntriesRequest,
    ];
    node.step(success(middle));
    const next = node.progressOf(2).nextIndex;
    const matched = middle.prevIndex + middle.entries.length;
    node.step(success(first));
    expect(
      node.progressOf(2).matchIndex,
      "§5.3: matchIndex is the highest index a success acknowledged (its prevIndex + entries.length): a stale success neither lowers it nor raises it",
    ).toBe(matched);
    node.step(success(middle));
    expect(
      node.progressOf(2).matchIndex,
      "§5.3: a duplicated success changes nothing: matchIndex stays what the response acknowledged",
    ).toBe(matched);
    expect(
      node.progressOf(2).nextIndex,
      "a stale success never lowers nextIndex",
    ).toBeGreaterThanOrEqual(next);
    node.step(success(last));
    expect(node.progressOf(2).matchIndex, "§5.3: the newest success raises matchIndex").toBe(
      last.prevIndex + last.entries.length,
    );
  });

  test("a rejection of a request the follower already matched beyond changes nothing", () => {
    const { node, batches } = streamingLeader();
    const [first, , last] = batches as [
      AppendEntriesRequest,
      AppendEntriesRequest,
      AppendEntriesRequest,
    ];
    node.step(success(last));
    const next = node.progressOf(2).nextIndex;
    node.step(rejection(first, { conflictIndex: 1 }));
    expect(node.progressOf(2).matchIndex, "§5.3: a stale rejection never lowers matchIndex").toBe(
      last.prevIndex + last.entries.length,
    );
    expect(node.progressOf(2).nextIndex, "§5.3: a stale rejection never moves nextIndex").toBe(
      next,
    );
  });

  test("a rejection backs nextIndex off; a duplicate of it does not back off again", () => {
    const node = leader(entries(1, 1, 2, 2, 2, 2));
    const [probe] = requestsTo(node.step({ type: "tick" }), 2);
    expect(probe?.prevIndex, "Figure 2: nextIndex starts at the leader's last index + 1").toBe(6);
    const afterReject = node.step(rejection(probe as AppendEntriesRequest, { conflictIndex: 3 }));
    const next = node.progressOf(2).nextIndex;
    expect(next, "§5.3: after a rejection the leader decrements nextIndex").toBeLessThanOrEqual(6);
    expect(next, "nextIndex never goes below matchIndex + 1").toBeGreaterThanOrEqual(1);
    const [retry] = requestsTo(afterReject, 2);
    expect(retry?.prevIndex, "§5.3: the leader retries at the new nextIndex at once").toBe(
      next - 1,
    );
    node.step(rejection(probe as AppendEntriesRequest, { conflictIndex: 3 }));
    expect(
      node.progressOf(2).nextIndex,
      "§5.3: a duplicated rejection does not back off twice",
    ).toBe(next);
    node.step(success(retry as AppendEntriesRequest));
    expect(
      node.progressOf(2).matchIndex,
      "§5.3: a success sets matchIndex to the request's prevIndex + entries.length (from the response, not nextIndex - 1)",
    ).toBe(
      (retry as AppendEntriesRequest).prevIndex + (retry as AppendEntriesRequest).entries.length,
    );
  });

  test("responses of another term and from non-peers are ignored", () => {
    const node = leader();
    const [probe] = requestsTo(node.step({ type: "tick" }), 2);
    const stale = success(probe as AppendEntriesRequest);
    node.step({ type: "message", message: { ...stale.message, term: 1 } });
    expect(
      node.progressOf(2).matchIndex,
      "§5.1: a response from an older term says nothing now",
    ).toBe(0);
  });
});

describe("leader: heartbeats and retransmission", () => {
  test("an idle leader sends every follower something every heartbeatIntervalTicks", () => {
    const node = leader(entries(1, 1, 2), { heartbeatIntervalTicks: 4 });
    const sentAt: number[] = [];
    for (let tick = 1; tick <= 40; tick++) {
      const ready = node.step({ type: "tick" });
      if (requestsTo(ready, 3).length > 0) sentAt.push(tick);
    }
    const gaps = sentAt.slice(1).map((tick, i) => tick - (sentAt[i] as number));
    expect(sentAt[0], "Figure 2: a leader sends heartbeats from the start").toBe(1);
    expect(
      Math.max(...gaps),
      "Figure 2: heartbeats at least every heartbeatIntervalTicks",
    ).toBeLessThanOrEqual(4);
  });

  test("an unanswered request is sent again after retransmitTimeoutTicks", () => {
    const node = leader(entries(1, 1, 2), {
      retransmitTimeoutTicks: 5,
      heartbeatIntervalTicks: 100,
    });
    const [first] = requestsTo(node.step({ type: "tick" }), 2);
    let again: AppendEntriesRequest | undefined;
    for (let tick = 2; tick <= 6 && again === undefined; tick++) {
      again = requestsTo(node.step({ type: "tick" }), 2)[0];
    }
    expect(again, "lost messages are survived: the leader retransmits after a timeout").toEqual(
      first,
    );
  });
});
