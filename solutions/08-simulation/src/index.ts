// Stage 08: deterministic simulation testing. One seed decides a whole run of a Raft cluster:
// message fates, partitions, crashes, clock drift and client load; 07's checkers judge it.
export { createRaftNode, MemoryStorage } from "#raft";
export { checkLinearizable, logOf, type NodeFactory } from "#testing";
export { type CliArgs, parseArgs, UsageError, usage } from "./args.ts";
export { type CliIo, describeRun, replayCommand, runCli } from "./cli.ts";
export {
  type Completion,
  completionOf,
  type InFlightOp,
  isWrite,
  randomCommand,
} from "./clients.ts";
export { defaultMaxQueuedEvents, EventQueue, type QueuedEvent } from "./event-queue.ts";
export { cutLinks, type FaultEpisode, planFaults } from "./faults.ts";
export { FaultyNetwork } from "./faulty-network.ts";
export { type CarryOut, NodeHost, type Outputs } from "./host.ts";
export {
  compactionMutants,
  type LaterNode,
  laterNode,
  type NodeKind,
  nodeKinds,
} from "./later-nodes.ts";
export { listMutants, mutantTarget, referenceNodeEntry } from "./mutants.ts";
export {
  defaultFaults,
  type FaultDistribution,
  type SimConfig,
  type SimOptions,
  simConfig,
  simDefaults,
} from "./options.ts";
export {
  checkHigherTermAdopted,
  checkStaleResponseIgnored,
  type StepBefore,
  stepBefore,
} from "./protocol-checks.ts";
export {
  checkAcknowledgement,
  checkCommitOnMajority,
  checkMatchIndexes,
  type ObservedNode,
  termAt,
} from "./replication-checks.ts";
export { type Shrunk, shrinkFaults } from "./shrink.ts";
export {
  maxLinearizabilityStates,
  runSimulation,
  type SimInvariant,
  type SimResult,
  type SimStats,
  Simulation,
  type SimViolation,
} from "./simulation.ts";
export { type Replay, remembersPerLink, StaleReplays } from "./stale-replays.ts";
export { type TraceEvent, traceLines } from "./trace.ts";
