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
  throw new Error("not implemented: acceptAppend (§5.3 receiver rules via RaftLog.appendEntries; say what changed)");
}

