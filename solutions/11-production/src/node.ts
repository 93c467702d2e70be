// The production node: an inner Raft node (held privately, reached only through InnerNode: 06's
// public interface and its stage-11 hooks campaign, stepDown, observeTerm, resetElectionTimer)
// plus Pre-Vote (§9.6), CheckQuorum, leadership transfer (§3.10) and ReadIndex reads (§6.4). The
// inner node is 06's RaftNode (createProductionNode) or stage 10's CompactingNode (the system's).
// Pure like the layers below: one input in, one Ready out; time comes as ticks.
import {
  checkElectionTimeout,
  checkLimits,
  type ElectionRandom,
  InnerStateView,
  type Message as RaftMessage,
  RaftNode,
  type Storage,
} from "#raft";
import { QuorumWatch } from "./check-quorum.ts";
import type { ProductionConfig } from "./config.ts";
import type { InnerNode } from "./inner-node.ts";
import { LeaderLease } from "./lease.ts";
import type {
  Input,
  Message,
  PreVoteRequest,
  PreVoteResponse,
  ReadHeartbeat,
  ReadHeartbeatResponse,
  ReadIndexRequest,
  ReadIndexResponse,
  Ready,
  TimeoutNow,
} from "./messages.ts";
import { grantsPreVote, PreVoteRound } from "./pre-vote.ts";
import { ReadIndexLeader, ReadsAwaitingApply } from "./read-index.ts";
import { ReadyBuilder } from "./ready-builder.ts";
import { LeaderTransfer } from "./transfer.ts";

export class ProductionNode extends InnerStateView<InnerNode> {
  readonly id: number;
  readonly peers: readonly number[];
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  protected readonly raft: InnerNode;
  /** T: the minimum election timeout, in ticks. */
  private readonly minElectionTicks: number;
  private readonly heartbeatTicks: number;
  private readonly out = new ReadyBuilder();
  private readonly watch: QuorumWatch;
  private readonly transfer: LeaderTransfer;
  private readonly leaderReads: ReadIndexLeader;
  private readonly awaitingApply = new ReadsAwaitingApply();
  /** A follower's reads forwarded to its leader, by readId: the term asked in, ticks waited. */
  private readonly forwarded = new Map<string, { term: number; waitedTicks: number }>();
  private round: PreVoteRound | undefined;
  /** Ticks since this node last heard from a leader of its term (for §9.6's voter rule). */
  private ticksSinceLeader: number;
  /** The term this node leads in, or undefined: to notice a leadership begin or end. */
  private ledTerm: number | undefined;
  private ticksSinceReadHeartbeat = 0;
  /** §6.4.1, when configured. */
  private readonly lease: LeaderLease | undefined;
  /** This node's clock, in ticks: what a lease is measured on. */
  private nowTick = 0;

  /** `config` gives the inner node's id, peers and timing (the inner node was made with them). */
  constructor(config: ProductionConfig, inner: InnerNode) {
    super();
    this.raft = inner;
    this.id = config.id;
    this.peers = [...config.peers];
    this.preVote = config.preVote ?? true;
    this.checkQuorum = config.checkQuorum ?? true;
    this.minElectionTicks = checkElectionTimeout(config);
    this.heartbeatTicks = checkLimits(config.limits).heartbeatIntervalTicks;
    this.ticksSinceLeader = this.minElectionTicks; // a new node has heard from no leader
    const size = this.peers.length + 1;
    this.watch = new QuorumWatch(this.minElectionTicks, size);
    this.transfer = new LeaderTransfer(this.minElectionTicks);
    this.leaderReads = new ReadIndexLeader(size);
    this.lease =
      config.lease === undefined
        ? undefined
        : new LeaderLease(this.minElectionTicks, config.lease.driftMarginTicks);
  }

  // 06's public state as it stands: term, role, ... (InnerStateView), and these.
  get log(): InnerNode["log"] {
    return this.raft.log;
  }
  get stateMachine(): InnerNode["stateMachine"] {
    return this.raft.stateMachine;
  }
  /**
   * Whether stepping a tick now would start an election (06's rule) or, with Pre-Vote, a
   * pre-vote round: for a driver that may withhold such a tick (09's election gate).
   */
  get electionDueOnNextTick(): boolean {
    return this.raft.electionDueOnNextTick;
  }

  /** The node a leadership transfer is handing over to, if one is in progress. */
  get transferTarget(): number | undefined {
    return this.transfer.target;
  }

  /** The term of the pre-vote round in progress, if any (§9.6). */
  get preVoteTerm(): number | undefined {
    return this.round?.term;
  }

