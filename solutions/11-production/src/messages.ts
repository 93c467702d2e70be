// Stage 11's vocabulary: the messages a production node adds to 06's (Pre-Vote, thesis §9.6;
// TimeoutNow, §3.10; the ReadIndex heartbeat round and a follower's read, §6.4), the inputs it
// adds (a leadership transfer, a read) and what its Ready adds (the reads that may be served).
import type { Command, Message as RaftMessage, Ready as RaftReady, RequestId } from "#raft";

/** §9.6: "would you vote for me in `term`?", asked without raising the asker's own term. */
export interface PreVoteRequest {
  readonly type: "pre-vote";
  readonly from: number;
  readonly to: number;
  /** The term the asker would campaign in: its current term + 1. */
  readonly term: number;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

export interface PreVoteResponse {
  readonly type: "pre-vote-response";
  readonly from: number;
  readonly to: number;
  /** The voter's current term: an asker behind it adopts it (Figure 2, "All Servers"). */
  readonly term: number;
  /** The term the request asked about, echoed: tells the asker which round this answers. */
  readonly askedTerm: number;
  readonly granted: boolean;
}

/** §3.10: the leader tells the target of a transfer to start an election at once. */
export interface TimeoutNow {
  readonly type: "timeout-now";
  readonly from: number;
  readonly to: number;
  readonly term: number;
}

/** §6.4: the leader's heartbeat of read round `round`, confirming it still leads. */
export interface ReadHeartbeat {
  readonly type: "read-heartbeat";
  readonly from: number;
  readonly to: number;
  readonly term: number;
  readonly round: number;
}

export interface ReadHeartbeatResponse {
  readonly type: "read-heartbeat-response";
  readonly from: number;
  readonly to: number;
  /** The follower's term after the heartbeat. */
  readonly term: number;
  readonly round: number;
  /** True when the follower was in the heartbeat's term: it acknowledges that leader. */
  readonly ok: boolean;
}

/** §6.4: a follower asks its leader for a read index on behalf of one of its clients. */
export interface ReadIndexRequest {
  readonly type: "read-index";
  readonly from: number;
  readonly to: number;
  readonly term: number;
  readonly readId: string;
}

export interface ReadIndexResponse {
  readonly type: "read-index-response";
  readonly from: number;
  readonly to: number;
  readonly term: number;
  readonly readId: string;
  /** The confirmed read index, or undefined when the asked node could not confirm it leads. */
  readonly index: number | undefined;
}

/**
 * 06's RequestVote of an election that TimeoutNow started (§3.10): with leases, a voter that hears
 * from a leader refuses other RequestVotes, but not this one, which that leader asked for.
 */
export type TransferVoteRequest = Extract<RaftMessage, { type: "request-vote" }> & {
  readonly transfer: true;
};

export type Message =
  | RaftMessage
  | TransferVoteRequest
  | PreVoteRequest
  | PreVoteResponse
  | TimeoutNow
  | ReadHeartbeat
  | ReadHeartbeatResponse
  | ReadIndexRequest
  | ReadIndexResponse;

/** 06's inputs, with this stage's messages, plus a leadership transfer and a linearizable read. */
export type Input =
  | { readonly type: "message"; readonly message: Message }
  | { readonly type: "tick" }
  | { readonly type: "propose"; readonly command: Command; readonly requestId: RequestId }
  /** §3.10: hand leadership to node `to` (ignored by a node that does not lead). */
  | { readonly type: "transfer"; readonly to: number }
  /** §6.4: a client's read; the Ready says when the state machine may answer it. */
  | { readonly type: "read"; readonly readId: string };

export type ReadOutcome =
  /** Serve the read from the state machine now: it has applied at least through `index`. */
  | { readonly type: "ready"; readonly index: number }
  /** No read index could be confirmed here; ask `leaderId` (if known) or retry. */
  | { readonly type: "failed"; readonly reason: string; readonly leaderId: number | undefined };

export interface ReadResult {
  readonly readId: string;
  readonly outcome: ReadOutcome;
}

/** 06's Ready with this stage's messages, plus the reads settled in this step. */
export interface Ready extends Omit<RaftReady, "messages"> {
  readonly messages: readonly Message[];
  readonly reads: readonly ReadResult[];
}
