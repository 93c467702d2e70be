// The complete Raft node: stage 05's node (replication, commit, apply, proposals; imported, not
// copied) plus RequestVote, the vote, the election timer and the persistence of term and vote
// (Raft paper §5.2, §5.4.1, Figure 2). Pure and deterministic: time comes as ticks, randomness
// from an injected seeded source, and the hard state goes out in the Ready for the driver to save.
//
// Term, role and leader are stored once, in stage 04; this node changes them only through stage
// 05's become* methods (adoptTerm, hearFromLeader, startElection, becomeLeader) and reads them
// through 05's `standing`. It keeps only what elections add: the vote, the votes of its
// candidacy and the timer. Every step of 05 (so every change of the log, the new leader's no-op
// included) goes through stepConsensus, and its Ready becomes part of this step's Ready.
import {
  type AppliedEntry,
  type ConsensusInput,
  ConsensusNode,
  KvStore,
  type ProposalResult,
  type StateMachine,
} from "#consensus";
import { type Entry, type HardState, RaftLog, type Storage } from "#log";
import type { AppendEntriesRequest, NodeLog, Progress } from "#replication";
import { checkElectionTimeout, type RaftConfig } from "./config.ts";
import type {
  Input,
  Message,
  Ready,
  RequestVoteRequest,
  RequestVoteResponse,
  Role,
} from "./messages.ts";
import { type ElectionRandom, ElectionTimer } from "./timer.ts";
import { grantsVote } from "./votes.ts";

/**
 * What a node restores from its storage: Storage.load()'s result (a RaftLog is made of its
 * entries), or a log already made (stage 10: a log that starts after a snapshot, with the
 * snapshot's last index as `appliedIndex`, the state machine in the config restored to it).
 */
export type Restored =
  | { readonly hardState: HardState; readonly entries: readonly Entry[] }
  | { readonly hardState: HardState; readonly log: NodeLog; readonly appliedIndex?: number };

/** Where a step started from, to check the invariants against. */
interface Before {
  readonly term: number;
  readonly votedFor: number | null;
  readonly commitIndex: number;
}

export class RaftNode {
  readonly id: number;
  readonly peers: readonly number[];
  /** The node's log: made here, once, from what was restored, and shared with 05 and 04. */
  readonly log: NodeLog;
  readonly stateMachine: StateMachine;
  private readonly consensus: ConsensusNode;
  private readonly timer: ElectionTimer;
  private votedFor: number | null;
  /** Votes this candidate received in its current term, its own included. */
  private readonly votes = new Set<number>();
  /** The hard state last handed to the driver (or restored): what is on disk. */
  private saved: HardState;
  // What the current step produced (06's own messages and 05's Readies), taken by takeReady.
  private outbox: Message[] = [];
  private persistFrom = Infinity;
  private applied: AppliedEntry[] = [];
  private results: ProposalResult[] = [];

  constructor(config: RaftConfig, restored: Restored, random: ElectionRandom) {
    const { electionTimeoutTicks: _, stateMachine, ...consensus } = config;
    const timeoutTicks = checkElectionTimeout(config);
    const { hardState } = restored;
    this.id = config.id;
    this.peers = [...config.peers];
    this.log = "log" in restored ? restored.log : new RaftLog(restored.entries);
    this.stateMachine = stateMachine ?? new KvStore();
    // Volatile state starts over (Figure 2): a follower, commitIndex 0, nothing applied (or, from
    // a snapshot, what the snapshot holds).
    this.consensus = new ConsensusNode({
      ...consensus,
      stateMachine: this.stateMachine,
      role: "follower",
      term: hardState.term,
      log: this.log,
      appliedIndex: "log" in restored ? (restored.appliedIndex ?? 0) : 0,
    });
    this.votedFor = hardState.votedFor;
    this.saved = { term: hardState.term, votedFor: hardState.votedFor };
    this.timer = new ElectionTimer(timeoutTicks, random);
    this.timer.reset();
  }

  // The node's public state, read where it is stored (04: term, role, leader, progress; 05:
  // commit and apply; here: the vote and the timer).
  get term(): number {
    return this.consensus.standing.term;
  }

