// Stage 10's system: 09's server (transport, front end, driver, admin) running the compacting
// node on the compacting storage. 09 takes the node and the storage it runs as a parameter (its
// ServerCore); this is the one stage 10 passes. The node compacts by entry count and by size (the
// policy); the storage keeps the latest snapshot and the log after it, so a restart reads the
// snapshot plus a short log, and a follower that fell behind the leader's snapshot gets it by
// InstallSnapshot (chunked, base64 on the wire: system-wire.ts).
import { randomInt } from "node:crypto";
import {
  BackgroundLogSync,
  type ClusterConfig,
  type OpenedCore,
  type ServerCore,
  StartupError,
} from "#system";
import { adoptEarlierLog } from "./adopt-earlier-log.ts";
import { CompactingStorage } from "./compacting-storage.ts";
import { SnapshotKvStore, type SnapshotStateMachine } from "./kv-snapshot.ts";
import { createCompactingNode } from "./node.ts";
import type { CompactionPolicy } from "./node-compaction.ts";
import { snapshotWire } from "./system-wire.ts";

/**
 * The state machine the node applies to, around the snapshot KV store: by default the store
 * itself; a later stage wraps it (stage 11: client sessions, whose table is in the snapshot too).
 */
export type StateMachineWrapper = (store: SnapshotKvStore) => SnapshotStateMachine;

/** The compacting node on CompactingStorage in a node's data directory, compacting by `policy`. */
export function compactingCore(
  policy: Partial<CompactionPolicy> = {},
  wrap: StateMachineWrapper = (store) => store,
): ServerCore {
  return {
    open: (config, id, dataDir, log) => openCompacting(config, id, dataDir, log, policy, wrap),
    wire: snapshotWire,
  };
}

function openCompacting(
  config: ClusterConfig,
  id: number,
  dataDir: string,
  log: (line: string) => void,
  policy: Partial<CompactionPolicy>,
  wrap: StateMachineWrapper,
): OpenedCore {
  const { storage, recovery } = openStorage(dataDir, log);
  // INFO and RAFT.STATE read the store; the node applies (and snapshots) what wraps it.
  const store = new SnapshotKvStore();
  const node = createCompactingNode(
    {
      id,
      peers: config.nodes.filter((node) => node.id !== id).map((node) => node.id),
      electionTimeoutTicks: config.electionTicks,
      limits: { heartbeatIntervalTicks: config.heartbeatTicks },
      stateMachine: wrap(store),
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
  const logSync = new FollowingLogSync(storage);
  return {
    node,
    storage,
    recovery: recovery.log,
    store,
    syncLog: (done) => logSync.sync(done),
    close: () => logSync.close(),
  };
}

/**
 * 09's fsync off the event loop, on the log file that is current now: a compaction moves the log
 * to a new file (the other slot), and a descriptor of the old one would flush the wrong file.
 */
class FollowingLogSync {
  private readonly storage: CompactingStorage;
  private current: BackgroundLogSync;

  constructor(storage: CompactingStorage) {
    this.storage = storage;
    this.current = new BackgroundLogSync(storage.logPath);
  }

  sync(done: (error: Error | null) => void): void {
    const path = this.storage.logPath;
    if (path !== this.current.path) {
      this.current.close(); // after its fsync in flight, if any: the driver runs one at a time
      this.current = new BackgroundLogSync(path);
    }
    this.current.sync(done);
  }

  close(): void {
    this.current.close();
  }
}

function openStorage(dataDir: string, log: (line: string) => void) {
  let opened: ReturnType<typeof CompactingStorage.open>;
  try {
    const adopted = adoptEarlierLog(dataDir);
    if (adopted.length > 0)
      log(`moved stage 09's ${adopted.join(" and ")} in ${dataDir} into log-0: stage 10's log`);
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
