// Test helpers: a cluster of Raft nodes (fixed leader) on the course's deterministic network,
// recording every result and applied entry and checking the apply rules on every Ready.
// Not a test file itself.
import { Cluster, type Faults } from "@rafting/testkit";
import { expect } from "vitest";
import {
  type AppendEntriesRequest,
  type AppliedEntry,
  type ConsensusConfig,
  ConsensusNode,
  type ConsensusReady,
  type Entry,
  KvStore,
  MemoryStorage,
  type Outcome,
  RaftLog,
  type ReplicationLimits,
  type ReplicationMessage,
} from "#stage";

/** A log with one entry per term given; commands are SETs naming index and term. */
export function entries(...terms: number[]): Entry[] {
  return terms.map((term, i) => ({ term, command: ["SET", `k${i + 1}`, `t${term}`] }));
}

/** Node 2 of three, an empty follower in term 1 that knows node 1 leads. */
export function followerOfNode1(): ConsensusNode {
  return new ConsensusNode({
    id: 2,
    peers: [1, 3],
    role: "follower",
    term: 1,
    log: new RaftLog(),
    leaderId: 1,
  });
}

/**
 * Node 1 leading term 2 over one entry, with client "mine"'s proposal pending at index 2: the
 * leader about to be deposed by overwritingAppend.
 */
export function leaderWithPendingProposal(): ConsensusNode {
  const node = new ConsensusNode({
    id: 1,
    peers: [2, 3],
    role: "leader",
    term: 2,
    log: new RaftLog(entries(1)),
  });
  node.step({ type: "propose", command: ["SET", "x", "mine"], requestId: "mine" });
  return node;
}

/** A term-3 leader's AppendEntries with its own entry at index 2 (stage 06 elects it; crafted). */
export function overwritingAppend(leaderCommit: number): AppendEntriesRequest {
  return {
    type: "append-entries",
    from: 2,
    to: 1,
    term: 3,
    prevIndex: 1,
    prevTerm: 1,
    entries: [{ term: 3, command: ["SET", "x", "theirs"] }],
    leaderCommit,
  };
}

export interface RaftSetup {
  readonly seed: number;
  readonly term: number;
  /** Logs by node id (1-based); node `leader` (default 1) leads. */
  readonly logs: readonly (readonly Entry[])[];
  readonly leader?: number;
  readonly limits?: Partial<ReplicationLimits>;
  readonly faults?: Partial<Faults>;
}

export interface RaftCluster {
  readonly cluster: Cluster<ReplicationMessage, ConsensusNode>;
  /** Every result each requestId received, in order (more than one is a bug). */
  readonly results: Map<string, Outcome[]>;
  /** Every entry each node applied, in order. */
  readonly applied: Map<number, AppliedEntry[]>;
  propose(id: number, requestId: string, command: readonly string[]): void;
}

export function nodeConfig(
  id: number,
  ids: readonly number[],
  role: ConsensusConfig["role"],
  term: number,
  log: readonly Entry[],
): ConsensusConfig {
  return {
    id,
    peers: ids.filter((peer) => peer !== id),
    role,
    term,
    log: new RaftLog(log),
    stateMachine: new KvStore(),
  };
}

export function raftCluster(setup: RaftSetup): RaftCluster {
  const ids = setup.logs.map((_, i) => i + 1);
  const leader = setup.leader ?? 1;
  const nodes = new Map(
    ids.map((id) => {
      const role = id === leader ? "leader" : "follower";
      const config = nodeConfig(id, ids, role, setup.term, setup.logs[id - 1] ?? []);
      return [
        id,
        new ConsensusNode({ ...config, leaderId: leader, limits: setup.limits ?? {} }),
      ] as const;
    }),
  );
  const results = new Map<string, Outcome[]>();
  const applied = new Map<number, AppliedEntry[]>(ids.map((id) => [id, []]));
  const commitIndexes = new Map<number, number>();
  const onReady = (id: number, ready: ConsensusReady) => {
    checkReady(id, ready, applied.get(id) ?? [], commitIndexes.get(id) ?? 0);
    commitIndexes.set(id, ready.commitIndex);
    applied.get(id)?.push(...ready.applied);
    for (const { requestId, outcome } of ready.results) {
      results.set(requestId, [...(results.get(requestId) ?? []), outcome]);
    }
  };
  const cluster = new Cluster<ReplicationMessage, ConsensusNode>({
    nodes,
    seed: setup.seed,
    faults: setup.faults ?? {},
    storage: (id) => new MemoryStorage({ entries: setup.logs[id - 1] ?? [] }),
    onReady,
  });
  const propose = (id: number, requestId: string, command: readonly string[]) => {
    cluster.step(id, { type: "propose", command, requestId });
  };
  return { cluster, results, applied, propose };
}

/** The apply rules, checked on every Ready of every node. */
function checkReady(
  id: number,
  ready: ConsensusReady,
  before: readonly AppliedEntry[],
  commitBefore: number,
) {
  expect(
    ready.commitIndex,
    `Figure 2: commitIndex never decreases (node ${id})`,
  ).toBeGreaterThanOrEqual(commitBefore);
  let last = before.at(-1)?.index ?? 0;
  for (const entry of ready.applied) {
    expect(
      entry.index,
      `Figure 2: entries are applied exactly once, in log order (node ${id})`,
    ).toBe(last + 1);
    last = entry.index;
  }
  expect(last, `Figure 2: lastApplied never exceeds commitIndex (node ${id})`).toBeLessThanOrEqual(
    ready.commitIndex,
  );
}

export function onlyOutcome(
  results: Map<string, Outcome[]>,
  requestId: string,
): Outcome | undefined {
  const outcomes = results.get(requestId) ?? [];
  expect(outcomes.length, `a proposal gets at most one result (${requestId})`).toBeLessThanOrEqual(
    1,
  );
  return outcomes[0];
}
