// Stage 11: a production node: Pre-Vote, CheckQuorum, leadership transfer and ReadIndex reads on
// top of stage 06's complete node.

// 08's simulator running the production node over stage 10's compacting node (sim-node.ts).
export {
  compactingStorage,
  mutantTarget,
  type NodeFactory,
  runSimulation,
  type SimResult,
} from "#compaction";
// From earlier stages, for the tests.
export {
  type AppliedEntry,
  type ElectionRandom,
  type Entry,
  type HardState,
  KvStore,
  MemoryStorage,
  type Outcome,
  type RaftConfig,
  RaftLog,
  type ReplicationLimits,
  type Role,
} from "#raft";
// The system: 09's server running the production node over stage 10's compacting node.
export type { NodeStatus } from "#system";
export { QuorumWatch } from "./check-quorum.ts";
export type { ProductionConfig } from "./config.ts";
export type { InnerNode } from "./inner-node.ts";
export { LeaderLease } from "./lease.ts";
export type {
  Input,
  Message,
  PreVoteRequest,
  PreVoteResponse,
  ReadHeartbeat,
  ReadHeartbeatResponse,
  ReadIndexRequest,
  ReadIndexResponse,
  ReadOutcome,
  ReadResult,
  Ready,
  TimeoutNow,
  TransferVoteRequest,
} from "./messages.ts";
export { createProductionNode, ProductionNode } from "./node.ts";
export { grantsPreVote, PreVoteRound, type PreVoter } from "./pre-vote.ts";
export { type LeaderRead, ReadIndexLeader, ReadsAwaitingApply } from "./read-index.ts";
export { ReadyBuilder } from "./ready-builder.ts";
export {
  defaultSessionLimits,
  registerCommand,
  type SessionLimits,
  SessionStateMachine,
  type SnapshotCapable,
  sessionCommand,
} from "./sessions.ts";
export {
  ProductionSimNode,
  type ProductionSimOptions,
  productionNodeFactory,
  productionSimNodePath,
  productionSimulation,
  safeDriftMarginTicks,
  simTransferRatePerTick,
  simTransfersUntilUs,
} from "./sim-node.ts";
export {
  defaultFeatures,
  leaseMarginTicks,
  loadProductionConfig,
  type ProductionClusterConfig,
  type ProductionFeatures,
  parseProductionConfig,
} from "./system-config.ts";
export { productionCore } from "./system-core.ts";
export { CompactingInner } from "./system-inner.ts";
export { ProductionSystemNode } from "./system-node.ts";
export { systemMainPath } from "./system-program.ts";
export { refusedWithSessions } from "./system-sessions.ts";
export { productionWire } from "./system-wire.ts";
export { LeaderTransfer } from "./transfer.ts";
