// A Raft log with a snapshot at its base (Raft paper §7, Figure 12): the entries up to
// snapshotIndex are gone, replaced by the snapshot; only their last index and term are kept, so
// that the §5.3 consistency check still works for the first entry after them. Every rule of
// stage 03's RaftLog keeps working across that boundary.
//
// The entries after the snapshot are a stage 03 RaftLog, shifted: log index i is its index
// i - snapshotIndex. What this file adds is the boundary.
import { type AppendResult, type Entry, RaftLog } from "#log";

/** Where a compacted log starts: the last index and term its snapshot covers (0, 0 for none). */
export interface LogBase {
  readonly snapshotIndex: number;
  readonly snapshotTerm: number;
}

/** What installing a snapshot did to the log (§7, InstallSnapshot receiver rules 6–7). */
export type InstallOutcome =
  /** The log already covers that index with a snapshot: nothing changed. */
  | "stale"
  /** The log held the snapshot's last entry (same index and term): the entries after it stay. */
  | "kept-suffix"
  /** It did not: the whole log was discarded; the log is now the snapshot alone. */
  | "discarded-log";

const noSnapshot: LogBase = { snapshotIndex: 0, snapshotTerm: 0 };

export class CompactedLog {
  // solution:begin
  private base: LogBase;
  /** The entries after the snapshot; its index 1 is log index snapshotIndex + 1. */
  private tail: RaftLog;
  // solution:end

  constructor(base: LogBase = noSnapshot, entries: readonly Entry[] = []) {
    checkBase(base);
    // solution:begin
    if (entries.length > 0 && entries[0]!.term < base.snapshotTerm) {
      throw new Error(
        `log terms never decrease: entry ${base.snapshotIndex + 1} has term ${entries[0]!.term}, the snapshot ends in term ${base.snapshotTerm}`,
      );
    }
    this.base = { snapshotIndex: base.snapshotIndex, snapshotTerm: base.snapshotTerm };
    this.tail = new RaftLog(entries);
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog constructor (a snapshot base, then the entries after it)");
  }

  /** Index of the last entry the snapshot covers; 0 when there is no snapshot. */
  get snapshotIndex(): number {
    // solution:begin
    return this.base.snapshotIndex;
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.snapshotIndex");
  }

  /** Term of that entry; 0 when there is no snapshot. */
  get snapshotTerm(): number {
    // solution:begin
    return this.base.snapshotTerm;
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.snapshotTerm");
  }

  /** Index of the first entry still held (snapshotIndex + 1; past lastIndex when none is). */
  firstIndex(): number {
    return this.snapshotIndex + 1;
  }

