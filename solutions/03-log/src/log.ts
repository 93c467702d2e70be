// The Raft log in memory: entries indexed from 1, with the receiver's rules of AppendEntries
// (Raft paper §5.3, Figure 2 "AppendEntries RPC, receiver implementation", rules 2–4).
import type { Entry } from "./entry.ts";

export type AppendResult =
  | {
      ok: true;
      /** Index of the last entry the request carried (prevIndex + entries.length). */
      lastNewIndex: number;
      /** First index that was deleted because it conflicted, or undefined if nothing was. */
      truncatedFrom: number | undefined;
    }
  | {
      ok: false;
      /** Why the consistency check failed: no entry at prevIndex, or one with another term. */
      reason: "missing" | "term-mismatch";
    };

export class RaftLog {
  // solution:begin
  private readonly entries: Entry[] = [];
  // solution:end

  constructor(entries: readonly Entry[] = []) {
    // solution:begin
    for (const entry of entries) this.append(entry);
    // solution:end
    // starter: throw new Error("not implemented: RaftLog constructor (start from the given entries)");
  }

  /** Index of the last entry; 0 when the log is empty. */
  lastIndex(): number {
    // solution:begin
    return this.entries.length;
    // solution:end
    // starter: throw new Error("not implemented: RaftLog.lastIndex");
  }

  /** Term of the last entry; 0 when the log is empty. */
  lastTerm(): number {
    // solution:begin
    return this.entries.at(-1)?.term ?? 0;
    // solution:end
    // starter: throw new Error("not implemented: RaftLog.lastTerm");
  }

  /** Term of the entry at index; 0 for index 0 (before the first entry); undefined past the end. */
  termAt(index: number): number | undefined {
    // solution:begin
    if (index === 0) return 0;
    return this.entryAt(index)?.term;
    // solution:end
    // starter: throw new Error("not implemented: RaftLog.termAt");
  }

  /** The entry at index (1-based), or undefined. */
  entryAt(index: number): Entry | undefined {
    // solution:begin
    if (!Number.isInteger(index) || index < 1) return undefined;
    return this.entries[index - 1];
    // solution:end
    // starter: throw new Error("not implemented: RaftLog.entryAt");
  }

  /** Entries with fromIndex ≤ index ≤ toIndex (inclusive; clipped to the log). */
  slice(fromIndex: number, toIndex = this.lastIndex()): Entry[] {
    // solution:begin
    return this.entries.slice(Math.max(fromIndex, 1) - 1, Math.max(toIndex, 0));
    // solution:end
    // starter: throw new Error("not implemented: RaftLog.slice");
  }

  /** A leader appends a new entry at the end; returns its index. */
  append(entry: Entry): number {
    // solution:begin
    if (entry.term < this.lastTerm()) {
      throw new Error(
        `log terms never decrease: appending term ${entry.term} after ${this.lastTerm()}`,
      );
    }
    this.entries.push(entry);
    return this.entries.length;
    // solution:end
    // starter: throw new Error("not implemented: RaftLog.append");
  }

  /**
   * The follower's side of AppendEntries (§5.3): succeed only when the log has an entry at
   * prevIndex with prevTerm (index 0 always matches); then delete the first conflicting entry and
   * everything after it, and append the entries not already present. Entries that already match
   * are kept, so a repeated or stale request never shortens the log.
   */
  appendEntries(prevIndex: number, prevTerm: number, entries: readonly Entry[]): AppendResult {
    // solution:begin
    const termAtPrev = this.termAt(prevIndex);
    if (termAtPrev === undefined) return { ok: false, reason: "missing" };
    if (termAtPrev !== prevTerm) return { ok: false, reason: "term-mismatch" };
    let truncatedFrom: number | undefined;
    entries.forEach((entry, offset) => {
      const index = prevIndex + 1 + offset;
      const existingTerm = this.termAt(index);
      if (existingTerm === entry.term) return;
      if (existingTerm !== undefined) {
        truncatedFrom ??= index;
        this.entries.length = index - 1;
      }
      this.entries.push(entry);
    });
    return { ok: true, lastNewIndex: prevIndex + entries.length, truncatedFrom };
    // solution:end
    // starter: throw new Error("not implemented: RaftLog.appendEntries (§5.3 receiver rules 2-4)");
  }

  /** Index of the first entry of the given term, or undefined (for the conflict-term back-off). */
  firstIndexOfTerm(term: number): number | undefined {
    // solution:begin
    const position = this.entries.findIndex((entry) => entry.term === term);
    return position === -1 ? undefined : position + 1;
    // solution:end
    // starter: throw new Error("not implemented: RaftLog.firstIndexOfTerm");
  }

  /** Index of the last entry of the given term, or undefined (for the conflict-term back-off). */
  lastIndexOfTerm(term: number): number | undefined {
    // solution:begin
    for (let index = this.entries.length; index >= 1; index--) {
      if (this.entries[index - 1]?.term === term) return index;
    }
    return undefined;
    // solution:end
    // starter: throw new Error("not implemented: RaftLog.lastIndexOfTerm");
  }
}
