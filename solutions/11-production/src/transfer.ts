// Leadership transfer (thesis §3.10): the leader stops taking proposals, brings the target's log
// up to date, then sends it TimeoutNow; the target starts an election at once and, having the
// most up-to-date log and the first word in the new term, wins it. If that has not happened
// within an election timeout, the leader gives up and takes proposals again.
export class LeaderTransfer {
  private readonly timeoutTicks: number;
  private current: { target: number; elapsed: number; sent: boolean } | undefined;

  constructor(timeoutTicks: number) {
    this.timeoutTicks = timeoutTicks;
  }

  /** The node leadership is being handed to, if a transfer is in progress. */
  get target(): number | undefined {
    return this.current?.target;
  }

  start(target: number): void {
    this.current = { target, elapsed: 0, sent: false };
  }

  stop(): void {
    this.current = undefined;
  }

  /**
   * Whether to send TimeoutNow now: once per transfer, when the target's log matches the
   * leader's through its last entry (§3.10: then the target's log is up to date, §5.4.1).
   */
  timeoutNowDue(targetMatchIndex: number, lastIndex: number): boolean {
    // solution:begin
    if (this.current === undefined || this.current.sent) return false;
    if (targetMatchIndex < lastIndex) return false;
    this.current.sent = true;
    return true;
    // solution:end
    // starter: throw new Error("not implemented: LeaderTransfer.timeoutNowDue (§3.10: once, when the target has every entry)");
  }

  /** One tick; true when the transfer just timed out (§3.10: abandoned after an election timeout). */
  tick(): boolean {
    // solution:begin
    if (this.current === undefined) return false;
    this.current.elapsed++;
    if (this.current.elapsed < this.timeoutTicks) return false;
    this.stop();
    return true;
    // solution:end
    // starter: throw new Error("not implemented: LeaderTransfer.tick (count; give up after an election timeout)");
  }
}
