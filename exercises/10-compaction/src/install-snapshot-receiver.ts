// The follower's side of InstallSnapshot (§7, Figure 13 receiver rules 1–5): chunks are assembled
// in offset order into one snapshot. Messages can be late, lost, duplicated or reordered, so only
// the chunk at exactly the next offset is taken; anything else changes nothing, and the answer
// says where to go on from (the leader resumes there). Pure: the node installs the result.
import type { InstallSnapshotRequest, InstallSnapshotResponse } from "./install-snapshot.ts";
import type { Snapshot } from "./snapshot.ts";
import { defaultMaxSnapshotDataBytes } from "./snapshot-codec.ts";

/** What the receiving node already stands on. */
export interface ReceiverView {
  /** The node's current term (it adopted any higher one before asking). */
  readonly term: number;
  /** The highest index its state already covers (its commitIndex: committed, or in its snapshot). */
  readonly coveredIndex: number;
}

/** What one chunk did. */
export type ChunkOutcome =
  /** Figure 13 rule 1: from a deposed leader (older term); nothing changed. */
  | { readonly kind: "stale-term" }
  /** The node already covers lastIncludedIndex: nothing to install, it matches that far. */
  | { readonly kind: "covered" }
  /** Stored (changed) or ignored (a duplicate, a gap, another snapshot); go on from nextOffset. */
  | { readonly kind: "partial"; readonly nextOffset: number; readonly changed: boolean }
  /** The last chunk arrived in order: the whole snapshot, ready to install (rules 5–8). */
  | { readonly kind: "complete"; readonly snapshot: Snapshot };

/** The snapshot being assembled: whose (the leader's term) and which, and the bytes so far. */
interface Pending {
  readonly leaderTerm: number;
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
  readonly chunks: Uint8Array[];
  receivedBytes: number;
}

export class SnapshotReceiver {
  /** The largest snapshot it assembles, in bytes: the most the storage's codec takes. */
  readonly maxSnapshotBytes: number;

  constructor(maxSnapshotBytes = defaultMaxSnapshotDataBytes) {
    if (!Number.isSafeInteger(maxSnapshotBytes) || maxSnapshotBytes < 0) {
      throw new RangeError(`maxSnapshotBytes must be an integer ≥ 0, got ${maxSnapshotBytes}`);
    }
    this.maxSnapshotBytes = maxSnapshotBytes;
  }

  /** Bytes held of the snapshot being assembled (0 when none is). */
  get receivedBytes(): number {
    throw new Error("not implemented: SnapshotReceiver.receivedBytes");
  }

  /** One InstallSnapshot chunk in; what it did out. */
  receive(request: InstallSnapshotRequest, view: ReceiverView): ChunkOutcome {
    throw new Error("not implemented: SnapshotReceiver.receive (Figure 13: stale term, covered, start at offset 0, take only the next offset, complete on done)");
  }

}

/** The answer to a request: which snapshot and chunk it answers, where to go on, whether done. */
export function snapshotResponse(
  request: InstallSnapshotRequest,
  term: number,
  nextOffset: number,
  installed: boolean,
): InstallSnapshotResponse {
  return {
    type: "install-snapshot-response",
    from: request.to,
    to: request.from,
    term,
    lastIncludedIndex: request.lastIncludedIndex,
    lastIncludedTerm: request.lastIncludedTerm,
    offset: request.offset,
    nextOffset,
    installed,
  };
}

