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
 * holds more than the policy allows.
 */
export function shouldCompact(
  log: CompactedLog,
  lastApplied: number,
  policy: CompactionPolicy,
): boolean {
  // solution:begin
  if (lastApplied <= log.snapshotIndex) return false;
  if (log.lastIndex() - log.snapshotIndex > policy.maxLogEntries) return true;
  let bytes = 0;
  for (const entry of log.slice(log.firstIndex())) {
    bytes += entrySizeBytes(entry);
    if (bytes > policy.maxLogBytes) return true;
  }
  return false;
  // solution:end
  // starter: throw new Error("not implemented: shouldCompact (something applied beyond the snapshot, and more entries or bytes than the policy allows)");
}
