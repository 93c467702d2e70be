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
  // solution:begin
  const server = new NodeServer(options);
  try {
    return await server.listen();
  } catch (cause) {
    await server.close();
    throw cause;
  }
  // solution:end
  // starter: throw new Error("not implemented: startNode (open the storage, create the Raft node, driver, transport and front end; listen; start ticking)");
}

// solution:begin
/** The parts of one node, and the named paths between them (see the top of this file). */
class NodeServer {
  readonly id: number;
  readonly dataDir: string;
  readonly recovery: RecoveryReport;
  private readonly config: ClusterConfig;
  private readonly entry: NodeEntry;
  private readonly peers: readonly NodeEntry[];
  private readonly log: (line: string) => void;
  private readonly core: OpenedCore;
  private readonly node: ServerNode;
  private readonly wire: MessageWire | undefined;
  private readonly events = new EventStream();
  private readonly driver: RaftDriver;
  private readonly forwarder: Forwarder;
  private readonly transport: PeerTransport;
  private readonly admin: AdminTarget;
  private readonly frontEnd: FrontEnd;
  private closed = false;

  constructor(options: StartNodeOptions) {
    const { config, id } = options;
    this.id = id;
    this.config = config;
    this.entry = nodeEntry(config, id);
    this.peers = config.nodes.filter((node) => node.id !== id);
    this.log = options.log ?? ((line: string) => console.log(`node ${id}: ${line}`));
    this.dataDir = options.dataDir ?? join(config.dataDir, `node-${id}`);
    this.core = (options.core ?? fileCore).open(config, id, this.dataDir, this.log);
    this.recovery = this.core.recovery;
    this.node = this.core.node;
    this.wire = options.core?.wire;
    this.driver = new RaftDriver({
      node: this.node,
      storage: this.core.storage,
      tickMs: config.tickMs,
      requestTimeoutMs: config.requestTimeoutMs,
      send: (message) => this.sendRaftMessage(message),
      log: this.log,
      ...(this.core.syncLog === undefined ? {} : { syncLog: this.core.syncLog }),
      // A fresh node gives its peers' heartbeats one election timeout to arrive (ElectionGate).
      electionHoldTicks: this.peers.length > 0 ? config.electionTicks : 0,
      linkUp: () => this.somePeerLinkUp(),
    });
    this.forwarder = new Forwarder({
      timeoutMs: config.requestTimeoutMs,
      maxPending: 10_000,
      send: (to, frame) => this.transport.send(to, frame),
      nowMs: () => this.driver.nowMs(),
    });
    this.transport = new PeerTransport({
      id,
      secret: config.secret,
      listen: this.entry.peer,
      peers: new Map(this.peers.map((peer) => [peer.id, peer.peer])),
      onFrame: (from, frame) => this.routePeerFrame(from, frame),
      // A forward to a crashed leader is answered now, not after requestTimeoutMs.
      onLinkDown: (peer) => this.forwarder.linkDown(peer),
      log: this.log,
      limits: options.transportLimits,
      ...(this.wire === undefined ? {} : { wire: this.wire }),
    });
    this.admin = this.adminTarget(options.crash);
    this.frontEnd = new FrontEnd({
      listen: this.entry.client,
      store: this.core.store as KvStore,
      // Recorded for RAFT.EVENTS (the live viewer's clients panel) once a viewer asks.
      submit: (command, settle) =>
        this.routeClientCommand(command, this.events.client(this.id, command, settle)),
      admin: this.admin,
      limits: options.frontEndLimits,
      ...(this.core.refuse === undefined ? {} : { refuse: this.core.refuse }),
    });
  }

  /** Listens for peers, then clients, and starts ticking. */
  async listen(): Promise<RaftServer> {
    const peerPort = await this.transport.start();
    const clientPort = await this.frontEnd.listen();
    this.driver.start();
    this.driver.every(sweepPeriodMs(this.config.requestTimeoutMs), () => {
      this.forwarder.leaderIs(this.node.leaderId);
      this.forwarder.expire();
    });
    const { client, peer } = this.entry;
    this.log(
      `listening: clients on ${client.host}:${clientPort}, peers on ${peer.host}:${peerPort}, data in ${this.dataDir}`,
    );
    return {
      id: this.id,
      clientPort,
      peerPort,
      dataDir: this.dataDir,
      recovery: this.recovery,
      status: () => this.status(),
      admin: (command) => runAdmin(command, this.admin),
      close: () => this.close(),
    };
  }

  /** A client's data command: proposed here, forwarded to the leader, or refused. */
  private routeClientCommand(command: readonly string[], settle: (reply: Reply) => void): void {
    const leader = this.node.leaderId;
    if (this.driver.paused) settle(tryAgain(`node ${this.id} is paused`));
    else if (this.core.route?.(command, settle, () => this.driver.nudge())) return;
    else if (this.node.role === "leader") this.driver.propose(command, settle);
    else if (leader === undefined) settle(clusterDown("no leader known"));
    else this.forwarder.forward(leader, command, settle);
  }

