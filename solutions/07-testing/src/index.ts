// Stage 07, part 1: a linearizability checker for histories of a key-value store.

// From stage 01, for tests and the harness: the store the model follows, and its replies.
export { bulk, type Command, error, integer, KvStore, ok, type Reply } from "#kv";
// From stage 06, for tests that wrap the node under test: the reference harness's default node.
export { createRaftNode } from "#raft";
export { Bitset } from "./bitset.ts";
export { HistoryBuilder, historyBuilder } from "./builder.ts";
export { type CheckOptions, checkLinearizable, defaultMaxStates, type Verdict } from "./check.ts";
// Stage 07, part 2: the cluster harness, the safety checkers and the scenarios.
export {
  type Acknowledged,
  type AppliedRecord,
  type CommittedEntry,
  checkAcknowledgedWrites,
  checkElectionSafety,
  checkLeaderCompleteness,
  checkLogMatching,
  checkStateMachineSafety,
  compactedThrough,
  type InvariantName,
  type LogView,
  logOf,
  type NodeView,
  recordCommitted,
  SafetyMonitor,
  type Violation,
} from "./checkers.ts";
export { buildEntries, type Entry, lift, unlift } from "./entries.ts";
export { explainStuck, type Misfit, maxPrefixShown, type NotLinearizable } from "./explain.ts";
export {
  ClusterHarness,
  carryOutSnapshots,
  type HarnessMessage,
  type HarnessNode,
  type HarnessOptions,
  type HarnessSnapshot,
  type HarnessStorage,
  type NodeFactory,
  type NodeFailure,
  type SnapshotDone,
  type SnapshotEffects,
} from "./harness.ts";
export {
  type ClientId,
  type HistoryEvent,
  type Operation,
  type OpId,
  toOperations,
} from "./history.ts";
export {
  applyToRegister,
  keyOf,
  type RegisterValue,
  readsOnly,
  replyMatches,
  type Step,
  showReply,
} from "./model.ts";
export { partitionByKey } from "./partition.ts";
export { createPrng, type Prng } from "./prng.ts";
export {
  maxLinearizabilityStates,
  type RunScenariosOptions,
  type RunScenariosReport,
  runScenario,
  runScenarios,
  type Scenario,
  type ScenarioResult,
  type ScenarioViolation,
  scenarios,
  settleTicks,
} from "./scenarios.ts";
export {
  type Deepest,
  maxTriedValuesPerOp,
  type SearchOutcome,
  searchLinearization,
} from "./search.ts";
export { type NetworkFaults, reliableNetwork, SimNetwork } from "./sim-network.ts";
