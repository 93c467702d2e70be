// What a Raft node is configured with; what it restores from storage comes separately.
import type { StateMachine } from "#consensus";
import { checkLimits, type ReplicationLimits } from "#replication";

export interface RaftConfig {
  readonly id: number;
  /** The other members of the cluster (node ids), not this node. */
  readonly peers: readonly number[];
  /** T: election timeouts are drawn from [T, 2T) ticks. Must exceed the heartbeat interval. */
  readonly electionTimeoutTicks?: number;
  readonly limits?: Partial<ReplicationLimits>;
  /** Where committed commands are applied; a fresh KvStore by default. */
  readonly stateMachine?: StateMachine;
  /** Client proposals waiting for their entry to be applied, at most. */
  readonly maxPendingProposals?: number;
}

export const defaultElectionTimeoutTicks = 10;

/** The election timeout, checked against the heartbeat interval. */
export function checkElectionTimeout(config: RaftConfig): number {
  const timeout = config.electionTimeoutTicks ?? defaultElectionTimeoutTicks;
  if (!Number.isInteger(timeout) || timeout < 2) {
    throw new RangeError(`electionTimeoutTicks must be an integer ≥ 2, got ${timeout}`);
  }
  const { heartbeatIntervalTicks } = checkLimits(config.limits);
  // A leader must be heard from well within every follower's timeout, or followers keep
  // starting elections against a healthy leader (§5.6, broadcastTime ≪ electionTimeout).
  if (heartbeatIntervalTicks >= timeout) {
    throw new RangeError(
      `electionTimeoutTicks (${timeout}) must exceed heartbeatIntervalTicks (${heartbeatIntervalTicks})`,
    );
  }
  return timeout;
}
