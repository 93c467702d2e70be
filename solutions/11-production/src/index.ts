// Stage 11: a production node: Pre-Vote, CheckQuorum, leadership transfer and ReadIndex reads on
// top of stage 06's complete node.

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
export { QuorumWatch } from "./check-quorum.ts";
export type { ProductionConfig } from "./config.ts";
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
export { LeaderTransfer } from "./transfer.ts";
