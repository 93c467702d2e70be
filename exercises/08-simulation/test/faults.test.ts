// The faults the simulator injects must be the real ones: a crash loses exactly what was not
// synced (Figure 2: persist before you answer), partitions can cut one direction only, and every
// node's clock runs at its own slightly wrong, varying pace.
import { seededRandom } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { defaultFaults, FaultyNetwork, type SimOptions, Simulation, traceLines } from "#stage";

/** A calm run (no fault episodes) with slow syncs, so writes wait unsynced for 20 ms. */
const slowDisk: SimOptions = {
  seed: 5,
  simSeconds: 10,
  maxFaults: 0,
  faults: { minSyncUs: 20_000, maxSyncUs: 20_000, slowSyncRate: 0 },
};

/** A fresh simulation run until some node holds unsynced entries; returns it and that node. */
function withUnsyncedWrites(): { sim: Simulation; id: number } {
  const sim = new Simulation(slowDisk);
  let id = 0;
  const found = sim.runUntil(() => {
    id = [1, 2, 3, 4, 5].find((node) => sim.host(node).unsyncedEntries() > 0) ?? 0;
    return id !== 0;
  }, 5_000_000);
  expect(found, "with 20 ms syncs and client load, some node has unsynced entries").toBe(true);
  return { sim, id };
}

describe("crashes", () => {
  test("a crash loses the unsynced writes; the restarted node has only what was synced", () => {
    const { sim, id } = withUnsyncedWrites();
    const host = sim.host(id);
    const inMemory = host.node!.log.lastIndex();
    const durable = host.storage.load().entries.length;
    expect(durable, "some of the node's entries are not durable yet").toBeLessThan(inMemory);
    sim.crash(id);
    expect(host.up, "a crashed node is down").toBe(false);
    sim.restart(id);
    expect(
      sim.host(id).node!.log.lastIndex(),
      "only synced data survives a crash (the node restarts from its disk)",
    ).toBe(durable);
  });

  test("a torn write keeps a prefix of the unsynced entries (the same seed replays the same state)", () => {
    const { sim, id } = withUnsyncedWrites();
    const durable = sim.host(id).storage.load().entries.length;
    const unsynced = sim.host(id).unsyncedEntries();
    sim.crash(id, 1);
    sim.restart(id);
    const kept = sim.host(id).node!.log.lastIndex();
    expect(kept, "a torn write keeps at most the entries asked for").toBeLessThanOrEqual(
      durable + 1,
    );
    expect(unsynced, "there was something to tear").toBeGreaterThan(0);
  });

  test("messages waiting for a sync die with the node", () => {
    const { sim, id } = withUnsyncedWrites();
    expect(sim.host(id).syncPending, "a sync is pending, so the node's outputs are held").toBe(
      true,
    );
    sim.crash(id);
    expect(sim.host(id).syncPending, "the pending sync died with the machine").toBe(false);
  });
});

describe("partitions", () => {
  test("a symmetric partition cuts both directions, an asymmetric one only A → B", () => {
    const sim = new Simulation({ seed: 3, simSeconds: 5, maxFaults: 0 });
    const both = sim.partition([1, 2], [3, 4, 5]);
    expect(sim.network.canReach(1, 3), "1 → 3 is cut").toBe(false);
    expect(sim.network.canReach(3, 1), "3 → 1 is cut too (symmetric)").toBe(false);
    expect(sim.network.canReach(1, 2), "inside a side, links work").toBe(true);
    sim.network.restoreLinks(both);
    sim.partition([1], [2, 3, 4, 5], true);
    expect(sim.network.canReach(1, 2), "asymmetric: A cannot reach B").toBe(false);
    expect(sim.network.canReach(2, 1), "asymmetric: B still reaches A").toBe(true);
  });

  test("with A → B cut, B's messages still arrive at A and none of A's reach B", () => {
    const trace = traceLines();
    const sim = new Simulation({ seed: 3, simSeconds: 6, maxFaults: 0, trace: trace.sink });
    sim.runUntil(() => false, 1_000_000);
    sim.partition([1], [2, 3, 4, 5], true);
    const cutAt = sim.now;
    sim.runUntil(() => false, 2_000_000);
    const after = trace.lines.map((line) => JSON.parse(line)).filter((e) => e.t > cutAt);
    const delivered = (from: (id: number) => boolean, to: (id: number) => boolean) =>
      after.filter((e) => e.kind === "deliver" && from(e.from) && to(e.to)).length;
    const isA = (id: number) => id === 1;
    const isB = (id: number) => id !== 1;
    expect(delivered(isA, isB), "nothing from the cut-off side arrives").toBe(0);
    expect(delivered(isB, isA), "the other direction still works").toBeGreaterThan(0);
  });
});

