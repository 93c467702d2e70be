// The replication node: a pure state machine (no I/O, timers or randomness). One input in, a
// ReplicationReady out. The leader is fixed by configuration in stages 04–05, with a fixed term;
// stage 06 (through stage 05) changes roles and terms with becomeFollower, becomeCandidate and
// becomeLeader, the only places they change. Term, role and leader are stored here only.
import type { Command } from "#log";
import { acceptAppend } from "./follower.ts";
import { backoffTarget, nextBatch } from "./leader.ts";
import { checkLimits, type ReplicationLimits } from "./limits.ts";
import type {
  Accepted,
  AppendEntriesRequest,
  AppendEntriesResponse,
  ReplicationInput,
  ReplicationMessage,
  ReplicationReady,
} from "./messages.ts";
import type { NodeLog } from "./node-log.ts";
import { Progress } from "./progress.ts";

/** A candidate (stage 06) is, for replication, a node that neither leads nor knows a leader. */
export type ReplicationRole = "follower" | "candidate" | "leader";

export interface ReplicationConfig {
  readonly id: number;
  /** The other members of the cluster (node ids), not this node. */
  readonly peers: readonly number[];
  /** The role to start in (stage 06 starts every node as a follower). */
  readonly role: "leader" | "follower";
  /** The current term (fixed until stage 06). */
  readonly term: number;
  /** The log to start from, made by the caller (e.g. a RaftLog of what storage kept). */
  readonly log: NodeLog;
  /** For a follower: who leads this term, if known. */
  readonly leaderId?: number;
  readonly limits?: Partial<ReplicationLimits>;
}

/** What the layers above may read of a ReplicationNode (stage 05 hands it up as it is). */
export type ReplicationView = Pick<ReplicationNode, "term" | "role" | "leaderId" | "progressOf">;

export class ReplicationNode {
  readonly id: number;
  readonly peers: readonly number[];
  readonly log: NodeLog;
  readonly limits: ReplicationLimits;
  private currentTerm: number;
  private currentRole: ReplicationRole = "follower";
  private currentLeader: number | undefined;
  private readonly progress = new Map<number, Progress>();
  /** The commit index of the step in progress: what a leader sends as leaderCommit. */
  private leaderCommit = 0;
  private nowTick = 0;
  // What the current step produced, handed out by takeReady().
  private outbox: ReplicationMessage[] = [];
  private dirtyFrom: number | undefined;
  private accepted: Accepted | undefined;

  constructor(config: ReplicationConfig) {
    checkConfig(config);
    this.id = config.id;
    this.peers = [...config.peers];
    this.log = config.log;
    this.limits = checkLimits(config.limits);
    this.currentTerm = config.term;
    if (config.role === "leader") this.becomeLeader(config.term);
    else this.becomeFollower(config.term, config.leaderId);
  }

  get term(): number {
    return this.currentTerm;
  }

  get role(): ReplicationRole {
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

  /**
   * One event in, effects out. `commitIndex` is what a leader sends as leaderCommit in this step
   * (stage 05 passes its commit index; stage 04 has none, so 0).
   */
  step(input: ReplicationInput, commitIndex = 0): ReplicationReady {
    this.leaderCommit = commitIndex;
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

  /** The one place a node becomes a candidate (stage 06: an election of `term`): no leader known. */
  becomeCandidate(term: number): void {
    this.setTerm(term);
    this.currentRole = "candidate";
    this.currentLeader = undefined;
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

  /** Leader: send every follower what it needs now (after appending an entry). */
  private sendAppends(): void {
    throw new Error("not implemented: sendAppends (send each follower what it needs, within the caps)");
  }

  private setTerm(term: number): void {
    if (!Number.isInteger(term) || term < this.currentTerm) {
      throw new Error(`invariant: terms never decrease (from ${this.currentTerm} to ${term})`);
    }
    this.currentTerm = term;
  }

  private receive(message: ReplicationMessage): void {
    if (message.to !== this.id) throw new Error(`node ${this.id} got a message for ${message.to}`);
    if (message.type === "append-entries") this.receiveRequest(message);
    else this.receiveResponse(message);
  }

  private receiveRequest(request: AppendEntriesRequest): void {
    throw new Error("not implemented: receiveRequest (§5.3 follower: check the term, append, reply)");
  }

  private receiveResponse(response: AppendEntriesResponse): void {
    throw new Error("not implemented: receiveResponse (§5.3 leader: update matchIndex/nextIndex, send more)");
  }

  private tick(): void {
    this.nowTick++;
    if (this.currentRole !== "leader") return;
    throw new Error("not implemented: tick (leader: retransmit what timed out, heartbeats)");
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

  /** Sends this follower what it needs now, within flow control. */
  private sendAppendsTo(peer: number): void {
    const progress = this.progress.get(peer);
    if (progress === undefined) return;
    // Stage 10: the entry it needs next was compacted into a snapshot, so no AppendEntries can
    // carry it; the layer above sends the snapshot instead (§7).
    if (isCompacted(this.log, progress.nextIndex)) return;
    this.sendBatches(peer, progress);
  }

  /** Sends as many batches as flow control allows (one while probing). */
  private sendBatches(peer: number, progress: Progress): void {
    throw new Error("not implemented: sendBatches (AppendEntries from nextIndex while flow control allows: one while probing)");
  }


  /** One AppendEntries to `peer`: the entries after prevIndex, and the term to check it by. */
  private sendAppend(
    peer: number,
    prevIndex: number,
    entries: AppendEntriesRequest["entries"],
  ): void {
    // Stage 10: a heartbeat's prevIndex (the follower's matchIndex) may be compacted into a
    // snapshot; index 0, which every log matches, says "I lead" just as well.
    const checkedIndex =
      entries.length === 0 && this.log.termAt(prevIndex) === undefined ? 0 : prevIndex;
    const prevTerm = this.log.termAt(checkedIndex);
    if (prevTerm === undefined)
      throw new Error(`invariant: leader ${this.id} has no entry at prevIndex ${prevIndex}`);
    this.outbox.push({
      type: "append-entries",
      from: this.id,
      to: peer,
      term: this.currentTerm,
      prevIndex: checkedIndex,
      prevTerm,
      entries,
      leaderCommit: this.leaderCommit,
    });
  }

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

  private takeReady(): ReplicationReady {
    const from = this.dirtyFrom;
    const ready: ReplicationReady = {
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

/**
 * Whether the log no longer holds entry `index` although it reaches past it: compacted into a
 * snapshot (stage 10). Never true of stage 03's RaftLog, which holds every entry from 1.
 */
function isCompacted(log: NodeLog, index: number): boolean {
  return index <= log.lastIndex() && log.entryAt(index) === undefined;
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
  const lastTerm = config.log.lastTerm();
  if (lastTerm > term)
    throw new RangeError(`log holds term ${lastTerm}, beyond the current term ${term}`);
}
