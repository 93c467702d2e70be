// What a Raft server must keep across crashes (Figure 2, "Persistent state on all servers"):
// currentTerm, votedFor and the log. The pure core says what to persist; a driver writes it
// through this interface and calls sync() before it sends anything that depends on it.
//
// The interface is synchronous on purpose: a driver batches the work of many events so that one
// sync covers many entries, and a synchronous call cannot interleave with other events.
import type { Entry } from "./entry.ts";

/** Term and vote: small, rewritten as a whole, durable as soon as saveHardState returns. */
export interface HardState {
  readonly term: number;
  /** The node id this server voted for in `term`, or null. Node ids are numbers. */
  readonly votedFor: number | null;
}

export interface Storage {
  /** What is durable now: the hard state and the log (entries from index 1). */
  load(): { hardState: HardState; entries: Entry[] };
  /** Replace the hard state; durable when this returns (atomic write). */
  saveHardState(state: HardState): void;
  /**
   * Write entries starting at index fromIndex (1-based), first deleting any stored entry at or
   * after fromIndex; fromIndex ≤ last stored index + 1. Durable only after sync().
   */
  writeEntries(fromIndex: number, entries: readonly Entry[]): void;
  /** Make every earlier writeEntries durable (fsync). */
  sync(): void;
  close(): void;
}

// The checks below are given: the lesson is in the storage, not in the input checks.

/** The hard state of a server that has never saved one. */
export const initialHardState: HardState = { term: 0, votedFor: null };

/** Throws a one-line error unless state is a valid hard state (term ≥ 0, votedFor an id or null). */
export function checkHardState(state: HardState): void {
  if (!Number.isSafeInteger(state.term) || state.term < 0) {
    throw new RangeError(`hard state: term must be a non-negative integer, got ${state.term}`);
  }
  const vote = state.votedFor;
  if (vote !== null && (!Number.isSafeInteger(vote) || vote < 0)) {
    throw new RangeError(
      `hard state: votedFor must be a node id (integer ≥ 0) or null, got ${vote}`,
    );
  }
}

/** Throws a one-line error unless fromIndex is a valid place to write after lastIndex entries. */
export function checkWriteIndex(fromIndex: number, lastIndex: number): void {
  if (!Number.isSafeInteger(fromIndex) || fromIndex < 1 || fromIndex > lastIndex + 1) {
    throw new RangeError(
      `writeEntries: fromIndex must be an integer in 1..${lastIndex + 1} (no holes), got ${fromIndex}`,
    );
  }
}

/** Any UTF-16 code unit above 0xff: not a byte. */
const nonLatin1 = /[\u0100-\uffff]/;

/**
 * Throws a one-line error unless entry can be stored: a term ≥ 1 and a command of byte strings
 * (latin1, one char per byte: a char above \u00ff would be silently mangled on disk).
 */
export function checkEntry(entry: Entry, index: number): void {
  if (!Number.isSafeInteger(entry.term) || entry.term < 1) {
    throw new RangeError(`entry ${index}: term must be an integer ≥ 1, got ${entry.term}`);
  }
  if (!Array.isArray(entry.command)) {
    throw new TypeError(`entry ${index}: command must be an array of strings`);
  }
  for (const part of entry.command) {
    if (typeof part !== "string" || nonLatin1.test(part)) {
      throw new TypeError(
        `entry ${index}: command parts must be byte strings (chars \\u0000-\\u00ff)`,
      );
    }
  }
}

/** checkEntry for each entry, numbered from fromIndex. */
export function checkEntries(entries: readonly Entry[], fromIndex: number): void {
  for (let i = 0; i < entries.length; i++) checkEntry(entries[i]!, fromIndex + i);
}
