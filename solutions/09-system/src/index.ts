// Stage 09: the system. The 06 Raft node as a server process: the 02 event loop with real timers,
// the 03 file storage with fsync, a TCP transport between nodes and a RESP front end on each.
import { fileURLToPath } from "node:url";

/** The node program of this track, for tests and tools that spawn it (they bundle it once per run). */
export const mainPath = fileURLToPath(new URL("./main.ts", import.meta.url));

// From earlier stages, for the tests of the hooks a later stage's core plugs in (core-hooks.test.ts).
export { error, KvStore, ok } from "#kv";
export { FileStorage } from "#log";
export { createRaftNode } from "#raft";
export { type AdminTarget, isAdminCommand, type LogEntryView, runAdmin } from "./admin.ts";
export { type NodeArgs, parseNodeArgs, usage } from "./cli-args.ts";
export { clusterDown, notLeader, tryAgain, uncertain } from "./client-errors.ts";
export {
  type Address,
  type ClusterConfig,
  ConfigError,
  configDefaults,
  formatAddress,
  loadClusterConfig,
  type NodeEntry,
  nodeEntry,
  parseAddress,
  parseClusterConfig,
} from "./config.ts";
export { Deadlines, sweepPeriodMs } from "./deadlines.ts";
export {
  type DriverInput,
  type DriverMessage,
  type DriverNode,
  type DriverOptions,
  type DriverReady,
  type DriverSnapshot,
  type DriverStatus,
  type DriverStorage,
  lateTickPeriods,
  RaftDriver,
} from "./driver.ts";
export { ElectionGate, type ElectionGateOptions, type ElectionTimerView } from "./election-gate.ts";
export { Forwarder, type ForwarderOptions } from "./forwarder.ts";
export {
  defaultMaxFrameBytes,
  encodeFrame,
  FrameDecoder,
  FrameError,
  frameHeaderBytes,
  frameVersion,
} from "./frame.ts";
export {
  FrontEnd,
  type FrontEndLimits,
  type FrontEndOptions,
  refusedWhateverTheState,
} from "./front-end.ts";
export { handshakeProof, newNonce, proofMatches } from "./handshake.ts";
export { BackgroundLogSync } from "./log-sync.ts";
export {
  type NodeStatus,
  type OpenedCore,
  type RaftServer,
  type ServerCore,
  type ServerNode,
  type StartNodeOptions,
  StartupError,
  startNode,
} from "./node.ts";
export {
  type NodeProgramParts,
  nodeProgramMain,
  runNodeProgram,
  type StartedNodeProgram,
} from "./node-program.ts";
export {
  type DataFrame,
  fromWire,
  type HandshakeFrame,
  type MessageWire,
  parseDataFrame,
  parseHandshake,
  toWire,
  type WireReply,
} from "./peer-protocol.ts";
export {
  defaultTransportLimits,
  type PeerLinkStatus,
  PeerTransport,
  type TransportLimits,
  type TransportOptions,
} from "./transport.ts";
