// The event loop on virtual time: order, cancellation, timers set by timers, ties, posted events,
// the queue bound; and the real loop driven by fake host timers (no test here waits for real).
import { seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, it } from "vitest";
import {
  type HostTimers,
  QueueFullError,
  RealLoop,
  TimerQueue,
  VirtualClock,
  VirtualLoop,
} from "#stage";

/** A virtual loop whose posted events are strings, recording what ran and when. */
function recordingLoop(maxQueued?: number) {
  const ran: string[] = [];
  const loop: VirtualLoop<string> = new VirtualLoop<string>({
    handle: (event) => ran.push(`${event}@${loop.clock.nowMs()}`),
    maxQueued,
  });
  const timer = (delayMs: number, name: string) =>
    loop.setTimer(delayMs, () => ran.push(`${name}@${loop.clock.nowMs()}`));
  return { loop, ran, timer };
}

describe("VirtualClock", () => {
  it("starts where told and only moves forward", () => {
    const clock = new VirtualClock(100);
    expect(clock.nowMs(), "a virtual clock starts at startMs").toBe(100);
    clock.advanceTo(250);
    expect(clock.nowMs(), "advanceTo moves the clock to the given time").toBe(250);
    expect(() => clock.advanceTo(249), "time never goes back").toThrow(RangeError);
  });
});

describe("VirtualLoop timers", () => {
  it("fire in time order, each at its due time, whatever the order they were set in", () => {
    const { loop, ran, timer } = recordingLoop();
    timer(30, "c");
    timer(10, "a");
    timer(20, "b");
    expect(loop.advanceBy(25), "advanceBy runs only the tasks due by then").toBe(2);
    expect(ran, "timers fire in due-time order, with the clock at their due time").toEqual([
      "a@10",
      "b@20",
    ]);
    expect(loop.clock.nowMs(), "advanceBy ends with the clock at now + ms").toBe(25);
    loop.advanceBy(5);
    expect(ran, "a timer fires when the clock reaches its due time exactly").toEqual([
      "a@10",
      "b@20",
      "c@30",
    ]);
  });

  it("break ties by insertion order", () => {
    const { loop, ran, timer } = recordingLoop();
    for (const name of ["first", "second", "third"]) timer(50, name);
    timer(0, "zero");
    loop.advanceBy(50);
    expect(ran, "equal due times run in the order the timers were set").toEqual([
      "zero@0",
      "first@50",
      "second@50",
      "third@50",
    ]);
  });

  it("never run once cancelled, and cancel reports whether the timer was still waiting", () => {
    const { loop, ran, timer } = recordingLoop();
    const id = timer(10, "cancelled");
    timer(20, "kept");
    expect(loop.cancelTimer(id), "cancelTimer returns true for a waiting timer").toBe(true);
    expect(loop.cancelTimer(id), "cancelTimer returns false the second time").toBe(false);
    loop.advanceBy(100);
    expect(ran, "a cancelled timer never runs").toEqual(["kept@20"]);
    expect(loop.cancelTimer(999_999), "cancelTimer of an unknown id returns false").toBe(false);
  });

  it("can be cancelled by a task due at the same time, before they run", () => {
    const { loop, ran, timer } = recordingLoop();
    let victim = 0;
    loop.setTimer(10, () => {
      ran.push("killer@10");
      loop.cancelTimer(victim);
    });
    victim = timer(10, "victim");
    loop.advanceBy(10);
    expect(ran, "a timer cancelled by an earlier task of the same instant does not run").toEqual([
      "killer@10",
    ]);
  });

  it("set by callbacks run in the same advanceBy when due within it", () => {
    const { loop, ran, timer } = recordingLoop();
    loop.setTimer(10, () => {
      ran.push("outer@10");
      timer(5, "inner");
      timer(0, "now");
      timer(100, "later");
    });
    timer(10, "sibling");
    loop.advanceBy(20);
    expect(
      ran,
      "timers set by a callback count from its due time; delay 0 runs after what is already due",
    ).toEqual(["outer@10", "sibling@10", "now@10", "inner@15"]);
    loop.advanceBy(90);
    expect(ran.at(-1), "a timer set by a callback fires at callback time + delay").toBe(
      "later@110",
    );
  });

  it("reject delays that are negative or not finite", () => {
    const { loop } = recordingLoop();
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => loop.setTimer(bad, () => {}), `setTimer rejects delayMs ${bad}`).toThrow(
        RangeError,
      );
    }
    expect(() => loop.advanceBy(-5), "advanceBy rejects negative ms").toThrow(RangeError);
  });

  it("runUntilIdle runs everything, moving the clock to each due time", () => {
    const { loop, ran, timer } = recordingLoop();
    timer(1000, "b");
    loop.setTimer(400, () => {
      ran.push("a@400");
      timer(5000, "c");
    });
    expect(loop.runUntilIdle(), "runUntilIdle returns how many tasks ran").toBe(3);
    expect(ran, "runUntilIdle runs tasks in due order, including those added on the way").toEqual([
      "a@400",
      "b@1000",
      "c@5400",
    ]);
    expect(loop.clock.nowMs(), "runUntilIdle leaves the clock at the last task's time").toBe(5400);
    expect(loop.pending(), "nothing waits after runUntilIdle").toBe(0);
  });

  it("runUntilIdle fails loudly on a timer that always re-arms", () => {
    const loop = new VirtualLoop<string>({ handle: () => {}, maxTasksPerRun: 1000 });
    const rearm = () => loop.setTimer(0, rearm);
    rearm();
    expect(() => loop.runUntilIdle(), "a loop that never idles hits maxTasksPerRun").toThrow(
      /maxTasksPerRun/,
    );
  });

  it("refuse advanceBy from inside a task (time must not move under a running task)", () => {
    const { loop } = recordingLoop();
    let caught: unknown;
    loop.setTimer(1, () => {
      try {
        loop.advanceBy(1);
      } catch (error) {
        caught = error;
      }
    });
    loop.advanceBy(1);
    expect(caught, "advanceBy inside a task throws").toBeInstanceOf(Error);
  });
});

