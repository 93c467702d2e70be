// The replication node: a pure state machine (no I/O, timers or randomness). One input in, a
// Ready out. The leader is fixed by configuration in stages 04–05, with a fixed term; stage 06
// makes roles and terms change through becomeFollower/becomeLeader, the only places they change.
import { type Command, type Entry, RaftLog } from "#log";
import { acceptAppend } from "./follower.ts";
import { backoffTarget, nextBatch } from "./leader.ts";
import { checkLimits, type ReplicationLimits } from "./limits.ts";
import type {
  Accepted,
  AppendEntriesRequest,
  AppendEntriesResponse,
  Input,
  Message,
  Ready,
} from "./messages.ts";
import { Progress } from "./progress.ts";

export type Role = "leader" | "follower";

export interface ReplicationConfig {
  readonly id: number;
  /** The other members of the cluster (node ids), not this node. */
  readonly peers: readonly number[];
  readonly role: Role;
  /** The current term (fixed until stage 06). */
  readonly term: number;
  /** The log to start from: what a node restores from its storage. */
  readonly log?: readonly Entry[];
  /** For a follower: who leads this term, if known. */
  readonly leaderId?: number;
  readonly limits?: Partial<ReplicationLimits>;
  /** What a leader sends as leaderCommit: stage 05 plugs its commit index in; 0 until then. */
  readonly leaderCommit?: () => number;
}

export class ReplicationNode {
  readonly id: number;
  readonly peers: readonly number[];
  readonly log: RaftLog;
  readonly limits: ReplicationLimits;
  private currentTerm: number;
  private currentRole: Role = "follower";
  private currentLeader: number | undefined;
  private readonly progress = new Map<number, Progress>();
  private readonly leaderCommit: () => number;
  private nowTick = 0;
  // What the current step produced, handed out by takeReady().
  private outbox: Message[] = [];
  private dirtyFrom: number | undefined;
  private accepted: Accepted | undefined;

  constructor(config: ReplicationConfig) {
    checkConfig(config);
    this.id = config.id;
    this.peers = [...config.peers];
    this.log = new RaftLog(config.log ?? []);
    this.limits = checkLimits(config.limits);
    this.leaderCommit = config.leaderCommit ?? (() => 0);
    this.currentTerm = config.term;
    if (config.role === "leader") this.becomeLeader(config.term);
    else this.becomeFollower(config.term, config.leaderId);
  }

  get term(): number {
    return this.currentTerm;
  }

  get role(): Role {
    return this.currentRole;
  }

  get leaderId(): number | undefined {
    return this.currentLeader;
  }

  /** The leader's view of one follower (read-only for callers: tests, stage 05's commit rule). */
  progressOf(peer: number): Readonly<Progress> {
    const progress = this.progress.get(peer);
    if (progress === undefined)
      throw new Error(`node ${this.id} has no progress for ${peer}: not leader, or not a peer`);
    return progress;
  }

  /** One event in, effects out. */
  step(input: Input): Ready {
    switch (input.type) {
      case "message":
        this.receive(input.message);
        break;
      case "tick":
        this.tick();
        break;
      case "append":
        this.append(input.command);
        break;
    }
    this.checkInvariants();
    return this.takeReady();
  }

  /** The one place a node becomes a follower (stage 06: on a higher term or a new leader). */
  becomeFollower(term: number, leaderId: number | undefined): void {
    this.setTerm(term);
    this.currentRole = "follower";
    this.currentLeader = leaderId;
    this.progress.clear();
  }

  /** The one place a node becomes leader (stage 06: after winning an election in `term`). */
  becomeLeader(term: number): void {
    this.setTerm(term);
    if (this.log.lastTerm() > term)
      throw new Error(
        `invariant: a leader of term ${term} cannot hold entries of term ${this.log.lastTerm()}`,
      );
    this.currentRole = "leader";
    this.currentLeader = this.id;
    this.progress.clear();
    for (const peer of this.peers) {
      this.progress.set(
        peer,
        new Progress(this.log.lastIndex(), this.limits.maxInflightPerFollower),
      );
    }
  }

  /** Leader: send every follower what it needs now (stage 06 calls this right after election). */
  sendAppends(): void {
    // solution:begin
    for (const peer of this.peers) this.sendAppendsTo(peer);
    // solution:end
    // starter: throw new Error("not implemented: sendAppends (send each follower what it needs, within the caps)");
  }

  private setTerm(term: number): void {
    if (!Number.isInteger(term) || term < this.currentTerm) {
      throw new Error(`invariant: terms never decrease (from ${this.currentTerm} to ${term})`);
    }
    this.currentTerm = term;
  }

  private receive(message: Message): void {
    if (message.to !== this.id) throw new Error(`node ${this.id} got a message for ${message.to}`);
    if (message.type === "append-entries") this.receiveRequest(message);
    else this.receiveResponse(message);
  }

  private receiveRequest(request: AppendEntriesRequest): void {
    // solution:begin
    if (request.term < this.currentTerm) {
      // A deposed leader: tell it our term (Figure 2 receiver rule 1).
      this.reply(request, { success: false, matchIndex: 0 });
      return;
    }
    if (request.term > this.currentTerm || this.currentRole !== "follower") {
      if (this.currentRole === "leader" && request.term === this.currentTerm) {
        throw new Error(
          `invariant: two leaders in term ${request.term} (${this.id} and ${request.from})`,
        );
      }
      this.becomeFollower(request.term, request.from); // Figure 2 "Rules for Servers"
    }
    this.currentLeader = request.from;
    const outcome = acceptAppend(this.log, request);
    if (!outcome.success) {
      const { conflictIndex, conflictTerm } = outcome;
      this.reply(request, { success: false, matchIndex: 0, conflictIndex, conflictTerm });
      return;
    }
    this.markDirty(outcome.changedFrom);
    this.accepted = { leaderCommit: request.leaderCommit, lastNewIndex: outcome.matchIndex };
    this.reply(request, { success: true, matchIndex: outcome.matchIndex });
    // solution:end
    // starter: throw new Error("not implemented: receiveRequest (§5.3 follower: check the term, append, reply)");
  }

