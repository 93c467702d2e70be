// Nodes of later stages the simulator can run (--node): stage 10's compacting node, on a disk that
// keeps snapshots; stage 11's production node over it. A stage's package may not import a later
// one, so they are loaded by path at run time, from the same track as this file. Course
// infrastructure, like mutants.ts.
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { listMutants, repoRoot } from "@rafting/mutants";
import type { HarnessStorage, NodeFactory } from "#testing";
import { defaultFaults, simDefaults } from "./options.ts";

/**
 * "raft": stage 06's node (the default); "compacting": stage 10's, compacting aggressively;
 * "production": stage 11's over stage 10's (Pre-Vote, CheckQuorum, transfers, ReadIndex GETs,
 * client sessions); "production-lease": the same with leases, their margin covering 08's default
 * clock drift and jitter (§6.4.1).
 */
export const nodeKinds = ["raft", "compacting", "production", "production-lease"] as const;
export type NodeKind = (typeof nodeKinds)[number];

export interface LaterNode {
  readonly createNode: NodeFactory;
  readonly createStorage: () => HarnessStorage;
}

/** Stage 10's mutants (mutants/compaction/): bugs of the compacting node, run with --node compacting. */
export function compactionMutants(): string[] {
  return listMutants("compaction");
}

/** Stage 11's mutants (mutants/production/): bugs of its features, run with --node production. */
export function productionMutants(): string[] {
  return listMutants("production");
}

/** The simulator plug (sim-node.ts) of stage 10 or 11, loaded after any --mutant was registered. */
export async function laterNode(
  kind: Exclude<NodeKind, "raft">,
  simSeconds = 30,
): Promise<LaterNode> {
  const track = fileURLToPath(import.meta.url).includes("/solutions/") ? "solutions" : "exercises";
  if (kind === "production" || kind === "production-lease")
    return productionNode(track, simSeconds, kind === "production-lease");
  const entry = join(repoRoot(), track, "10-compaction", "src", "sim-node.ts");
  const plug = (await import(pathToFileURL(entry).href)) as {
    compactingNodeFactory(): NodeFactory;
    compactingStorage(): HarnessStorage;
  };
  if (kind !== "compacting") throw new RangeError(`no node '${kind}'`);
  return { createNode: plug.compactingNodeFactory(), createStorage: plug.compactingStorage };
}

/** Stage 11's plug: transfers stop a second before the run's quiet period (liveness is checked then). */
async function productionNode(
  track: string,
  simSeconds: number,
  withLease: boolean,
): Promise<LaterNode> {
  const entry = join(repoRoot(), track, "11-production", "src", "sim-node.ts");
  const plug = (await import(pathToFileURL(entry).href)) as {
    // The pair shares each run's state; the disks (made at a run's start) begin a new one.
    productionSimulation(options: {
      transfersUntilUs: number;
      lease?: { driftMarginTicks: number };
    }): LaterNode;
    simTransfersUntilUs(simSeconds: number): number;
    safeDriftMarginTicks(minElectionTicks: number, maxClockError: number): number;
  };
  const clockError = defaultFaults.maxDriftRate + defaultFaults.tickJitterRate;
  const driftMarginTicks = plug.safeDriftMarginTicks(simDefaults.electionTimeoutTicks, clockError);
  return plug.productionSimulation({
    transfersUntilUs: plug.simTransfersUntilUs(simSeconds),
    ...(withLease ? { lease: { driftMarginTicks } } : {}),
  });
}
