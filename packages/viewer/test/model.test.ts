import { describe, expect, test } from "vitest";
import { checkpointEvery, Timeline } from "../src/model/timeline.ts";
import type { ViewerEvent } from "../src/trace/events.ts";

const run: ViewerEvent = { t: 0, kind: "run", nodes: 3, tickUs: 1000 };

describe("the replay model", () => {
  test("a log write replaces the log from its index on; a crash keeps the log and loses the rest", () => {
    const events: ViewerEvent[] = [
      run,
      {
        t: 1,
        kind: "log",
        node: 1,
        from: 1,
        terms: [1, 1, 2],
        commands: ["", "SET a 1", "SET a 2"],
      },
      { t: 2, kind: "commit", node: 1, index: 2 },
      { t: 3, kind: "apply", node: 1, index: 2 },
      { t: 4, kind: "log", node: 1, from: 3, terms: [3], commands: ["INCR a"] },
      { t: 5, kind: "fault", fault: "crash", episode: 0, nodes: [1] },
    ];
    const timeline = new Timeline(undefined, events);
    const applied = timeline.stateAt(3).nodes.get(1)!;
    expect(applied.kv.get("a"), "SET a 1 applied at index 2").toBe("1");
    const rewritten = timeline.stateAt(4).nodes.get(1)!;
    expect(rewritten.terms, "§5.3: the entry at 3 is replaced").toEqual([1, 1, 3]);
    const crashed = timeline.stateAt(5).nodes.get(1)!;
    expect([crashed.up, crashed.commit, crashed.kv.size, crashed.terms]).toEqual([
      false,
      0,
      0,
      [1, 1, 3],
    ]);
  });

  test("a partition cuts the links its detail names; heal restores them", () => {
    const events: ViewerEvent[] = [
      run,
      { t: 1, kind: "fault", fault: "partition", episode: 4, nodes: [1, 2, 3], detail: "1 | 2,3" },
      {
        t: 2,
        kind: "fault",
        fault: "partition",
        episode: 5,
        nodes: [2, 3],
        detail: "2 cannot reach 3 (one way)",
      },
      { t: 3, kind: "fault", fault: "heal", episode: 4, nodes: [] },
    ];
    const timeline = new Timeline(undefined, events);
    expect([...timeline.stateAt(2).cuts].sort()).toEqual(["1>2", "1>3", "2>1", "2>3", "3>1"]);
    expect([...timeline.stateAt(3).cuts]).toEqual(["2>3"]);
  });

  test("a link two episodes cut stays cut until both heal", () => {
    const events: ViewerEvent[] = [
      run,
      { t: 1, kind: "fault", fault: "partition", episode: 1, nodes: [1, 2], detail: "1 | 2" },
      {
        t: 2,
        kind: "fault",
        fault: "partition",
        episode: 2,
        nodes: [1, 2],
        detail: "1 cannot reach 2 (one way)",
      },
      { t: 3, kind: "fault", fault: "heal", episode: 1, nodes: [] },
      { t: 4, kind: "fault", fault: "heal", episode: 2, nodes: [] },
    ];
    const timeline = new Timeline(undefined, events);
    expect([...timeline.stateAt(3).cuts]).toEqual(["1>2"]);
    expect([...timeline.stateAt(4).cuts]).toEqual([]);
  });

  test("flights: a duplicate is marked, a message is in the air between send and delivery", () => {
    const events: ViewerEvent[] = [
      run,
      { t: 100, kind: "send", from: 1, to: 2, type: "append-entries", term: 1, id: 7 },
      { t: 200, kind: "deliver", from: 1, to: 2, type: "append-entries", term: 1, id: 7 },
      { t: 300, kind: "deliver", from: 1, to: 2, type: "append-entries", term: 1, id: 7 },
      // Without ids, deliveries match the oldest pending send of the same link, type and term.
      { t: 400, kind: "send", from: 2, to: 1, type: "append-entries-response", term: 1 },
      {
        t: 500,
        kind: "drop",
        from: 2,
        to: 1,
        type: "append-entries-response",
        term: 1,
        reason: "partition",
      },
    ];
    const timeline = new Timeline(undefined, events);
    const atMiddle = timeline.inFlightAt(150);
    expect(atMiddle).toHaveLength(1);
    expect(atMiddle[0]!.progress).toBeCloseTo(0.5);
    expect(atMiddle[0]!.duplicated).toBe(true);
    const response = timeline.inFlightAt(450);
    expect(response.map((f) => [f.flight.send.type, f.dropped])).toEqual([
      ["append-entries-response", true],
    ]);
    expect(timeline.inFlightAt(600)).toEqual([]);
  });

  test("a message lost as it was sent is drawn dropped for a moment, then gone", () => {
    const events: ViewerEvent[] = [
      run,
      {
        t: 100,
        kind: "drop",
        from: 1,
        to: 3,
        type: "request-vote",
        term: 2,
        reason: "loss",
        id: 9,
      },
    ];
    const timeline = new Timeline(undefined, events);
    expect(timeline.inFlightAt(200).map((f) => [f.flight.id, f.dropped])).toEqual([[9, true]]);
    expect(timeline.inFlightAt(100 + 6000)).toEqual([]);
  });

  test("scrubbing back and forth past checkpoints gives the same state as replaying from the start", () => {
    const events: ViewerEvent[] = [run];
    for (let i = 1; i <= 3 * checkpointEvery; i++)
      events.push({ t: i, kind: "role", node: 1 + (i % 3), role: "follower", term: i });
    const timeline = new Timeline(undefined, events);
    for (const index of [700, 10, 500, 256, 255, 767])
      expect(timeline.stateAt(index).nodes.get(1 + (index % 3))!.term).toBe(index);
  });

  test("landmarks: elections, first commits of an index, violations", () => {
    const events: ViewerEvent[] = [
      run,
      { t: 1, kind: "role", node: 1, role: "candidate", term: 1 },
      { t: 2, kind: "commit", node: 1, index: 1 },
      { t: 3, kind: "commit", node: 2, index: 1 },
      { t: 4, kind: "violation", invariant: "election-safety", detail: "two leaders" },
    ];
    const timeline = new Timeline(undefined, events);
    expect([timeline.elections, timeline.newCommits, timeline.violations]).toEqual([[1], [2], [4]]);
    expect(Timeline.nextOf(timeline.newCommits, 2)).toBeUndefined();
  });
});
