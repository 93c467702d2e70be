// Test helpers: a cluster of production nodes on the course's deterministic network (testkit's
// Cluster: persist, then send, then apply), each with a MemoryStorage, the safety rules checked
// on every Ready, and what each proposal and read received. Not a test file itself.
import { Cluster, type Faults, type Random, seededRandom } from "@rafting/testkit";
import { expect } from "vitest";
import {
  createProductionNode,
  type Entry,
  type HardState,
  KvStore,
  MemoryStorage,
  type Message,
  type Outcome,
  type ProductionConfig,
  type ProductionNode,
  type ReadOutcome,
  type Ready,
  SessionStateMachine,
} from "#stage";

export interface ProductionSetup {
  readonly seed: number;
  /** Number of nodes (ids 1..size); 3 by default. */
  readonly size?: number;
  readonly faults?: Partial<Faults>;
  /** T, in ticks; 10 by default (heartbeats every 2 ticks: 04's default interval). */
  readonly electionTimeoutTicks?: number;
  readonly preVote?: boolean;
  readonly checkQuorum?: boolean;
  /** What each node's storage holds at the start (by id, 1-based); empty by default. */
  readonly images?: readonly { hardState?: HardState; entries?: readonly Entry[] }[];
  /** §6.4.1 leader leases with this drift margin; off by default. */
  readonly lease?: { readonly driftMarginTicks: number };
  /** Each node's store inside a SessionStateMachine (§6.3); a plain KvStore by default. */
  readonly sessions?: boolean;
}

export interface ProductionCluster {
  readonly cluster: Cluster<Message, ProductionNode, MemoryStorage>;
  readonly ids: readonly number[];
  /** The leader of each term any node led (one per term, checked on every Ready). */
  readonly leaders: Map<number, number>;
  /** Every result each requestId received, in order. */
  readonly results: Map<string, Outcome[]>;
  /** Every outcome each readId received, with the value of its key in the reader's store then. */
  readonly reads: Map<string, { outcome: ReadOutcome; value: string | undefined }[]>;
  /** Every message sent, in order, with the tick it left at. */
  readonly sent: { tick: number; message: Message }[];
  node(id: number): ProductionNode;
  propose(id: number, requestId: string, command: readonly string[]): void;
  /** A read of key `key` at node `id`: its value is taken from that node's store when served. */
  read(id: number, readId: string, key: string): void;
  transfer(leader: number, to: number): void;
  /**
   * Has `leader` hand over to the first other node and runs until that node leads (§3.10), for
   * at most `maxTicks`; returns the target.
   */
  transferAway(leader: number, maxTicks: number): number;
  /** The one node that leads among the nodes that are up, if exactly one believes it leads. */
  leader(): number | undefined;
  /** Runs until some node that is up leads, and returns it. */
  electLeader(maxTicks?: number): number;
}

function configOf(id: number, ids: readonly number[], setup: ProductionSetup): ProductionConfig {
  return {
    id,
    peers: ids.filter((peer) => peer !== id),
    electionTimeoutTicks: setup.electionTimeoutTicks ?? 10,
    stateMachine: setup.sessions ? new SessionStateMachine(new KvStore()) : new KvStore(),
    preVote: setup.preVote ?? true,
    checkQuorum: setup.checkQuorum ?? true,
    ...(setup.lease === undefined ? {} : { lease: setup.lease }),
  };
}

