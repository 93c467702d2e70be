// The event queue is the simulator's clock: the next event is the earliest by time, and events
// due at the same time come out in the order they were scheduled.
import { describe, expect, test } from "vitest";
import { EventQueue } from "#stage";

describe("event queue", () => {
  test("pops by time, then by the order of scheduling", () => {
    const queue = new EventQueue<string>();
    queue.push(30, "c");
    queue.push(10, "a1");
    queue.push(20, "b");
    queue.push(10, "a2");
    queue.push(0, "start");
    queue.push(10, "a3");
    const order: string[] = [];
    for (let item = queue.pop(); item !== undefined; item = queue.pop()) order.push(item.event);
    expect(order, "earliest time first; ties in scheduling order (deterministic replays)").toEqual([
      "start",
      "a1",
      "a2",
      "a3",
      "b",
      "c",
    ]);
    expect(queue.size, "every event came out once").toBe(0);
  });

  test("stays ordered over many random pushes and pops (heap property)", () => {
    const queue = new EventQueue<number>();
    let lastTime = -1;
    let lastSeq = -1;
    let state = 12345;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state;
    };
    for (let i = 0; i < 2000; i++) {
      queue.push(lastTime + 1 + (next() % 50), i);
      if (next() % 3 === 0) {
        const item = queue.pop()!;
        const inOrder = item.atUs > lastTime || (item.atUs === lastTime && item.seq > lastSeq);
        expect(inOrder, "never an event earlier than one already popped").toBe(true);
        lastTime = item.atUs;
        lastSeq = item.seq;
      }
    }
  });

  test("an idle gap costs nothing: time jumps to the next event", () => {
    const queue = new EventQueue<string>();
    queue.push(3_600_000_000, "an hour later");
    queue.push(5, "soon");
    expect(queue.pop()?.event, "the earlier event first").toBe("soon");
    expect(queue.pop()?.atUs, "the next event, however far away, in one pop").toBe(3_600_000_000);
    expect(queue.pop(), "empty").toBeUndefined();
  });

  test("rejects a time that is not a whole number of µs, and a full queue", () => {
    const queue = new EventQueue<string>(2);
    expect(() => queue.push(1.5, "x"), "times are integers (µs): no float drift").toThrow(/µs/);
    queue.push(1, "a");
    queue.push(2, "b");
    expect(() => queue.push(3, "c"), "a bounded queue: a runaway loop fails loudly").toThrow(
      /full/,
    );
  });
});
