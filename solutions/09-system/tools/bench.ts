// pnpm bench [--quick]
//
// A three-node loopback cluster with fsync on (every batch of entries is fsynced before the
// node answers or says "stored"), measured:
//   - throughput and latency for 1, 16 and 64 concurrent clients, each one ioredis connection
//     sending one request at a time (no pipelining), SETs then GETs (reads go through the log);
//     the same load against one Redis with appendonly yes, appendfsync always if redis-server
//     is installed;
//   - failover: SIGKILL of the leader to the first acknowledged write, over several kills;
//   - restart: a node with a long log (written directly in its data directory) to serving;
//   - compaction: writes through a three-node cluster, then each node's data on disk, and a
//     follower's restart (to serving, to caught up). Compaction is on when the newest stage's
//     system compacts (stage 10; a draft until it is done: RAFTING_DRAFTS=1 pnpm bench);
//   - stage 11 (when the newest system has it): reads by ReadIndex next to reads through the log,
//     failover and stability with 150–300 ms election timeouts (bench-production.ts).
// Loopback only; every loop is bounded in count and time. --quick: a fast smoke run.

import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import pc from "picocolors";
import { fullProductionPlan, productionFigures, quickProductionPlan } from "./bench-production.ts";
import { measureCompaction } from "./lib/compaction.ts";
import { measureFailovers, median } from "./lib/failover.ts";
import { parseFlags } from "./lib/flags.ts";
import { type LoadOp, type LoadResult, runLoad } from "./lib/load.ts";
import { LocalCluster } from "./lib/local-cluster.ts";
import { systemProgramPath } from "./lib/node-program.ts";
import { RedisServer, redisServerPath } from "./lib/redis-server.ts";
import { measureRestart } from "./lib/restart.ts";
import { fixed, formatTable } from "./lib/table.ts";

const program = "bench";
const usage = "usage: pnpm bench [--quick]";

interface Plan {
  readonly concurrency: readonly number[];
  readonly phaseMs: number;
  readonly kills: number;
  readonly restartEntries: number;
  readonly compactionWrites: number;
}

const full: Plan = {
  concurrency: [1, 16, 64],
  phaseMs: 5000,
  kills: 10,
  restartEntries: 1_000_000,
  compactionWrites: 1_000_000,
};
const quick: Plan = {
  concurrency: [1, 16, 64],
  phaseMs: 700,
  kills: 2,
  restartEntries: 50_000,
  compactionWrites: 20_000,
};
const valueBytes = 32;
const keysPerClient = 1000;

interface Row {
  readonly system: string;
  readonly clients: number;
  readonly op: LoadOp;
  readonly result: LoadResult;
}

