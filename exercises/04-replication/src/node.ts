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
    throw new Error("not implemented: sendAppends (send each follower what it needs, within the caps)");
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
