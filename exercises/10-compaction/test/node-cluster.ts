// Test helpers for the compacting node: an in-memory storage with a snapshot (what a driver's
// storage must do with the snapshot effects), a cluster of compacting nodes on the course's
// deterministic network whose driver carries the effects out, and safety checks on every Ready.
// Not a test file itself.
import { Cluster, type Faults, seededRandom } from "@rafting/testkit";
import { expect } from "vitest";
import {
  type CompactingConfig,
  type CompactingNode,
  type CompactionPolicy,
  createCompactingNode,
  type Entry,
  type HardState,
  type Input,
  type InstallSnapshotEffect,
  initialHardState,
  type Message,
  type Ready,
  type ReplicationLimits,
  type RestoredWithSnapshot,
  type Snapshot,
  SnapshotKvStore,
} from "#stage";

/** A node's storage in memory: hard state, the latest snapshot and the entries after it. */
export class SnapshotMemoryStorage {
  hardState: HardState = initialHardState;
  snapshot: Snapshot | undefined;
  /** The entries after the snapshot: entries[0] is index snapshotIndex + 1. */
  entries: Entry[] = [];
  /** How many leader's snapshots were installed here. */
  installs = 0;

  constructor(image?: Partial<RestoredWithSnapshot>) {
    this.hardState = image?.hardState ?? initialHardState;
    this.snapshot = image?.snapshot;
    this.entries = [...(image?.entries ?? [])];
  }

  get snapshotIndex(): number {
    return this.snapshot?.lastIncludedIndex ?? 0;
  }

  lastIndex(): number {
    return this.snapshotIndex + this.entries.length;
  }

  saveHardState(state: HardState): void {
    this.hardState = state;
  }

  writeEntries(fromIndex: number, entries: readonly Entry[]): void {
    if (fromIndex <= this.snapshotIndex || fromIndex > this.lastIndex() + 1) {
      throw new RangeError(
        `persist from ${fromIndex}: stored are ${this.snapshotIndex + 1}..${this.lastIndex()} after the snapshot`,
      );
    }
    this.entries.length = fromIndex - 1 - this.snapshotIndex;
    this.entries.push(...entries);
  }

  sync(): void {}

  /** saveSnapshot's contract: the snapshot is durable, then the entries it covers go. */
  saveSnapshot(snapshot: Snapshot): void {
    const covered = snapshot.lastIncludedIndex - this.snapshotIndex;
    this.entries = this.entries.slice(Math.max(covered, 0));
    this.snapshot = snapshot;
  }

  /** installSnapshot's contract: without retainLog the entries after it go first. */
  installSnapshot(effect: InstallSnapshotEffect): void {
    this.installs++;
    const { lastIncludedIndex } = effect.snapshot;
    if (!effect.retainLog && this.lastIndex() > lastIncludedIndex) {
      this.entries.length = Math.max(lastIncludedIndex - this.snapshotIndex, 0);
    }
    this.saveSnapshot(effect.snapshot);
  }

  load(): RestoredWithSnapshot {
    return { hardState: this.hardState, snapshot: this.snapshot, entries: [...this.entries] };
  }
}

/** Carries out a Ready's snapshot effects on storage; returns the inputs that say they are done. */
export function carryOutSnapshots(ready: Ready, storage: SnapshotMemoryStorage): Input[] {
  const done: Input[] = [];
  if (ready.saveSnapshot !== undefined) {
    storage.saveSnapshot(ready.saveSnapshot);
    done.push({ type: "snapshot-saved", ...idOf(ready.saveSnapshot) });
  }
  if (ready.installSnapshot !== undefined) {
    storage.installSnapshot(ready.installSnapshot);
    done.push({ type: "snapshot-installed", ...idOf(ready.installSnapshot.snapshot) });
  }
  return done;
}

export function idOf(snapshot: Snapshot) {
  const { lastIncludedIndex, lastIncludedTerm } = snapshot;
  return { lastIncludedIndex, lastIncludedTerm };
}

export interface CompactionSetup {
  readonly seed: number;
  /** Number of nodes (ids 1..size); 3 by default. */
  readonly size?: number;
  readonly faults?: Partial<Faults>;
  readonly limits?: Partial<ReplicationLimits>;
  readonly compaction?: Partial<CompactionPolicy>;
  /**
   * Nodes whose driver is slow to carry out snapshot effects: it has not finished them (nor
   * said so) when the node crashes. The test adds and removes ids as it goes.
   */
  readonly slowSnapshots?: Set<number>;
}

export interface CompactionCluster {
  readonly cluster: Cluster<Message, CompactingNode, SnapshotMemoryStorage>;
  readonly ids: readonly number[];
  /** How many messages each node sent, by type. */
  readonly sent: Map<number, Map<string, number>>;
  /** Every message sent, in the order they left. */
  readonly log: Message[];
  node(id: number): CompactingNode;
  storage(id: number): SnapshotMemoryStorage;
  propose(id: number, requestId: string, command: readonly string[]): void;
  crash(id: number): void;
  /** Restarts a crashed node from its storage (snapshot plus log). */
  restart(id: number): void;
  leader(): number | undefined;
  electLeader(maxTicks?: number): number;
  /** Proposes SETs k<first>..k<first+count-1> at the leader and runs until they are applied there. */
  write(first: number, count: number): void;
  /** Runs until every node that is up applied everything the leader committed. */
  settle(what: string, maxTicks?: number): void;
}