async function main(): Promise<void> {
  const flags = parseFlags(program, usage, {
    quick: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (flags.help) return void console.log(usage);
  const plan = flags.quick ? quick : full;
  console.log(
    pc.bold(
      `rafting bench${flags.quick ? " (quick)" : ""}: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}, data in ${tmpdir()}, system ${systemProgramPath()}`,
    ),
  );
  const dir = mkdtempSync(join(tmpdir(), "rafting-bench-"));
  const cluster = await LocalCluster.prepare({ size: 3, dir });
  const stop = async () => {
    await cluster.stopAll(3000);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  try {
    cluster.startAll();
    // Start-up first, on its own generous ceiling: a slow start is not a slow election.
    if (!(await cluster.waitForListening(cluster.ids, 60_000))) {
      throw new Error("the nodes did not all start listening within 60 s");
    }
    const leader = await cluster.waitForLeader(10_000);
    if (leader === undefined) throw new Error("the cluster elected no leader within 10 s");
    const rows = await loadRows("raft (3 nodes)", cluster.clientPort(leader), plan);
    rows.push(...(await redisRows(plan)));
    printLoad(rows);
    await failover(cluster, plan);
  } finally {
    await stop();
  }
  await restart(plan);
  await compaction(plan);
  await productionFigures(flags.quick ? quickProductionPlan : fullProductionPlan, progress);
}

async function loadRows(system: string, port: number, plan: Plan): Promise<Row[]> {
  const rows: Row[] = [];
  // Unrecorded warm-up: the JIT, connection set-up and the first fsyncs of a new file.
  progress(`${system}: warming up…`);
  await runLoad({
    port,
    clients: 16,
    op: "set",
    durationMs: Math.min(1000, plan.phaseMs),
    keysPerClient,
    valueBytes,
  });
  for (const clients of plan.concurrency) {
    for (const op of ["set", "get"] as const) {
      progress(`${system}: ${clients} clients, ${op.toUpperCase()} for ${plan.phaseMs} ms…`);
      const result = await runLoad({
        port,
        clients,
        op,
        durationMs: plan.phaseMs,
        keysPerClient,
        valueBytes,
      });
      rows.push({ system, clients, op, result });
    }
  }
  progress("");
  return rows;
}

/** One line rewritten in place on a terminal; nothing when the output is a file. */
function progress(text: string): void {
  if (!process.stdout.isTTY) return;
  process.stdout.clearLine(0);
  process.stdout.write(pc.dim(text).concat("\r"));
}

async function redisRows(plan: Plan): Promise<Row[]> {
  const path = redisServerPath();
  if (path === undefined) {
    console.log(pc.dim("redis-server is not installed: no comparison with a single durable Redis"));
    return [];
  }
  const redis = await RedisServer.start(path);
  try {
    return await loadRows("redis (aof, fsync always)", redis.port, plan);
  } finally {
    await redis.stop();
  }
}

function printLoad(rows: readonly Row[]): void {
  console.log(
    pc.bold(
      `\nthroughput and latency (one request at a time per client, ${valueBytes}-byte values)`,
    ),
  );
  const bySystem = new Map<string, Row[]>();
  for (const row of rows)
    bySystem.set(`${row.system}|${row.clients}`, [
      ...(bySystem.get(`${row.system}|${row.clients}`) ?? []),
      row,
    ]);
  const table = [...bySystem.values()].map((pair) => {
    const set = pair.find((row) => row.op === "set")!;
    const get = pair.find((row) => row.op === "get")!;
    const errors = set.result.errors + get.result.errors;
    return [
      set.system,
      String(set.clients),
      fixed(set.result.opsPerSecond, 0),
      fixed(set.result.p50Ms, 2),
      fixed(set.result.p99Ms, 2),
      fixed(get.result.opsPerSecond, 0),
      fixed(get.result.p50Ms, 2),
      fixed(get.result.p99Ms, 2),
      String(errors),
    ];
  });
  const header = [
    "system",
    "clients",
    "writes/s",
    "w p50 ms",
    "w p99 ms",
    "reads/s",
    "r p50 ms",
    "r p99 ms",
    "errors",
  ];
  for (const line of formatTable(header, table)) console.log(line);
  for (const row of rows) {
    if (row.result.firstError !== undefined) {
      console.log(
        pc.yellow(
          `  ${row.system}, ${row.clients} clients, ${row.op}: ${row.result.errors} errors, first: ${row.result.firstError}`,
        ),
      );
    }
  }
}

async function failover(cluster: LocalCluster, plan: Plan): Promise<void> {
  console.log(
    pc.bold(
      `\nfailover: SIGKILL the leader, time to the first acknowledged write (${plan.kills} kills)`,
    ),
  );
  const times = await measureFailovers(cluster, {
    kills: plan.kills,
    maxWaitMs: 10_000,
    settleMs: 1500,
    onKill: (kill, leader, ms) =>
      console.log(
        pc.dim(
          `  kill ${kill}: node ${leader}, ${ms === undefined ? "no write acknowledged" : `${fixed(ms, 0)} ms`}`,
        ),
      ),
  });
  const ok = times.filter((ms) => ms !== undefined);
  const failed = times.length - ok.length;
  if (ok.length === 0) return void console.log(pc.red("  no failover completed"));
  const { electionTicks, tickMs } = cluster.config;
  console.log(
    `  median ${fixed(median(ok), 0)} ms, max ${fixed(Math.max(...ok), 0)} ms over ${ok.length} kills${failed > 0 ? pc.red(`, ${failed} without a write within 10 s`) : ""} (election timeout ${electionTicks * tickMs}–${2 * electionTicks * tickMs} ms)`,
  );
}

async function restart(plan: Plan): Promise<void> {
  console.log(
    pc.bold(
      `\nrestart: a 09 node with a long log (03's file log, no compaction; one-node cluster, ${valueBytes}-byte values)`,
    ),
  );
  const header = ["log entries", "log MB", "to serving ms", "to leader, all applied ms"];
  const rows: string[][] = [];
  for (const entries of [0, plan.restartEntries]) {
    const result = await measureRestart(entries, valueBytes);
    rows.push([
      fixed(entries, 0),
      fixed(result.logBytes / 1e6, 1),
      fixed(result.servingMs, 0),
      fixed(result.appliedMs, 0),
    ]);
  }
  for (const line of formatTable(header, rows)) console.log(line);
  console.log(
    pc.dim(
      "  (0 entries: the process and TypeScript start-up alone; the log is written with FileStorage first)",
    ),
  );
}

async function compaction(plan: Plan): Promise<void> {
  const clients = 64;
  console.log(
    pc.bold(
      `\ncompaction: ${fixed(plan.compactionWrites, 0)} writes through a 3-node cluster (${clients} clients, ${valueBytes}-byte values, 100,000 keys), then a follower's restart`,
    ),
  );
  const result = await measureCompaction(plan.compactionWrites, valueBytes, clients, progress);
  const compacted = result.snapshotIndex > 0;
  console.log(
    `  ${fixed(result.writesPerSecond, 0)} writes/s; the leader's log: ${compacted ? `snapshot through ${fixed(result.snapshotIndex, 0)}, ${fixed(result.logLength - result.snapshotIndex, 0)} entries after it` : `${fixed(result.logLength, 0)} entries, never compacted (this system does not compact)`}`,
  );
  const header = ["node data MB (each)", "to serving ms", "to caught up ms"];
  const disk = result.diskBytes.map((bytes) => fixed(bytes / 1e6, 1)).join(" / ");
  for (const line of formatTable(header, [
    [disk, fixed(result.servingMs, 0), fixed(result.caughtUpMs, 0)],
  ]))
    console.log(line);
}

main().catch((cause: unknown) => {
  console.error(
    `${program}: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`,
  );
  process.exit(1);
});