  private receiveResponse(response: AppendEntriesResponse): void {
    // solution:begin
    if (response.term > this.currentTerm) {
      this.becomeFollower(response.term, undefined); // Figure 2 "Rules for Servers"
      return;
    }
    // A response to another term's request, or we no longer lead: it says nothing current.
    if (response.term < this.currentTerm || this.currentRole !== "leader") return;
    const progress = this.progress.get(response.from);
    if (progress === undefined) return;
    if (response.success) progress.onSuccess(response.matchIndex);
    else progress.onReject(response.prevIndex, backoffTarget(this.log, response));
    this.sendAppendsTo(response.from);
    // solution:end
    // starter: throw new Error("not implemented: receiveResponse (§5.3 leader: update matchIndex/nextIndex, send more)");
  }

  private tick(): void {
    this.nowTick++;
    if (this.currentRole !== "leader") return;
    // solution:begin
    for (const [peer, progress] of this.progress) {
      progress.onTick(this.nowTick, this.limits.retransmitTimeoutTicks);
      this.sendAppendsTo(peer);
      if (this.nowTick - progress.lastSentTick >= this.limits.heartbeatIntervalTicks) {
        this.sendHeartbeat(peer, progress);
      }
    }
    // solution:end
    // starter: throw new Error("not implemented: tick (leader: retransmit what timed out, heartbeats)");
  }

  private append(command: Command): void {
    if (this.currentRole !== "leader") {
      throw new Error(
        `node ${this.id} is not the leader: only the leader appends (leader: ${this.currentLeader ?? "unknown"})`,
      );
    }
    const index = this.log.append({ term: this.currentTerm, command });
    this.markDirty(index);
    this.sendAppends();
  }

  // solution:begin
  /** Sends as many batches as flow control allows (one while probing). */
  private sendAppendsTo(peer: number): void {
    const progress = this.progress.get(peer);
    if (progress === undefined) return;
    while (progress.canSend(this.log.lastIndex())) {
      const prevIndex = progress.nextIndex - 1;
      const entries = nextBatch(this.log, progress.nextIndex, this.limits);
      this.sendAppend(peer, prevIndex, entries);
      progress.onSent(prevIndex + entries.length, this.nowTick);
    }
  }

  /** An empty AppendEntries at matchIndex: it always matches, so it only says "I lead". */
  private sendHeartbeat(peer: number, progress: Progress): void {
    this.sendAppend(peer, progress.matchIndex, []);
    progress.onHeartbeatSent(this.nowTick);
  }

  private sendAppend(
    peer: number,
    prevIndex: number,
    entries: AppendEntriesRequest["entries"],
  ): void {
    const prevTerm = this.log.termAt(prevIndex);
    if (prevTerm === undefined)
      throw new Error(`invariant: leader ${this.id} has no entry at prevIndex ${prevIndex}`);
    this.outbox.push({
      type: "append-entries",
      from: this.id,
      to: peer,
      term: this.currentTerm,
      prevIndex,
      prevTerm,
      entries,
      leaderCommit: this.leaderCommit(),
    });
  }
  // solution:end

  private reply(
    request: AppendEntriesRequest,
    result: Pick<
      AppendEntriesResponse,
      "success" | "matchIndex" | "conflictIndex" | "conflictTerm"
    >,
  ): void {
    this.outbox.push({
      type: "append-entries-response",
      from: this.id,
      to: request.from,
      term: this.currentTerm,
      prevIndex: request.prevIndex,
      ...result,
    });
  }

  /** Entries from index on changed in this step: the driver persists them before sending. */
  private markDirty(index: number | undefined): void {
    if (index === undefined) return;
    this.dirtyFrom = Math.min(this.dirtyFrom ?? index, index);
  }

  private takeReady(): Ready {
    const from = this.dirtyFrom;
    const ready: Ready = {
      messages: this.outbox,
      persist: from === undefined ? undefined : { fromIndex: from, entries: this.log.slice(from) },
      accepted: this.accepted,
    };
    this.outbox = [];
    this.dirtyFrom = undefined;
    this.accepted = undefined;
    return ready;
  }

  private checkInvariants(): void {
    for (const [peer, progress] of this.progress) {
      progress.checkInvariants(peer, this.log.lastIndex());
    }
  }
}

function checkConfig(config: ReplicationConfig): void {
  const { id, peers, term } = config;
  const isId = (n: number) => Number.isInteger(n) && n >= 1;
  if (!isId(id)) throw new RangeError(`node id must be a positive integer, got ${id}`);
  if (!peers.every(isId)) throw new RangeError(`peer ids must be positive integers, got ${peers}`);
  if (peers.includes(id))
    throw new RangeError(`peers are the other nodes: ${id} is in its own peers`);
  if (new Set(peers).size !== peers.length)
    throw new RangeError(`peer ids must be distinct, got ${peers}`);
  if (!Number.isInteger(term) || term < 0)
    throw new RangeError(`term must be an integer ≥ 0, got ${term}`);
  const lastTerm = config.log?.at(-1)?.term ?? 0;
  if (lastTerm > term)
    throw new RangeError(`log holds term ${lastTerm}, beyond the current term ${term}`);
}
