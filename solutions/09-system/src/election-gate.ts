// Which ticks the driver steps into the node. The 06 core starts an election on the tick that
// expires its timer; in a real process two kinds of such ticks are false alarms:
//   - a freshly started node's: its peer links are not up yet, so no heartbeat could reach it,
//     and winning a higher term would only unseat a healthy leader. Hold: no election before a
//     peer link is up, nor within holdTicks ticks after the first one came up.
//   - a late tick's: the loop itself was stalled (GC, a busy CPU), and the leader's heartbeats of
//     that time are still unread in the socket. Such a tick is withheld once, so that the input
//     that arrived is stepped first; the next tick decides (a slow node still elects, later).
// A withheld tick is time the node did not see: the core's rules do not change.

/** What the gate asks the node (06's public query): the gate never re-derives the timer's rule. */
export interface ElectionTimerView {
  /** Stepping a tick now would start an election (06 RaftNode.electionDueOnNextTick). */
  readonly electionDueOnNextTick: boolean;
}

export interface ElectionGateOptions {
  /** Ticks after the first peer link came up before the first election; 0: no hold. */
  readonly holdTicks: number;
  /** Some peer link is up (a node without peers never holds). */
  readonly linkUp: () => boolean;
}

export class ElectionGate {
  // solution:begin
  private readonly options: ElectionGateOptions;
  /** Ticks seen since the first peer link came up; undefined before. */
  private sinceLinkUp: number | undefined;
  private withheldLate = false;
  // solution:end

  constructor(options: ElectionGateOptions) {
    if (!Number.isSafeInteger(options.holdTicks) || options.holdTicks < 0) {
      throw new RangeError(`holdTicks must be an integer ≥ 0, got ${options.holdTicks}`);
    }
    // solution:begin
    this.options = options;
    if (options.holdTicks === 0) this.sinceLinkUp = 0;
    // solution:end
    // starter: throw new Error("not implemented: ElectionGate constructor");
  }

  /** Whether the driver steps this tick; late: the loop was stalled since the previous tick. */
  admits(node: ElectionTimerView, late: boolean): boolean {
    // solution:begin
    const holding = this.countHold();
    if (!node.electionDueOnNextTick) {
      this.withheldLate = false;
      return true;
    }
    if (holding) return false;
    if (late && !this.withheldLate) {
      this.withheldLate = true;
      return false;
    }
    this.withheldLate = false;
    return true;
    // solution:end
    // starter: throw new Error("not implemented: ElectionGate.admits (withhold an expiring tick while holding after start, or once when late)");
  }
  // solution:begin

  /** Counts this tick toward the end of the start-up hold; true while still holding. */
  private countHold(): boolean {
    if (this.sinceLinkUp === undefined) {
      if (!this.options.linkUp()) return true;
      this.sinceLinkUp = 0;
    }
    if (this.sinceLinkUp >= this.options.holdTicks) return false;
    this.sinceLinkUp++;
    return true;
  }
  // solution:end
}
