// When a node compacts its log (§7: "servers take snapshots independently"): once the entries it
// holds pass a configured count or size, it snapshots its state machine as of lastApplied (only
// applied, so committed, entries may go into a snapshot) and the log forgets them.
import { entrySizeBytes } from "#log";
import type { CompactedLog } from "./compacted-log.ts";

export interface CompactionPolicy {
  /** Compact once the log holds more than this many entries after its snapshot. */
  readonly maxLogEntries: number;
  /** Compact once those entries take more than this many bytes (entrySizeBytes each). */
  readonly maxLogBytes: number;
}

export const defaultCompactionPolicy: CompactionPolicy = {
  maxLogEntries: 10_000,
  maxLogBytes: 64 * 1024 * 1024,
};

/** The defaults overridden by `policy`; each must be a positive integer. */
export function checkCompactionPolicy(policy: Partial<CompactionPolicy> = {}): CompactionPolicy {
  const checked = { ...defaultCompactionPolicy, ...policy };
  for (const [name, value] of Object.entries(checked)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  return checked;
}

/**
 * Whether to take a snapshot now: something applied is not in the snapshot yet, and the log
 * holds more than the policy allows (`logBytes`: the bytes of the entries after its snapshot).
 */
export function shouldCompact(
  log: CompactedLog,
  lastApplied: number,
  logBytes: number,
  policy: CompactionPolicy,
): boolean {
  throw new Error("not implemented: shouldCompact (something applied beyond the snapshot, and more entries or bytes than the policy allows)");
}

/**
 * The bytes (entrySizeBytes) of the entries a log holds after its snapshot, kept up to date
 * from what each step changed, so a node does not walk its whole log after every step.
 */
export class LogBytes {
  private bytes = 0;
  /** The snapshot index and the last index the count covers. */
  private base = 0;
  private through = 0;

  /** The count now; `changedFrom` is the first index a step rewrote (its Ready's persist). */
  measure(log: CompactedLog, changedFrom: number | undefined): number {
    const stale =
      log.snapshotIndex !== this.base ||
      log.lastIndex() < this.through ||
      (changedFrom !== undefined && changedFrom <= this.through);
    if (stale) {
      this.bytes = 0;
      this.base = log.snapshotIndex;
      this.through = log.snapshotIndex;
    }
    for (const entry of log.slice(this.through + 1)) this.bytes += entrySizeBytes(entry);
    this.through = log.lastIndex();
    return this.bytes;
  }
}
