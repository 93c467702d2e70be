// Stage 10's system: 09's server (transport, front end, driver, admin) running the compacting
// node on the compacting storage. 09 takes the node and the storage it runs as a parameter (its
// ServerCore); this is the one stage 10 passes. The node compacts by entry count and by size (the
// policy); the storage keeps the latest snapshot and the log after it, so a restart reads the
// snapshot plus a short log, and a follower that fell behind the leader's snapshot gets it by
// InstallSnapshot (chunked, base64 on the wire: system-wire.ts).
import { randomInt } from "node:crypto";
import { type ClusterConfig, type OpenedCore, type ServerCore, StartupError } from "#system";
import { CompactingStorage } from "./compacting-storage.ts";
import { SnapshotKvStore } from "./kv-snapshot.ts";
import { createCompactingNode } from "./node.ts";
import type { CompactionPolicy } from "./node-compaction.ts";
import { snapshotWire } from "./system-wire.ts";

/** The compacting node on CompactingStorage in a node's data directory, compacting by `policy`. */
export function compactingCore(policy: Partial<CompactionPolicy> = {}): ServerCore {
  return {
    open: (config, id, dataDir, log) => openCompacting(config, id, dataDir, log, policy),
    wire: snapshotWire,
  };
}

function openCompacting(
  config: ClusterConfig,
  id: number,
  dataDir: string,
  log: (line: string) => void,
  policy: Partial<CompactionPolicy>,
): OpenedCore {
  const { storage, recovery } = openStorage(dataDir, log);
  const store = new SnapshotKvStore();
  const node = createCompactingNode(
    {
      id,
      peers: config.nodes.filter((node) => node.id !== id).map((node) => node.id),
      electionTimeoutTicks: config.electionTicks,
      limits: { heartbeatIntervalTicks: config.heartbeatTicks },
      stateMachine: store,
      compaction: policy,
    },
    storage,
    { int: (min, maxExclusive) => randomInt(min, maxExclusive) },
  );
  const snapshot = node.snapshot;
  if (snapshot !== undefined) {
    log(
      `restored from the snapshot through ${snapshot.lastIncludedIndex} (term ${snapshot.lastIncludedTerm}, ${snapshot.data.length} bytes) and ${node.log.lastIndex() - snapshot.lastIncludedIndex} entries after it`,
    );
  }
  // The log file changes at every compaction (a new slot), so its fsync stays on the loop
  // (storage.sync()) rather than on a descriptor opened once, as 09's BackgroundLogSync does.
  return { node, storage, recovery: recovery.log, store };
}

function openStorage(dataDir: string, log: (line: string) => void) {
  let opened: ReturnType<typeof CompactingStorage.open>;
  try {
    opened = CompactingStorage.open(dataDir);
  } catch (cause) {
    const problem = cause instanceof Error ? cause.message : String(cause);
    throw new StartupError(`cannot use data directory ${dataDir}: ${problem}`);
  }
  const { recovery } = opened;
  if (recovery.log.truncatedBytes > 0) {
    log(
      `recovered the log in ${dataDir}: cut ${recovery.log.truncatedBytes} bytes of torn tail (${recovery.log.reason})`,
    );
  }
  if (recovery.finishedCompaction) {
    log(`finished a compaction a crash had interrupted in ${dataDir}`);
  }
  return opened;
}