export function nodeConfig(id: number, ids: readonly number[], setup: CompactionSetup) {
  return {
    id,
    peers: ids.filter((peer) => peer !== id),
    electionTimeoutTicks: 10,
    limits: setup.limits ?? {},
    compaction: setup.compaction ?? {},
    stateMachine: new SnapshotKvStore(),
  } satisfies CompactingConfig;
}

export function compactionCluster(setup: CompactionSetup): CompactionCluster {
  const ids = Array.from({ length: setup.size ?? 3 }, (_, i) => i + 1);
  const randoms = seededRandom(setup.seed * 7919);
  const makeNode = (id: number, storage: SnapshotMemoryStorage) =>
    createCompactingNode(nodeConfig(id, ids, setup), storage, randoms.fork());
  const storages = new Map(ids.map((id) => [id, new SnapshotMemoryStorage()]));
  const nodes = new Map(ids.map((id) => [id, makeNode(id, storages.get(id)!)]));
  const sent = new Map(ids.map((id) => [id, new Map<string, number>()]));
  const log: Message[] = [];
  const checker = new Checks(setup.seed);
  const cluster = new Cluster<Message, CompactingNode, SnapshotMemoryStorage>({
    nodes,
    seed: setup.seed,
    faults: setup.faults ?? {},
    storage: (id) => storages.get(id)!,
    onSend: (id, message) => {
      const counts = sent.get(id)!;
      const { type } = message as Message;
      counts.set(type, (counts.get(type) ?? 0) + 1);
      log.push(message as Message);
      checkDurable(id, message as Message, cluster.storage(id), setup.seed);
    },
    onReady: (id, ready) => checker.check(id, ready, cluster.node(id)),
    moreEffects: (id, ready, storage) =>
      setup.slowSnapshots?.has(id) ? [] : carryOutSnapshots(ready, storage),
  });
  const leader = () => {
    const up = ids.filter((id) => cluster.isUp(id));
    const leading = up.filter((id) => cluster.node(id).role === "leader");
    return leading.length === 1 ? leading[0] : undefined;
  };
  const electLeader = (maxTicks = 500) => {
    cluster.runUntil("a leader is elected (§5.2)", () => leader() !== undefined, maxTicks);
    return leader() as number;
  };
  const upToDate = () => {
    const lead = leader();
    if (lead === undefined) return false;
    const commit = cluster.node(lead).commitIndex;
    return ids.every((id) => !cluster.isUp(id) || cluster.node(id).lastApplied === commit);
  };
  return {
    cluster,
    ids,
    sent,
    log,
    node: (id) => cluster.node(id),
    storage: (id) => cluster.storage(id),
    propose: (id, requestId, command) =>
      void cluster.step(id, { type: "propose", command, requestId }),
    crash: (id) => cluster.crash(id),
    restart: (id) => {
      checker.restarted(id);
      cluster.restart(id, makeNode(id, cluster.storage(id)));
    },
    leader,
    electLeader,
    write: (first, count) => {
      const lead = electLeader();
      const node = cluster.node(lead);
      for (let k = first; k < first + count; k++) {
        cluster.step(lead, {
          type: "propose",
          command: ["SET", `k${k}`, `v${k}`],
          requestId: `w${k}`,
        });
      }
      const target = node.log.lastIndex();
      cluster.runUntil(`the leader applies through ${target}`, () => node.lastApplied >= target);
    },
    settle: (what, maxTicks = 1000) => cluster.runUntil(what, upToDate, maxTicks),
  };
}

/**
 * Figure 2 and §7: what a message says is durable when it leaves: entries for an AppendEntries
 * success, the snapshot for an InstallSnapshot "installed".
 */
function checkDurable(id: number, message: Message, storage: SnapshotMemoryStorage, seed: number) {
  const where = `node ${id}, ${message.type} to ${message.to}, seed ${seed}`;
  expect(storage.hardState.term, `Figure 2: the term is durable first (${where})`).toBe(
    message.term,
  );
  if (message.type === "append-entries-response" && message.success) {
    expect(
      storage.lastIndex(),
      `§5.3: entries are durable before success is reported (${where})`,
    ).toBeGreaterThanOrEqual(message.matchIndex);
  }
  if (message.type === "install-snapshot-response" && message.installed) {
    expect(
      storage.lastIndex(),
      `§7: the snapshot is durable before "installed" is reported (${where})`,
    ).toBeGreaterThanOrEqual(message.lastIncludedIndex);
  }
}

/** Safety on every Ready: in-order apply (a snapshot may jump it), one entry per index, snapshots only of applied state. */
class Checks {
  private readonly appliedThrough = new Map<number, number>();
  private readonly appliedAt = new Map<number, string>();
  private readonly seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  restarted(id: number): void {
    this.appliedThrough.delete(id);
  }

  check(id: number, ready: Ready, node: CompactingNode): void {
    const where = `node ${id}, seed ${this.seed}`;
    let last = this.appliedThrough.get(id) ?? node.log.snapshotIndex;
    for (const entry of ready.applied) {
      expect(entry.index, `Figure 2: apply once each, in log order (${where})`).toBe(last + 1);
      last = entry.index;
      const key = JSON.stringify([entry.term, entry.command]);
      const first = this.appliedAt.get(entry.index) ?? key;
      expect(key, `§5.4.3: one entry per index applied (${where}, index ${entry.index})`).toBe(
        first,
      );
      this.appliedAt.set(entry.index, key);
    }
    this.appliedThrough.set(id, node.lastApplied);
    if (ready.saveSnapshot !== undefined) {
      expect(
        ready.saveSnapshot.lastIncludedIndex,
        `§7: a snapshot covers only applied (so committed) entries (${where})`,
      ).toBeLessThanOrEqual(node.lastApplied);
    }
  }
}
