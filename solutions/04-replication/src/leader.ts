// The leader's choices that depend only on its log: what to put in the next AppendEntries
// (within the flow-control caps) and where to probe after a rejection.
import { type Entry, entrySizeBytes } from "#log";
import type { ReplicationLimits } from "./limits.ts";
import type { AppendEntriesResponse } from "./messages.ts";
import type { NodeLog } from "./node-log.ts";

/**
 * The entries from fromIndex on that fit in one message: at most maxEntriesPerMessage and
 * maxBytesPerMessage, but always at least one entry if there is one (else a big entry never goes).
 */
export function nextBatch(log: NodeLog, fromIndex: number, limits: ReplicationLimits): Entry[] {
  // solution:begin
  const batch: Entry[] = [];
  let bytes = 0;
  for (let index = fromIndex; index <= log.lastIndex(); index++) {
    if (batch.length >= limits.maxEntriesPerMessage) break;
    const entry = log.entryAt(index);
    if (entry === undefined) break;
    const size = entrySizeBytes(entry);
    if (batch.length > 0 && bytes + size > limits.maxBytesPerMessage) break;
    batch.push(entry);
    bytes += size;
  }
  return batch;
  // solution:end
  // starter: throw new Error("not implemented: nextBatch (entries from fromIndex within maxEntriesPerMessage and maxBytesPerMessage)");
}

/**
 * Where to probe next after a rejection: one entry back (prevIndex) is the base rule (§5.3);
 * with the follower's hints, skip a whole conflicting term at once. The caller clamps it.
 */
export function backoffTarget(log: NodeLog, response: AppendEntriesResponse): number {
  // solution:begin
  const { prevIndex, conflictIndex, conflictTerm } = response;
  if (conflictIndex === undefined) return prevIndex;
  if (conflictTerm !== undefined) {
    const last = log.lastIndexOfTerm(conflictTerm);
    if (last !== undefined) return last + 1;
  }
  return conflictIndex;
  // solution:end
  // starter: throw new Error("not implemented: backoffTarget (§5.3: one entry back, or skip the conflicting term)");
}
