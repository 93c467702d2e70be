// The 09 node's side of live mode: RAFT.EVENTS pages through a ring of recent peer messages and
// client requests.
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
    const messages = page.events.filter((e) => e.kind !== "client");
    expect(messages.map((e) => [e.seq, e.kind, e.from, e.prev, e.commit])).toEqual([
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

  test("a client's command and its outcome, from the reply's first word; requests in flight together get their own rows", () => {
    const stream = new EventStream();
    const replies: string[] = [];
    const settle = (reply: { type: string }) => replies.push(reply.type);
    expect(stream.client(2, ["SET", "a", "1"], settle), "nobody watching: settle itself").toBe(
      settle,
    );
    stream.since(0);
    const first = stream.client(2, ["SET", "a", "1"], settle);
    const second = stream.client(2, ["INCR", "n"], settle);
    const third = stream.client(2, ["GET", "a"], settle);
    second({ type: "error", message: "UNCERTAIN outcome unknown: node 2 stopped" });
    first({ type: "simple", value: "OK" });
    third({ type: "error", message: "TRYAGAIN node 2 is paused; not applied, safe to retry" });
    const fourth = stream.client(2, ["DEL", "a"], settle);
    fourth({ type: "error", message: "ERR wrong number of arguments" });
    const rows = stream
      .since(0)
      .events.map((e) =>
        e.kind === "client" ? [e.client, e.op, e.event, e.command?.join(" ")] : [],
      );
    expect(rows, "invoke, then ok / info (UNCERTAIN) / fail (TRYAGAIN, CLUSTERDOWN)").toEqual([
      [201, 1, "invoke", "SET a 1"],
      [202, 2, "invoke", "INCR n"],
      [203, 3, "invoke", "GET a"],
      [202, 2, "info", undefined],
      [201, 1, "ok", undefined],
      [203, 3, "fail", undefined],
      [201, 4, "invoke", "DEL a"],
      [201, 4, "ok", undefined],
    ]);
    expect(replies, "each reply still reaches its client").toEqual([
      "error",
      "simple",
      "error",
      "error",
    ]);
  });
});
