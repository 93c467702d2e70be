// Stage 06 extends the node's vocabulary once more: the RequestVote messages (Raft paper
// Figure 2, "RequestVote RPC"), and Ready fields for the hard state to save and for observers
// (role, term, leader). The roles are stage 04's, which stores them.
import type { ConsensusReady, RequestId } from "#consensus";
import type { Command, HardState } from "#log";
import type { AppendEntriesRequest, AppendEntriesResponse, ReplicationRole } from "#replication";

/** Follower, candidate or leader: stage 04 stores the role (a candidate has no leader there). */
export type Role = ReplicationRole;

/** Figure 2 "RequestVote RPC", arguments: a candidate asks for a vote. */
export interface RequestVoteRequest {
  readonly type: "request-vote";
  readonly from: number;
  readonly to: number;
  /** The candidate's term. */
  readonly term: number;
  /** Index and term of the candidate's last log entry: the §5.4.1 up-to-date check. */
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

/** Figure 2 "RequestVote RPC", results. */
export interface RequestVoteResponse {
  readonly type: "request-vote-response";
  readonly from: number;
  readonly to: number;
  /** The voter's term, for the candidate to notice it is behind. */
  readonly term: number;
  readonly granted: boolean;
}

export type Message =
  | AppendEntriesRequest
  | AppendEntriesResponse
  | RequestVoteRequest
  | RequestVoteResponse;

/** One event in: a message, a tick of the clock, or a client's command. */
export type Input =
  | { readonly type: "message"; readonly message: Message }
  | { readonly type: "tick" }
  | { readonly type: "propose"; readonly command: Command; readonly requestId: RequestId };

/**
 * Stage 05's Ready plus what 06 adds; the driver contract is stated once, on 04's
 * `ReplicationReady`.
 */
export interface Ready extends Omit<ConsensusReady, "messages"> {
  readonly messages: readonly Message[];
  /** Term and vote to save before sending, when they changed in this step (Figure 2). */
  readonly hardState: HardState | undefined;
  /** For observers (tests, the simulator, a status page): where the node stands after the step. */
  readonly role: Role;
  readonly term: number;
  readonly leaderId: number | undefined;
}
