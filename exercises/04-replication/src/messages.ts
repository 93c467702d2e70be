// The replication node's vocabulary: the AppendEntries messages (Raft paper Figure 2), the inputs
// it steps on, and the effects (ReplicationReady) a step returns for the driver to carry out.
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
  /** The leader's commitIndex: the value stage 05 passes to step (0 in stage 04). */
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

export type ReplicationMessage = AppendEntriesRequest | AppendEntriesResponse;

/** One event in: a message from another node, a tick of the clock, or a leader appending a command. */
export type ReplicationInput =
  | { readonly type: "message"; readonly message: ReplicationMessage }
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
 * Effects out of one step. THE DRIVER CONTRACT, stated here once for every stage's Ready (05's
 * ConsensusReady and 06's Ready add fields; every driver follows it: testkit's Cluster, 07's
 * harness, 08's host, 09's driver; docs/architecture.md shows it in the whole data flow;
 * packages/testkit/test/driver-contract.test.ts checks all four):
 *   1. persist: save `hardState` (06: term and vote) and write `persist`, then sync, so both are
 *      durable. Figure 2: "respond to RPCs only after updating stable storage";
 *   2. send `messages`, only once step 1 is durable: a response says "I stored these entries" or
 *      "I voted for you", and a leader counts its own entries once they are on its disk. (A
 *      heartbeat, an AppendEntries without entries, needs only the term saved: 09 sends it during
 *      a slow fsync so followers do not start an election);
 *   3. reply: hand `results` (05) to the proposers, only once step 1 is durable, so a client hears
 *      "applied" for nothing a crash can take back.
 * Readies are carried out in the order the node returned them: a driver may batch several behind
 * one sync, but nothing of a Ready goes out before every earlier Ready's step 1 is durable, and
 * results go out in the order of their Readies. So `applied` (05: the entries the node applied, in
 * increasing index order, each once) and the results reach observers and clients in log order.
 */
export interface ReplicationReady {
  readonly messages: readonly ReplicationMessage[];
  readonly persist: PersistEntries | undefined;
  /** For stage 05 only (its commit rule): 05's ConsensusReady leaves it out. */
  readonly accepted: Accepted | undefined;
}
