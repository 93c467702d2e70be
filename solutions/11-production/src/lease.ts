// Leader leases (thesis §6.4.1): a read served from the leader's own clock, without a heartbeat
// round. Once a majority has acknowledged a heartbeat sent at tick s, none of them will vote for
// another candidate before a minimum election timeout T of its own clock has passed since it got
// it (Pre-Vote's rule, and a lease adds the same rule to real votes). So no other leader can exist
// before s + T on the followers' clocks, and the leader may answer reads alone until then. The
// leader's clock and theirs drift apart, so it stops earlier, by a configured margin:
// s + T - driftMarginTicks. A margin too small for the real drift lets a stale read through.
export class LeaderLease {
  private readonly durationTicks: number;
  /** The tick each heartbeat round left at, until a majority acknowledged it or a later one. */
  private readonly roundsSentAt = new Map<number, number>();
  private validUntilTick = -Infinity;

  constructor(minElectionTicks: number, driftMarginTicks: number) {
    if (!Number.isInteger(driftMarginTicks) || driftMarginTicks < 0) {
      throw new RangeError(`driftMarginTicks must be an integer ≥ 0, got ${driftMarginTicks}`);
    }
    this.durationTicks = minElectionTicks - driftMarginTicks;
  }

  /** A heartbeat round left at `nowTick`. */
  sent(round: number, nowTick: number): void {
    this.roundsSentAt.set(round, nowTick);
  }

  /** A majority has acknowledged every round up to `round`: the lease runs from when it left. */
  confirmedThrough(round: number): void {
    // solution:begin
    for (const [sentRound, sentAt] of this.roundsSentAt) {
      if (sentRound > round) continue;
      this.validUntilTick = Math.max(this.validUntilTick, sentAt + this.durationTicks);
      this.roundsSentAt.delete(sentRound);
    }
    // solution:end
    // starter: throw new Error("not implemented: LeaderLease.confirmedThrough (§6.4.1: the lease ends a lease duration after the acknowledged round left)");
  }

  /** Whether reads may be served from the lease at `nowTick`. */
  holds(nowTick: number): boolean {
    return nowTick < this.validUntilTick;
  }

  /** Leadership lost, or a transfer begun: no more reads from the lease. */
  end(): void {
    this.roundsSentAt.clear();
    this.validUntilTick = -Infinity;
  }
}
