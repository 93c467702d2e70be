// Restart time with a long log: the log is written directly with 03's FileStorage in the
// node's data layout (<dataDir>/node-<id>: "log" and "hard-state"), far faster than through
// a cluster; then the node program is started on it and timed: to answering RAFT.STATUS (the
// storage is loaded before the node listens), and, in a one-node cluster, to leading with every
// entry committed and applied. Always 09's node program: that layout is 09's (a later stage's
// system keeps its data otherwise; the bench's compaction part measures that one).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleProgram } from "@rafting/testkit/child-program";
import { sleep } from "@rafting/testkit/processes";
import { type Entry, FileStorage } from "#log";
import { mainPath } from "../../src/index.ts";
import { LocalCluster } from "./local-cluster.ts";

export interface RestartResult {
  readonly entries: number;
  readonly logBytes: number;
  readonly writeMs: number;
  /** Process start to the first RAFT.STATUS reply: the storage is loaded by then. */
  readonly servingMs: number;
  /** Process start to leader of its one-node cluster with every entry applied. */
  readonly appliedMs: number;
}

const chunkEntries = 10_000;
const waitMs = 120_000;

export function writeLog(
  dir: string,
  entries: number,
  valueBytes: number,
): { bytes: number; ms: number } {
  const started = performance.now();
  const { storage } = FileStorage.open(dir);
  const value = "v".repeat(valueBytes);
  for (let from = 1; from <= entries; from += chunkEntries) {
    const count = Math.min(chunkEntries, entries - from + 1);
    const chunk: Entry[] = Array.from({ length: count }, (_, i) => ({
      term: 1,
      command: ["SET", `key:${(from + i) % 100_000}`, value],
    }));
    storage.writeEntries(from, chunk);
  }
  storage.saveHardState({ term: 1, votedFor: 1 });
  storage.sync();
  storage.close();
  const { storage: reopened, recovery } = FileStorage.open(dir);
  reopened.close();
  if (recovery.entries !== entries)
    throw new Error(`restart: wrote ${entries} entries, found ${recovery.entries}`);
  return { bytes: recovery.validBytes, ms: performance.now() - started };
}

export async function measureRestart(entries: number, valueBytes: number): Promise<RestartResult> {
  const dir = mkdtempSync(join(tmpdir(), "rafting-bench-restart-"));
  const program = await bundleProgram(mainPath);
  const cluster = await LocalCluster.prepare({ size: 1, dir, program });
  try {
    const written = writeLog(cluster.dataDir(1), entries, valueBytes);
    const node = cluster.start(1);
    let servingMs: number | undefined;
    const deadline = performance.now() + waitMs;
    while (performance.now() < deadline && node.alive) {
      const status = await cluster.status(1);
      if (status !== undefined) {
        servingMs ??= performance.now() - node.startedAtMs;
        if (status.role === "leader" && status.lastApplied > entries) {
          return {
            entries,
            logBytes: written.bytes,
            writeMs: written.ms,
            servingMs,
            appliedMs: performance.now() - node.startedAtMs,
          };
        }
      }
      await sleep(servingMs === undefined ? 5 : 20);
    }
    throw new Error(
      `restart: the node with ${entries} entries ${node.alive ? `was not serving within ${waitMs} ms` : `exited: ${node.recentLines.join(" | ")}`}`,
    );
  } finally {
    await cluster.stopAll(5000);
    rmSync(dir, { recursive: true, force: true });
  }
}
