// Test helpers: a cluster of complete Raft nodes on the course's deterministic network, each with
// a MemoryStorage the driver saves hard state and entries to, and checks of the safety rules on
// every Ready of every node. Not a test file itself.
import { Cluster, type Faults, type Random, seededRandom } from "@rafting/testkit";
import { expect } from "vitest";
import {
  type AppliedEntry,
  createRaftNode,
  type ElectionRandom,
  type Entry,
  type HardState,
  KvStore,
  MemoryStorage,
  type Message,
  type Outcome,
  type RaftConfig,
  type RaftNode,
  type Ready,
  type ReplicationLimits,
} from "#stage";

export interface ElectionSetup {
  readonly seed: number;
  /** Number of nodes (ids 1..size); 3 by default. */
  readonly size?: number;
  readonly faults?: Partial<Faults>;
  readonly limits?: Partial<ReplicationLimits>;
  readonly electionTimeoutTicks?: number;
  /** What each node's storage holds at the start (by id, 1-based); empty by default. */
  readonly images?: readonly { hardState?: HardState; entries?: readonly Entry[] }[];
  /** Each node's randomness; forks of a PRNG seeded from `seed` by default. */
  readonly random?: (id: number) => ElectionRandom;
}

export interface ElectionCluster {
  readonly cluster: Cluster<Message, RaftNode, MemoryStorage>;
  readonly ids: readonly number[];
  /** The leader of each term any node led (one per term, checked on every Ready). */
  readonly leaders: Map<number, number>;
  /** Every result each requestId received, in order. */
  readonly results: Map<string, Outcome[]>;
  /** Every entry each node applied since its last restart, in order. */
  readonly applied: Map<number, AppliedEntry[]>;
  node(id: number): RaftNode;
  propose(id: number, requestId: string, command: readonly string[]): void;
  /** The node loses power: unsynced writes are lost; it is down until restart. */
  crash(id: number): void;
  /** Restarts a crashed node from what its storage kept. */
  restart(id: number): void;
  /** The one node that leads among the nodes that are up, if exactly one believes it leads. */
  leader(): number | undefined;
  /** Runs until some node that is up leads, and returns it. */
  electLeader(maxTicks?: number): number;
}

export function config(id: number, ids: readonly number[], setup: ElectionSetup): RaftConfig {
  return {
    id,
    peers: ids.filter((peer) => peer !== id),
    electionTimeoutTicks: setup.electionTimeoutTicks ?? 10,
    limits: setup.limits ?? {},
    stateMachine: new KvStore(),
  };
}

export function electionCluster(setup: ElectionSetup): ElectionCluster {
  const ids = Array.from({ length: setup.size ?? 3 }, (_, i) => i + 1);
  const randoms: Random = seededRandom(setup.seed * 7919);
  const makeNode = (id: number, storage: MemoryStorage) =>
    createRaftNode(config(id, ids, setup), storage, setup.random?.(id) ?? randoms.fork());
  const storages = new Map(ids.map((id) => [id, new MemoryStorage(setup.images?.[id - 1])]));
  const nodes = new Map(ids.map((id) => [id, makeNode(id, storages.get(id) as MemoryStorage)]));
  const leaders = new Map<number, number>();
  const results = new Map<string, Outcome[]>();
  const applied = new Map<number, AppliedEntry[]>(ids.map((id) => [id, []]));
  const checker = new SafetyChecker(setup.seed, leaders);
  const cluster = new Cluster<Message, RaftNode, MemoryStorage>({
    nodes,
    seed: setup.seed,
    faults: setup.faults ?? {},
    storage: (id) => storages.get(id) as MemoryStorage,
    onSend: (id, message) => checkDurable(id, message as Message, cluster.storage(id), setup.seed),
    onReady: (id, ready: Ready) => {
      checker.check(id, ready, applied.get(id) ?? []);
      applied.get(id)?.push(...ready.applied);
      for (const { requestId, outcome } of ready.results) {
        results.set(requestId, [...(results.get(requestId) ?? []), outcome]);
      }
    },
  });
  const up = () => ids.filter((id) => cluster.isUp(id));
  const leader = () => {
    const leading = up().filter((id) => cluster.node(id).role === "leader");
    return leading.length === 1 ? leading[0] : undefined;
  };
  return {
    cluster,
    ids,
    leaders,
    results,
    applied,
    node: (id) => cluster.node(id),
    propose: (id, requestId, command) =>
      void cluster.step(id, { type: "propose", command, requestId }),
    crash: (id) => cluster.crash(id),
    restart: (id) => {
      const survived = cluster.storage(id).crash();
      applied.set(id, []);
      checker.restarted(id);
      cluster.restart(id, makeNode(id, survived), survived);
    },
    leader,
    electLeader: (maxTicks = 500) => {
      cluster.runUntil("a leader is elected (§5.2)", () => leader() !== undefined, maxTicks);
      return leader() as number;
    },
  };
}

