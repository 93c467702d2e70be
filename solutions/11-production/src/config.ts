// What a production node is configured with: 06's configuration and a switch per feature, so
// that a test (or a learner) can see what each one changes.
import type { RaftConfig } from "#raft";

export interface ProductionConfig extends RaftConfig {
  /** Thesis §9.6: ask for pre-votes before raising the term. On by default. */
  readonly preVote?: boolean;
  /** A leader that has not heard from a majority for an election timeout steps down. On by default. */
  readonly checkQuorum?: boolean;
  /**
   * Thesis §6.4.1: leader leases, off by default. On, the leader serves reads alone while a
   * majority acknowledged a heartbeat less than T - driftMarginTicks ticks ago, and voters
   * refuse real votes (not only pre-votes) while they hear from a leader, except in a transfer.
   */
  readonly lease?: { readonly driftMarginTicks: number };
}
