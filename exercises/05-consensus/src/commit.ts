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
  throw new Error("not implemented: leaderCommitIndex (§5.4.2: a majority stores it AND it is from the current term)");
}

/**
 * Follower: Figure 2 AppendEntries receiver rule 5, commitIndex = min(leaderCommit, index of the
 * last new entry): entries past what the request covered may still differ from the leader's.
 */
export function followerCommitIndex(commitIndex: number, accepted: Accepted | undefined): number {
  throw new Error("not implemented: followerCommitIndex (Figure 2 rule 5: min(leaderCommit, last new index); never decrease)");
}
