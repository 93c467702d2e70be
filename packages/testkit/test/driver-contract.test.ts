// One conformance suite for the four drivers of the Raft node (testkit's Cluster, 07's harness,
// 08's simulation host, 09's driver): each must keep the driver contract stated on 04's Ready:
// persist, then send; persist, then reply; apply and answer in log order. Each driver runs
// through a thin adapter (driver-contract/adapters.ts) that records what it did. The suite's
// teeth: a broken variant of a driver for each of the three faults must fail it. The variants are
// patches under solutions/07-testing/mutants/drivers/, applied in memory by the repo's mutant loader
// (vitest.config.ts), so no solution file is ever edited.
import { join } from "node:path";
import { describe, expect, test, vi } from "vitest";
import { ClusterHarness } from "../../../solutions/07-testing/src/harness.ts";
import { Simulation } from "../../../solutions/08-simulation/src/simulation.ts";
import { RaftDriver } from "../../../solutions/09-system/src/driver.ts";
import { Cluster } from "../src/cluster.ts";
import { testSeeds } from "../src/random.ts";
import {
  runHarness,
  runSimulation,
  runSystemDrivers,
  runTestkitCluster,
} from "./driver-contract/adapters.ts";
import type { ContractEvent, Rule } from "./driver-contract/contract.ts";
import { ContractRecorder } from "./driver-contract/recorder.ts";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const clusterFile = join(repoRoot, "packages", "testkit", "src", "cluster.ts");
const hostFile = join(repoRoot, "solutions", "08-simulation", "src", "host.ts");
const simulationFile = join(repoRoot, "solutions", "08-simulation", "src", "simulation.ts");
const driverFile = join(repoRoot, "solutions", "09-system", "src", "driver.ts");
const harnessFile = join(repoRoot, "solutions", "07-testing", "src", "harness.ts");

/** `file` with solutions/07-testing/mutants/drivers/<name>.patch applied (the mutant loader). */
async function broken<T>(file: string, name: string): Promise<T> {
  return (await import(/* @vite-ignore */ `${file}?mutant=drivers/${name}`)) as T;
}

/** 08's Simulation with its NodeHost (host.ts, imported by simulation.ts) a broken variant. */
async function simulationWithHost(name: string): Promise<typeof Simulation> {
  vi.resetModules();
  vi.doMock(hostFile, () => broken(hostFile, name));
  try {
    const module = (await import(/* @vite-ignore */ simulationFile)) as {
      Simulation: typeof Simulation;
    };
    return module.Simulation;
  } finally {
    vi.doUnmock(hostFile);
    vi.resetModules();
  }
}

/** 09 hands applied entries to no observer (the node applies them): its order shows in its replies. */
const systemKinds = ["ready", "write", "sync", "send", "reply"] as const;

/** The recorder after a run; the run must have exercised the driver, or it proves nothing. */
async function record(
  run: (recorder: ContractRecorder) => void | Promise<void>,
  kinds: readonly ContractEvent["kind"][] = ["ready", "write", "sync", "send", "reply", "apply"],
) {
  const recorder = new ContractRecorder();
  await run(recorder);
  for (const kind of kinds)
    expect(recorder.count(kind), `the workload made the driver ${kind} something`).toBeGreaterThan(
      0,
    );
  return recorder;
}

function expectKept(recorder: ContractRecorder, seed: number): void {
  const messages = recorder.check().map((violation) => violation.message);
  expect(
    messages,
    `the driver contract (seed ${seed}): persist, then send, then reply; in order`,
  ).toEqual([]);
}

function expectBroken(recorder: ContractRecorder, rule: Rule): void {
  const rules = recorder.check().map((violation) => violation.rule);
  expect(rules, `this variant breaks '${rule}': the suite must say so`).toContain(rule);
}

describe.each(testSeeds(2))("the reference drivers keep the contract (seed %i)", (seed) => {
  test("testkit Cluster", async () => {
    expectKept(await record((r) => runTestkitCluster(Cluster, r, seed)), seed);
  });

  test("07 ClusterHarness", async () => {
    expectKept(await record((r) => runHarness(ClusterHarness, r, seed)), seed);
  });

  test("08 Simulation (NodeHost)", async () => {
    expectKept(await record((r) => runSimulation(Simulation, r, seed)), seed);
  });

  test("09 RaftDriver", { timeout: 60_000 }, async () => {
    expectKept(await record((r) => runSystemDrivers(RaftDriver, r, seed), systemKinds), seed);
  });
});

