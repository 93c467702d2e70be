// Whether to grant a vote (§5.2, §5.4.1, Figure 2 "RequestVote RPC, receiver implementation").
import type { HardState } from "#log";
import type { NodeLog } from "#replication";
import type { RequestVoteRequest } from "./messages.ts";

/**
 * §5.4.1: the candidate's log is at least as up to date as ours when its last term is higher, or
 * the last terms are equal and its log is at least as long. Terms first: a long log of old terms
 * loses to a short one that reaches a later term.
 */
export function candidateIsUpToDate(
  log: NodeLog,
  candidateLastTerm: number,
  candidateLastIndex: number,
): boolean {
  // solution:begin
  if (candidateLastTerm !== log.lastTerm()) return candidateLastTerm > log.lastTerm();
  return candidateLastIndex >= log.lastIndex();
  // solution:end
  // starter: throw new Error("not implemented: candidateIsUpToDate (§5.4.1: compare last terms, then last indexes)");
}

/**
 * Figure 2: grant when the request is of our current term (the caller already adopted a higher
 * one), we have not voted for someone else in it (a candidate that asks again gets its vote
 * again: the first answer may have been lost), and its log is at least as up to date as ours.
 */
export function grantsVote(state: HardState, log: NodeLog, request: RequestVoteRequest): boolean {
  // solution:begin
  if (request.term !== state.term) return false;
  if (state.votedFor !== null && state.votedFor !== request.from) return false;
  return candidateIsUpToDate(log, request.lastLogTerm, request.lastLogIndex);
  // solution:end
  // starter: throw new Error("not implemented: grantsVote (Figure 2: same term, no other vote this term, §5.4.1 up to date)");
}
