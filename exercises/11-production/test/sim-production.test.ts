// The production node in stage 08's simulator with every feature on, over stage 10's compacting
// node (sim-node.ts): Pre-Vote, CheckQuorum, leadership transfers now and then (an operator's
// action, until a second before the quiet period), clients' GETs read through ReadIndex (§6.4)
// and recorded in the history that 07's linearizability checker reads; crashes, partitions,
// lost, late and duplicated messages, drifting clocks; every check of 07 and 08 after every step.
import { testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import {
  compactingStorage,
  productionNodeFactory,
  runSimulation,
  simTransfersUntilUs,
} from "#stage";

const seeds = testSeeds(10, 3101);
const simSeconds = 10;

describe("the production node under faults (08's simulator)", () => {
  test(`${seeds.length} seeds, 5 nodes, ${simSeconds} simulated s each: no violation, reads linearizable`, {
    timeout: 180_000,
  }, () => {
    let transfers = 0;
    let preVotes = 0;
    let readRounds = 0;
    let ops = 0;
    for (const seed of seeds) {
      const result = runSimulation({
        seed,
        nodes: 5,
        simSeconds,
        createNode: productionNodeFactory({ transfersUntilUs: simTransfersUntilUs(simSeconds) }),
        createStorage: compactingStorage,
        trace: (event) => {
          if (event.kind !== "send") return;
          if (event.type === "timeout-now") transfers++;
          if (event.type === "pre-vote") preVotes++;
          if (event.type === "read-heartbeat") readRounds++;
        },
      });
      const first = result.violations[0];
      expect(
        first,
        `seed ${seed}: ${first?.invariant}: ${first?.detail} (Pre-Vote §9.6, CheckQuorum, transfer §3.10 and ReadIndex §6.4 must keep every rule of 07's and 08's checks; replay with RAFTING_SEED=${seed})`,
      ).toBeUndefined();
      expect(
        result.linearizability,
        `seed ${seed}: the history with ReadIndex reads is linearizable (§6.4)`,
      ).not.toBe("not-linearizable");
      ops += result.stats.opsOk;
    }
    expect(transfers, "§3.10: leaders handed leadership over (TimeoutNow sent)").toBeGreaterThan(0);
    expect(preVotes, "§9.6: elections began with a pre-vote round").toBeGreaterThan(seeds.length);
    expect(readRounds, "§6.4: GETs went through ReadIndex heartbeat rounds").toBeGreaterThan(
      seeds.length * 10,
    );
    expect(ops, "clients were served throughout").toBeGreaterThan(seeds.length * 20);
  });
});
