// The leader's InstallSnapshot transfers, one per follower that needs an entry the leader has
// compacted away (§7: "the leader must occasionally send snapshots to followers that lag
// behind"). Each is stage 10's SnapshotSender; this holds them and turns chunks into messages.
import type { InstallSnapshotRequest, InstallSnapshotResponse } from "./install-snapshot.ts";
import { SnapshotSender, type SnapshotSendLimits } from "./install-snapshot-sender.ts";
import type { Snapshot } from "./snapshot.ts";

export class SnapshotSenders {
  private readonly senders = new Map<number, SnapshotSender>();
  private readonly limits: SnapshotSendLimits;

  constructor(limits: SnapshotSendLimits) {
    this.limits = limits;
  }

  /** Followers a snapshot is going to now. */
  peers(): number[] {
    return [...this.senders.keys()];
  }

  /** The transfer to `peer`, if one is going on. */
  senderFor(peer: number): SnapshotSender | undefined {
    return this.senders.get(peer);
  }

  /**
   * `peer` needs `snapshot` (its next entry is compacted): start sending it. A transfer on its
   * way is finished first once the follower holds some of it (an older snapshot is committed
   * state too; the follower then needs less): replacing it at every compaction could starve a
   * follower under a steady write load.
   */
  need(peer: number, snapshot: Snapshot): void {
    const current = this.senders.get(peer);
    if (current !== undefined && !current.installed) {
      if (current.snapshot === snapshot || current.ackedBytes > 0) return;
    }
    this.senders.set(peer, new SnapshotSender(snapshot, this.limits));
  }

  /** `peer` no longer needs a snapshot (it installed one, or caught up some other way). */
  done(peer: number): void {
    this.senders.delete(peer);
  }

  /** Not leading any more: every transfer stops. */
  clear(): void {
    this.senders.clear();
  }

  /** A response from `peer`: returns whether it answered the transfer going on. */
  onResponse(response: InstallSnapshotResponse): boolean {
    return this.senders.get(response.from)?.onResponse(response) ?? false;
  }

  /** Time passed: unanswered chunks time out. */
  onTick(nowTick: number): void {
    for (const sender of this.senders.values()) sender.onTick(nowTick);
  }

  /** The chunks flow control allows now, as InstallSnapshot requests from leader `from` in `term`. */
  requests(from: number, term: number, nowTick: number): InstallSnapshotRequest[] {
    const requests: InstallSnapshotRequest[] = [];
    for (const [to, sender] of this.senders) {
      const { lastIncludedIndex, lastIncludedTerm } = sender.snapshot;
      for (const chunk of sender.nextChunks(nowTick)) {
        requests.push({
          type: "install-snapshot",
          from,
          to,
          term,
          lastIncludedIndex,
          lastIncludedTerm,
          ...chunk,
        });
      }
    }
    return requests;
  }
}
