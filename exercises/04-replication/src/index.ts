// Stage 04: log replication with a fixed leader.

// From stage 03, for the tests and for stage 05.
export {
  type AppendResult,
  type Command,
  type Entry,
  entrySizeBytes,
  MemoryStorage,
  RaftLog,
} from "#log";
export { type AppendOutcome, acceptAppend } from "./follower.ts";
export { backoffTarget, nextBatch } from "./leader.ts";
export { checkLimits, defaultLimits, type ReplicationLimits } from "./limits.ts";
export type {
  Accepted,
  AppendEntriesRequest,
  AppendEntriesResponse,
  PersistEntries,
  ReplicationInput,
  ReplicationMessage,
  ReplicationReady,
} from "./messages.ts";
export {
  type ReplicationConfig,
  ReplicationNode,
  type ReplicationRole,
  type ReplicationView,
} from "./node.ts";
export type { NodeLog } from "./node-log.ts";
export { type Inflight, Progress, type ProgressMode } from "./progress.ts";