describe("VirtualLoop posted events", () => {
  it("go to the handler in order, after what is already due, on the next run", () => {
    const { loop, ran, timer } = recordingLoop();
    timer(0, "due-timer");
    expect(loop.post("e1"), "post accepts an event while there is room").toBe(true);
    loop.post("e2");
    expect(ran, "posting does not run anything by itself").toEqual([]);
    loop.advanceBy(0);
    expect(ran, "posted events run in post order, after tasks already due").toEqual([
      "due-timer@0",
      "e1@0",
      "e2@0",
    ]);
  });

  it("posted from a callback run in the same instant, before later timers", () => {
    const { loop, ran, timer } = recordingLoop();
    loop.setTimer(10, () => {
      ran.push("t@10");
      loop.post("from-timer");
    });
    timer(11, "next");
    loop.advanceBy(20);
    expect(ran, "an event posted at time t runs at t").toEqual([
      "t@10",
      "from-timer@10",
      "next@11",
    ]);
  });
});

describe("queue bound", () => {
  it("setTimer throws QueueFullError and post returns false at maxQueued; room comes back as tasks run", () => {
    const { loop, ran, timer } = recordingLoop(3);
    timer(1, "a");
    timer(2, "b");
    loop.post("e");
    expect(loop.pending(), "pending counts timers and posted events").toBe(3);
    expect(() => timer(3, "c"), "setTimer beyond maxQueued throws QueueFullError").toThrow(
      QueueFullError,
    );
    expect(loop.post("dropped"), "post beyond maxQueued returns false and drops the event").toBe(
      false,
    );
    loop.advanceBy(1);
    expect(ran, "a dropped event never reaches the handler").toEqual(["e@0", "a@1"]);
    timer(5, "fits");
    expect(loop.pending(), "running tasks frees room under the bound").toBe(2);
  });

  it("cancelled timers free their room at once", () => {
    const { loop, timer } = recordingLoop(2);
    const id = timer(100, "x");
    timer(100, "y");
    loop.cancelTimer(id);
    expect(
      () => timer(100, "z"),
      "a cancelled timer does not count against maxQueued",
    ).not.toThrow();
  });
});

