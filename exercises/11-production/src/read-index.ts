// ReadIndex (thesis §6.4): a linearizable read without a log entry. The leader takes its commit
// index as the read index, confirms it still leads with a round of heartbeats that a majority
// acknowledges after the read arrived, and the read is served once the state machine has applied
// through the read index. A leader that has not yet committed an entry of its own term does not
// know the latest commit index (§5.4.2, §8), so reads wait for that first.

/** A read the leader holds: its own client's (`from` = the leader) or a follower's. */
export interface LeaderRead {
  readonly readId: string;
  /** The node whose client asked. */
  readonly from: number;
  readonly index: number;
  /** The heartbeat round that must be acknowledged by a majority: sent after the read arrived. */
  readonly round: number;
}

export class ReadIndexLeader {
  private readonly quorum: number;
  /** Reads that arrived before an entry of this leader's term committed. */
  private waiting: { readId: string; from: number }[] = [];
  private pending: LeaderRead[] = [];
  /** The highest round each follower acknowledged in this leadership. */
  private readonly acked = new Map<number, number>();
  private lastRound = 0;

  constructor(clusterSize: number) {
    this.quorum = Math.floor(clusterSize / 2) + 1;
  }

  /** The latest heartbeat round, for a leader that repeats it (heartbeats get lost). */
  get round(): number {
    return this.lastRound;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  add(readId: string, from: number): void {
    this.waiting.push({ readId, from });
  }

  /**
   * Gives the waiting reads the commit index as their read index and a new heartbeat round, once
   * an entry of the leader's term is committed; returns the round to send, or undefined.
   */
  assign(commitIndex: number, committedInTerm: boolean): number | undefined {
    throw new Error("not implemented: ReadIndexLeader.assign (§6.4: after an entry of the term commits: read index = commitIndex, a new round)");
  }

  /** A new heartbeat round with no read waiting for it (a lease is kept alive by rounds). */
  nextRound(): number {
    return ++this.lastRound;
  }

  /** The highest round a majority has acknowledged (the leader its latest), or 0. */
  majorityRound(): number {
    throw new Error("not implemented: ReadIndexLeader.majorityRound (§6.4.1: the quorum-th highest acknowledged round, the leader's own counted)");
  }

  /** A follower acknowledged heartbeat round `round` in this leader's term. */
  ack(peer: number, round: number): void {
    this.acked.set(peer, Math.max(round, this.acked.get(peer) ?? 0));
  }

  /** Takes the reads whose round a majority acknowledged (the leader's own acknowledgement counted). */
  takeConfirmed(): LeaderRead[] {
    throw new Error("not implemented: ReadIndexLeader.takeConfirmed (§6.4: a majority acknowledged a round at least the read's)");
  }

  /** Leadership lost: every read held is dropped and returned, for its asker to hear it failed. */
  takeAll(): { readId: string; from: number }[] {
    const all = [...this.waiting, ...this.pending];
    this.waiting = [];
    this.pending = [];
    this.acked.clear();
    return all;
  }

}

/** Reads with a confirmed read index, waiting for the state machine to apply through it. */
export class ReadsAwaitingApply {
  private reads: { readId: string; index: number }[] = [];

  add(readId: string, index: number): void {
    this.reads.push({ readId, index });
  }

  /** Takes the reads that may be served now: lastApplied reached their read index. */
  takeServable(lastApplied: number): { readId: string; index: number }[] {
    throw new Error("not implemented: ReadsAwaitingApply.takeServable (§6.4: the reads whose read index is applied, taken out)");
  }
}
