// The Raft node of stages 05–06: stage 04's ReplicationNode (imported, not copied) plus the
// commit rule, the applier and the pending proposals, composed around it. Each step delegates to
// replication, then (in one place, afterReplication) advances commitIndex, applies, and settles
// proposals. Stage 06 wraps this node the same way to add elections.
import { KvStore } from "#kv";
import {
  type Progress,
  type Ready,
  type ReplicationConfig,
  ReplicationNode,
  type Role,
} from "#replication";
import { Applier, type StateMachine } from "./applier.ts";
import { followerCommitIndex, leaderCommitIndex } from "./commit.ts";
import type { ProposalResult, RaftInput, RaftReady } from "./messages.ts";
import { Proposals } from "./proposals.ts";

export interface RaftConfig extends Omit<ReplicationConfig, "leaderCommit"> {
  /** Where committed commands are applied; a fresh KvStore by default. */
  readonly stateMachine?: StateMachine;
  /** Client proposals waiting for their entry to be applied, at most. */
  readonly maxPendingProposals?: number;
}

export class RaftNode {
  readonly replication: ReplicationNode;
  private readonly applier: Applier;
  private readonly proposals: Proposals;
  private commit = 0;

  constructor(config: RaftConfig) {
    const { stateMachine, maxPendingProposals, ...replication } = config;
    this.replication = new ReplicationNode({ ...replication, leaderCommit: () => this.commit });
    this.applier = new Applier(stateMachine ?? new KvStore());
    this.proposals = new Proposals(maxPendingProposals ?? 1024);
  }

  get id(): number {
    return this.replication.id;
  }

  get role(): Role {
    return this.replication.role;
  }

  get term(): number {
    return this.replication.term;
  }

  get leaderId(): number | undefined {
    return this.replication.leaderId;
  }

  get log() {
    return this.replication.log;
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

  progressOf(peer: number): Readonly<Progress> {
    return this.replication.progressOf(peer);
  }

  /** One event in, effects out: stage 04's Ready plus commitIndex, applied entries and results. */
  step(input: RaftInput): RaftReady {
    if (input.type === "propose") return this.propose(input.command, input.requestId);
    return this.afterReplication(this.replication.step(input), []);
  }

  private propose(command: readonly string[], requestId: string): RaftReady {
    // solution:begin
    if (this.role !== "leader") {
      const outcome = { type: "not-leader", leaderId: this.leaderId } as const;
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
    const ready = this.replication.step({ type: "append", command });
    this.proposals.add(this.log.lastIndex(), this.term, requestId);
    return this.afterReplication(ready, []);
    // solution:end
    // starter: throw new Error("not implemented: RaftNode.propose (leader: append and remember requestId by index and term; others: not-leader)");
  }

  /** The one place 05 changes its state: commit, apply, settle proposals, check invariants. */
  private afterReplication(ready: Ready, results: ProposalResult[]): RaftReady {
    // solution:begin
    if (ready.persist !== undefined && ready.persist.fromIndex <= this.commit) {
      throw new Error(
        `invariant: committed entry ${ready.persist.fromIndex} overwritten (State Machine Safety, §5.4.3)`,
      );
    }
    results.push(...this.proposals.settleReplaced(this.log));
    this.advanceCommit(this.nextCommitIndex(ready));
    const applied = this.applier.applyUpTo(this.log, this.commit);
    results.push(...this.proposals.settleApplied(applied));
    this.checkInvariants();
    return { ...ready, commitIndex: this.commit, applied, results };
    // solution:end
    // starter: throw new Error("not implemented: RaftNode.afterReplication (settle replaced proposals, advance commitIndex, apply, settle applied)");
  }

  // solution:begin
  private nextCommitIndex(ready: Ready): number {
    if (this.role !== "leader") return followerCommitIndex(this.commit, ready.accepted);
    const matchIndexes = [
      this.log.lastIndex(),
      ...this.replication.peers.map((peer) => this.progressOf(peer).matchIndex),
    ];
    return leaderCommitIndex(this.log, this.term, matchIndexes, this.commit);
  }

  private advanceCommit(commitIndex: number): void {
    if (commitIndex < this.commit) {
      throw new Error(`invariant: commitIndex never decreases (${this.commit} → ${commitIndex})`);
    }
    this.commit = commitIndex;
  }
  // solution:end

  private nothingDone(results: ProposalResult[]): RaftReady {
    const ready = { messages: [], persist: undefined, accepted: undefined };
    return { ...ready, commitIndex: this.commit, applied: [], results };
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
