// The log as stages 04–06 use it: what the node reads and changes, and nothing else. Stage 03's
// RaftLog has exactly these methods; a log that starts after a snapshot (first index > 1, and
// termAt(snapshot index) the snapshot's term) can stand in for it without the node changing.
import type { AppendResult, Entry } from "#log";

export interface NodeLog {
  /** Index of the last entry; 0 when the log is empty. */
  lastIndex(): number;
  /** Term of the last entry; 0 when the log is empty. */
  lastTerm(): number;
  /** Term of the entry at index; 0 for index 0; undefined where the log holds no entry. */
  termAt(index: number): number | undefined;
  /** The entry at index, or undefined. */
  entryAt(index: number): Entry | undefined;
  /** Entries with fromIndex ≤ index ≤ toIndex (inclusive; clipped to the log). */
  slice(fromIndex: number, toIndex?: number): Entry[];
  /** A leader appends a new entry at the end; returns its index. */
  append(entry: Entry): number;
  /** The AppendEntries receiver rules (§5.3): consistency check, truncate a conflict, append. */
  appendEntries(prevIndex: number, prevTerm: number, entries: readonly Entry[]): AppendResult;
  /** Index of the first entry of the given term, or undefined (for the conflict-term back-off). */
  firstIndexOfTerm(term: number): number | undefined;
  /** Index of the last entry of the given term, or undefined (for the conflict-term back-off). */
  lastIndexOfTerm(term: number): number | undefined;
}
