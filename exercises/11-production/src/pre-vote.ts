// Pre-Vote (thesis §9.6): before raising its term, a node whose election timer expired asks the
// others whether they would vote for it. A node that cannot win (cut off, or with a stale log)
// then never raises its term, so when it comes back it does not depose a healthy leader.
import { candidateIsUpToDate, type NodeLog } from "#raft";
import type { PreVoteRequest } from "./messages.ts";

/** What a voter knows when a pre-vote request arrives. */
export interface PreVoter {
  readonly term: number;
  readonly log: NodeLog;
  /** Whether it heard from a leader (or leads) within the minimum election timeout. */
  readonly leaderIsAlive: boolean;
}

/**
 * §9.6: grant when the voter has not heard from a leader within the minimum election timeout,
 * the asked term is above the voter's own (a real election of it could happen), and the asker's
 * log is at least as up to date (§5.4.1). The voter changes nothing: no term, no vote, no timer.
 */
export function grantsPreVote(voter: PreVoter, request: PreVoteRequest): boolean {
  throw new Error("not implemented: grantsPreVote (§9.6: no live leader, a higher term asked, §5.4.1 up to date)");
}

/** One round of pre-votes: for `term` (the asker's term + 1), its own pre-vote counted. */
export class PreVoteRound {
  readonly term: number;
  private readonly granted = new Set<number>();
  private readonly quorum: number;

  constructor(self: number, term: number, clusterSize: number) {
    this.term = term;
    this.quorum = Math.floor(clusterSize / 2) + 1;
    this.granted.add(self);
  }

  /** Counts a granted pre-vote of this round; true once a majority granted (§9.6). */
  grant(from: number): boolean {
    throw new Error("not implemented: PreVoteRound.grant (count each voter once; a majority wins)");
  }

  won(): boolean {
    return this.granted.size >= this.quorum;
  }
}
