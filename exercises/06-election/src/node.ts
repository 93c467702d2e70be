// The complete Raft node: stage 05's node (replication, commit, apply, proposals; imported, not
// copied) plus terms, roles, RequestVote, the election timer and the persistence of term and vote
// (Raft paper §5.2, §5.4.1, Figure 2). Pure and deterministic: time comes as ticks, randomness
// from an injected seeded source, and the hard state goes out in the Ready for the driver to save.
//
// Roles and terms change in one place each: adoptTerm (a higher term seen), startElection,
// becomeLeader and stepDownToLeader (a candidate hears the leader of its term). Stage 04's
// ReplicationNode has no "candidate": a candidate is a follower there, with no leader known.
import { RaftNode as ConsensusNode, type RaftReady } from "#consensus";
import type { Entry, HardState, Storage } from "#log";
import type { AppendEntriesRequest, Progress, Ready as ReplicationReady } from "#replication";
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

/** What a node restores from its storage: Storage.load()'s result. */
export interface Restored {
  readonly hardState: HardState;
  readonly entries: readonly Entry[];
}

/** Where a step started from, to check the invariants against. */
interface Before {
  readonly term: number;
  readonly votedFor: number | null;
  readonly commitIndex: number;
}

export class RaftNode {
  readonly consensus: ConsensusNode;
  private readonly timer: ElectionTimer;
  private currentRole: Role = "follower";
  private votedFor: number | null;
  /** Votes this candidate received in its current term, its own included. */
  private readonly votes = new Set<number>();
  /** The hard state last handed to the driver (or restored): what is on disk. */
  private saved: HardState;
  // What 06 itself produced in the current step, merged into the Ready by takeReady.
  private outbox: Message[] = [];
  private dirtyFrom: number | undefined;

  constructor(config: RaftConfig, restored: Restored, random: ElectionRandom) {
    const { electionTimeoutTicks: _, ...consensus } = config;
    const timeoutTicks = checkElectionTimeout(config);
    const { hardState, entries } = restored;
    // Volatile state starts over (Figure 2): a follower, commitIndex 0, nothing applied.
    this.consensus = new ConsensusNode({
      ...consensus,
      role: "follower",
      term: hardState.term,
      log: entries,
    });
    this.votedFor = hardState.votedFor;
    this.saved = { term: hardState.term, votedFor: hardState.votedFor };
    this.timer = new ElectionTimer(timeoutTicks, random);
    this.timer.reset();
  }

  get id(): number {
    return this.consensus.id;
  }

  get peers(): readonly number[] {
    return this.consensus.replication.peers;
  }

  get role(): Role {
    return this.currentRole;
  }

  get term(): number {
    return this.consensus.term;
  }

  get leaderId(): number | undefined {
    return this.consensus.leaderId;
  }

  /** The node this one voted for in the current term, or null. */
  get vote(): number | null {
    return this.votedFor;
  }

  get log() {
    return this.consensus.log;
  }

  get commitIndex(): number {
    return this.consensus.commitIndex;
  }

  get lastApplied(): number {
    return this.consensus.lastApplied;
  }

  get stateMachine() {
    return this.consensus.stateMachine;
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
    return this.currentRole !== "leader" && this.timer.expiresOnNextTick();
  }

  progressOf(peer: number): Readonly<Progress> {
    return this.consensus.progressOf(peer);
  }

  /** One event in, effects out. */
  step(input: Input): Ready {
    const before: Before = {
      term: this.term,
      votedFor: this.votedFor,
      commitIndex: this.commitIndex,
    };
    let ready: RaftReady | undefined;
    switch (input.type) {
      case "message":
        ready = this.receive(input.message);
        break;
      case "tick":
        ready = this.tick();
        break;
      case "propose":
        ready = this.consensus.step(input);
        break;
    }
    this.checkInvariants(before);
    return this.takeReady(ready);
  }

  /** Dispatch by message type; any higher term is adopted first (Figure 2, "All Servers"). */
  private receive(message: Message): RaftReady | undefined {
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
        return undefined;
      case "request-vote-response":
        this.receiveVoteResponse(message);
        return undefined;
      case "append-entries":
        this.hearFromLeader(message);
        return this.consensus.step({ type: "message", message });
      case "append-entries-response":
        // Stage 04 ignores responses of older terms and from before this node led.
        return this.consensus.step({ type: "message", message });
    }
  }

  private tick(): RaftReady {
    const ready = this.consensus.step({ type: "tick" });
    throw new Error("not implemented: RaftNode.tick (followers and candidates: count the election timer; on expiry start an election)");
    return ready;
  }

  /** Figure 2: a message with a higher term makes any node a follower of that term, no vote yet. */
  private adoptTerm(term: number, leaderId: number | undefined): void {
    throw new Error("not implemented: RaftNode.adoptTerm (Figure 2: adopt the term, become follower, forget the vote)");
  }

  /** AppendEntries of our term comes from its one leader: a candidate steps down; timer reset. */
  private hearFromLeader(request: AppendEntriesRequest): void {
    throw new Error("not implemented: RaftNode.hearFromLeader (§5.2: current-term AppendEntries: a candidate steps down; reset the timer)");
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
    throw new Error("not implemented: RaftNode.becomeLeader (replication.becomeLeader, then append the no-op entry [])");
  }

  private quorum(): number {
    return Math.floor((this.peers.length + 1) / 2) + 1;
  }

  /** Messages and entries from a replication step 06 took directly. */
  private absorb(ready: ReplicationReady): void {
    this.outbox.push(...ready.messages);
    const from = ready.persist?.fromIndex;
    if (from !== undefined) this.dirtyFrom = Math.min(this.dirtyFrom ?? from, from);
  }

  /** The term and vote, when they differ from what the driver last saved. */
  private hardStateToSave(): HardState | undefined {
    throw new Error("not implemented: RaftNode.hardStateToSave (term and vote when changed since the last Ready, else undefined)");
  }

  private takeReady(ready: RaftReady | undefined): Ready {
    const from = Math.min(this.dirtyFrom ?? Infinity, ready?.persist?.fromIndex ?? Infinity);
    const result: Ready = {
      messages: [...this.outbox, ...(ready?.messages ?? [])],
      persist: from === Infinity ? undefined : { fromIndex: from, entries: this.log.slice(from) },
      accepted: ready?.accepted,
      commitIndex: this.commitIndex,
      applied: ready?.applied ?? [],
      results: ready?.results ?? [],
      hardState: this.hardStateToSave(),
      role: this.role,
      term: this.term,
      leaderId: this.leaderId,
    };
    this.outbox = [];
    this.dirtyFrom = undefined;
    return result;
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
    if ((this.currentRole === "leader") !== (this.consensus.role === "leader"))
      throw new Error(`invariant: roles agree with replication's (${this.role}, ${where})`);
    if (this.currentRole === "candidate" && this.votedFor !== this.id)
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