  /**
   * Stage 10's InstallSnapshot goes to the inner node directly (the drivers route it), but it says
   * who is alive: a follower that answers only snapshot chunks (its next entry was compacted, so
   * it gets no AppendEntries) counts for CheckQuorum, and a chunk from the leader of this term
   * tells a follower its leader is alive (§9.6). Called after the inner node took the message.
   */
  noteSnapshotMessage(message: {
    readonly type: "install-snapshot" | "install-snapshot-response";
    readonly from: number;
    readonly term: number;
  }): void {
    if (message.term !== this.raft.term) return;
    if (message.type === "install-snapshot-response" && this.raft.role === "leader")
      this.watch.heardFrom(message.from);
    if (message.type === "install-snapshot" && this.raft.leaderId === message.from) {
      this.ticksSinceLeader = 0;
      this.round = undefined; // a leader is alive: no election to prepare
    }
  }

  step(input: Input): Ready {
    switch (input.type) {
      case "tick":
        this.tick();
        break;
      case "propose":
        this.propose(input);
        break;
      case "transfer":
        this.startTransfer(input.to);
        break;
      case "read":
        this.read(input.readId);
        break;
      case "message":
        this.receive(input.message);
        break;
    }
    this.afterStep();
    return this.out.take(this.raft);
  }

  private tick(): void {
    this.nowTick++;
    this.ticksSinceLeader++;
    this.expireForwardedReads();
    if (this.raft.role === "leader") this.leaderTick();
    if (this.preVote && this.raft.electionDueOnNextTick) {
      // §9.6: instead of raising the term, ask first; the timer starts over for the next try.
      this.raft.resetElectionTimer();
      this.startPreVote();
    }
    this.out.add(this.raft.step({ type: "tick" }));
  }

  /** A forwarded read or its answer can be lost: after an election timeout the read fails. */
  private expireForwardedReads(): void {
    for (const [readId, wait] of this.forwarded) {
      if (++wait.waitedTicks < this.minElectionTicks) continue;
      this.forwarded.delete(readId);
      this.failRead(readId, "the leader did not answer within an election timeout");
    }
  }

  private leaderTick(): void {
    if (this.checkQuorum && this.watch.tick()) {
      this.out.add(this.raft.stepDown());
      return;
    }
    this.transfer.tick();
    // Heartbeats get lost: a read round still waiting is sent again at the heartbeat interval.
    // With a lease, a new round goes out at every interval: each acknowledged one extends it.
    const due = ++this.ticksSinceReadHeartbeat >= this.heartbeatTicks;
    if (due && this.lease !== undefined) this.sendReadHeartbeats(this.leaderReads.nextRound());
    else if (due && this.leaderReads.hasPending) this.sendReadHeartbeats(this.leaderReads.round);
  }

  /** §3.10: while a transfer is in progress the leader takes no proposals. */
  private propose(input: Extract<Input, { type: "propose" }>): void {
    if (this.raft.role === "leader" && this.transfer.target !== undefined) {
      const reason = `leadership is being transferred to node ${this.transfer.target} (§3.10)`;
      this.out.result({ requestId: input.requestId, outcome: { type: "rejected", reason } });
      return;
    }
    this.out.add(this.raft.step(input));
  }

  private startTransfer(to: number): void {
    if (this.raft.role !== "leader" || !this.peers.includes(to)) return;
    this.transfer.start(to);
    this.lease?.end(); // the target's election does not wait for the lease to run out
  }

  private read(readId: string): void {
    if (this.raft.role === "leader") {
      const leased = this.leaseReadIndex();
      if (leased !== undefined) this.awaitingApply.add(readId, leased);
      else this.leaderReads.add(readId, this.id);
      return;
    }
    const leader = this.raft.leaderId;
    if (leader === undefined) {
      this.failRead(readId, "no leader known");
      return;
    }
    this.forwarded.set(readId, { term: this.raft.term, waitedTicks: 0 });
    this.out.send({ type: "read-index", from: this.id, to: leader, term: this.raft.term, readId });
  }

  private receive(message: Message): void {
    switch (message.type) {
      case "pre-vote":
        this.receivePreVote(message);
        break;
      case "pre-vote-response":
        this.receivePreVoteResponse(message);
        break;
      case "timeout-now":
        this.receiveTimeoutNow(message);
        break;
      case "read-heartbeat":
        this.receiveReadHeartbeat(message);
        break;
      case "read-heartbeat-response":
        this.receiveReadHeartbeatResponse(message);
        break;
      case "read-index":
        this.receiveReadIndex(message);
        break;
      case "read-index-response":
        this.receiveReadIndexResponse(message);
        break;
      default:
        this.receiveRaft(message);
    }
  }

  /** 06's own messages go to 06; what they say about leaders feeds §9.6 and CheckQuorum. */
  private receiveRaft(message: RaftMessage): void {
    if (this.ignoresVoteRequest(message)) return;
    this.out.add(this.raft.step({ type: "message", message }));
    const current = message.term === this.raft.term;
    if (message.type === "append-entries" && current && this.raft.leaderId === message.from) {
      this.ticksSinceLeader = 0;
      this.round = undefined; // a leader is alive: no election to prepare
    }
    if (message.type === "append-entries-response" && current) this.watch.heardFrom(message.from);
  }

