// One Raft node as a server: storage, the Raft node and its driver, the peer transport, the
// client front end and the admin commands, put together. main.ts runs one per process; tools
// and tests may run one in-process with startNode.
//
// The path of a client's SET, by name:
//   FrontEnd (RESP, one ordered reply queue per connection)
//   → NodeServer.routeClientCommand: proposed here if this node leads, else forwarded or refused
//   → RaftDriver.propose → the driver's loop → RaftNode.step (06) → RaftDriver's flush: persist
//     and fsync, send the AppendEntries (NodeServer.sendRaftMessage → PeerTransport), and once
//     the entry commits and applies, the reply → the client's slot in the FrontEnd.
// A follower's forward goes Forwarder.forward → the leader's NodeServer.routePeerFrame →
// RaftDriver.propose there; the result comes back as a forward-result frame.
import { randomInt } from "node:crypto";
import { join } from "node:path";
import { KvStore, type Reply } from "#kv";
import { type Entry, FileStorage, type RecoveryReport } from "#log";
import { createRaftNode, type Message } from "#raft";
import { type AdminTarget, type LogEntryView, runAdmin } from "./admin.ts";
import { clusterDown, tryAgain } from "./client-errors.ts";
import { type ClusterConfig, formatAddress, type NodeEntry, nodeEntry } from "./config.ts";
import { sweepPeriodMs } from "./deadlines.ts";
import {
  type DriverMessage,
  type DriverNode,
  type DriverStatus,
  type DriverStorage,
  RaftDriver,
} from "./driver.ts";
import { EventStream } from "./event-stream.ts";
import { Forwarder } from "./forwarder.ts";
import { FrontEnd, type FrontEndLimits } from "./front-end.ts";
import { BackgroundLogSync } from "./log-sync.ts";
import { type DataFrame, type MessageWire, toWire } from "./peer-protocol.ts";
import { type PeerLinkStatus, PeerTransport, type TransportLimits } from "./transport.ts";

/** What a server asks of its node beyond the driver's needs: the election timer and the log's tail. */
export interface ServerNode extends DriverNode {
  readonly electionElapsedTicks?: number;
  readonly electionTimeoutTicks?: number;
  readonly log: {
    lastIndex(): number;
    /** The first index still in the log (stage 10: after its snapshot); 1 when absent. */
    firstIndex?(): number;
    slice(fromIndex: number, toIndex?: number): readonly Entry[];
  };
}

/** A node, its storage and its state machine, opened from a data directory. */
export interface OpenedCore {
  readonly node: ServerNode;
  readonly storage: DriverStorage & { close(): void };
  readonly recovery: RecoveryReport;
  /** The state machine the node applies to: INFO reads its size, RAFT.STATE its pairs. */
  readonly store: Pick<KvStore, "apply" | "entries">;
  /** An fsync of the log off the event loop (see the driver); absent: storage.sync() on the loop. */
  readonly syncLog?: (done: (error: Error | null) => void) => void;
  /** Called last when the server closes (after storage.close()). */
  readonly close?: () => void;
  /**
   * A later stage's way with a client's data command (stage 11: reads by ReadIndex instead of
   * through the log); true when it took the command (and will settle it), false to route as 09.
   */
  readonly route?: (
    command: readonly string[],
    settle: (reply: Reply) => void,
    nudge: () => void,
  ) => boolean;
  /** A later stage's RAFT.* commands (stage 11: RAFT.TRANSFER); undefined: not one of them. */
  readonly admin?: (command: readonly string[]) => Reply | undefined;
  /**
   * A later stage's state machine's check of a client's command (stage 11: it knows SESSION
   * commands too), given to the front end as FrontEndOptions.refuse; absent: 09's
   * refusedWhateverTheState.
   */
  readonly refuse?: (command: readonly string[]) => Reply | undefined;
}

/**
 * The node and the storage a server runs: 09's own by default (03's FileStorage, the 06 node);
 * a later stage passes its own (stage 10's compacting node and storage, with its InstallSnapshot
 * messages on the wire).
 */
export interface ServerCore {
  /** Throws StartupError when the data directory cannot be used. */
  open(config: ClusterConfig, id: number, dataDir: string, log: (line: string) => void): OpenedCore;
  readonly wire?: MessageWire;
}

export interface StartNodeOptions {
  readonly config: ClusterConfig;
  readonly id: number;
  /** This node's data directory; default <config.dataDir>/node-<id>. */
  readonly dataDir?: string;
  /** One line per event; default: stdout, prefixed with the node id. */
  readonly log?: (line: string) => void;
  readonly transportLimits?: Partial<TransportLimits>;
  readonly frontEndLimits?: Partial<FrontEndLimits>;
  /** RAFT.CRASH: what a crash is (the node program kills its process); absent: refused. */
  readonly crash?: () => void;
  /** The node and storage to run; default: 09's own (FileStorage and the 06 node). */
  readonly core?: ServerCore;
}

export interface NodeStatus extends DriverStatus {
  /** The last few log entries. */
  readonly tail: readonly LogEntryView[];
  readonly peers: Record<string, PeerLinkStatus>;
  readonly client: string;
  readonly peer: string;
  /** The election timer: ticks since its last reset, of the timeout drawn then (for viewers). */
  readonly electionElapsedTicks?: number;
  readonly electionTimeoutTicks?: number;
  /** The last index the log's snapshot covers (stage 10's compacting node; 0: none). */
  readonly snapshotIndex?: number;
}

export interface RaftServer {
  readonly id: number;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly dataDir: string;
  /** What recovery found in the log when the node started (a torn tail cut off, or not). */
  readonly recovery: RecoveryReport;
  status(): NodeStatus;
  /** Runs an admin command (RAFT.STATUS …) as if a client had sent it. */
  admin(command: readonly string[]): Reply;
  close(): Promise<void>;
}

/** The data directory cannot be used (damaged log, unreadable files): the node must not start. */
export class StartupError extends Error {
  override readonly name = "StartupError";
}

const tailEntries = 3;

/** Opens the storage, starts listening for peers and clients, and starts ticking. */
export async function startNode(options: StartNodeOptions): Promise<RaftServer> {
  throw new Error("not implemented: startNode (open the storage, create the Raft node, driver, transport and front end; listen; start ticking)");
}

