// Named, seeded scenarios: each drives a harness through faults and client load while the safety
// checkers watch every step, then heals the cluster, lets it settle and checks the end state and
// the clients' history. A scenario is deterministic: one (scenario, seed) pair is one run.
import type { Command } from "#raft";
import { checkLinearizable } from "./check.ts";
import type { Violation } from "./checkers.ts";
import {
  ClusterHarness,
  type HarnessOptions,
  type NodeFactory,
  type NodeFailure,
} from "./harness.ts";
import type { HistoryEvent } from "./history.ts";
import { createPrng, type Prng } from "./prng.ts";

export interface Scenario {
  readonly name: string;
  /** Harness options besides the seed and the node. */
  readonly options: Omit<HarnessOptions, "seed" | "createNode">;
  /** Drives the harness; the checkers run on their own after every step. */
  run(harness: ClusterHarness, prng: Prng): void;
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly seed: number;
  readonly violations: readonly Violation[];
  /** Set when a node threw: a bug, but not one a checker named. */
  readonly failure: NodeFailure | undefined;
  readonly ticks: number;
  readonly history: readonly HistoryEvent[];
}

export interface RunScenariosOptions {
  readonly createNode?: NodeFactory;
  readonly seeds: readonly number[];
  /** The scenarios to run; all of them by default. */
  readonly scenarios?: readonly Scenario[];
  /** Stop at the first run that reports a violation (to find a bug fast). */
  readonly stopAtFirstViolation?: boolean;
}

export interface ScenarioViolation extends Violation {
  readonly scenario: string;
  readonly seed: number;
}

export interface RunScenariosReport {
  readonly violations: readonly ScenarioViolation[];
  readonly failures: readonly (NodeFailure & { scenario: string; seed: number })[];
  readonly scenariosRun: number;
}

/** Ticks a healed cluster gets to elect a leader that commits in its term (liveness, §5.2, §8). */
export const settleTicks = 400;

/** States the linearizability check may explore at the end of a run; beyond it: no verdict. */
export const maxLinearizabilityStates = 2_000;

/** Runs one scenario with one seed. */
export function runScenario(
  scenario: Scenario,
  seed: number,
  createNode?: NodeFactory,
): ScenarioResult {
  throw new Error("not implemented: runScenario (a harness for the seed, the scenario, then settle, finish and check the history)");
}

/** Every scenario with every seed; the violations each names its scenario and seed. */
export function runScenarios(options: RunScenariosOptions): RunScenariosReport {
  throw new Error("not implemented: runScenarios (runScenario for every scenario and seed; collect violations with scenario and seed)");
}


// Duplicates too: a reply delivered twice must not count twice (a vote counted per reply, §5.2).
const network = { lossRate: 0.05, duplicateRate: 0.1, minDelayTicks: 1, maxDelayTicks: 3 };
/** Many elections, many duplicated vote replies. */
const votingNetwork = { ...network, duplicateRate: 0.3 };

/** The scenarios runScenarios runs by default. */
export const scenarios: readonly Scenario[] = [
  { name: "random-faults", options: { faults: network }, run: () => { throw new Error("not implemented: scenario random-faults (crashes, restarts, partitions, loss, client load)"); } },
];