/**
 * Figure 2: "update stable storage before responding to RPCs". Checked as each message leaves:
 * what the sender's storage holds durably already covers what the message says.
 */
function checkDurable(id: number, message: Message, storage: MemoryStorage, seed: number): void {
  const { hardState, entries } = storage.load();
  const where = `node ${id}, ${message.type} to ${message.to}, seed ${seed}`;
  expect(
    hardState.term,
    `Figure 2: the term is durable before a message of that term leaves (${where})`,
  ).toBe(message.term);
  if (message.type === "request-vote-response" && message.granted) {
    expect(hardState.votedFor, `Figure 2: the vote is durable before it is sent (${where})`).toBe(
      message.to,
    );
  }
  if (message.type === "request-vote") {
    expect(
      hardState.votedFor,
      `§5.2: the self-vote is durable before RequestVote leaves (${where})`,
    ).toBe(id);
  }
  if (message.type === "append-entries-response" && message.success) {
    expect(
      entries.length,
      `§5.3: entries are durable before success is reported (${where})`,
    ).toBeGreaterThanOrEqual(message.matchIndex);
  }
}

/** Raft's safety properties (Figure 3), checked on every Ready of every node. */
class SafetyChecker {
  private readonly terms = new Map<number, number>();
  private readonly commits = new Map<number, number>();
  /** The entry applied at each index by the first node that applied it. */
  private readonly appliedAt = new Map<number, string>();
  private readonly seed: number;
  private readonly leaders: Map<number, number>;

  constructor(seed: number, leaders: Map<number, number>) {
    this.seed = seed;
    this.leaders = leaders;
  }

  restarted(id: number): void {
    this.commits.delete(id); // volatile: commitIndex starts over from 0 (Figure 2)
  }

  check(id: number, ready: Ready, before: readonly AppliedEntry[]): void {
    const where = `node ${id}, seed ${this.seed}`;
    expect(ready.term, `Figure 2: terms never decrease (${where})`).toBeGreaterThanOrEqual(
      this.terms.get(id) ?? 0,
    );
    this.terms.set(id, ready.term);
    if (ready.role === "leader") {
      const other = this.leaders.get(ready.term) ?? id;
      expect(
        other,
        `§5.2 Election Safety: at most one leader in term ${ready.term} (${where})`,
      ).toBe(id);
      this.leaders.set(ready.term, id);
    }
    expect(
      ready.commitIndex,
      `Figure 2: commitIndex never decreases (${where})`,
    ).toBeGreaterThanOrEqual(this.commits.get(id) ?? 0);
    this.commits.set(id, ready.commitIndex);
    let last = before.at(-1)?.index ?? 0;
    for (const entry of ready.applied) {
      expect(entry.index, `Figure 2: apply once each, in log order (${where})`).toBe(last + 1);
      last = entry.index;
      const key = JSON.stringify([entry.term, entry.command]);
      const first = this.appliedAt.get(entry.index) ?? key;
      expect(
        key,
        `§5.4.3 State Machine Safety: one entry per index applied (${where}, index ${entry.index})`,
      ).toBe(first);
      this.appliedAt.set(entry.index, key);
    }
  }
}
