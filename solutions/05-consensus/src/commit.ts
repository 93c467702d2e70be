// When an entry is committed (§5.3, §5.4.2, Figure 2 "Rules for Servers").

import type { Accepted, NodeLog } from "#replication";

/**
 * Leader: the highest index stored on a majority (its own lastIndex counts as one), committed only
 * if that entry is from the leader's current term (§5.4.2, Figure 8): entries of earlier terms are
 * never committed by counting replicas, only along with a current-term entry above them.
 * `matchIndexes` holds one value per node of the cluster, the leader's own lastIndex included.
 */
export function leaderCommitIndex(
  log: NodeLog,
  currentTerm: number,
  matchIndexes: readonly number[],
  commitIndex: number,
): number {
  // solution:begin
  const sorted = [...matchIndexes].sort((a, b) => b - a);
  // With n nodes, the value at position floor(n/2) (descending) is held by a majority.
  const majorityIndex = sorted[Math.floor(sorted.length / 2)] ?? 0;
  if (majorityIndex <= commitIndex) return commitIndex;
  // Terms in a log never decrease, so if this entry is from an older term, so are all below it.
  if (log.termAt(majorityIndex) !== currentTerm) return commitIndex;
  return majorityIndex;
  // solution:end
  // starter: throw new Error("not implemented: leaderCommitIndex (§5.4.2: a majority stores it AND it is from the current term)");
}

/**
 * Follower: Figure 2 AppendEntries receiver rule 5, commitIndex = min(leaderCommit, index of the
 * last new entry): entries past what the request covered may still differ from the leader's.
 */
export function followerCommitIndex(commitIndex: number, accepted: Accepted | undefined): number {
  // solution:begin
  if (accepted === undefined) return commitIndex;
  return Math.max(commitIndex, Math.min(accepted.leaderCommit, accepted.lastNewIndex));
  // solution:end
  // starter: throw new Error("not implemented: followerCommitIndex (Figure 2 rule 5: min(leaderCommit, last new index); never decrease)");
}
