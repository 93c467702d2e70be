// One set of helpers for real node processes on loopback, shared by stage 09's tests and its
// tools (pnpm cluster, demo, bench): spawning a bundled node program, its listening line, kill and
// stop, free ports, bounded waits with generous ceilings, fail-fast Redis clients, and the leader
// a set of RAFT.STATUS replies agrees on. Nothing here imports vitest: tools run outside tests.
//
// Imported as `@rafting/testkit/processes`, not from the index (which stays free of ioredis).
export { protocolWaitMs, realTimeTestMs, startupWaitMs } from "./ceilings.ts";
export { bytesUnder } from "./disk-use.ts";
export { type ListeningReport, waitForListening } from "./listening.ts";
export {
  LoopbackCluster,
  type LoopbackClusterOptions,
  testClusterSecret,
  testClusterTiming,
} from "./loopback-cluster.ts";
export { NodeCluster } from "./node-cluster.ts";
export {
  defaultStopGraceMs,
  describeExit,
  listeningLine,
  type NodeExit,
  NodeProcess,
  type NodeProcessOptions,
} from "./node-process.ts";
export { freePorts } from "./ports.ts";
export {
  agreedLeader,
  type ClientOptions,
  connectClient,
  type LeadershipView,
  raftStatus,
  usable,
} from "./redis-client.ts";
export { FatalWait, sleep, waitFor } from "./wait.ts";
