// What log compaction (stage 10) buys: a three-node cluster of the newest stage's system takes
// `writes` SETs through its leader, then each node's data directory is measured (the snapshot and
// the log after it), and a follower is killed (SIGKILL) and restarted: the time to serving (its
// first RAFT.STATUS answer: storage loaded, snapshot restored) and to applying everything the
// leader had committed. With 09's system (no compaction) the same run shows the whole log on disk.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesUnder, connectClient, sleep } from "@rafting/testkit/processes";
import { LocalCluster } from "./local-cluster.ts";

export interface CompactionResult {
  readonly writes: number;
  readonly writesPerSecond: number;
  /** Per node: bytes in its data directory after the writes. */
  readonly diskBytes: readonly number[];
  /** The leader's snapshot index and log length after the writes (0: it never compacted). */
  readonly snapshotIndex: number;
  readonly logLength: number;
  /** The restarted follower: process start to its first RAFT.STATUS reply. */
  readonly servingMs: number;
  /** The restarted follower: process start to lastApplied ≥ the leader's commitIndex. */
  readonly caughtUpMs: number;
}

const waitMs = 180_000;
const keys = 100_000;

export async function measureCompaction(
  writes: number,
  valueBytes: number,
  clients: number,
  progress: (text: string) => void,
): Promise<CompactionResult> {
  const dir = mkdtempSync(join(tmpdir(), "rafting-bench-compaction-"));
  const cluster = await LocalCluster.prepare({ size: 3, dir });
  try {
    cluster.startAll();
    if (!(await cluster.waitForListening(cluster.ids, 60_000)))
      throw new Error("compaction: the nodes did not all start listening within 60 s");
    const leader = await cluster.waitForLeader(10_000);
    if (leader === undefined) throw new Error("compaction: no leader within 10 s");
    const startedMs = performance.now();
    await writeAll(cluster.clientPort(leader), writes, valueBytes, clients, progress);
    const writesPerSecond = writes / ((performance.now() - startedMs) / 1000);
    const status = await cluster.status(leader);
    if (status === undefined) throw new Error("compaction: the leader stopped answering");
    const diskBytes = cluster.ids.map((id) => bytesUnder(cluster.dataDir(id)));
    const follower = cluster.ids.find((id) => id !== leader)!;
    await cluster.kill(follower);
    const restarted = await timeRestart(cluster, follower, status.commitIndex);
    return {
      writes,
      writesPerSecond,
      diskBytes,
      snapshotIndex: status.snapshotIndex ?? 0,
      logLength: status.logLength,
      ...restarted,
    };
  } finally {
    await cluster.stopAll(5000);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `writes` SETs over `keys` keys, `clients` connections each with one request at a time. */
async function writeAll(
  port: number,
  writes: number,
  valueBytes: number,
  clients: number,
  progress: (text: string) => void,
): Promise<void> {
  const value = "v".repeat(valueBytes);
  let next = 0;
  const connections = Array.from({ length: clients }, () =>
    connectClient(port, { commandTimeoutMs: 30_000 }),
  );
  const worker = async (client: (typeof connections)[number]) => {
    while (next < writes) {
      const n = next++;
      if (n % 50_000 === 0) progress(`compaction: ${n} of ${writes} writes…`);
      const reply = await client.set(`key:${n % keys}`, value);
      if (reply !== "OK") throw new Error(`compaction: SET answered ${String(reply)}`);
    }
  };
  try {
    await Promise.all(connections.map(worker));
  } finally {
    for (const client of connections) client.disconnect();
  }
  progress("");
}

async function timeRestart(
  cluster: LocalCluster,
  id: number,
  commitIndex: number,
): Promise<{ servingMs: number; caughtUpMs: number }> {
  const node = cluster.start(id);
  let servingMs: number | undefined;
  const deadline = performance.now() + waitMs;
  while (performance.now() < deadline && node.alive) {
    const status = await cluster.status(id);
    if (status !== undefined) {
      servingMs ??= performance.now() - node.startedAtMs;
      if (status.lastApplied >= commitIndex)
        return { servingMs, caughtUpMs: performance.now() - node.startedAtMs };
    }
    await sleep(servingMs === undefined ? 5 : 20);
  }
  throw new Error(
    `compaction: the restarted node ${id} ${node.alive ? `had not applied through ${commitIndex} within ${waitMs} ms` : `exited: ${node.recentLines.join(" | ")}`}`,
  );
}
