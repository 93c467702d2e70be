// Stage 05 extends stage 04's node vocabulary: a client "propose" input instead of the bare
// "append", a "no-op" input for a new leader (stage 06), and Ready effects for commit, apply and
// the proposers' results.

import type { Reply } from "#kv";
import type { Command } from "#log";
import type { ReplicationInput, ReplicationReady } from "#replication";

/** Identifies one client request, so its result goes back to that client and no other. */
export type RequestId = string;

export type ConsensusInput =
  | Exclude<ReplicationInput, { readonly type: "append" }>
  | { readonly type: "propose"; readonly command: Command; readonly requestId: RequestId }
  /** A new leader's first entry (§8, stage 06): an empty command of its term, no client waits. */
  | { readonly type: "no-op" };

/** How a proposal ended. */
export type Outcome =
  /** Committed and applied at `index`: `reply` is what the state machine answered. */
  | { readonly type: "applied"; readonly index: number; readonly reply: Reply }
  /** Its entry was replaced by another leader's: it may be retried, it was not applied there. */
  | { readonly type: "unknown"; readonly reason: string }
  /** This node does not lead: ask `leaderId` (if known). */
  | { readonly type: "not-leader"; readonly leaderId: number | undefined }
  /** Refused before it reached the log (too many pending, or an empty command). */
  | { readonly type: "rejected"; readonly reason: string };

export interface ProposalResult {
  readonly requestId: RequestId;
  readonly outcome: Outcome;
}

/** An entry that reached the state machine in this step. */
export interface AppliedEntry {
  readonly index: number;
  readonly term: number;
  readonly command: Command;
  /** The state machine's answer; undefined for a no-op entry (empty command). */
  readonly reply: Reply | undefined;
}

/**
 * Stage 04's Ready (less `accepted`, which only 05's commit rule reads) plus what 05 adds; the
 * driver contract is stated once, on 04's `ReplicationReady`.
 */
export interface ConsensusReady extends Omit<ReplicationReady, "accepted"> {
  readonly commitIndex: number;
  readonly applied: readonly AppliedEntry[];
  readonly results: readonly ProposalResult[];
}