  get role(): Role {
    return this.consensus.standing.role;
  }

  get leaderId(): number | undefined {
    return this.consensus.standing.leaderId;
  }

  progressOf(peer: number): Readonly<Progress> {
    return this.consensus.standing.progressOf(peer);
  }

  get commitIndex(): number {
    return this.consensus.commitIndex;
  }

  get lastApplied(): number {
    return this.consensus.lastApplied;
  }

  /** The node this one voted for in the current term, or null. */
  get vote(): number | null {
    return this.votedFor;
  }

  /** The election timeout drawn at the last reset, and the ticks since: for tests and observers. */
  get electionTimeoutTicks(): number {
    return this.timer.timeoutTicks;
  }

  get electionElapsedTicks(): number {
    return this.timer.elapsedTicks;
  }

  /**
   * Whether stepping a tick now would start an election (the timer expires and this node does
   * not lead): for a driver that may withhold such a tick, without re-deriving tick()'s rule.
   */
  get electionDueOnNextTick(): boolean {
    return this.role !== "leader" && this.timer.expiresOnNextTick();
  }

  /**
   * Stage 10, between steps: the log was cut at a snapshot through `index` and the state machine
   * restored from it; commitIndex and lastApplied move there (05 checks it is not going back).
   */
  snapshotInstalled(index: number): void {
    this.consensus.snapshotInstalled(index);
  }

  /** One event in, effects out: 06's own messages and hard state, and what 05's steps returned. */
  step(input: Input): Ready {
    return this.change(() => {
      switch (input.type) {
        case "message":
          this.receive(input.message);
          break;
        case "tick":
          this.tick();
          break;
        case "propose":
          this.stepConsensus(input);
          break;
      }
    });
  }

  // Hooks for a layer above (stage 11: Pre-Vote, CheckQuorum, leader transfer), which decides
  // when; each is one of 06's own rules, and returns its Ready like a step.

  /** Start an election now, as if the timer had expired (a leader stays leader). */
  campaign(): Ready {
    return this.change(() => {
      if (this.role !== "leader") this.startElection();
    });
  }

  /** A leader becomes a follower of its own term that knows no leader; the timer starts over. */
  stepDown(): Ready {
    return this.change(() => {
      if (this.role !== "leader") return;
      this.consensus.becomeFollower(this.term, undefined);
      this.timer.reset();
    });
  }

  /** Figure 2, "All Servers": a higher term heard of (in a message 06 does not know) is adopted. */
  observeTerm(term: number): Ready {
    return this.change(() => {
      if (term > this.term) this.adoptTerm(term, undefined);
    });
  }

  /** The election timer starts over with a new random timeout (no election now). */
  resetElectionTimer(): void {
    this.timer.reset();
  }

  /** Runs one change of state, checks the invariants against where it started, takes the Ready. */
  private change(run: () => void): Ready {
    const before: Before = {
      term: this.term,
      votedFor: this.votedFor,
      commitIndex: this.commitIndex,
    };
    run();
    this.checkInvariants(before);
    return this.takeReady();
  }

  /** Dispatch by message type; any higher term is adopted first (Figure 2, "All Servers"). */
  private receive(message: Message): void {
    if (message.to !== this.id) throw new Error(`node ${this.id} got a message for ${message.to}`);
    if (!this.peers.includes(message.from)) {
      throw new Error(`node ${this.id} got a message from ${message.from}, not a peer`);
    }
    if (message.term > this.term) {
      this.adoptTerm(message.term, message.type === "append-entries" ? message.from : undefined);
    }
    switch (message.type) {
      case "request-vote":
        this.receiveVoteRequest(message);
        break;
      case "request-vote-response":
        this.receiveVoteResponse(message);
        break;
      case "append-entries":
        this.hearFromLeader(message);
        this.stepConsensus({ type: "message", message });
        break;
      case "append-entries-response":
        // Stage 04 ignores responses of older terms and from before this node led.
        this.stepConsensus({ type: "message", message });
        break;
    }
  }

