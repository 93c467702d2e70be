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
  throw new Error("not implemented: nextBatch (entries from fromIndex within maxEntriesPerMessage and maxBytesPerMessage)");
}

/**
 * Where to probe next after a rejection: one entry back (prevIndex) is the base rule (§5.3);
 * with the follower's hints, skip a whole conflicting term at once. The caller clamps it.
 */
export function backoffTarget(log: NodeLog, response: AppendEntriesResponse): number {
  throw new Error("not implemented: backoffTarget (§5.3: one entry back, or skip the conflicting term)");
}
