// Stage 05: consensus with a fixed leader: commit, apply, and client results.

// From earlier stages, for the tests and for stage 06.
export { KvStore, type Reply } from "#kv";
export { type Command, type Entry, MemoryStorage, RaftLog } from "#log";
export type {
  AppendEntriesRequest,
  AppendEntriesResponse,
  NodeLog,
  Progress,
  ReplicationLimits,
  ReplicationMessage,
  ReplicationRole,
  ReplicationView,
} from "#replication";
export { Applier, type StateMachine } from "./applier.ts";
export { followerCommitIndex, leaderCommitIndex } from "./commit.ts";
export type {
  AppliedEntry,
  ConsensusInput,
  ConsensusReady,
  Outcome,
  ProposalResult,
  RequestId,
} from "./messages.ts";
export { type ConsensusConfig, ConsensusNode } from "./node.ts";
export { Proposals } from "./proposals.ts";