  private startPreVote(): void {
    // solution:begin
    const term = this.raft.term + 1;
    this.round = new PreVoteRound(this.id, term, this.peers.length + 1);
    if (this.round.won()) {
      this.campaign(); // a cluster of one
      return;
    }
    const lastLogIndex = this.raft.log.lastIndex();
    const lastLogTerm = this.raft.log.lastTerm();
    for (const to of this.peers) {
      this.out.send({ type: "pre-vote", from: this.id, to, term, lastLogIndex, lastLogTerm });
    }
    // solution:end
    // starter: throw new Error("not implemented: ProductionNode.startPreVote (§9.6: a round for term + 1, a pre-vote request to every peer; the term stays)");
  }

  private receivePreVote(request: PreVoteRequest): void {
    // solution:begin
    const voter = {
      term: this.raft.term,
      log: this.raft.log,
      leaderIsAlive: this.leaderIsAlive(),
    };
    this.out.send({
      type: "pre-vote-response",
      from: this.id,
      to: request.from,
      term: this.raft.term,
      askedTerm: request.term,
      granted: grantsPreVote(voter, request),
    });
    // solution:end
    // starter: throw new Error("not implemented: ProductionNode.receivePreVote (§9.6: answer with grantsPreVote; change nothing)");
  }

  private receivePreVoteResponse(response: PreVoteResponse): void {
    // solution:begin
    if (response.term > this.raft.term) {
      // A voter ahead of us: adopt its term (Figure 2), the round is over.
      this.round = undefined;
      this.out.add(this.raft.observeTerm(response.term));
      return;
    }
    const round = this.round;
    if (round === undefined || response.askedTerm !== round.term || !response.granted) return;
    if (round.term !== this.raft.term + 1 || this.raft.role === "leader") return;
    if (round.grant(response.from)) this.campaign();
    // solution:end
    // starter: throw new Error("not implemented: ProductionNode.receivePreVoteResponse (§9.6: count this round's grants; a majority starts the real election)");
  }

  /**
   * §6.4.1: a lease holds only if no one votes while it hears from a leader, TimeoutNow's election
   * excepted (the leader asked for it). Such a request is ignored: no answer, its term not adopted.
   */
  private ignoresVoteRequest(message: RaftMessage): boolean {
    // solution:begin
    if (message.type !== "request-vote" || this.lease === undefined) return false;
    const transfer = "transfer" in message && message.transfer === true;
    return !transfer && this.leaderIsAlive();
    // solution:end
    // starter: throw new Error("not implemented: ProductionNode.ignoresVoteRequest (§6.4.1 with leases: no vote while a leader is alive, unless the request is a transfer's)");
  }

  /** Whether this node leads, or heard from a leader within the minimum election timeout. */
  private leaderIsAlive(): boolean {
    return this.raft.role === "leader" || this.ticksSinceLeader < this.minElectionTicks;
  }

  /** Starts the inner node's election; a TimeoutNow election marks its RequestVotes (§3.10). */
  private campaign(transfer = false): void {
    this.round = undefined;
    const ready = this.raft.campaign();
    if (!transfer) {
      this.out.add(ready);
      return;
    }
    const messages = ready.messages.map((message) =>
      message.type === "request-vote" ? { ...message, transfer: true as const } : message,
    );
    this.out.add({ ...ready, messages });
  }

  /** §3.10: the leader says "start your election now": no waiting, no Pre-Vote. */
  private receiveTimeoutNow(message: TimeoutNow): void {
    // solution:begin
    if (message.term < this.raft.term) return; // from a leader that was since deposed
    this.out.add(this.raft.observeTerm(message.term));
    this.campaign(true);
    // solution:end
    // starter: throw new Error("not implemented: ProductionNode.receiveTimeoutNow (§3.10: unless stale, campaign at once, skipping Pre-Vote)");
  }

  private receiveReadHeartbeat(heartbeat: ReadHeartbeat): void {
    // A heartbeat of a higher term comes from that term's leader: adopt the term, then
    // acknowledge (this node has promised nothing in a later term, which is what the leader needs).
    if (heartbeat.term > this.raft.term) this.out.add(this.raft.observeTerm(heartbeat.term));
    const ok = heartbeat.term === this.raft.term;
    if (ok) this.ticksSinceLeader = 0;
    this.out.send({
      type: "read-heartbeat-response",
      from: this.id,
      to: heartbeat.from,
      term: this.raft.term,
      round: heartbeat.round,
      ok,
    });
  }

