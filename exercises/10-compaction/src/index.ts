// Stage 10: log compaction (Raft paper §7, thesis chapter 5): snapshots of the state machine, a
// log that forgets the prefix a snapshot covers, storage that survives a crash in the middle of
// compaction, and InstallSnapshot for a follower that fell behind the leader's snapshot.
// Other engineers' pieces add their export lines here.

// From earlier stages, for the tests.
export {
  type CrashImage,
  type Entry,
  type FileOps,
  FileStorage,
  type HardState,
  initialHardState,
  nodeFileOps,
  PowerCut,
  PowerLossDisk,
  RaftLog,
} from "#log";
export type { ReplicationLimits } from "#raft";
export { compactionMutants, mutantTarget, runSimulation, type SimResult } from "#simulation";
// The system (integration): 09's server running the compacting node and storage.
export { type NodeStatus, parseClusterConfig } from "#system";
// 07's harness and 08's simulator running the compacting node (integration).
export { ClusterHarness, type NodeFactory, runScenarios, scenarios } from "#testing";
export { adoptEarlierLog } from "./adopt-earlier-log.ts";
export { removeStaleTemp, tempFileName, writeFileAtomically } from "./atomic-file.ts";
export { CompactedLog, type InstallOutcome, type LogBase } from "./compacted-log.ts";
export {
  CompactingStorage,
  type CompactingStorageOptions,
  type CompactionRecovery,
  type SnapshotStorage,
  type StoredState,
} from "./compacting-storage.ts";
export type {
  InstallSnapshotRequest,
  InstallSnapshotResponse,
  SnapshotMessage,
} from "./install-snapshot.ts";
export {
  type ChunkOutcome,
  type ReceiverView,
  SnapshotReceiver,
  snapshotResponse,
} from "./install-snapshot-receiver.ts";
export {
  type SnapshotChunk,
  SnapshotSender,
  type SnapshotSendLimits,
} from "./install-snapshot-sender.ts";
export {
  kvSnapshotVersion,
  SnapshotKvStore,
  type SnapshotStateMachine,
} from "./kv-snapshot.ts";
export {
  initialManifest,
  type LogManifest,
  type LogSlot,
  manifestFileName,
  readManifest,
  slotDir,
} from "./log-manifest.ts";
export {
  type CompactingConfig,
  CompactingNode,
  createCompactingNode,
  type RestoredWithSnapshot,
} from "./node.ts";
export {
  type CompactionPolicy,
  checkCompactionPolicy,
  defaultCompactionPolicy,
  LogBytes,
  shouldCompact,
} from "./node-compaction.ts";
export type {
  Input,
  InstallSnapshotEffect,
  Message,
  Ready,
  SnapshotId,
} from "./node-messages.ts";
export { SnapshotSenders } from "./node-senders.ts";
export { aggressiveCompaction, compactingNodeFactory, compactingStorage } from "./sim-node.ts";
export { SnapshotMemoryStorage } from "./sim-storage.ts";
export { checkSnapshot, type Snapshot } from "./snapshot.ts";
export {
  decodeSnapshot,
  defaultMaxSnapshotDataBytes,
  encodeSnapshot,
  SnapshotFormatError,
  snapshotFormatVersion,
  snapshotHeaderBytes,
} from "./snapshot-codec.ts";
export {
  readSnapshotFile,
  removeStaleSnapshotTemp,
  snapshotFileName,
  writeSnapshotFile,
} from "./snapshot-file.ts";
export {
  type CompactingClusterConfig,
  loadCompactingConfig,
  loadConfigFile,
  parseCompactingConfig,
  takeSection,
} from "./system-config.ts";
export { compactingCore, type StateMachineWrapper } from "./system-core.ts";
export { simNodePath, systemMainPath } from "./system-program.ts";
export { snapshotWire } from "./system-wire.ts";
