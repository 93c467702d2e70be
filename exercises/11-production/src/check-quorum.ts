// CheckQuorum: a leader cut off from a majority cannot commit anything, yet 06's leader goes on
// believing it leads, and its clients wait. Here the leader counts the followers it heard from in
// each election timeout; a window that ends without a majority makes it step down.
export class QuorumWatch {
  private readonly windowTicks: number;
  private readonly quorum: number;
  private readonly heard = new Set<number>();
  private elapsed = 0;

  constructor(windowTicks: number, clusterSize: number) {
    this.windowTicks = windowTicks;
    this.quorum = Math.floor(clusterSize / 2) + 1;
  }

  /** A new leadership: a full window before the first verdict. */
  restart(): void {
    this.heard.clear();
    this.elapsed = 0;
  }

  /** A follower answered this leader in its term. */
  heardFrom(peer: number): void {
    this.heard.add(peer);
  }

  /** One tick of the leader; true when a window just ended without a majority (itself counted). */
  tick(): boolean {
    throw new Error("not implemented: QuorumWatch.tick (at the end of each window: did a majority answer? then start a new window)");
  }
}
