// Stage 11's bugs the simulator must find by itself: each mutant under solutions/07-testing/
// mutants/production (one bug of Pre-Vote, CheckQuorum, a transfer, ReadIndex or sessions, a patch of
// one reference file) runs the production node in stage 08's simulator under the same faults as
// the reference (sim-production.test.ts), and some check must break within the mutant's seed
// budget: 07's linearizability checker (reads), or stage 11's rules that the plug checks after
// every step (sim-rules.ts). Every patch there is run: a new one without a budget fails here.
import { readdirSync } from "node:fs";
import { describe, expect, test, vi } from "vitest";
import {
  compactingStorage,
  mutantTarget,
  type NodeFactory,
  productionSimNodePath,
  runSimulation,
  safeDriftMarginTicks,
  simTransfersUntilUs,
} from "#stage";

const mutantsDir = new URL("../../../solutions/07-testing/mutants/production/", import.meta.url);
const mutants = readdirSync(mutantsDir)
  .filter((file) => file.endsWith(".patch"))
  .map((file) => `production/${file.slice(0, -".patch".length)}`)
  .sort();

/**
 * Seeds each mutant gets (seeds 1..budget, 10 simulated s each): about 5 / (the share of seeds
 * 1–30 that found it when measured), so that a budget this long misses it rarely.
 */
const budgets: Record<string, number> = {
  // A leader cut off from a majority stays leader: the plug's CheckQuorum rule (6 of 30 seeds).
  "production/check-quorum-never-steps-down": 25,
  // Every pre-vote raises the voter's term: the plug's §9.6 rule (30 of 30 seeds).
  "production/pre-vote-voter-adopts-term": 3,
  // TimeoutNow to a target still behind: the plug's §3.10 rule (8 of 30 seeds).
  "production/timeout-now-before-caught-up": 20,
  // A leader serves reads without confirming it still leads: the plug's §6.4 rule (a read index
  // below an entry committed before the read arrived), with leaders isolated and 8 clients
  // (3 of 30 seeds; 0 of 30 under the default faults).
  "production/read-index-without-heartbeat-round": 50,
  // A retry of a session command (same client id and sequence number) is applied again: the
  // plug's §6.3 rule (one reply per session command) or the linearizability checker (22 of 30).
  "production/session-retry-applied-again": 8,
  // A snapshot restores no session: later commands of those sessions are refused, retries too
  // (the linearizability checker: 10 of 30).
  "production/session-table-not-in-snapshot": 15,
  // The lease ignores its drift margin: with leaders isolated and their clocks missing 40 % of
  // their ticks while they lead, the plug's §6.4 rule finds a stale read (measured with the
  // margin set to 0: 2 of 30 seeds).
  "production/lease-ignores-drift-margin": 75,
};

/**
 * Partitions that cut the leader off (no crashes), and more clients: a deposed leader that still
 * believes it leads is where a stale read can happen, and CheckQuorum and Pre-Vote leave it little
 * time, so the default mix of faults reaches that moment rarely.
 */
const isolated = { crashShare: 0, isolateRate: 1, targetLeaderRate: 1, asymmetricRate: 0 };
const leaderIsolation = { clients: 8, faults: isolated };
const runOptions: Record<string, { clients?: number; faults: typeof isolated }> = {
  "production/read-index-without-heartbeat-round": leaderIsolation,
  "production/lease-ignores-drift-margin": { faults: isolated },
};

/** A lease whose margin covers 08's drift and jitter and a leader's clock 40 % slow (§6.4.1). */
const slowLeaderClock = 0.4;
const leaseOptions = {
  leaderClockSlowdown: slowLeaderClock,
  lease: { driftMarginTicks: safeDriftMarginTicks(15, 0.05 + 0.02 + slowLeaderClock) },
};
const plugOptions: Record<string, typeof leaseOptions> = {
  "production/lease-ignores-drift-margin": leaseOptions,
};
const simSeconds = 10;

type Plug = {
  productionNodeFactory(
    options: { transfersUntilUs: number } & Partial<typeof leaseOptions>,
  ): NodeFactory;
};

/** Stage 11's simulator plug with `mutant` applied to its target file (vitest's ?mutant= plugin). */
async function mutantPlug(mutant: string | undefined): Promise<Plug> {
  vi.resetModules();
  if (mutant === undefined) return (await import(/* @vite-ignore */ productionSimNodePath)) as Plug;
  const target = mutantTarget(mutant);
  vi.doMock(target, () => import(/* @vite-ignore */ `${target}?mutant=${mutant}`));
  try {
    return (await import(/* @vite-ignore */ productionSimNodePath)) as Plug;
  } finally {
    vi.doUnmock(target);
  }
}

function run(plug: Plug, seed: number, mutant = "") {
  return runSimulation({
    ...runOptions[mutant],
    seed,
    nodes: 5,
    simSeconds,
    createNode: plug.productionNodeFactory({
      transfersUntilUs: simTransfersUntilUs(simSeconds),
      ...plugOptions[mutant],
    }),
    createStorage: compactingStorage,
  });
}

describe("production mutants in the simulator", () => {
  test("there are production mutants to find, and the production node passes without them", async () => {
    expect(mutants.length, "mutants/production holds stage 11's bugs").toBeGreaterThanOrEqual(7);
    const first = run(await mutantPlug(undefined), 1).violations[0];
    expect(first, `without a mutant, seed 1 passes: ${first?.invariant}: ${first?.detail}`).toBe(
      undefined,
    );
  });

  test.each(mutants)(
    "mutant %s is found within its seed budget",
    { timeout: 180_000 },
    async (mutant) => {
      const budget = budgets[mutant];
      expect(budget, `mutant ${mutant} has no seed budget: measure it and add it`).toBeDefined();
      // The reference under the same options first: a find proves nothing if it fails too.
      const clean = run(await mutantPlug(undefined), 1, mutant).violations[0];
      expect(
        clean,
        `without the mutant, seed 1 passes: ${clean?.invariant}: ${clean?.detail}`,
      ).toBeUndefined();
      const plug = await mutantPlug(mutant);
      for (let seed = 1; seed <= (budget ?? 0); seed++) {
        if (run(plug, seed, mutant).violations.length > 0) return;
      }
      expect.fail(
        `mutant ${mutant} survived seeds 1..${budget} (5 nodes, ${simSeconds} simulated s each${mutant in runOptions ? ", leaders isolated, 8 clients" : ""}): replay with pnpm course run 8 --solution -- --seeds ${budget} --nodes 5 --sim-seconds ${simSeconds} --node production --mutant ${mutant}`,
      );
    },
  );
});
