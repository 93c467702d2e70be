import { rerunHint, seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { productionCluster } from "./cluster.ts";

// Pre-Vote and transfers' rules on, CheckQuorum off (reads must be safe without it: a cut-off
// leader then keeps believing it leads for as long as it is cut off), on a network that loses,
// duplicates and delays messages, with one node (often the leader) cut off at a time. One register x takes the values 1, 2, 3, … in order; a read is linearizable only
// if it returns a value at least the last write acknowledged before the read was asked.
describe.each([
  ["ReadIndex", undefined],
  ["leases", { driftMarginTicks: 4 }],
] as const)("reads under faults with %s", (_name, lease) => {
  test.each(testSeeds(6))("seed %i: no stale read, one leader per term", (seed) => {
    const hint = `seed ${seed}, ${rerunHint(seed)}`;
    const faults = { lossRate: 0.05, duplicateRate: 0.05, minDelayTicks: 1, maxDelayTicks: 3 };
    const c = productionCluster({
      seed,
      size: 5,
      faults,
      electionTimeoutTicks: 20,
      lease,
      checkQuorum: false,
    });
    const random = seededRandom(seed * 31 + 7);
    let written = 0;
    let acknowledged = 0;
    const asked = new Map<string, number>(); // readId → last acknowledged write when asked
    let served = 0;
    for (let tick = 0; tick < 1500; tick++) {
      // The leader of the newest term (a cut-off old leader may still believe it leads).
      const leader = c.ids
        .filter((id) => c.node(id).role === "leader")
        .sort((a, b) => c.node(b).term - c.node(a).term)[0];
      // Every 150 ticks the network heals, then the leader or another node is cut off.
      if (tick % 150 === 0) {
        c.cluster.network.healAll();
        const victim = leader !== undefined && random.chance(0.6) ? leader : random.int(1, 6);
        c.cluster.network.isolate(victim);
      }
      if (leader !== undefined && random.chance(0.2)) {
        written++;
        c.propose(leader, `w${written}`, ["SET", "x", String(written)]);
      }
      if (random.chance(0.3)) {
        const readId = `r${tick}`;
        asked.set(readId, acknowledged);
        c.read(random.int(1, 6), readId, "x");
      }
      c.cluster.tick();
      // x only grows in log order (writes go to the newest leader, in order), so the highest
      // write acknowledged so far is a floor for every read asked from now on.
      for (let w = written; w > acknowledged; w--) {
        if (c.results.get(`w${w}`)?.[0]?.type === "applied") {
          acknowledged = w;
          break;
        }
      }
    }
    for (const [readId, outcomes] of c.reads) {
      const [first] = outcomes;
      if (first === undefined || first.outcome.type !== "ready") continue;
      served++;
      const value = first.value === undefined ? 0 : Number(first.value);
      expect(
        value,
        `§6.4: read ${readId} returned x = ${value}, but write ${asked.get(readId)} was acknowledged before it was asked (${hint})`,
      ).toBeGreaterThanOrEqual(asked.get(readId) ?? 0);
    }
    expect(served, `the run served reads at all (${hint})`).toBeGreaterThan(50);
  });
});
