// The compacting node in 07's harness and 08's simulator: a NodeFactory (their node parameter)
// and the disk each machine gets (their storage parameter). Small compaction thresholds make
// every run compact often, so snapshots, InstallSnapshot and crashes during snapshot writes
// happen in every run rather than once in a long while.
import type { HarnessNode, HarnessStorage, NodeFactory } from "#testing";
import { type CompactingConfig, createCompactingNode, type RestoredWithSnapshot } from "./node.ts";
import { type CompactionPolicy, checkCompactionPolicy } from "./node-compaction.ts";
import { SnapshotMemoryStorage } from "./sim-storage.ts";

/**
 * Compact once more than 2 entries follow the snapshot: aggressive, for simulation. Followers a
 * little behind then need InstallSnapshot, and logs are often compacted through their last entry
 * (with 8, the compaction mutants showed up in a third as many seeds).
 */
export const aggressiveCompaction: CompactionPolicy = { maxLogEntries: 2, maxLogBytes: 4096 };

/** A factory of compacting nodes compacting by `policy`, for the harness and the simulator. */
export function compactingNodeFactory(
  policy: Partial<CompactionPolicy> = aggressiveCompaction,
  create: typeof createCompactingNode = createCompactingNode,
): NodeFactory {
  const compaction = checkCompactionPolicy(policy);
  return (config, storage, random) => {
    // The harness and the simulator configure no state machine: the node's own SnapshotKvStore.
    const { stateMachine: _, ...rest } = config;
    const compacting: CompactingConfig = { ...rest, compaction };
    // The disk is the one compactingStorage() made: its load() returns the snapshot too.
    const restored = storage as unknown as { load(): RestoredWithSnapshot };
    // Its Ready has stage 10's messages and effects too: the harness and the simulator pass the
    // messages on as they are and carry the effects out (SnapshotEffects), so the wider type is
    // theirs to read, not 06's.
    return create(compacting, restored, random) as unknown as HarnessNode;
  };
}

/** Each machine's disk in the harness and the simulator: snapshots, and the log after them. */
export function compactingStorage(): HarnessStorage {
  return new SnapshotMemoryStorage() as unknown as HarnessStorage;
}
