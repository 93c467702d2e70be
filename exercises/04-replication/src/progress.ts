// The leader's view of one follower (etcd-raft calls it Progress): what it is known to store
// (matchIndex), what to send it next (nextIndex), and the requests still unanswered.
//
// Two modes keep this simple. "probe": the leader does not know where the logs match yet, so it
// sends one request at a time at nextIndex and backs off on each rejection (§5.3). "replicate":
// a success told it where they match, so it streams batches, moving nextIndex on optimistically.
// Responses can be late, lost, duplicated or reordered: every update checks the response is
// current, and matchIndex (only ever raised) comes from what a response says was stored.

export type ProgressMode = "probe" | "replicate";

export interface Inflight {
  /** The last index the request carried (its prevIndex when it carried no entries). */
  readonly lastIndex: number;
  readonly sentAtTick: number;
}

export class Progress {
  /** Index of the next entry to send. */
  nextIndex: number;
  /** Highest index known to be stored on the follower and equal to the leader's (§5.3). */
  matchIndex = 0;
  mode: ProgressMode = "probe";
  /** Requests sent and not yet answered, oldest first. */
  inflight: Inflight[] = [];
  /** When the leader last sent this follower anything, for heartbeats. */
  lastSentTick = Number.NEGATIVE_INFINITY;
  private readonly maxInflight: number;

  constructor(leaderLastIndex: number, maxInflight: number) {
    // A new leader assumes the follower has everything it has (Figure 2: nextIndex = last + 1).
    this.nextIndex = leaderLastIndex + 1;
    this.maxInflight = maxInflight;
  }

  /** May the leader send a request with entries from nextIndex now? */
  canSend(leaderLastIndex: number): boolean {
    throw new Error("not implemented: Progress.canSend (probe: one at a time; replicate: up to maxInflight)");
  }

  /** A request went out with prevIndex = nextIndex - 1, carrying entries up to lastIndex. */
  onSent(lastIndex: number, nowTick: number): void {
    throw new Error("not implemented: Progress.onSent (remember it in flight; replicate moves nextIndex on)");
  }

  /** A heartbeat went out: no entries, nothing to track but the time. */
  onHeartbeatSent(nowTick: number): void {
    this.lastSentTick = nowTick;
  }

  /** The follower stored everything up to matchIndex. Returns whether matchIndex advanced. */
  onSuccess(matchIndex: number): boolean {
    throw new Error("not implemented: Progress.onSuccess (raise matchIndex, never lower it)");
  }

  /**
   * The follower rejected the request with this prevIndex; `target` is where the leader would
   * probe next (prevIndex for one entry back, or further with the conflict hints).
   * Returns whether the rejection was current (stale ones change nothing).
   */
  onReject(prevIndex: number, target: number): boolean {
    throw new Error("not implemented: Progress.onReject (§5.3: back off nextIndex, ignore stale rejections)");
  }

  /** Requests unanswered for timeoutTicks count as lost: allow sending again. */
  onTick(nowTick: number, timeoutTicks: number): void {
    throw new Error("not implemented: Progress.onTick (retransmit requests lost in the network)");
  }

  /** §5.3 bookkeeping that must hold after every step. */
  checkInvariants(peer: number, leaderLastIndex: number): void {
    const where = `follower ${peer} (matchIndex ${this.matchIndex}, nextIndex ${this.nextIndex}, leader lastIndex ${leaderLastIndex})`;
    if (this.matchIndex > leaderLastIndex)
      throw new Error(`invariant: matchIndex ≤ leader's lastIndex, for ${where}`);
    if (this.nextIndex < this.matchIndex + 1)
      throw new Error(`invariant: nextIndex ≥ matchIndex + 1, for ${where}`);
    if (this.nextIndex > leaderLastIndex + 1)
      throw new Error(`invariant: nextIndex ≤ leader's lastIndex + 1, for ${where}`);
    if (this.inflight.length > this.maxInflight)
      throw new Error(`invariant: at most maxInflightPerFollower requests in flight, for ${where}`);
  }

}