describe("messages", () => {
  test("a late copy arrives long after the usual delays, so old requests and replies turn up", () => {
    const faults = {
      ...defaultFaults,
      lossRate: 0,
      duplicateRate: 0,
      slowRate: 0,
      lateCopyRate: 1,
      maxLateCopyDelayUs: 2_000_000,
    };
    const network = new FaultyNetwork(seededRandom(7), faults);
    const lates: number[] = [];
    for (let i = 0; i < 200; i++) {
      const times = network.deliveryTimes(0);
      expect(times.length, "lateCopyRate 1: the message, then its late copy").toBe(2);
      expect(times[0], "the message itself: within the usual delay").toBeLessThanOrEqual(
        faults.maxDelayUs,
      );
      lates.push(times[1]!);
    }
    expect(Math.min(...lates), "a late copy comes after the usual delays").toBeGreaterThanOrEqual(
      faults.maxDelayUs,
    );
    expect(Math.max(...lates), "and within maxLateCopyDelayUs").toBeLessThanOrEqual(2_000_000);
    expect(Math.max(...lates), "some arrive after elections have moved on").toBeGreaterThan(
      500_000,
    );
    network.calmDown();
    expect(network.deliveryTimes(0).length, "after the faults stop, one copy only").toBe(1);
  });
});

describe("clocks", () => {
  /** Tick intervals per node over 2 simulated seconds, from the trace. */
  function tickIntervals(options: Partial<SimOptions>): Map<number, number[]> {
    const trace = traceLines();
    new Simulation({
      seed: 9,
      simSeconds: 2,
      maxFaults: 0,
      traceTicks: true,
      trace: trace.sink,
      ...options,
    }).run();
    const last = new Map<number, number>();
    const intervals = new Map<number, number[]>();
    for (const event of trace.lines.map((line) => JSON.parse(line))) {
      if (event.kind !== "tick") continue;
      const previous = last.get(event.node);
      if (previous !== undefined)
        intervals.set(event.node, [...(intervals.get(event.node) ?? []), event.t - previous]);
      last.set(event.node, event.t);
    }
    return intervals;
  }

  test("without drift every node ticks exactly every tickUs", () => {
    const intervals = tickIntervals({
      tickUs: 10_000,
      faults: { maxDriftRate: 0, tickJitterRate: 0 },
    });
    expect(intervals.size, "every node ticks").toBe(5);
    for (const [node, list] of intervals)
      expect(new Set(list), `node ${node}: a perfect clock`).toEqual(new Set([10_000]));
  });

  test("with drift, nodes tick at different paces and each pace varies", () => {
    const intervals = tickIntervals({
      tickUs: 10_000,
      faults: { maxDriftRate: 0.05, tickJitterRate: 0.02 },
    });
    const means = [...intervals.values()].map(
      (list) => list.reduce((a, b) => a + b, 0) / list.length,
    );
    expect(
      new Set(means.map(Math.round)).size,
      "each node's clock runs at its own rate",
    ).toBeGreaterThan(1);
    for (const mean of means)
      expect(Math.abs(mean - 10_000), "drift stays within ±5% (+ jitter)").toBeLessThan(700);
    for (const [node, list] of intervals)
      expect(new Set(list).size, `node ${node}: its tick interval varies`).toBeGreaterThan(1);
  });
});
