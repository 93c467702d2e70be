// The node's vocabulary: the AppendEntries messages (Raft paper Figure 2), the inputs a node
// steps on, and the effects (Ready) a step returns for the driver to carry out.
// Stage 05 adds a "propose" input and commit/apply effects; stage 06 adds RequestVote messages.
import type { Command, Entry } from "#log";

/** Figure 2 "AppendEntries RPC", arguments. Also the heartbeat, with no entries. */
export interface AppendEntriesRequest {
  readonly type: "append-entries";
  readonly from: number;
  readonly to: number;
  /** The leader's term. */
  readonly term: number;
  /** Index and term of the entry just before `entries`: the consistency check (§5.3). */
  readonly prevIndex: number;
  readonly prevTerm: number;
  readonly entries: readonly Entry[];
  /** The leader's commitIndex: 0 in stage 04, stage 05 plugs its commit index in. */
  readonly leaderCommit: number;
}

/** Figure 2 "AppendEntries RPC", results, plus what the leader needs to use them safely. */
export interface AppendEntriesResponse {
  readonly type: "append-entries-response";
  readonly from: number;
  readonly to: number;
  /** The follower's term, for the leader to notice it was deposed. */
  readonly term: number;
  readonly success: boolean;
  /** The request's prevIndex, echoed: tells the leader which request this answers. */
  readonly prevIndex: number;
  /**
   * On success: prevIndex + entries.length of the request, the last index now known to match the
   * leader's log. Responses can arrive late, twice or out of order, so the leader takes matchIndex
   * from here, never from its own nextIndex. 0 on rejection.
   */
  readonly matchIndex: number;
  /** On rejection (optional, the faster back-off): first index of the conflicting term, or lastIndex + 1. */
  readonly conflictIndex?: number | undefined;
  /** On rejection (optional): the term of the follower's entry at prevIndex, if it has one. */
  readonly conflictTerm?: number | undefined;
}

export type Message = AppendEntriesRequest | AppendEntriesResponse;

/** One event in: a message from another node, a tick of the clock, or a leader appending a command. */
export type Input =
  | { readonly type: "message"; readonly message: Message }
  | { readonly type: "tick" }
  | { readonly type: "append"; readonly command: Command };

/** Entries to write from fromIndex on (deleting what is stored there), as Storage.writeEntries takes them. */
export interface PersistEntries {
  readonly fromIndex: number;
  readonly entries: readonly Entry[];
}

/** What a follower accepted in this step: stage 05 learns the commit index from it. */
export interface Accepted {
  readonly leaderCommit: number;
  /** Index of the last entry the accepted request carried (prevIndex + entries.length). */
  readonly lastNewIndex: number;
}

/**
 * Effects out. The driver persists `persist` (and syncs) BEFORE it sends `messages`: a response
 * says "I stored these entries", and a leader counts its own entries once they are on its disk.
 */
export interface Ready {
  readonly messages: readonly Message[];
  readonly persist: PersistEntries | undefined;
  readonly accepted: Accepted | undefined;
}
