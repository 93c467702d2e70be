// The Raft node with log compaction (§7): stage 06's node (imported, not copied) around a
// CompactedLog, plus snapshots. Pure like the rest of the core: taking a snapshot of the state
// machine and installing one are Ready effects the driver carries out (see node-messages.ts),
// and their completion comes back as an input.
//
// What each step adds to stage 06's:
//   - compaction: once the log passes the policy's size, snapshot the state machine as of
//     lastApplied (saveSnapshot); on "snapshot-saved", forget the entries it covers;
//   - leader: a follower whose next entry is compacted gets the snapshot by InstallSnapshot
//     (chunked, within the caps), while stage 04 goes on replicating to the others; "installed"
//     counts for replication as an AppendEntries success through lastIncludedIndex;
//   - follower: chunks assembled by the SnapshotReceiver; a complete snapshot is installed
//     (installSnapshot); on "snapshot-installed", §7's log rule, the state machine restored,
//     commitIndex and lastApplied moved to lastIncludedIndex, and the answer to the leader.
// An InstallSnapshot (and, during an install, an AppendEntries) reaches stage 06 as what it is for
// elections: a message from the leader of its term (a heartbeat), so terms, leader and election
// timer work exactly as for AppendEntries.
import {
  type AppendEntriesRequest,
  type AppendEntriesResponse,
  checkLimits,
  type ElectionRandom,
  type Entry,
  type HardState,
  InnerStateView,
  type RaftConfig,
  RaftNode,
  type Ready as RaftReady,
} from "#raft";
import { CompactedLog } from "./compacted-log.ts";
import type { InstallSnapshotRequest, InstallSnapshotResponse } from "./install-snapshot.ts";
import { SnapshotReceiver, snapshotResponse } from "./install-snapshot-receiver.ts";
import { SnapshotKvStore, type SnapshotStateMachine } from "./kv-snapshot.ts";
import {
  type CompactionPolicy,
  checkCompactionPolicy,
  LogBytes,
  shouldCompact,
} from "./node-compaction.ts";
import type { Input, InstallSnapshotEffect, Message, Ready, SnapshotId } from "./node-messages.ts";
import { SnapshotSenders } from "./node-senders.ts";
import { checkSnapshot, type Snapshot } from "./snapshot.ts";

export interface CompactingConfig extends Omit<RaftConfig, "stateMachine"> {
  /** Where committed commands are applied, and what snapshots hold; a SnapshotKvStore by default. */
  readonly stateMachine?: SnapshotStateMachine;
  /** When to compact (entries and bytes held after the snapshot); see defaultCompactionPolicy. */
  readonly compaction?: Partial<CompactionPolicy>;
}

/** What a node restores from its storage: the hard state, the latest snapshot, the entries after it. */
export interface RestoredWithSnapshot {
  readonly hardState: HardState;
  readonly snapshot: Snapshot | undefined;
  /** The entries after the snapshot (from lastIncludedIndex + 1; from 1 without a snapshot). */
  readonly entries: readonly Entry[];
}

/** A snapshot the driver is installing, and the chunk to answer once it is done. */
interface Installing {
  readonly effect: InstallSnapshotEffect;
  readonly lastChunk: InstallSnapshotRequest;
}

export class CompactingNode extends InnerStateView<RaftNode> {
  readonly log: CompactedLog;
  readonly stateMachine: SnapshotStateMachine;
  protected readonly raft: RaftNode;
  private readonly policy: CompactionPolicy;
  private readonly receiver = new SnapshotReceiver();
  private readonly logBytes = new LogBytes();
  private readonly senders: SnapshotSenders;
  /** The snapshot the log starts from (what a leader sends), or undefined before the first. */
  private latest: Snapshot | undefined;
  /** The snapshot the driver is saving, until "snapshot-saved". */
  private saving: Snapshot | undefined;
  /** The snapshot the driver is installing, until "snapshot-installed". */
  private installing: Installing | undefined;
  private nowTick = 0;
  // What stage 10 itself produced in the current step, merged into the Ready by takeReady.
  private outbox: Message[] = [];
  private saveEffect: Snapshot | undefined;
  private installEffect: InstallSnapshotEffect | undefined;

  constructor(config: CompactingConfig, restored: RestoredWithSnapshot, random: ElectionRandom) {
    super();
    const { compaction, stateMachine, ...raftConfig } = config;
    this.policy = checkCompactionPolicy(compaction);
    this.stateMachine = stateMachine ?? new SnapshotKvStore();
    const { snapshot } = restored;
    if (snapshot !== undefined) {
      checkSnapshot(snapshot);
      this.stateMachine.restoreSnapshot(snapshot.data);
    }
    this.log = new CompactedLog(
      snapshot === undefined
        ? undefined
        : { snapshotIndex: snapshot.lastIncludedIndex, snapshotTerm: snapshot.lastIncludedTerm },
      restored.entries,
    );
    this.latest = snapshot;
    this.raft = new RaftNode(
      { ...raftConfig, stateMachine: this.stateMachine },
      {
        hardState: restored.hardState,
        log: this.log,
        appliedIndex: snapshot?.lastIncludedIndex ?? 0,
      },
      random,
    );
    const limits = checkLimits(config.limits);
    this.senders = new SnapshotSenders({
      maxChunkBytes: limits.maxBytesPerMessage,
      maxChunksInFlight: limits.maxInflightPerFollower,
      retransmitTimeoutTicks: limits.retransmitTimeoutTicks,
    });
  }

