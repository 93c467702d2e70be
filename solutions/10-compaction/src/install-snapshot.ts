// The InstallSnapshot RPC (Raft paper §7, Figure 13): a leader sends a follower its snapshot when
// the entries the follower needs next are already compacted away. A snapshot can be far larger
// than one message, so it goes in chunks by byte offset; the last one says `done`.

/** Figure 13 "InstallSnapshot RPC", arguments (leaderId is `from`). */
export interface InstallSnapshotRequest {
  readonly type: "install-snapshot";
  readonly from: number;
  readonly to: number;
  /** The leader's term. */
  readonly term: number;
  /** The snapshot replaces all entries up through and including this index. */
  readonly lastIncludedIndex: number;
  /** Term of lastIncludedIndex. */
  readonly lastIncludedTerm: number;
  /** Byte offset where this chunk sits in the snapshot's data. */
  readonly offset: number;
  /** The chunk's bytes, starting at offset. */
  readonly data: Uint8Array;
  /** True if this is the last chunk. */
  readonly done: boolean;
}

/**
 * Figure 13 "InstallSnapshot RPC", results (the follower's term), plus what the leader needs to
 * resume and to count the follower: which snapshot it answers, the bytes the follower holds, and
 * whether it now holds the whole snapshot.
 */
export interface InstallSnapshotResponse {
  readonly type: "install-snapshot-response";
  readonly from: number;
  readonly to: number;
  /** The follower's term, for the leader to notice it was deposed. */
  readonly term: number;
  /** The snapshot this answers (echoed from the request). */
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
  /** The request's offset, echoed: tells the leader which chunk this answers. */
  readonly offset: number;
  /** Bytes of that snapshot the follower holds, from 0 on: where the leader goes on sending. */
  readonly nextOffset: number;
  /**
   * The follower installed this snapshot (or already held one at least as new): its log now
   * matches the leader's through lastIncludedIndex.
   */
  readonly installed: boolean;
}

export type SnapshotMessage = InstallSnapshotRequest | InstallSnapshotResponse;
