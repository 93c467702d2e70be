// Flow control and timing: how much a leader sends per message and per follower, and when.

export interface ReplicationLimits {
  /** At most this many entries in one AppendEntries. */
  readonly maxEntriesPerMessage: number;
  /** At most this many bytes (entrySizeBytes) of entries in one AppendEntries; one larger entry still goes alone. */
  readonly maxBytesPerMessage: number;
  /** At most this many AppendEntries with entries unanswered per follower (1 while probing). */
  readonly maxInflightPerFollower: number;
  /** A leader sends every follower something at least this often, in ticks. */
  readonly heartbeatIntervalTicks: number;
  /** Requests unanswered for this many ticks count as lost and are sent again. */
  readonly retransmitTimeoutTicks: number;
}

export const defaultLimits: ReplicationLimits = {
  maxEntriesPerMessage: 64,
  maxBytesPerMessage: 64 * 1024,
  maxInflightPerFollower: 4,
  heartbeatIntervalTicks: 3,
  retransmitTimeoutTicks: 10,
};

/** The defaults overridden by `limits`; each must be a positive integer. */
export function checkLimits(limits: Partial<ReplicationLimits> = {}): ReplicationLimits {
  const checked = { ...defaultLimits, ...limits };
  for (const [name, value] of Object.entries(checked)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  return checked;
}
