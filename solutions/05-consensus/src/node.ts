// The consensus node of stage 05: stage 04's ReplicationNode (imported, not copied, and held
// privately) plus the commit rule, the applier and the pending proposals, composed around it.
// Each step passes the commit index down to replication's step, then (in one place,
// afterReplication) advances commitIndex, applies, and settles proposals: every change of the
// log goes through there. Stage 06 wraps this node the same way to add elections; it changes
// roles only through the become* methods here and reads replication's state through `standing`.
import { KvStore } from "#kv";
import {
  type NodeLog,
  type ReplicationConfig,
  type ReplicationInput,
  ReplicationNode,
  type ReplicationReady,
  type ReplicationView,
} from "#replication";
import { Applier, type StateMachine } from "./applier.ts";
import { followerCommitIndex, leaderCommitIndex } from "./commit.ts";
import type { ConsensusInput, ConsensusReady, ProposalResult } from "./messages.ts";
import { Proposals } from "./proposals.ts";

export interface ConsensusConfig extends ReplicationConfig {
  /** Where committed commands are applied; a fresh KvStore by default. */
  readonly stateMachine?: StateMachine;
  /** Client proposals waiting for their entry to be applied, at most. */
  readonly maxPendingProposals?: number;
  /**
   * Entries up to here are already in the state machine (stage 10: a snapshot's last index), so
   * commitIndex and lastApplied start here; 0 by default.
   */
  readonly appliedIndex?: number;
}

export class ConsensusNode {
  /** The log this node was configured with (stage 04 changes it; 05 reads it). */
  readonly log: NodeLog;
  /** Stage 04's term, role, leader and progress, read-only: stored there, not here. */
  readonly standing: ReplicationView;
  private readonly replication: ReplicationNode;
  private readonly applier: Applier;
  private readonly proposals: Proposals;
  private commit = 0;

  constructor(config: ConsensusConfig) {
    const { stateMachine, maxPendingProposals, appliedIndex, ...replication } = config;
    this.replication = new ReplicationNode(replication);
    this.standing = this.replication;
    this.log = config.log;
    this.applier = new Applier(stateMachine ?? new KvStore());
    this.proposals = new Proposals(maxPendingProposals ?? 1024);
    if (appliedIndex !== undefined) this.snapshotInstalled(appliedIndex);
  }

  get commitIndex(): number {
    return this.commit;
  }

  get lastApplied(): number {
    return this.applier.lastApplied;
  }

  get stateMachine(): StateMachine {
    return this.applier.stateMachine;
  }

  get pendingProposals(): number {
    return this.proposals.size;
  }

  /** One event in, effects out: stage 04's Ready plus commitIndex, applied entries and results. */
  step(input: ConsensusInput): ConsensusReady {
    switch (input.type) {
      case "propose":
        return this.propose(input.command, input.requestId);
      case "no-op":
        return this.afterReplication(this.replicate({ type: "append", command: [] }));
      default:
        return this.afterReplication(this.replicate(input));
    }
  }

  /** Stage 06's role changes (the log does not change, so there is nothing to commit). */
  becomeFollower(term: number, leaderId: number | undefined): void {
    this.replication.becomeFollower(term, leaderId);
  }

  becomeCandidate(term: number): void {
    this.replication.becomeCandidate(term);
  }

  becomeLeader(term: number): void {
    this.replication.becomeLeader(term);
  }

  /**
   * Stage 10: the log now starts after a snapshot through `index`, and the state machine holds
   * the snapshot's state: the entries up to `index` count as committed and applied.
   */
  snapshotInstalled(index: number): void {
    const { lastApplied } = this.applier;
    if (!Number.isInteger(index) || index < lastApplied || index > this.log.lastIndex()) {
      throw new RangeError(
        `a snapshot through ${index} cannot be installed: lastApplied ${lastApplied}, lastIndex ${this.log.lastIndex()}`,
      );
    }
    this.commit = Math.max(this.commit, index);
    this.applier.lastApplied = index;
  }

  /** Stage 04's step, with the commit index a leader sends as leaderCommit. */
  private replicate(input: ReplicationInput): ReplicationReady {
    return this.replication.step(input, this.commit);
  }

  private propose(command: readonly string[], requestId: string): ConsensusReady {
    // solution:begin
    if (this.standing.role !== "leader") {
      const outcome = { type: "not-leader", leaderId: this.standing.leaderId } as const;
      return this.nothingDone([{ requestId, outcome }]);
    }
    const refusal =
      command.length === 0
        ? "an empty command is reserved for no-op entries"
        : this.proposals.isFull()
          ? "too many pending proposals"
          : undefined;
    if (refusal !== undefined) {
      return this.nothingDone([{ requestId, outcome: { type: "rejected", reason: refusal } }]);
    }
    const ready = this.replicate({ type: "append", command });
    this.proposals.add(this.log.lastIndex(), this.standing.term, requestId);
    return this.afterReplication(ready);
    // solution:end
    // starter: throw new Error("not implemented: ConsensusNode.propose (leader: append and remember requestId by index and term; others: not-leader)");
  }

  /** The one place 05 changes its state: commit, apply, settle proposals, check invariants. */
  private afterReplication(ready: ReplicationReady): ConsensusReady {
    // solution:begin
    if (ready.persist !== undefined && ready.persist.fromIndex <= this.commit) {
      throw new Error(
        `invariant: committed entry ${ready.persist.fromIndex} overwritten (State Machine Safety, §5.4.3)`,
      );
    }
    const replaced = this.proposals.settleReplaced(this.log);
    this.advanceCommit(this.nextCommitIndex(ready));
    const applied = this.applier.applyUpTo(this.log, this.commit);
    const results = [...replaced, ...this.proposals.settleApplied(applied)];
    this.checkInvariants();
    const { messages, persist } = ready;
    return { messages, persist, commitIndex: this.commit, applied, results };
    // solution:end
    // starter: throw new Error("not implemented: ConsensusNode.afterReplication (settle replaced proposals, advance commitIndex, apply, settle applied)");
  }

  // solution:begin
  private nextCommitIndex(ready: ReplicationReady): number {
    const { role, term } = this.standing;
    if (role !== "leader") return followerCommitIndex(this.commit, ready.accepted);
    const matchIndexes = [
      this.log.lastIndex(),
      ...this.replication.peers.map((peer) => this.standing.progressOf(peer).matchIndex),
    ];
    return leaderCommitIndex(this.log, term, matchIndexes, this.commit);
  }

  private advanceCommit(commitIndex: number): void {
    if (commitIndex < this.commit) {
      throw new Error(`invariant: commitIndex never decreases (${this.commit} → ${commitIndex})`);
    }
    this.commit = commitIndex;
  }
  // solution:end

  private nothingDone(results: ProposalResult[]): ConsensusReady {
    return { messages: [], persist: undefined, commitIndex: this.commit, applied: [], results };
  }

  private checkInvariants(): void {
    if (this.commit > this.log.lastIndex()) {
      throw new Error(`invariant: commitIndex ${this.commit} ≤ lastIndex ${this.log.lastIndex()}`);
    }
    if (this.applier.lastApplied > this.commit) {
      throw new Error(
        `invariant: lastApplied ${this.applier.lastApplied} ≤ commitIndex ${this.commit}`,
      );
    }
  }
}
