// The leader's pending client proposals, matched to log entries by index AND term: the entry at
// an index may be replaced by another leader's, and that entry's result belongs to someone else.
import type { NodeLog } from "#replication";
import type { AppliedEntry, ProposalResult, RequestId } from "./messages.ts";

interface Pending {
  readonly term: number;
  readonly requestId: RequestId;
}

export class Proposals {
  private readonly pending = new Map<number, Pending>();
  private readonly maxPending: number;

  constructor(maxPending: number) {
    if (!Number.isInteger(maxPending) || maxPending < 1) {
      throw new RangeError(`maxPendingProposals must be a positive integer, got ${maxPending}`);
    }
    this.maxPending = maxPending;
  }

  get size(): number {
    return this.pending.size;
  }

  isFull(): boolean {
    return this.pending.size >= this.maxPending;
  }

  /** A proposal's entry went into the log at (index, term). */
  add(index: number, term: number, requestId: RequestId): void {
    if (this.pending.has(index)) throw new Error(`invariant: two proposals at index ${index}`);
    this.pending.set(index, { term, requestId });
  }

  /** Results for proposals whose entries were applied, or replaced by another entry there. */
  settleApplied(applied: readonly AppliedEntry[]): ProposalResult[] {
    // solution:begin
    const results: ProposalResult[] = [];
    for (const entry of applied) {
      const proposal = this.pending.get(entry.index);
      if (proposal === undefined) continue;
      this.pending.delete(entry.index);
      if (proposal.term === entry.term && entry.reply !== undefined) {
        const outcome = { type: "applied", index: entry.index, reply: entry.reply } as const;
        results.push({ requestId: proposal.requestId, outcome });
      } else {
        results.push(replaced(proposal.requestId, entry.index));
      }
    }
    return results;
    // solution:end
    // starter: throw new Error("not implemented: Proposals.settleApplied (match by index AND term; never hand out another client's result)");
  }

  /** Results for proposals whose entries are no longer in the log as proposed (deposed leader). */
  settleReplaced(log: NodeLog): ProposalResult[] {
    // solution:begin
    const results: ProposalResult[] = [];
    for (const [index, proposal] of this.pending) {
      if (log.termAt(index) === proposal.term) continue;
      this.pending.delete(index);
      results.push(replaced(proposal.requestId, index));
    }
    return results;
    // solution:end
    // starter: throw new Error("not implemented: Proposals.settleReplaced (an entry with another term now at that index: outcome unknown)");
  }
}

// solution:begin
function replaced(requestId: RequestId, index: number): ProposalResult {
  const reason = `entry ${index} was replaced by another leader's entry`;
  return { requestId, outcome: { type: "unknown", reason } };
}
// solution:end
