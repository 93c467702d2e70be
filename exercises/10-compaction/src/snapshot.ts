// A snapshot (Raft paper §7, Figure 12): the state machine's state after applying every entry up
// to lastIncludedIndex, plus the index and term of that entry, so that the §5.3 consistency check
// still works for the first entry after it (its prevIndex/prevTerm are lastIncludedIndex/Term).
// The data is opaque to Raft, as commands are: the state machine gives it meaning.

export interface Snapshot {
  /** Index of the last entry the snapshot replaces (≥ 1). */
  readonly lastIncludedIndex: number;
  /** Term of that entry (≥ 1). */
  readonly lastIncludedTerm: number;
  /** The state machine's state, as takeSnapshot() returned it. */
  readonly data: Uint8Array;
}

/** Throws a one-line error unless snapshot is well formed (integer index and term ≥ 1, bytes). */
export function checkSnapshot(snapshot: Snapshot): void {
  const { lastIncludedIndex: index, lastIncludedTerm: term } = snapshot;
  if (!Number.isSafeInteger(index) || index < 1) {
    throw new RangeError(`snapshot: lastIncludedIndex must be an integer ≥ 1, got ${index}`);
  }
  if (!Number.isSafeInteger(term) || term < 1) {
    throw new RangeError(`snapshot: lastIncludedTerm must be an integer ≥ 1, got ${term}`);
  }
  if (!(snapshot.data instanceof Uint8Array)) {
    throw new TypeError("snapshot: data must be a Uint8Array");
  }
}