  // The node's public state: stage 06's (term, role, ...: InnerStateView), plus the snapshots.
  get id(): number {
    return this.raft.id;
  }

  get peers(): readonly number[] {
    return this.raft.peers;
  }

  /** Whether a tick now would start an election (never while a snapshot is being installed). */
  get electionDueOnNextTick(): boolean {
    return this.installing === undefined && this.raft.electionDueOnNextTick;
  }

  /** 06's election timer (for RAFT.STATUS and viewers): the timeout drawn, the ticks since. */
  get electionTimeoutTicks(): number {
    return this.raft.electionTimeoutTicks;
  }

  get electionElapsedTicks(): number {
    return this.raft.electionElapsedTicks;
  }

  /** The snapshot the log starts from, or undefined. */
  get snapshot(): Snapshot | undefined {
    return this.latest;
  }

  /** Whether the driver is installing a leader's snapshot (between the effect and its input). */
  get isInstalling(): boolean {
    return this.installing !== undefined;
  }

  /** Followers the leader is sending a snapshot to now. */
  snapshotTransfers(): number[] {
    return this.senders.peers();
  }

  // 06's hooks for a layer above (stage 11's ProductionNode runs on this node), delegated to the
  // 06 node inside; each returns its Ready as a step does, with this stage's after-step work.

  /** Start an election now (none while a snapshot is being installed, as for the timer). */
  campaign(): Ready {
    return this.hook(() => (this.installing === undefined ? this.raft.campaign() : undefined));
  }

  /** A leader becomes a follower of its term that knows no leader. */
  stepDown(): Ready {
    return this.hook(() => this.raft.stepDown());
  }

  /** Figure 2, "All Servers": a higher term heard of in a message 06 does not know is adopted. */
  observeTerm(term: number): Ready {
    return this.hook(() => this.raft.observeTerm(term));
  }

  resetElectionTimer(): void {
    this.raft.resetElectionTimer();
  }

  private hook(run: () => RaftReady | undefined): Ready {
    const ready = run();
    this.afterStep(ready?.persist?.fromIndex);
    return this.takeReady(ready);
  }

  /** One event in, effects out. */
  step(input: Input): Ready {
    let ready: RaftReady | undefined;
    switch (input.type) {
      case "tick":
        ready = this.tick();
        break;
      case "propose":
        ready = this.raft.step(input);
        break;
      case "message":
        ready = this.receive(input.message);
        break;
      case "snapshot-saved":
        this.snapshotSaved(input);
        break;
      case "snapshot-installed":
        this.snapshotInstalled(input);
        break;
    }
    this.afterStep(ready?.persist?.fromIndex);
    return this.takeReady(ready);
  }

  private tick(): RaftReady | undefined {
    this.nowTick++;
    this.senders.onTick(this.nowTick);
    // A node whose log is about to be replaced starts no election (etcd's raft refuses to
    // campaign with a snapshot pending, too); a follower's tick does nothing else.
    if (this.installing !== undefined) return undefined;
    return this.raft.step({ type: "tick" });
  }

  private receive(message: Message): RaftReady | undefined {
    switch (message.type) {
      case "install-snapshot":
        return this.receiveChunk(message);
      case "install-snapshot-response":
        return this.receiveSnapshotResponse(message);
      case "append-entries":
        // During an install the log must not change under it: the leader resends later.
        if (this.installing !== undefined) return this.hearLeader(message);
        return this.raft.step({ type: "message", message });
      default:
        return this.raft.step({ type: "message", message });
    }
  }

  /** Figure 13, receiver: rules 1 (term) through stage 06, then the chunk to the receiver. */
  private receiveChunk(request: InstallSnapshotRequest): RaftReady {
    throw new Error("not implemented: CompactingNode.receiveChunk (hear the leader, then Figure 13 through the receiver; a complete snapshot is installed)");
  }


  /** The driver installed the snapshot durably: the node's state follows, then the leader hears. */
  private snapshotInstalled(id: SnapshotId): void {
    const installing = this.installing;
    if (installing === undefined || !sameSnapshot(installing.effect.snapshot, id)) {
      throw new Error(
        `node ${this.id}: snapshot-installed for ${describe(id)}, but the node is installing ${installing === undefined ? "nothing" : describe(installing.effect.snapshot)}`,
      );
    }
    throw new Error("not implemented: CompactingNode.snapshotInstalled (§7 log rule, restore the state machine, commit and apply jump, answer the leader)");
  }

