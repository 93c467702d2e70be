// The election timer (§5.2): a follower or candidate that hears nothing for its election timeout
// starts an election. The timeout is drawn at random from [T, 2T) ticks every time the timer is
// reset, so that nodes rarely time out together and split the vote again and again.

/** The randomness the node needs: testkit's seeded Random fits. Never Math.random (replays). */
export interface ElectionRandom {
  /** An integer in [min, maxExclusive). */
  int(min: number, maxExclusive: number): number;
}

export class ElectionTimer {
  /** T: timeouts are drawn from [T, 2T) ticks. */
  readonly baseTicks: number;
  private readonly random: ElectionRandom;
  // starter: private timeout = 0;
  // solution:begin
  private timeout = 0;
  private elapsed = 0;
  // solution:end

  constructor(baseTicks: number, random: ElectionRandom) {
    if (!Number.isInteger(baseTicks) || baseTicks < 1) {
      throw new RangeError(`electionTimeoutTicks must be a positive integer, got ${baseTicks}`);
    }
    this.baseTicks = baseTicks;
    this.random = random;
  }

  /** The timeout drawn at the last reset, in ticks. */
  get timeoutTicks(): number {
    return this.timeout;
  }

  /** Ticks counted since the last reset. */
  get elapsedTicks(): number {
    // solution:begin
    return this.elapsed;
    // solution:end
    // starter: throw new Error("not implemented: ElectionTimer.elapsedTicks");
  }

  /** Start counting again from 0, with a new random timeout in [T, 2T). */
  reset(): void {
    // solution:begin
    const timeout = this.random.int(this.baseTicks, 2 * this.baseTicks);
    if (!Number.isInteger(timeout) || timeout < this.baseTicks || timeout >= 2 * this.baseTicks) {
      throw new RangeError(
        `the random source gave ${timeout}, outside [${this.baseTicks}, ${2 * this.baseTicks})`,
      );
    }
    this.timeout = timeout;
    this.elapsed = 0;
    // solution:end
    // starter: throw new Error("not implemented: ElectionTimer.reset (elapsed = 0; draw a timeout in [T, 2T) from the injected random)");
  }

  /**
   * Whether the next tick() will report expiry: for a driver that must decide before stepping
   * a tick (stage 09's election gate), so the rule lives here only.
   */
  expiresOnNextTick(): boolean {
    return this.elapsedTicks + 1 >= this.timeout;
  }

  /** One tick passed; true when the timeout has expired (the caller then starts an election). */
  tick(): boolean {
    // solution:begin
    this.elapsed++;
    return this.elapsed >= this.timeout;
    // solution:end
    // starter: throw new Error("not implemented: ElectionTimer.tick (count; expired when elapsed reaches the timeout)");
  }
}
