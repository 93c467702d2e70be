// Stage 11's system: 09's server running the production node over stage 10's compacting node on
// the compacting storage (stage 10's core opens both; this one wraps the node). What it adds to
// 09's front end: read-only commands are served by ReadIndex (§6.4) on any node (a follower asks
// the leader for a read index) instead of through the log, and RAFT.TRANSFER <id> hands
// leadership to a peer (§3.10), and client sessions (§6.3, system-sessions.ts) make a retried
// command apply once: the node applies a SessionStateMachine over stage 10's snapshot KV store, so
// the session table is in every snapshot. Pre-Vote and CheckQuorum work inside the node.
import { CompactingNode, type CompactionPolicy, compactingCore } from "#compaction";
import { error, ok, type Reply } from "#kv";
import type { ClusterConfig, OpenedCore, ServerCore } from "#system";
import { SessionStateMachine } from "./sessions.ts";
import { defaultFeatures, leaseMarginTicks, type ProductionFeatures } from "./system-config.ts";
import { ProductionSystemNode } from "./system-node.ts";
import { isReadCommand } from "./system-reads.ts";
import { refusedWithSessions } from "./system-sessions.ts";
import { productionWire } from "./system-wire.ts";

export function productionCore(
  policy: Partial<CompactionPolicy> = {},
  features: ProductionFeatures = defaultFeatures,
): ServerCore {
  const compacting = compactingCore(policy, (store) => new SessionStateMachine(store));
  return {
    open(config, id, dataDir, log) {
      return openProduction(compacting.open(config, id, dataDir, log), config, id, features);
    },
    wire: productionWire,
  };
}

function openProduction(
  opened: OpenedCore,
  config: ClusterConfig,
  id: number,
  features: ProductionFeatures,
): OpenedCore {
  if (!(opened.node instanceof CompactingNode)) {
    throw new Error("invariant: stage 10's core opened a node that is not a CompactingNode");
  }
  const peers = config.nodes.filter((node) => node.id !== id).map((node) => node.id);
  const node = new ProductionSystemNode(
    opened.node,
    {
      id,
      peers,
      electionTimeoutTicks: config.electionTicks,
      limits: { heartbeatIntervalTicks: config.heartbeatTicks },
      preVote: features.preVote,
      checkQuorum: features.checkQuorum,
      ...(features.lease === undefined
        ? {}
        : { lease: { driftMarginTicks: leaseMarginTicks(features, config) } }),
    },
    Math.ceil(config.requestTimeoutMs / config.tickMs),
  );
  return {
    ...opened,
    node,
    route(command, settle, nudge) {
      if (!features.readIndex || !isReadCommand(command)) return false;
      node.read(command, settle);
      nudge();
      return true;
    },
    admin: (command) => transferCommand(command, node, peers),
    refuse: refusedWithSessions,
    close() {
      node.close();
      opened.close?.();
    },
  };
}

/** RAFT.TRANSFER <id>: start handing leadership to that peer; OK once started (§3.10). */
function transferCommand(
  command: readonly string[],
  node: ProductionSystemNode,
  peers: readonly number[],
): Reply | undefined {
  const [name = "", ...args] = command;
  if (name.toUpperCase() !== "RAFT.TRANSFER") return undefined;
  if (args.length !== 1) return error("ERR wrong number of arguments for 'RAFT.TRANSFER' command");
  const to = Number(args[0]);
  if (!peers.includes(to))
    return error(`ERR RAFT.TRANSFER: ${args[0]} is not a peer of node ${node.id}`);
  if (node.role !== "leader") {
    return error(
      `ERR RAFT.TRANSFER: node ${node.id} does not lead (leader: ${node.leaderId ?? "unknown"})`,
    );
  }
  node.transfer(to);
  return ok;
}
