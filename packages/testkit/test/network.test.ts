import { describe, expect, test } from "vitest";
import { Network, seededRandom } from "../src/index.ts";

interface Note {
  from: number;
  to: number;
  n: number;
}

function sendMany(network: Network<Note>, count: number, nowTick = 0): void {
  for (let n = 0; n < count; n++) network.send({ from: 1, to: 2, n }, nowTick);
}

function drain(network: Network<Note>, untilTick = 100): number[] {
  const seen: number[] = [];
  for (let tick = 0; tick <= untilTick; tick++) {
    for (const message of network.takeDue(tick)) seen.push(message.n);
  }
  return seen;
}

describe("Network", () => {
  test("a perfect network delivers every message once, in order, one tick later", () => {
    const network = new Network<Note>(seededRandom(1));
    sendMany(network, 5, 3);
    expect(network.takeDue(3)).toEqual([]);
    expect(network.takeDue(4).map((m) => m.n)).toEqual([0, 1, 2, 3, 4]);
    expect(network.pendingCount()).toBe(0);
    expect(network.stats).toEqual({ sent: 5, delivered: 5, dropped: 0, duplicated: 0 });
  });

  test("the same seed gives the same fates; another seed gives others", () => {
    const faults = { lossRate: 0.3, duplicateRate: 0.2, maxDelayTicks: 5 };
    const run = (seed: number) => {
      const network = new Network<Note>(seededRandom(seed), faults);
      sendMany(network, 50);
      return drain(network);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  test("loss drops about the given share of messages", () => {
    const network = new Network<Note>(seededRandom(2), { lossRate: 0.25 });
    sendMany(network, 2000);
    const delivered = drain(network).length;
    expect(delivered).toBeGreaterThan(1400);
    expect(delivered).toBeLessThan(1600);
    expect(network.stats.dropped).toBe(2000 - delivered);
  });

  test("duplication delivers some messages twice", () => {
    const network = new Network<Note>(seededRandom(3), { duplicateRate: 0.5 });
    sendMany(network, 100);
    const seen = drain(network);
    expect(seen.length).toBe(100 + network.stats.duplicated);
    expect(network.stats.duplicated).toBeGreaterThan(30);
    expect(new Set(seen).size).toBe(100);
  });

  test("a spread of delays reorders messages, within the delay bounds", () => {
    const network = new Network<Note>(seededRandom(4), { minDelayTicks: 2, maxDelayTicks: 6 });
    sendMany(network, 50);
    expect(network.takeDue(1)).toEqual([]);
    const seen = drain(network, 6);
    expect(network.pendingCount()).toBe(0);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(seen).not.toEqual([...seen].sort((a, b) => a - b));
  });

  test("a cut link drops messages both ways, also those in flight; heal restores it", () => {
    const network = new Network<Note>(seededRandom(5));
    network.send({ from: 1, to: 2, n: 0 }, 0);
    network.cut(2, 1);
    network.send({ from: 2, to: 1, n: 1 }, 0);
    network.send({ from: 1, to: 3, n: 2 }, 0);
    expect(network.takeDue(1).map((m) => m.n)).toEqual([2]);
    network.heal(1, 2);
    network.send({ from: 1, to: 2, n: 3 }, 1);
    expect(network.takeDue(2).map((m) => m.n)).toEqual([3]);
    expect(network.stats.dropped).toBe(2);
  });

  test("an isolated node neither sends nor receives until it rejoins", () => {
    const network = new Network<Note>(seededRandom(6));
    network.isolate(2);
    network.send({ from: 1, to: 2, n: 0 }, 0);
    network.send({ from: 2, to: 3, n: 1 }, 0);
    network.send({ from: 1, to: 3, n: 2 }, 0);
    expect(network.takeDue(1).map((m) => m.n)).toEqual([2]);
    network.healAll();
    network.send({ from: 2, to: 3, n: 3 }, 1);
    expect(network.takeDue(2).map((m) => m.n)).toEqual([3]);
  });

  test("a full buffer drops messages beyond maxInFlightMessages", () => {
    const network = new Network<Note>(seededRandom(7), { maxInFlightMessages: 3 });
    sendMany(network, 5);
    expect(network.pendingCount()).toBe(3);
    expect(network.stats.dropped).toBe(2);
  });

  test("bad fault settings are refused with a clear error", () => {
    expect(() => new Network<Note>(seededRandom(1), { lossRate: 2 })).toThrow(/lossRate/);
    expect(() => new Network<Note>(seededRandom(1), { minDelayTicks: 0 })).toThrow(/minDelayTicks/);
    expect(
      () => new Network<Note>(seededRandom(1), { minDelayTicks: 3, maxDelayTicks: 2 }),
    ).toThrow(/maxDelayTicks/);
  });
});