/** With stage 10's compacting node, the runs must also save snapshots and report them done. */
const snapshotKinds = ["save-snapshot", "snapshot-done"] as const;

describe.each(testSeeds(1))(
  "the reference drivers carry out stage 10's snapshot effects (seed %i)",
  (seed) => {
    test("testkit Cluster (its moreEffects hook)", async () => {
      const kinds = ["ready", "write", "sync", "send", "reply", "apply", ...snapshotKinds] as const;
      const run = (r: ContractRecorder) => runTestkitCluster(Cluster, r, seed, "compacting");
      expectKept(await record(run, kinds), seed);
    });

    test("07 ClusterHarness", async () => {
      const kinds = ["ready", "write", "sync", "send", "reply", "apply", ...snapshotKinds] as const;
      const run = (r: ContractRecorder) => runHarness(ClusterHarness, r, seed, true, "compacting");
      expectKept(await record(run, kinds), seed);
    });

    test("08 Simulation (NodeHost)", async () => {
      const kinds = ["ready", "write", "sync", "send", "reply", "apply", ...snapshotKinds] as const;
      const run = (r: ContractRecorder) => runSimulation(Simulation, r, seed, "compacting");
      expectKept(await record(run, kinds), seed);
    });

    test("09 RaftDriver", { timeout: 60_000 }, async () => {
      const run = (r: ContractRecorder) => runSystemDrivers(RaftDriver, r, seed, "compacting");
      expectKept(await record(run, [...systemKinds, ...snapshotKinds]), seed);
    });
  },
);

describe("a broken driver fails the suite (one variant per fault)", () => {
  const [seed = 1] = testSeeds(1);

  test("sends before persisting: testkit Cluster sending a step's messages before its writes", async () => {
    const { Cluster: BrokenCluster } = await broken<{ Cluster: typeof Cluster }>(
      clusterFile,
      "cluster-sends-before-persisting",
    );
    expectBroken(
      await record((r) => runTestkitCluster(BrokenCluster, r, seed)),
      "persist-before-send",
    );
  });

  test("sends before persisting: 07 harness with syncBeforeSend off (writes, never syncs)", async () => {
    expectBroken(
      await record((r) => runHarness(ClusterHarness, r, seed, false), ["write", "send", "reply"]),
      "persist-before-send",
    );
  });

  test("replies before persisting: 09 driver answering clients as it steps, before the batch's fsync", {
    timeout: 60_000,
  }, async () => {
    const { RaftDriver: BrokenDriver } = await broken<{ RaftDriver: typeof RaftDriver }>(
      driverFile,
      "driver-replies-before-persisting",
    );
    expectBroken(
      await record((r) => runSystemDrivers(BrokenDriver, r, seed), systemKinds),
      "persist-before-reply",
    );
  });

  test("sends before persisting: 09 driver sending responses and votes as it steps, before the fsync", {
    timeout: 60_000,
  }, async () => {
    const { RaftDriver: BrokenDriver } = await broken<{ RaftDriver: typeof RaftDriver }>(
      driverFile,
      "driver-sends-before-fsync",
    );
    expectBroken(
      await record((r) => runSystemDrivers(BrokenDriver, r, seed), systemKinds),
      "persist-before-send",
    );
  });

  test("sends before persisting: 08 host holding only the steps that wrote behind a pending sync", async () => {
    const BrokenSimulation = await simulationWithHost("host-holds-only-writing-steps");
    expectBroken(
      await record((r) => runSimulation(BrokenSimulation, r, seed)),
      "persist-before-send",
    );
  });

  test("reports a snapshot done unsaved: 07 harness telling the node without saving it", async () => {
    const { ClusterHarness: BrokenHarness } = await broken<{
      ClusterHarness: typeof ClusterHarness;
    }>(harnessFile, "harness-reports-unsaved-snapshots");
    expectBroken(
      await record(
        (r) => runHarness(BrokenHarness, r, seed, true, "compacting"),
        ["send", "snapshot-done"],
      ),
      "snapshot-saved-before-done",
    );
  });

  test("applies out of order: 08 host releasing what waited for a sync newest first", async () => {
    const BrokenSimulation = await simulationWithHost("host-releases-newest-first");
    expectBroken(await record((r) => runSimulation(BrokenSimulation, r, seed)), "apply-in-order");
  });
});