  /** Index of the last entry; the snapshot's last index when no entry follows it. */
  lastIndex(): number {
    // solution:begin
    return this.base.snapshotIndex + this.tail.lastIndex();
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.lastIndex (the snapshot's index when no entry follows)");
  }

  /** Term of the last entry; the snapshot's last term when no entry follows it (§5.4.1 needs it). */
  lastTerm(): number {
    // solution:begin
    return this.tail.lastIndex() === 0 ? this.base.snapshotTerm : this.tail.lastTerm();
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.lastTerm (the snapshot's term when no entry follows)");
  }

  /**
   * Term of the entry at index: snapshotTerm at snapshotIndex; undefined below it (those entries
   * are gone) and past the end. Index 0 comes before every log: term 0, as in stage 03 (a leader's
   * heartbeat may check it when the entry it would check was compacted).
   */
  termAt(index: number): number | undefined {
    // solution:begin
    if (index === 0) return 0;
    if (index === this.base.snapshotIndex) return this.base.snapshotTerm;
    if (index < this.base.snapshotIndex) return undefined;
    return this.tail.termAt(index - this.base.snapshotIndex);
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.termAt (§7: the snapshot's term at its index, nothing below)");
  }

  /** The entry at index, or undefined (also for every index the snapshot covers). */
  entryAt(index: number): Entry | undefined {
    // solution:begin
    if (index <= this.base.snapshotIndex) return undefined;
    return this.tail.entryAt(index - this.base.snapshotIndex);
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.entryAt");
  }

  /** Entries with fromIndex ≤ index ≤ toIndex, clipped to the entries still held. */
  slice(fromIndex: number, toIndex = this.lastIndex()): Entry[] {
    // solution:begin
    const shift = this.base.snapshotIndex;
    return this.tail.slice(Math.max(fromIndex - shift, 1), toIndex - shift);
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.slice");
  }

  /** A leader appends a new entry at the end; returns its index. */
  append(entry: Entry): number {
    // solution:begin
    if (entry.term < this.lastTerm()) {
      throw new Error(
        `log terms never decrease: appending term ${entry.term} after ${this.lastTerm()}`,
      );
    }
    return this.base.snapshotIndex + this.tail.append(entry);
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.append");
  }

  /**
   * The follower's side of AppendEntries (§5.3) across the snapshot: a prevIndex at the snapshot
   * matches on the snapshot's term; below it, the entries the snapshot covers are committed, so
   * they match any current leader's (§5.4 Leader Completeness) and are skipped.
   */
  appendEntries(prevIndex: number, prevTerm: number, entries: readonly Entry[]): AppendResult {
    // solution:begin
    const { snapshotIndex, snapshotTerm } = this.base;
    if (prevIndex < snapshotIndex) {
      const covered = snapshotIndex - prevIndex;
      if (entries.length <= covered) {
        return { ok: true, lastNewIndex: prevIndex + entries.length, truncatedFrom: undefined };
      }
      checkCommittedTerm(snapshotIndex, snapshotTerm, entries[covered - 1]!.term);
      return this.appendEntries(snapshotIndex, snapshotTerm, entries.slice(covered));
    }
    if (prevIndex === snapshotIndex && prevTerm !== snapshotTerm) {
      return { ok: false, reason: "term-mismatch" };
    }
    const shiftedPrevTerm = prevIndex === snapshotIndex ? 0 : prevTerm;
    const result = this.tail.appendEntries(prevIndex - snapshotIndex, shiftedPrevTerm, entries);
    if (!result.ok) return result;
    const truncated = result.truncatedFrom;
    return {
      ok: true,
      lastNewIndex: result.lastNewIndex + snapshotIndex,
      truncatedFrom: truncated === undefined ? undefined : truncated + snapshotIndex,
    };
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.appendEntries (§5.3 across the snapshot: at, below and above snapshotIndex)");
  }

  /**
   * Index of the first entry of the given term that this log still knows (the snapshot's index
   * counts, with its term), or undefined: for the conflict-term back-off.
   */
  firstIndexOfTerm(term: number): number | undefined {
    // solution:begin
    const { snapshotIndex, snapshotTerm } = this.base;
    if (snapshotIndex > 0 && snapshotTerm === term) return snapshotIndex;
    const found = this.tail.firstIndexOfTerm(term);
    return found === undefined ? undefined : found + snapshotIndex;
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.firstIndexOfTerm (the snapshot's index counts)");
  }

  /** Index of the last entry of the given term this log knows (the snapshot's counts), or undefined. */
  lastIndexOfTerm(term: number): number | undefined {
    // solution:begin
    const { snapshotIndex, snapshotTerm } = this.base;
    const found = this.tail.lastIndexOfTerm(term);
    if (found !== undefined) return found + snapshotIndex;
    return snapshotIndex > 0 && snapshotTerm === term ? snapshotIndex : undefined;
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.lastIndexOfTerm (the snapshot's index counts)");
  }

  /**
   * The node took a snapshot through throughIndex: forget the entries up to it, keep its term.
   * Returns false (nothing changed) when the log is already compacted that far.
   */
  compact(throughIndex: number): boolean {
    // solution:begin
    if (throughIndex <= this.base.snapshotIndex) return false;
    if (!Number.isInteger(throughIndex) || throughIndex > this.lastIndex()) {
      throw new RangeError(
        `compact: throughIndex must be an entry of the log (≤ ${this.lastIndex()}), got ${throughIndex}`,
      );
    }
    const snapshotTerm = this.termAt(throughIndex) as number;
    const kept = this.slice(throughIndex + 1);
    this.base = { snapshotIndex: throughIndex, snapshotTerm };
    this.tail = new RaftLog(kept);
    return true;
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.compact (forget the entries through throughIndex, keep its term)");
  }

  /**
   * §7 InstallSnapshot receiver rules 6–7: if the log has the snapshot's last entry (same index
   * and term), keep the entries after it; otherwise discard the whole log. A snapshot the log
   * already covers changes nothing.
   */
  installSnapshot(lastIncludedIndex: number, lastIncludedTerm: number): InstallOutcome {
    checkBase({ snapshotIndex: lastIncludedIndex, snapshotTerm: lastIncludedTerm });
    // solution:begin
    if (lastIncludedIndex <= this.base.snapshotIndex) return "stale";
    if (this.termAt(lastIncludedIndex) === lastIncludedTerm) {
      this.compact(lastIncludedIndex);
      return "kept-suffix";
    }
    this.base = { snapshotIndex: lastIncludedIndex, snapshotTerm: lastIncludedTerm };
    this.tail = new RaftLog();
    return "discarded-log";
    // solution:end
    // starter: throw new Error("not implemented: CompactedLog.installSnapshot (§7 rules 6-7: keep the entries after a matching last entry, else discard the log)");
  }
}

function checkBase(base: LogBase): void {
  const { snapshotIndex, snapshotTerm } = base;
  if (!Number.isSafeInteger(snapshotIndex) || snapshotIndex < 0) {
    throw new RangeError(`snapshotIndex must be an integer ≥ 0, got ${snapshotIndex}`);
  }
  if (!Number.isSafeInteger(snapshotTerm) || snapshotTerm < 0) {
    throw new RangeError(`snapshotTerm must be an integer ≥ 0, got ${snapshotTerm}`);
  }
  if ((snapshotIndex === 0) !== (snapshotTerm === 0)) {
    throw new RangeError(
      `a snapshot has both an index and a term ≥ 1, or neither: got index ${snapshotIndex}, term ${snapshotTerm}`,
    );
  }
}

/** A committed entry never changes (§5.4.3): a leader that sends another term for it is broken. */
function checkCommittedTerm(index: number, snapshotTerm: number, sentTerm: number): void {
  if (sentTerm !== snapshotTerm) {
    throw new Error(
      `invariant: entry ${index} is in the snapshot with term ${snapshotTerm}, the leader sent term ${sentTerm} (State Machine Safety, §5.4.3)`,
    );
  }
}
