// Test helpers: a cluster of replication nodes on the course's deterministic network, and the
// logs of the Raft paper's figures. Not a test file itself.
import { Cluster, type Faults } from "@rafting/testkit";
import {
  type Entry,
  entrySizeBytes,
  MemoryStorage,
  RaftLog,
  type ReplicationLimits,
  type ReplicationMessage,
  ReplicationNode,
  type ReplicationReady,
} from "#stage";

/** A log with one entry per term given, e.g. entries(1, 1, 4): commands name index and term. */
export function entries(...terms: number[]): Entry[] {
  return terms.map((term, i) => ({ term, command: ["SET", `k${i + 1}`, `t${term}`] }));
}

/** The log as [term, ...command] rows, for readable comparisons. */
export function logOf(node: ReplicationNode): string[] {
  return node.log.slice(1).map((entry) => `${entry.term}:${entry.command.join(" ")}`);
}

/** What node `id` has durably stored, in the same form as logOf. */
export function storedLog(cluster: ReplicationCluster, id: number): string[] {
  const storage = cluster.storage(id) as MemoryStorage;
  return storage.load().entries.map((entry) => `${entry.term}:${entry.command.join(" ")}`);
}

export interface ClusterSetup {
  readonly seed: number;
  readonly term: number;
  /** Logs by node id; node 1 is the leader. */
  readonly logs: readonly (readonly Entry[])[];
  readonly limits?: Partial<ReplicationLimits>;
  readonly faults?: Partial<Faults>;
  readonly onReady?: (id: number, ready: ReplicationReady) => void;
}

export type ReplicationCluster = Cluster<ReplicationMessage, ReplicationNode>;

export function replicationCluster(setup: ClusterSetup): ReplicationCluster {
  const ids = setup.logs.map((_, i) => i + 1);
  const nodes = new Map(
    ids.map((id) => {
      const node = new ReplicationNode({
        id,
        peers: ids.filter((peer) => peer !== id),
        role: id === 1 ? "leader" : "follower",
        term: setup.term,
        log: new RaftLog(setup.logs[id - 1] ?? []),
        leaderId: 1,
        limits: setup.limits ?? {},
      });
      return [id, node] as const;
    }),
  );
  return new Cluster<ReplicationMessage, ReplicationNode>({
    nodes,
    seed: setup.seed,
    faults: setup.faults ?? {},
    // Each node's storage (stage 03's) starts with the log it was built from, as if restored from it.
    storage: (id) => new MemoryStorage({ entries: setup.logs[id - 1] ?? [] }),
    ...(setup.onReady ? { onReady: setup.onReady } : {}),
  });
}

/** True when every node's log equals the leader's (node 1). */
export function converged(cluster: ReplicationCluster): boolean {
  const leader = logOf(cluster.node(1)).join("|");
  return cluster.ids().every((id) => logOf(cluster.node(id)).join("|") === leader);
}

/** The bytes of entries an AppendEntries carries, as flow control counts them. */
export function batchBytes(batch: readonly Entry[]): number {
  return batch.reduce((sum, entry) => sum + entrySizeBytes(entry), 0);
}