export function productionCluster(setup: ProductionSetup): ProductionCluster {
  const ids = Array.from({ length: setup.size ?? 3 }, (_, i) => i + 1);
  const randoms: Random = seededRandom(setup.seed * 7919);
  const storages = new Map(ids.map((id) => [id, new MemoryStorage(setup.images?.[id - 1])]));
  const nodes = new Map(
    ids.map((id) => [
      id,
      createProductionNode(
        configOf(id, ids, setup),
        storages.get(id) as MemoryStorage,
        randoms.fork(),
      ),
    ]),
  );
  const leaders = new Map<number, number>();
  const results = new Map<string, Outcome[]>();
  const reads = new Map<string, { outcome: ReadOutcome; value: string | undefined }[]>();
  const readKeys = new Map<string, string>();
  const sent: { tick: number; message: Message }[] = [];
  const cluster = new Cluster<Message, ProductionNode, MemoryStorage>({
    nodes,
    seed: setup.seed,
    faults: setup.faults ?? {},
    storage: (id) => storages.get(id) as MemoryStorage,
    onSend: (id, message) => {
      sent.push({ tick: cluster.now(), message: message as Message });
      checkDurable(id, message as Message, cluster.storage(id), setup.seed);
    },
    onReady: (id, ready: Ready) => {
      checkOneLeaderPerTerm(id, ready, leaders, setup.seed);
      for (const { requestId, outcome } of ready.results) {
        results.set(requestId, [...(results.get(requestId) ?? []), outcome]);
      }
      for (const { readId, outcome } of ready.reads) {
        const store = cluster.node(id).stateMachine;
        const value = outcome.type === "ready" ? valueIn(store, readKeys.get(readId)) : undefined;
        reads.set(readId, [...(reads.get(readId) ?? []), { outcome, value }]);
      }
    },
  });
  const leader = () => {
    const leading = ids.filter((id) => cluster.isUp(id) && cluster.node(id).role === "leader");
    return leading.length === 1 ? leading[0] : undefined;
  };
  return {
    cluster,
    ids,
    leaders,
    results,
    reads,
    sent,
    node: (id) => cluster.node(id),
    propose: (id, requestId, command) =>
      void cluster.step(id, { type: "propose", command, requestId }),
    read: (id, readId, key) => {
      readKeys.set(readId, key);
      cluster.step(id, { type: "read", readId });
    },
    transfer: (leaderId, to) => void cluster.step(leaderId, { type: "transfer", to }),
    transferAway: (leaderId, maxTicks) => {
      const target = ids.find((id) => id !== leaderId) as number;
      cluster.step(leaderId, { type: "transfer", to: target });
      const what = `node ${target} leads after the transfer (§3.10)`;
      cluster.runUntil(what, () => leader() === target, maxTicks);
      return target;
    },
    leader,
    electLeader: (maxTicks = 500) => {
      cluster.runUntil("a leader is elected (§5.2)", () => leader() !== undefined, maxTicks);
      return leader() as number;
    },
  };
}

function valueIn(store: { apply: KvStore["apply"] }, key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  const reply = store.apply(["GET", key]);
  return reply.type === "bulk" ? (reply.value ?? undefined) : undefined;
}

function checkOneLeaderPerTerm(
  id: number,
  ready: Ready,
  leaders: Map<number, number>,
  seed: number,
): void {
  if (ready.role !== "leader") return;
  const other = leaders.get(ready.term) ?? id;
  expect(
    other,
    `§5.2 Election Safety: one leader in term ${ready.term} (node ${id}, seed ${seed})`,
  ).toBe(id);
  leaders.set(ready.term, id);
}

/**
 * Figure 2: "update stable storage before responding to RPCs", checked as each message leaves:
 * the sender's durable term is the message's (a pre-vote asks about the term after it), a vote
 * and a self-vote are durable, and so are the entries a success reports.
 */
function checkDurable(id: number, message: Message, storage: MemoryStorage, seed: number): void {
  const { hardState, entries } = storage.load();
  const where = `node ${id}, ${message.type} to ${message.to}, seed ${seed}`;
  const term = message.type === "pre-vote" ? message.term - 1 : message.term;
  expect(
    hardState.term,
    `Figure 2: the term is durable before a message of it leaves (${where})`,
  ).toBe(term);
  if (message.type === "request-vote-response" && message.granted) {
    expect(hardState.votedFor, `Figure 2: the vote is durable before it is sent (${where})`).toBe(
      message.to,
    );
  }
  if (message.type === "request-vote") {
    expect(hardState.votedFor, `§5.2: the self-vote is durable before RequestVote (${where})`).toBe(
      id,
    );
  }
  if (message.type === "append-entries-response" && message.success) {
    expect(
      entries.length,
      `§5.3: entries are durable before success is reported (${where})`,
    ).toBeGreaterThanOrEqual(message.matchIndex);
  }
}
