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
  // solution:begin
  private pending: Pending | undefined;
  // solution:end

  constructor(maxSnapshotBytes = defaultMaxSnapshotDataBytes) {
    if (!Number.isSafeInteger(maxSnapshotBytes) || maxSnapshotBytes < 0) {
      throw new RangeError(`maxSnapshotBytes must be an integer ≥ 0, got ${maxSnapshotBytes}`);
    }
    this.maxSnapshotBytes = maxSnapshotBytes;
  }

  /** Bytes held of the snapshot being assembled (0 when none is). */
  get receivedBytes(): number {
    // solution:begin
    return this.pending?.receivedBytes ?? 0;
    // solution:end
    // starter: throw new Error("not implemented: SnapshotReceiver.receivedBytes");
  }

  /** One InstallSnapshot chunk in; what it did out. */
  receive(request: InstallSnapshotRequest, view: ReceiverView): ChunkOutcome {
    // solution:begin
    if (request.term < view.term) return { kind: "stale-term" };
    if (request.lastIncludedIndex <= view.coveredIndex) {
      this.pending = undefined;
      return { kind: "covered" };
    }
    if (!this.isPending(request)) {
      // Figure 13 rule 2: a new snapshot starts at offset 0; a later chunk of one we do not
      // hold (its start was lost, or we restarted) makes the leader start over.
      if (request.offset !== 0 || !this.isNewer(request)) {
        return { kind: "partial", nextOffset: 0, changed: false };
      }
      this.pending = {
        leaderTerm: request.term,
        lastIncludedIndex: request.lastIncludedIndex,
        lastIncludedTerm: request.lastIncludedTerm,
        chunks: [],
        receivedBytes: 0,
      };
    }
    return this.take(this.pending as Pending, request);
    // solution:end
    // starter: throw new Error("not implemented: SnapshotReceiver.receive (Figure 13: stale term, covered, start at offset 0, take only the next offset, complete on done)");
  }

  // solution:begin
  /** Rules 3–4: write the chunk at its offset; only the next one, so the bytes stay contiguous. */
  private take(pending: Pending, request: InstallSnapshotRequest): ChunkOutcome {
    if (request.offset !== pending.receivedBytes) {
      return { kind: "partial", nextOffset: pending.receivedBytes, changed: false };
    }
    if (pending.receivedBytes + request.data.length > this.maxSnapshotBytes) {
      // No answer would help: the leader's snapshot cannot be stored here (a configuration error).
      this.pending = undefined;
      throw new RangeError(
        `InstallSnapshot: the snapshot through ${pending.lastIncludedIndex} passes maxSnapshotBytes (${this.maxSnapshotBytes}) at offset ${request.offset}`,
      );
    }
    pending.chunks.push(request.data.slice());
    pending.receivedBytes += request.data.length;
    if (!request.done) {
      return { kind: "partial", nextOffset: pending.receivedBytes, changed: true };
    }
    this.pending = undefined;
    const snapshot: Snapshot = {
      lastIncludedIndex: pending.lastIncludedIndex,
      lastIncludedTerm: pending.lastIncludedTerm,
      data: concat(pending.chunks, pending.receivedBytes),
    };
    return { kind: "complete", snapshot };
  }

  private isPending(request: InstallSnapshotRequest): boolean {
    const pending = this.pending;
    return (
      pending !== undefined &&
      pending.leaderTerm === request.term &&
      pending.lastIncludedIndex === request.lastIncludedIndex &&
      pending.lastIncludedTerm === request.lastIncludedTerm
    );
  }

  /** A snapshot replaces the one being assembled only if it is a later leader's, or newer. */
  private isNewer(request: InstallSnapshotRequest): boolean {
    const pending = this.pending;
    if (pending === undefined || request.term > pending.leaderTerm) return true;
    return (
      request.term === pending.leaderTerm && request.lastIncludedIndex > pending.lastIncludedIndex
    );
  }
  // solution:end
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

// solution:begin
function concat(chunks: readonly Uint8Array[], totalBytes: number): Uint8Array {
  const data = new Uint8Array(totalBytes);
  let at = 0;
  for (const chunk of chunks) {
    data.set(chunk, at);
    at += chunk.length;
  }
  return data;
}
// solution:end