  /** A frame from a peer: a Raft message for the driver, a forwarded command, or its result. */
  private routePeerFrame(from: number, frame: DataFrame): void {
    if (this.driver.paused) return; // RAFT.PAUSE: peer traffic is not processed
    switch (frame.t) {
      case "raft":
        this.events.record("deliver", frame.m as Message);
        this.driver.deliver(frame.m);
        break;
      case "forward":
        // Proposed here or refused here: never forwarded again, so a forward cannot loop.
        this.driver.propose(frame.command, (reply) => {
          this.transport.send(from, { t: "forward-result", rid: frame.rid, reply: toWire(reply) });
        });
        break;
      case "forward-result":
        this.forwarder.onResult(from, frame.rid, frame.reply);
        break;
    }
    // A new term or leader arrives in a peer's frame: forwards to the old leader end now.
    this.forwarder.leaderIs(this.node.leaderId);
  }

  /** The driver's send: a Raft message to its peer, recorded for RAFT.EVENTS. */
  private sendRaftMessage(message: DriverMessage): void {
    this.events.record("send", message as Message);
    const m = (this.wire?.toWire(message) ?? message) as DriverMessage;
    this.transport.send(message.to, { t: "raft", m });
  }

  private somePeerLinkUp(): boolean {
    return [...this.transport.status().values()].some((link) => link.inbound && link.outbound);
  }

  private status(): NodeStatus {
    return {
      ...this.driver.status(),
      tail: this.logTail(tailEntries),
      peers: Object.fromEntries(this.transport.status()),
      client: formatAddress(this.entry.client),
      peer: formatAddress(this.entry.peer),
      electionElapsedTicks: this.node.electionElapsedTicks,
      electionTimeoutTicks: this.node.electionTimeoutTicks,
      snapshotIndex: (this.node.log.firstIndex?.() ?? 1) - 1,
    };
  }

  private logTail(count: number): LogEntryView[] {
    const last = this.node.log.lastIndex();
    const first = Math.max(this.node.log.firstIndex?.() ?? 1, last - count + 1);
    return this.node.log
      .slice(first)
      .map((e, i) => ({ index: first + i, term: e.term, command: e.command }));
  }

  /** What the RAFT.* admin commands reach. */
  private adminTarget(crash: (() => void) | undefined): AdminTarget {
    const peers = this.peers.map((peer) => peer.id);
    return {
      peers,
      status: () => this.status(),
      state: () => this.core.store.entries(),
      logTail: (count) => this.logTail(count),
      pause: () => this.driver.pause(),
      resume: () => this.driver.resume(),
      cut: (peer) => this.transport.cut(peer),
      heal: (peer) => {
        for (const p of peer === undefined ? peers : [peer]) this.transport.heal(p);
      },
      events: (after) => this.events.since(after),
      ...(crash ? { crash } : {}),
      ...(this.core.admin ? { extra: this.core.admin } : {}),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.driver.close();
    this.forwarder.close();
    await Promise.all([this.frontEnd.close(), this.transport.close()]);
    this.core.storage.close();
    this.core.close?.();
  }
}

/** 09's own core: 03's FileStorage, fsynced off the loop, and the 06 node applying to a KvStore. */
const fileCore: ServerCore = {
  open(config, id, dataDir, log) {
    const { storage, recovery } = openStorage(dataDir, log);
    const store = new KvStore();
    const logSync = new BackgroundLogSync(storage.logPath);
    return {
      node: createCore(config, id, storage, store),
      storage,
      recovery,
      store,
      syncLog: (done) => logSync.sync(done),
      close: () => logSync.close(),
    };
  },
};

/** The 06 Raft node of this server, restored from its storage. */
function createCore(config: ClusterConfig, id: number, storage: FileStorage, store: KvStore) {
  return createRaftNode(
    {
      id,
      peers: config.nodes.filter((node) => node.id !== id).map((node) => node.id),
      electionTimeoutTicks: config.electionTicks,
      limits: { heartbeatIntervalTicks: config.heartbeatTicks },
      stateMachine: store,
    },
    storage,
    { int: (min, maxExclusive) => randomInt(min, maxExclusive) },
  );
}

function openStorage(dataDir: string, log: (line: string) => void) {
  let opened: ReturnType<typeof FileStorage.open>;
  try {
    opened = FileStorage.open(dataDir);
  } catch (cause) {
    const problem = cause instanceof Error ? cause.message : String(cause);
    throw new StartupError(`cannot use data directory ${dataDir}: ${problem}`);
  }
  const { recovery } = opened;
  if (recovery.truncatedBytes > 0) {
    log(
      `recovered the log in ${dataDir}: cut ${recovery.truncatedBytes} bytes of torn tail (${recovery.reason}), kept ${recovery.entries} entries`,
    );
  }
  return opened;
}
// solution:end