  private tick(): void {
    this.stepConsensus({ type: "tick" });
    throw new Error("not implemented: RaftNode.tick (followers and candidates: count the election timer; on expiry start an election)");
  }

  /** Figure 2: a message with a higher term makes any node a follower of that term, no vote yet. */
  private adoptTerm(term: number, leaderId: number | undefined): void {
    throw new Error("not implemented: RaftNode.adoptTerm (Figure 2: adopt the term, become follower, forget the vote)");
  }

  /**
   * AppendEntries of our term comes from its one leader: the timer resets. (A candidate steps
   * down to its follower in stage 04, which stores the role: §5.2, in the same step.)
   */
  private hearFromLeader(request: AppendEntriesRequest): void {
    throw new Error("not implemented: RaftNode.hearFromLeader (§5.2: the current leader's AppendEntries resets the timer; an older term's does not)");
  }

  /** §5.2: a new term, a vote for itself, and a RequestVote to every peer. */
  private startElection(): void {
    throw new Error("not implemented: RaftNode.startElection (§5.2: term + 1, candidate, vote for self, RequestVote to all)");
  }

  private receiveVoteRequest(request: RequestVoteRequest): void {
    throw new Error("not implemented: RaftNode.receiveVoteRequest (Figure 2 RequestVote receiver; reply with our term)");
  }

  private receiveVoteResponse(response: RequestVoteResponse): void {
    throw new Error("not implemented: RaftNode.receiveVoteResponse (count votes of this term; a majority makes a leader)");
  }

  /** §5.2 won; §8: append a no-op entry of the new term so that earlier entries can commit. */
  private becomeLeader(): void {
    throw new Error("not implemented: RaftNode.becomeLeader (consensus.becomeLeader, then step the no-op entry through consensus)");
  }

  private quorum(): number {
    return Math.floor((this.peers.length + 1) / 2) + 1;
  }

  /** A step of stage 05; its Ready joins this step's, its messages in the order they came. */
  private stepConsensus(input: ConsensusInput): void {
    const ready = this.consensus.step(input);
    this.outbox.push(...ready.messages);
    this.persistFrom = Math.min(this.persistFrom, ready.persist?.fromIndex ?? Infinity);
    this.applied.push(...ready.applied);
    this.results.push(...ready.results);
  }

  /** The term and vote, when they differ from what the driver last saved. */
  private hardStateToSave(): HardState | undefined {
    throw new Error("not implemented: RaftNode.hardStateToSave (term and vote when changed since the last Ready, else undefined)");
  }

  private takeReady(): Ready {
    const from = this.persistFrom;
    const ready: Ready = {
      messages: this.outbox,
      persist: from === Infinity ? undefined : { fromIndex: from, entries: this.log.slice(from) },
      commitIndex: this.commitIndex,
      applied: this.applied,
      results: this.results,
      hardState: this.hardStateToSave(),
      role: this.role,
      term: this.term,
      leaderId: this.leaderId,
    };
    this.outbox = [];
    this.persistFrom = Infinity;
    this.applied = [];
    this.results = [];
    return ready;
  }

  private checkInvariants(before: Before): void {
    const where = `node ${this.id}, term ${this.term}`;
    if (this.term < before.term)
      throw new Error(`invariant: terms never decrease (${before.term} → ${this.term}, ${where})`);
    if (this.term === before.term && before.votedFor !== null && this.votedFor !== before.votedFor)
      throw new Error(
        `invariant: at most one vote per term (${before.votedFor} then ${this.votedFor}, ${where})`,
      );
    if (this.commitIndex < before.commitIndex)
      throw new Error(`invariant: commitIndex never decreases (${where})`);
    if (this.lastApplied > this.commitIndex)
      throw new Error(`invariant: lastApplied ≤ commitIndex (${where})`);
    if (this.role === "candidate" && this.votedFor !== this.id)
      throw new Error(`invariant: a candidate votes for itself (${where})`);
  }
}

/** A node restored from its storage (an empty storage: a brand-new node). */
export function createRaftNode(
  config: RaftConfig,
  storage: Pick<Storage, "load">,
  random: ElectionRandom,
): RaftNode {
  return new RaftNode(config, storage.load(), random);
}
