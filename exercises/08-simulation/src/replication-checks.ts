// Checks the simulator adds to 07's: what a leader is told about its followers' logs must be true
// (§5.3). 07's checkers judge logs and commits after the fact, so a false acknowledgement shows
// only if it happens to lose a committed entry later. These name it when it happens: a follower
// that says "I match you up to m" must match the leader up to m, a leader's matchIndex must be
// what the follower really holds, and an entry a leader commits must be on a majority.
import type { AppendEntriesResponse } from "#raft";
import { compactedThrough, type LogView } from "#testing";

/** A node as these checks see it. `progressOf` is 06's (a leader's view of one follower), optional. */
export interface ObservedNode {
  readonly id: number;
  readonly role: string;
  readonly term: number;
  readonly log: LogView;
  progressOf?(peer: number): { readonly matchIndex: number };
  /**
   * A later stage's node: true for a message it just stepped that Figure 2's higher-term rule
   * does not cover by design (stage 11: a pre-vote asks for term + 1 without anyone adopting it,
   * §9.6; a vote request ignored while a lease holds, §6.4.1).
   */
  keepsTermOn?(message: { readonly type: string }): boolean;
}

/** The term of the entry at `index`; 0 at index 0; undefined past the end. */
export function termAt(log: LogView, index: number): number | undefined {
  if (index === 0) return 0;
  return log.entryAt(index)?.term;
}

/**
 * Whether `index` lies inside the snapshot of `log` or of `other` (stage 10, §7): that entry is
 * compacted there, committed, and its term no longer at hand, so nothing can be compared. Two
 * parameters, not a rest array: it runs for every follower after every step of a leader.
 */
export function insideSnapshot(index: number, log: LogView, other?: LogView): boolean {
  if (index < 1) return false;
  return (
    index <= compactedThrough(log) || (other !== undefined && index <= compactedThrough(other))
  );
}

/**
 * Follower `follower` answered `response` (success, matchIndex m) in the term `leader` leads:
 * Figure 2's consistency check means its log now matches the leader's up to m. Returns what is
 * wrong, or undefined. Entries of one leader's term are never removed from its log, so the
 * leader's log at m is still what it sent.
 */
export function checkAcknowledgement(
  follower: ObservedNode,
  response: AppendEntriesResponse,
  leader: ObservedNode,
): string | undefined {
  throw new Error("not implemented: checkAcknowledgement (§5.3: a success means the follower's log matches the leader's up to matchIndex)");
}

/**
 * A leader's matchIndex for each follower of its own term must be true of that follower's log:
 * within one term a follower's log only grows towards its leader's, and it acknowledges only what
 * is on its disk. Followers in another term (or down) are skipped: a newer leader may have
 * changed their logs. Returns what is wrong, or undefined.
 */
export function checkMatchIndexes(
  leader: ObservedNode,
  followers: readonly ObservedNode[],
): string | undefined {
  throw new Error("not implemented: checkMatchIndexes (§5.3: a leader's matchIndex for a follower of its term is true of that follower's log)");
}

/**
 * A leader just raised its commitIndex to `index`: that entry must be stored (same index, same
 * term) on a majority of the `copies` (every node's log; a crashed node's disk). The followers
 * that acknowledged it keep it: a leader without it cannot be elected while they hold it.
 */
export function checkCommitOnMajority(
  leader: ObservedNode,
  index: number,
  copies: readonly LogView[],
): string | undefined {
  throw new Error("not implemented: checkCommitOnMajority (§5.3: a committed entry is stored on a majority)");
}

function describeTerm(term: number | undefined): string {
  return term === undefined ? "no entry" : `an entry of term ${term}`;
}
