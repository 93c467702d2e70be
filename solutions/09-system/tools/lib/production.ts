// What stage 11's features show on a real cluster (a three-node loopback cluster of the newest
// stage's system, fsync on), when that system is stage 11's or later:
//   - reads: GETs served by ReadIndex (§6.4: a heartbeat round, no log entry) next to GETs
//     through the log (the same system with "production": {"readIndex": false});
//   - failover with election timeouts lowered to the Raft paper's Figure 16 range (150–300 ms),
//     which Pre-Vote and CheckQuorum make safe to use: SIGKILL the leader, time to the first
//     acknowledged write (failover.ts);
//   - stability at those timeouts: leader changes during a run without faults under a light load.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { sleep } from "@rafting/testkit/processes";
import { measureFailovers } from "./failover.ts";
import { type LoadResult, runLoad } from "./load.ts";
import { LocalCluster, type Timings } from "./local-cluster.ts";
import { systemProgramPath } from "./node-program.ts";

/** Figure 16's lowest range: timeouts drawn from 150–300 ms (T = 15 ticks of 10 ms). */
export const lowTimings: Partial<Timings> = { tickMs: 10, electionTicks: 15, heartbeatTicks: 3 };

/** The newest stage's system has stage 11's features (its stage number is 11 or more). */
export function systemHasProductionFeatures(): boolean {
  const stageDir = dirname(dirname(systemProgramPath()));
  const name = JSON.parse(readFileSync(join(stageDir, "package.json"), "utf8")).name as string;
  const stage = Number(/\/(\d\d)-/.exec(name)?.[1] ?? "0");
  return stage >= 11;
}

/** A fresh three-node cluster, started and with a leader; stopped and removed by `use`'s end. */
async function withCluster<T>(
  options: { timings?: Partial<Timings>; extra?: Record<string, unknown> },
  use: (cluster: LocalCluster, leader: number) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "rafting-bench-production-"));
  const cluster = await LocalCluster.prepare({ size: 3, dir, ...options });
  try {
    cluster.startAll();
    if (!(await cluster.waitForListening(cluster.ids, 60_000)))
      throw new Error("the nodes did not all start listening within 60 s");
    const leader = await cluster.waitForLeader(10_000);
    if (leader === undefined) throw new Error("the cluster elected no leader within 10 s");
    return await use(cluster, leader);
  } finally {
    await cluster.stopAll(3000);
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ReadRow {
  readonly clients: number;
  readonly readIndex: LoadResult;
  readonly throughLog: LoadResult;
}

/** GET throughput and latency, by ReadIndex and through the log, at each concurrency. */
export async function measureReads(
  concurrency: readonly number[],
  phaseMs: number,
  valueBytes: number,
  progress: (text: string) => void,
): Promise<ReadRow[]> {
  const byMode = new Map<boolean, LoadResult[]>();
  for (const readIndex of [true, false]) {
    const label = readIndex ? "ReadIndex" : "through the log";
    const extra = { production: { readIndex } };
    const results = await withCluster({ extra }, async (cluster, leader) => {
      const port = cluster.clientPort(leader);
      const load = { port, keysPerClient: 1000, valueBytes };
      progress(`reads ${label}: writing the keys…`);
      await runLoad({ ...load, clients: 16, op: "set", durationMs: Math.min(2000, phaseMs) });
      const out: LoadResult[] = [];
      for (const clients of concurrency) {
        progress(`reads ${label}: ${clients} clients for ${phaseMs} ms…`);
        out.push(await runLoad({ ...load, clients, op: "get", durationMs: phaseMs }));
      }
      return out;
    });
    byMode.set(readIndex, results);
  }
  progress("");
  return concurrency.map((clients, i) => ({
    clients,
    readIndex: byMode.get(true)![i]!,
    throughLog: byMode.get(false)![i]!,
  }));
}

/** Failover times (ms; undefined: no write within 10 s) with the lowered election timeouts. */
export async function measureLowTimeoutFailover(
  kills: number,
  onKill: (kill: number, leader: number, ms: number | undefined) => void,
): Promise<(number | undefined)[]> {
  return withCluster({ timings: lowTimings }, (cluster) =>
    measureFailovers(cluster, { kills, maxWaitMs: 10_000, settleMs: 1500, onKill }),
  );
}

export interface StabilityResult {
  readonly durationMs: number;
  /** Leader changes seen (a new leader or term in the nodes' RAFT.STATUS, polled). */
  readonly leaderChanges: number;
  readonly termAtStart: number;
  readonly termAtEnd: number;
  readonly writes: number;
}

const pollMs = 100;

/** A run without faults at the lowered timeouts, 4 clients writing: how often leadership moved. */
export async function measureStability(durationMs: number): Promise<StabilityResult> {
  return withCluster({ timings: lowTimings }, async (cluster, leader) => {
    const port = cluster.clientPort(leader);
    const startTerm = (await cluster.status(leader))?.term ?? 0;
    let seen = `${leader}@${startTerm}`;
    let changes = 0;
    let done = false;
    const load = runLoad({
      port,
      clients: 4,
      op: "set",
      durationMs,
      keysPerClient: 1000,
      valueBytes: 32,
    }).finally(() => {
      done = true;
    });
    while (!done) {
      for (const status of await cluster.statuses()) {
        if (status.role !== "leader") continue;
        const now = `${status.id}@${status.term}`;
        if (now !== seen) changes++;
        seen = now;
      }
      await sleep(pollMs);
    }
    const result = await load;
    const endTerm = Math.max(0, ...(await cluster.statuses()).map((status) => status.term));
    return {
      durationMs,
      leaderChanges: changes,
      termAtStart: startTerm,
      termAtEnd: endTerm,
      writes: result.ops,
    };
  });
}