  /** Figure 13, sender: a deposed leader steps down; an installed snapshot moves replication on. */
  private receiveSnapshotResponse(response: InstallSnapshotResponse): RaftReady | undefined {
    throw new Error("not implemented: CompactingNode.receiveSnapshotResponse (higher term: step down; installed: replication goes on after lastIncludedIndex)");
  }

  /** The driver saved the snapshot durably: the log forgets the entries it covers. */
  private snapshotSaved(id: SnapshotId): void {
    const saving = this.saving;
    if (saving === undefined || !sameSnapshot(saving, id)) {
      throw new Error(
        `node ${this.id}: snapshot-saved for ${describe(id)}, but the node is saving ${saving === undefined ? "nothing" : describe(saving)}`,
      );
    }
    this.saving = undefined;
    throw new Error("not implemented: CompactingNode.snapshotSaved (compact the log through the saved snapshot; it is now the one to send)");
  }

  /** After every step (`changedFrom`: the first entry it rewrote): snapshot transfers, compaction. */
  private afterStep(changedFrom: number | undefined): void {
    const logBytes = this.logBytes.measure(this.log, changedFrom);
    throw new Error("not implemented: CompactingNode.afterStep (leader: send snapshots to followers that need one; every node: compact when the log is too big)");
  }


  private latestSnapshot(): Snapshot {
    const latest = this.latest;
    if (latest === undefined || latest.lastIncludedIndex !== this.log.snapshotIndex) {
      throw new Error(
        `invariant: node ${this.id} holds no snapshot for its log's base ${this.log.snapshotIndex}`,
      );
    }
    return latest;
  }

  /**
   * A message from a leader (an InstallSnapshot, or an AppendEntries held back during an install)
   * reaches stage 06 as an empty AppendEntries at index 0, which every log matches: the term is
   * adopted, a candidate steps down, the timer is reset. Stage 04's answer to it is dropped.
   */
  private hearLeader(message: { from: number; to: number; term: number }): RaftReady {
    const heartbeat: AppendEntriesRequest = {
      type: "append-entries",
      from: message.from,
      to: message.to,
      term: message.term,
      prevIndex: 0,
      prevTerm: 0,
      entries: [],
      leaderCommit: 0,
    };
    const ready = this.raft.step({ type: "message", message: heartbeat });
    const messages = ready.messages.filter(
      (sent) => !(sent.type === "append-entries-response" && sent.to === message.from),
    );
    return { ...ready, messages };
  }

  /** A response with a higher term: stage 06 adopts it (Figure 2, "All Servers"). */
  private hearHigherTerm(response: InstallSnapshotResponse): RaftReady {
    const rejection: AppendEntriesResponse = {
      type: "append-entries-response",
      from: response.from,
      to: response.to,
      term: response.term,
      success: false,
      prevIndex: 0,
      matchIndex: 0,
    };
    return this.raft.step({ type: "message", message: rejection });
  }

  private answer(request: InstallSnapshotRequest, nextOffset: number, installed: boolean): void {
    this.outbox.push(snapshotResponse(request, this.raft.term, nextOffset, installed));
  }

  private takeReady(ready: RaftReady | undefined): Ready {
    const base = ready ?? this.quietReady();
    const result: Ready = {
      ...base,
      messages: [...base.messages, ...this.outbox],
      saveSnapshot: this.saveEffect,
      installSnapshot: this.installEffect,
    };
    this.outbox = [];
    this.saveEffect = undefined;
    this.installEffect = undefined;
    return result;
  }

  /** Stage 06's Ready of a step it did not take part in. */
  private quietReady(): RaftReady {
    return {
      messages: [],
      persist: undefined,
      commitIndex: this.raft.commitIndex,
      applied: [],
      results: [],
      hardState: undefined,
      role: this.raft.role,
      term: this.raft.term,
      leaderId: this.raft.leaderId,
    };
  }
}

/** A node restored from its storage (an empty storage: a brand-new node). */
export function createCompactingNode(
  config: CompactingConfig,
  storage: { load(): RestoredWithSnapshot },
  random: ElectionRandom,
): CompactingNode {
  return new CompactingNode(config, storage.load(), random);
}

function successThrough(response: InstallSnapshotResponse, index: number): AppendEntriesResponse {
  return {
    type: "append-entries-response",
    from: response.from,
    to: response.to,
    term: response.term,
    success: true,
    prevIndex: index,
    matchIndex: index,
  };
}

function sameSnapshot(snapshot: SnapshotId, id: SnapshotId): boolean {
  return (
    snapshot.lastIncludedIndex === id.lastIncludedIndex &&
    snapshot.lastIncludedTerm === id.lastIncludedTerm
  );
}

function describe(id: SnapshotId): string {
  return `the snapshot through ${id.lastIncludedIndex} (term ${id.lastIncludedTerm})`;
}
