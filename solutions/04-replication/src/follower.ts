// The follower's side of AppendEntries (§5.3, Figure 2 receiver rules): the log does the work
// (stage 03's RaftLog.appendEntries); this says what changed and what to answer.
import type { AppendEntriesRequest } from "./messages.ts";
import type { NodeLog } from "./node-log.ts";

export type AppendOutcome =
  | {
      readonly success: true;
      /** prevIndex + entries.length: what the leader may now count as matching. */
      readonly matchIndex: number;
      /** First index whose entry changed (to persist from), or undefined if nothing changed. */
      readonly changedFrom: number | undefined;
    }
  | {
      readonly success: false;
      /** Hints for the leader's faster back-off (§5.3, last paragraphs). */
      readonly conflictIndex: number;
      readonly conflictTerm: number | undefined;
    };

/** Applies an AppendEntries request of the current leader to the log. */
export function acceptAppend(log: NodeLog, request: AppendEntriesRequest): AppendOutcome {
  // solution:begin
  const lastBefore = log.lastIndex();
  const result = log.appendEntries(request.prevIndex, request.prevTerm, request.entries);
  if (!result.ok) return rejection(log, request.prevIndex);
  const grown = log.lastIndex() > lastBefore ? lastBefore + 1 : undefined;
  return {
    success: true,
    matchIndex: result.lastNewIndex,
    changedFrom: result.truncatedFrom ?? grown,
  };
  // solution:end
  // starter: throw new Error("not implemented: acceptAppend (§5.3 receiver rules via RaftLog.appendEntries; say what changed)");
}

// solution:begin
/**
 * No entry at prevIndex: the leader should go to our lastIndex + 1. An entry of another term:
 * the leader can skip that whole term (conflictIndex is where it starts in our log).
 */
function rejection(log: NodeLog, prevIndex: number): AppendOutcome {
  const conflictTerm = log.termAt(prevIndex);
  if (conflictTerm === undefined) {
    return { success: false, conflictIndex: log.lastIndex() + 1, conflictTerm: undefined };
  }
  const conflictIndex = log.firstIndexOfTerm(conflictTerm) ?? prevIndex;
  return { success: false, conflictIndex, conflictTerm };
}
// solution:end
