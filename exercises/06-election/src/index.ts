// Stage 06: the complete Raft node: elections, terms, votes and their persistence, on top of
// stage 05 (commit, apply, proposals) and 04 (replication). Later stages use this API.

// From earlier stages, for the tests and for stages 07–09.
export {
  type AppendEntriesRequest,
  type AppendEntriesResponse,
  type AppliedEntry,
  KvStore,
  type NodeLog,
  type Outcome,
  type ProposalResult,
  type ReplicationLimits,
  type Reply,
  type RequestId,
  type StateMachine,
} from "#consensus";
export {
  type Command,
  type Entry,
  FileStorage,
  type HardState,
  initialHardState,
  MemoryStorage,
  RaftLog,
  type Storage,
} from "#log";
export { checkLimits } from "#replication";
export { checkElectionTimeout, defaultElectionTimeoutTicks, type RaftConfig } from "./config.ts";
export { type InnerState, InnerStateView } from "./inner-state.ts";
export type {
  Input,
  Message,
  Ready,
  RequestVoteRequest,
  RequestVoteResponse,
  Role,
} from "./messages.ts";
export { createRaftNode, RaftNode, type Restored } from "./node.ts";
export { type ElectionRandom, ElectionTimer } from "./timer.ts";
export { candidateIsUpToDate, grantsVote } from "./votes.ts";