  private receiveReadHeartbeatResponse(response: ReadHeartbeatResponse): void {
    if (response.term > this.raft.term) {
      this.out.add(this.raft.observeTerm(response.term));
      return;
    }
    if (this.raft.role !== "leader" || response.term !== this.raft.term || !response.ok) return;
    this.watch.heardFrom(response.from);
    this.leaderReads.ack(response.from, response.round);
    this.lease?.confirmedThrough(this.leaderReads.majorityRound());
  }

  private receiveReadIndex(request: ReadIndexRequest): void {
    if (this.raft.role !== "leader") {
      this.answerRead(request.from, request.readId, undefined);
      return;
    }
    const leased = this.leaseReadIndex();
    if (leased !== undefined) this.answerRead(request.from, request.readId, leased);
    else this.leaderReads.add(request.readId, request.from);
  }

  /** §6.4.1: the read index without a round, while the lease holds (and no transfer runs). */
  private leaseReadIndex(): number | undefined {
    if (this.lease === undefined || !this.lease.holds(this.nowTick)) return undefined;
    if (this.transfer.target !== undefined || !this.committedInTerm()) return undefined;
    return this.raft.commitIndex;
  }

  private committedInTerm(): boolean {
    return this.raft.log.termAt(this.raft.commitIndex) === this.raft.term;
  }

  private receiveReadIndexResponse(response: ReadIndexResponse): void {
    if (!this.forwarded.delete(response.readId)) return; // answered already, or given up
    if (response.index === undefined)
      this.failRead(response.readId, "the leader could not confirm it leads");
    else this.awaitingApply.add(response.readId, response.index);
  }

  /** What follows from where the node now stands: leadership begun or lost, transfers, reads. */
  private afterStep(): void {
    this.noticeLeadership();
    if (this.raft.role === "leader") {
      this.continueTransfer();
      this.confirmReads();
    }
    for (const { readId, index } of this.awaitingApply.takeServable(this.raft.lastApplied)) {
      this.out.read({ readId, outcome: { type: "ready", index } });
    }
  }

  private noticeLeadership(): void {
    const leading = this.raft.role === "leader" ? this.raft.term : undefined;
    if (leading === this.ledTerm) return;
    if (this.ledTerm !== undefined) {
      // Leadership lost: the transfer is over, and no held read can be confirmed any more.
      this.transfer.stop();
      this.lease?.end();
      for (const { readId, from } of this.leaderReads.takeAll()) {
        if (from === this.id)
          this.failRead(readId, "leadership lost before the read was confirmed");
        else this.answerRead(from, readId, undefined);
      }
    }
    if (leading !== undefined) this.watch.restart();
    this.ledTerm = leading;
    // A follower's forwarded reads die with the term they were asked in.
    for (const [readId, { term }] of this.forwarded) {
      if (term !== this.raft.term) {
        this.forwarded.delete(readId);
        this.failRead(readId, "the term changed before the leader answered");
      }
    }
  }

  private continueTransfer(): void {
    const target = this.transfer.target;
    if (target === undefined) return;
    const matchIndex = this.raft.progressOf(target).matchIndex;
    if (!this.transfer.timeoutNowDue(matchIndex, this.raft.log.lastIndex())) return;
    this.out.send({ type: "timeout-now", from: this.id, to: target, term: this.raft.term });
  }

  private confirmReads(): void {
    const round = this.leaderReads.assign(this.raft.commitIndex, this.committedInTerm());
    if (round !== undefined) this.sendReadHeartbeats(round);
    for (const read of this.leaderReads.takeConfirmed()) {
      if (read.from === this.id) this.awaitingApply.add(read.readId, read.index);
      else this.answerRead(read.from, read.readId, read.index);
    }
  }

  private sendReadHeartbeats(round: number): void {
    this.ticksSinceReadHeartbeat = 0;
    this.lease?.sent(round, this.nowTick);
    const term = this.raft.term;
    for (const to of this.peers) {
      this.out.send({ type: "read-heartbeat", from: this.id, to, term, round });
    }
  }

  private answerRead(to: number, readId: string, index: number | undefined): void {
    this.out.send({
      type: "read-index-response",
      from: this.id,
      to,
      term: this.raft.term,
      readId,
      index,
    });
  }

  private failRead(readId: string, reason: string): void {
    const outcome = { type: "failed", reason, leaderId: this.raft.leaderId } as const;
    this.out.read({ readId, outcome });
  }
}

/** A production node restored from its storage (an empty storage: a brand-new node). */
export function createProductionNode(
  config: ProductionConfig,
  storage: Pick<Storage, "load">,
  random: ElectionRandom,
): ProductionNode {
  const { preVote, checkQuorum, lease: _lease, ...raft } = config;
  return new ProductionNode(config, new RaftNode(raft, storage.load(), random));
}
