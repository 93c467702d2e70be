// The 09 node's side of live mode: RAFT.EVENTS pages through a ring of recent peer messages.
import { describe, expect, test } from "vitest";
import {
  EventStream,
  eventRingSize,
  maxEventsPerPage,
} from "../../../solutions/09-system/src/event-stream.ts";

const heartbeat = {
  type: "append-entries" as const,
  from: 1,
  to: 2,
  term: 3,
  prevIndex: 4,
  prevTerm: 3,
  entries: [],
  leaderCommit: 4,
};

describe("the node's event stream (RAFT.EVENTS)", () => {
  test("records nothing until a viewer first asks, then pages in order", () => {
    const stream = new EventStream();
    stream.record("send", heartbeat);
    expect(stream.since(0)).toEqual({ next: 0, lost: 0, events: [] });
    stream.record("send", heartbeat);
    stream.record("deliver", { ...heartbeat, from: 2, to: 1 });
    const page = stream.since(0);
    expect(page.events.map((e) => [e.seq, e.kind, e.from, e.prev, e.commit])).toEqual([
      [1, "send", 1, 4, 4],
      [2, "deliver", 2, 4, 4],
    ]);
    expect(stream.since(page.next)).toEqual({ next: 2, lost: 0, events: [] });
  });

  test("a viewer that falls behind the ring hears how many events it lost", () => {
    const stream = new EventStream();
    stream.since(0);
    for (let i = 0; i < eventRingSize + 10; i++) stream.record("send", heartbeat);
    const page = stream.since(5);
    expect(page.lost, "events 6..10 were overwritten").toBe(5);
    expect(page.events[0]!.seq).toBe(11);
    expect(page.events).toHaveLength(maxEventsPerPage);
  });
});
