// The leader's side of InstallSnapshot for one follower: the snapshot goes in chunks of at most
// maxChunkBytes, at most maxChunksInFlight unanswered at a time (the same flow control as stage
// 04's AppendEntries), resent from the last acknowledged byte when a chunk goes unanswered for
// retransmitTimeoutTicks, and resumed from wherever the follower says it stands. Pure: the node
// turns chunks into messages and hands responses back.
import type { InstallSnapshotResponse } from "./install-snapshot.ts";
import type { Snapshot } from "./snapshot.ts";

export interface SnapshotSendLimits {
  /** At most this many bytes of snapshot data in one InstallSnapshot. */
  readonly maxChunkBytes: number;
  /** At most this many chunks sent and not yet answered. */
  readonly maxChunksInFlight: number;
  /** A chunk unanswered for this many ticks counts as lost: send again from the last acknowledged byte. */
  readonly retransmitTimeoutTicks: number;
}

/** One chunk to send: Figure 13's offset, data and done. */
export interface SnapshotChunk {
  readonly offset: number;
  readonly data: Uint8Array;
  readonly done: boolean;
}

interface InflightChunk {
  /** The byte just past the chunk. */
  readonly end: number;
  readonly sentAtTick: number;
}

export class SnapshotSender {
  readonly snapshot: Snapshot;
  readonly limits: SnapshotSendLimits;

  constructor(snapshot: Snapshot, limits: SnapshotSendLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`${name} must be a positive integer, got ${value}`);
      }
    }
    this.snapshot = snapshot;
    this.limits = limits;
  }

  /** The follower said it installed the snapshot: nothing more to send. */
  get installed(): boolean {
    throw new Error("not implemented: SnapshotSender.installed");
  }

  /** Bytes the follower is known to hold. */
  get ackedBytes(): number {
    throw new Error("not implemented: SnapshotSender.ackedBytes");
  }

  /** Chunks sent and not yet answered. */
  get chunksInFlight(): number {
    throw new Error("not implemented: SnapshotSender.chunksInFlight");
  }

  /** The chunks flow control allows now, in offset order; the caller sends them all. */
  nextChunks(nowTick: number): SnapshotChunk[] {
    throw new Error("not implemented: SnapshotSender.nextChunks (chunks of maxChunkBytes from the send offset, at most maxChunksInFlight unanswered)");
  }

  /**
   * The follower answered. Returns false when the answer is about another snapshot (it changes
   * nothing). A chunk it did not take (nextOffset at or before that chunk's offset) means it
   * lost or never got the bytes from nextOffset on: send again from there.
   */
  onResponse(response: InstallSnapshotResponse): boolean {
    throw new Error("not implemented: SnapshotSender.onResponse (installed: stop; acknowledge nextOffset; a chunk not taken: resume from nextOffset)");
  }

  /** Time passed: a chunk unanswered for retransmitTimeoutTicks counts as lost. */
  onTick(nowTick: number): void {
    throw new Error("not implemented: SnapshotSender.onTick (after retransmitTimeoutTicks unanswered, send again from the last acknowledged byte)");
  }

}
