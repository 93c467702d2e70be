// One Raft node as a server: storage, the Raft node and its driver, the peer transport, the
// client front end and the admin commands, put together. main.ts runs one per process; tools
// and tests may run one in-process with startNode.
import { randomInt } from "node:crypto";
import { join } from "node:path";
import { KvStore, type Reply } from "#kv";
import { FileStorage, type RecoveryReport } from "#log";
import { createRaftNode, type Message } from "#raft";
import { type AdminTarget, type LogEntryView, runAdmin } from "./admin.ts";
import { clusterDown, tryAgain } from "./client-errors.ts";
import { type ClusterConfig, formatAddress, nodeEntry } from "./config.ts";
import { type DriverStatus, RaftDriver } from "./driver.ts";
import { EventStream } from "./event-stream.ts";
import { Forwarder } from "./forwarder.ts";
import { FrontEnd, type FrontEndLimits } from "./front-end.ts";
import { BackgroundLogSync } from "./log-sync.ts";
import { type DataFrame, toWire } from "./peer-protocol.ts";
import { type PeerLinkStatus, PeerTransport, type TransportLimits } from "./transport.ts";

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
  const { config, id } = options;
  const entry = nodeEntry(config, id);
  const log = options.log ?? ((line: string) => console.log(`node ${id}: ${line}`));
  const dataDir = options.dataDir ?? join(config.dataDir, `node-${id}`);
  const { storage, recovery } = openStorage(dataDir);
  if (recovery.truncatedBytes > 0) {
    log(
      `recovered the log in ${dataDir}: cut ${recovery.truncatedBytes} bytes of torn tail (${recovery.reason}), kept ${recovery.entries} entries`,
    );
  }
  const logSync = new BackgroundLogSync(storage.logPath);
  const peers = config.nodes.filter((node) => node.id !== id);
  const store = new KvStore();
  const node = createRaftNode(
    {
      id,
      peers: peers.map((peer) => peer.id),
      electionTimeoutTicks: config.electionTicks,
      limits: { heartbeatIntervalTicks: config.heartbeatTicks },
      stateMachine: store,
    },
    storage,
    { int: (min, maxExclusive) => randomInt(min, maxExclusive) },
  );

  let transport: PeerTransport | undefined;
  const events = new EventStream();
  const send = (message: Message) => {
    events.record("send", message);
    return transport?.send(message.to, { t: "raft", m: message });
  };
  const driver = new RaftDriver({
    node,
    storage,
    tickMs: config.tickMs,
    requestTimeoutMs: config.requestTimeoutMs,
    send,
    log,
    syncLog: (done) => logSync.sync(done),
    // A fresh node gives its peers' heartbeats one election timeout to arrive (ElectionGate).
    electionHoldTicks: peers.length > 0 ? config.electionTicks : 0,
    linkUp: () => [...(transport?.status().values() ?? [])].some((s) => s.inbound && s.outbound),
  });
  const forwarder = new Forwarder({
    timeoutMs: config.requestTimeoutMs,
    maxPending: 10_000,
    send: (to, frame) => transport?.send(to, frame) ?? false,
    nowMs: () => driver.nowMs(),
  });

  const onFrame = (from: number, frame: DataFrame) => {
    if (driver.paused) return; // RAFT.PAUSE: peer traffic is not processed
    switch (frame.t) {
      case "raft":
        events.record("deliver", frame.m);
        return driver.deliver(frame.m);
      case "forward":
        // Proposed here or refused here: never forwarded again, so a forward cannot loop.
        return driver.propose(frame.command, (reply) => {
          transport?.send(from, { t: "forward-result", rid: frame.rid, reply: toWire(reply) });
        });
      case "forward-result":
        return forwarder.onResult(from, frame.rid, frame.reply);
    }
  };
  transport = new PeerTransport({
    id,
    secret: config.secret,
    listen: entry.peer,
    peers: new Map(peers.map((peer) => [peer.id, peer.peer])),
    onFrame,
    log,
    limits: options.transportLimits,
  });

  /** Where a client's data command goes: proposed here, forwarded to the leader, or refused. */
  const submit = (command: readonly string[], settle: (reply: Reply) => void) => {
    if (driver.paused) return settle(tryAgain(`node ${id} is paused`));
    if (node.role === "leader") return driver.propose(command, settle);
    const leader = node.leaderId;
    if (leader === undefined) return settle(clusterDown("no leader known"));
    forwarder.forward(leader, command, settle);
  };

  const status = (): NodeStatus => ({
    ...driver.status(),
    tail: logTail(tailEntries),
    peers: Object.fromEntries(transport?.status() ?? []),
    client: formatAddress(entry.client),
    peer: formatAddress(entry.peer),
    electionElapsedTicks: node.electionElapsedTicks,
    electionTimeoutTicks: node.electionTimeoutTicks,
  });
  const logTail = (count: number): LogEntryView[] => {
    const last = node.log.lastIndex();
    const first = Math.max(1, last - count + 1);
    return node.log
      .slice(first)
      .map((e, i) => ({ index: first + i, term: e.term, command: e.command }));
  };
  const admin: AdminTarget = {
    peers: peers.map((peer) => peer.id),
    status,
    state: () => store.entries(),
    logTail,
    pause: () => driver.pause(),
    resume: () => driver.resume(),
    cut: (peer) => transport?.cut(peer),
    heal: (peer) => {
      for (const p of peer === undefined ? admin.peers : [peer]) transport?.heal(p);
    },
    events: (after) => events.since(after),
    ...(options.crash ? { crash: options.crash } : {}),
  };
  const frontEnd = new FrontEnd({
    listen: entry.client,
    store,
    submit,
    admin,
    limits: options.frontEndLimits,
  });

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    driver.close();
    forwarder.close();
    await Promise.all([frontEnd.close(), transport?.close()]);
    storage.close();
    logSync.close();
  };
  try {
    const peerPort = await transport.start();
    const clientPort = await frontEnd.listen();
    driver.start();
    driver.every(Math.max(1, Math.min(100, config.requestTimeoutMs / 4)), () => forwarder.expire());
    log(
      `listening: clients on ${entry.client.host}:${clientPort}, peers on ${entry.peer.host}:${peerPort}, data in ${dataDir}`,
    );
    return {
      id,
      clientPort,
      peerPort,
      dataDir,
      recovery,
      status,
      admin: (c) => runAdmin(c, admin),
      close,
    };
  } catch (cause) {
    await close();
    throw cause;
  }
  // solution:end
  // starter: throw new Error("not implemented: startNode (open the storage, create the Raft node, driver, transport and front end; listen; start ticking)");
}

// solution:begin
function openStorage(dataDir: string): ReturnType<typeof FileStorage.open> {
  try {
    return FileStorage.open(dataDir);
  } catch (cause) {
    const problem = cause instanceof Error ? cause.message : String(cause);
    throw new StartupError(`cannot use data directory ${dataDir}: ${problem}`);
  }
}
// solution:end