describe("TimerQueue", () => {
  for (const seed of testSeeds(5)) {
    it(`pops in (dueMs, insertion) order under random pushes and removes (seed ${seed})`, () => {
      const random = seededRandom(seed);
      const queue = new TimerQueue<number>(10_000);
      const model = new Map<number, { id: number; dueMs: number }>();
      for (let i = 0; i < 2000; i++) {
        const roll = random.next();
        if (roll < 0.55) {
          const dueMs = random.int(0, 50);
          const id = queue.push(dueMs, i);
          model.set(id, { id, dueMs });
        } else if (roll < 0.8 && model.size > 0) {
          const id = random.pick([...model.keys()]);
          expect(queue.remove(id), `remove of a waiting id returns true (seed ${seed})`).toBe(true);
          model.delete(id);
        } else {
          const expected = [...model.values()].sort((a, b) => a.dueMs - b.dueMs || a.id - b.id)[0];
          const popped = queue.pop();
          expect(popped?.id, `pop returns the earliest due, ties by insertion (seed ${seed})`).toBe(
            expected?.id,
          );
          if (expected) model.delete(expected.id);
        }
        expect(queue.size, `size counts waiting entries only (seed ${seed})`).toBe(model.size);
      }
    });
  }
});

/** Fake host timers: a list of armed callbacks and a hand-moved clock; nothing waits for real. */
function fakeHost() {
  const clock = new VirtualClock();
  let nextHandle = 1;
  const armed = new Map<number, { atMs: number; callback: () => void }>();
  const host: HostTimers = {
    setTimeout(callback, delayMs) {
      armed.set(nextHandle, { atMs: clock.nowMs() + delayMs, callback });
      return nextHandle++;
    },
    clearTimeout(handle) {
      armed.delete(handle as number);
    },
  };
  /** Moves time to the earliest armed host timer and fires it. */
  const fireNext = () => {
    const [handle, next] = [...armed.entries()].sort((a, b) => a[1].atMs - b[1].atMs)[0]!;
    armed.delete(handle);
    clock.advanceTo(Math.max(clock.nowMs(), next.atMs));
    next.callback();
  };
  return { clock, host, armed, fireNext };
}

describe("RealLoop (on fake host timers)", () => {
  it("keeps one host timer armed, for the earliest task, and runs due tasks in order", () => {
    const fake = fakeHost();
    const ran: string[] = [];
    const loop = new RealLoop<string>({
      handle: (e) => ran.push(e),
      clock: fake.clock,
      host: fake.host,
    });
    loop.setTimer(300, () => ran.push("c"));
    loop.setTimer(100, () => ran.push("a"));
    loop.setTimer(100, () => ran.push("b"));
    expect(fake.armed.size, "the real loop arms exactly one host timer").toBe(1);
    expect([...fake.armed.values()][0]?.atMs, "the host timer is for the earliest task").toBe(100);
    fake.fireNext();
    expect(ran, "a host timer runs every task due by now, ties in insertion order").toEqual([
      "a",
      "b",
    ]);
    expect(
      [...fake.armed.values()].map((t) => t.atMs),
      "after a turn the loop re-arms for the next task",
    ).toEqual([300]);
    loop.post("event");
    fake.fireNext();
    expect(ran, "posted events run before later timers").toEqual(["a", "b", "event"]);
    fake.fireNext();
    expect(ran.at(-1), "the last timer runs when its host timer fires").toBe("c");
    expect(
      fake.armed.size,
      "no host timer is armed when nothing waits (so a process can exit)",
    ).toBe(0);
  });

  it("scales host delays by speed and disarms on close", () => {
    const fake = fakeHost();
    const loop = new RealLoop<string>({
      handle: () => {},
      clock: fake.clock,
      host: fake.host,
      speed: 60,
    });
    loop.setTimer(60_000, () => {});
    expect(
      [...fake.armed.values()][0]?.atMs,
      "at speed 60 a 60 s timer waits 1 s of host time",
    ).toBe(1000);
    const id = loop.setTimer(30_000, () => {});
    expect(
      [...fake.armed.values()].map((t) => t.atMs),
      "an earlier timer re-arms the host timer",
    ).toEqual([500]);
    loop.cancelTimer(id);
    expect(
      [...fake.armed.values()].map((t) => t.atMs),
      "cancelling the earliest re-arms for the next",
    ).toEqual([1000]);
    loop.close();
    expect(fake.armed.size, "close clears the host timer").toBe(0);
    expect(() => loop.setTimer(1, () => {}), "setTimer on a closed loop throws").toThrow(/closed/);
  });
});
