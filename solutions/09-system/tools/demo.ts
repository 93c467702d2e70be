// pnpm demo: five nodes, a few clients writing all the time, and every node killed in turn
// (SIGKILL: no goodbye, no flush) and brought back. At the end, every acknowledged write is
// read back through another node, refused writes are checked absent, and the narrated timeline
// says what happened: who led, how long each election took, what the clients were told.
// With stage 11's system, it then partitions the leader (CheckQuorum steps it down, Pre-Vote lets
// it rejoin quietly) and hands leadership over with RAFT.TRANSFER (lib/demo-production.ts).
//
// Process start-up is waited for on its own (with a generous ceiling, saying who it waits for),
// before any election clock starts: a busy machine is slow to start five processes, and that is
// not a slow election.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectClient, describeExit, sleep } from "@rafting/testkit/processes";
import pc from "picocolors";
import type { NodeStatus } from "../src/index.ts";
import { partitionAndTransfer } from "./lib/demo-production.ts";
import { intFlag, parseFlags } from "./lib/flags.ts";
import { LocalCluster } from "./lib/local-cluster.ts";
import { nodeTag } from "./lib/node-tag.ts";
import { systemHasProductionFeatures } from "./lib/production.ts";
import { errorShapes, tally, Writer } from "./lib/writer.ts";

const program = "demo";
const usage = "usage: pnpm demo [--kills 1..5]";
const clusterSize = 5;
const writerCount = 4;
const downMs = 2000;
const settleMs = 1000;
/** Ceilings, not expectations: elections take well under a second on a quiet machine. */
const startWaitMs = 60_000;
const leaderWaitMs = 30_000;
const catchUpWaitMs = 30_000;
/** The whole demo stops by then, whatever happens. */
const demoBudgetMs = 300_000;
const readBatchKeys = 500;

const startedAt = performance.now();
let stopping = false;

function say(message: string): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1).padStart(5);
  console.log(`${pc.dim(`${seconds}s`)}  ${message}`);
}

async function main(): Promise<number> {
  const flags = parseFlags(program, usage, { kills: { type: "string" } });
  const kills = intFlag(program, usage, "kills", flags.kills, {
    min: 1,
    max: clusterSize,
    fallback: clusterSize,
  });
  const dir = mkdtempSync(join(tmpdir(), "rafting-demo-"));
  const cluster = await LocalCluster.prepare({
    size: clusterSize,
    dir,
    timings: { requestTimeoutMs: 1000 },
    onExit: (id, exit) => {
      if (!stopping && exit.signal !== "SIGKILL") say(pc.red(`node ${id} ${describeExit(exit)}`));
    },
  });
  const cleanUp = async () => {
    stopping = true;
    await cluster.stopAll(2000);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("SIGINT", () => void cleanUp().then(() => process.exit(130)));
  const budget = setTimeout(() => {
    console.error(`${program}: over ${demoBudgetMs / 1000} s: stopping`);
    void cleanUp().then(() => process.exit(1));
  }, demoBudgetMs);
  try {
    return await run(cluster, kills);
  } finally {
    clearTimeout(budget);
    await cleanUp();
  }
}

async function run(cluster: LocalCluster, kills: number): Promise<number> {
  say(`starting ${clusterSize} nodes (a majority is 3: up to 2 may be down at once)`);
  cluster.startAll();
  if (!(await nodesListening(cluster, cluster.ids))) return 1;
  const first = await electedLeader(cluster, performance.now(), "after the last one listened");
  if (first === undefined) return 1;
  const ports = cluster.ids.map((id) => cluster.clientPort(id));
  const writers = Array.from(
    { length: writerCount },
    (_, i) =>
      new Writer(
        { name: `c${i + 1}`, ports, commandTimeoutMs: 2000, backoffMs: 20, maxAttempts: 1_000_000 },
        i,
      ),
  );
  say(
    `${writerCount} clients writing unique keys through nodes ${cluster.ids.slice(0, writerCount).join(", ")} (followers forward to the leader)`,
  );
  await sleep(settleMs);
  reportWrites(writers);

  const stopWatching = watchLeaders(cluster);
  const killed = new Set<number>();
  while (killed.size < kills) {
    const leader = await cluster.agreedLeader();
    const victim =
      leader !== undefined && !killed.has(leader)
        ? leader
        : cluster.ids.find((id) => !killed.has(id))!;
    killed.add(victim);
    await killAndRestart(cluster, victim, victim === leader);
    reportWrites(writers);
  }
  stopWatching();
  if (systemHasProductionFeatures()) {
    await partitionAndTransfer(cluster, say);
    reportWrites(writers);
  }
  await Promise.all(writers.map((writer) => writer.stop()));
  say("clients stopped");
  return verify(cluster, writers);
}

async function killAndRestart(
  cluster: LocalCluster,
  victim: number,
  wasLeader: boolean,
): Promise<void> {
  const status = await cluster.status(victim);
  const role = wasLeader
    ? pc.bold(pc.red(`the leader, term ${status?.term ?? "?"}`))
    : "a follower";
  say(`${pc.red("SIGKILL")} ${nodeTag(victim)} (${role})`);
  const killedAt = performance.now();
  await cluster.kill(victim);
  if (wasLeader) {
    timingElection = true;
    await electedLeader(cluster, killedAt);
    timingElection = false;
  }
  await sleep(downMs);
  const leaderStatus = await leaderOf(cluster);
  const target = leaderStatus?.commitIndex ?? 0;
  say(`restarting ${nodeTag(victim)}; the cluster has committed ${target} entries meanwhile`);
  const restartedAt = performance.now();
  cluster.start(victim);
  if (!(await nodesListening(cluster, [victim]))) return;
  const caughtUp = await waitUntil(catchUpWaitMs, async () => {
    const back = await cluster.status(victim);
    return back !== undefined && back.lastApplied >= target ? back : undefined;
  });
  if (caughtUp === undefined) {
    say(pc.yellow(`${nodeTag(victim)} has not caught up within ${catchUpWaitMs} ms`));
  } else {
    const ms = Math.round(performance.now() - restartedAt);
    say(
      `${nodeTag(victim)} is back as a ${caughtUp.role}: log reloaded from disk and caught up to index ${caughtUp.lastApplied} in ${ms} ms`,
    );
  }
}

/** Waits until the nodes' processes listen, saying who is up and who it still waits for. */
async function nodesListening(cluster: LocalCluster, ids: readonly number[]): Promise<boolean> {
  const quiet = ids.length === 1;
  say(pc.dim(`waiting for ${ids.map(nodeTag).join(" ")} to start and listen`));
  const up = await cluster.waitForListening(ids, startWaitMs, {
    onListening: (id, ms) => {
      if (!quiet) say(pc.dim(`${nodeTag(id)} listening, ${Math.round(ms)} ms after its start`));
    },
    onWaiting: (pending) =>
      say(pc.dim(`still waiting for ${pending.map(nodeTag).join(" ")} to listen`)),
  });
  if (!up) {
    const missing = ids.filter((id) => !cluster.nodes.get(id)?.listening);
    say(
      pc.red(`${missing.map(nodeTag).join(" ")} did not start listening within ${startWaitMs} ms`),
    );
    for (const id of missing) {
      for (const line of cluster.nodes.get(id)?.recentLines.slice(-5) ?? []) {
        console.log(pc.dim(`          ${line}`));
      }
    }
  }
  return up;
}

/** Waits for a leader every running node agrees on; narrates how long that took. */
async function electedLeader(
  cluster: LocalCluster,
  sinceMs: number,
  since = "after the kill",
): Promise<number | undefined> {
  const leader = await cluster.waitForLeader(leaderWaitMs);
  if (leader === undefined) {
    say(pc.red(`no leader within ${leaderWaitMs} ms`));
    return undefined;
  }
  const term = (await cluster.status(leader))?.term ?? "?";
  const ms = Math.round(performance.now() - sinceMs);
  say(
    `${nodeTag(leader)} ${pc.green(`leads term ${term}`)}: agreed by every running node ${ms} ms ${since}`,
  );
  noteLeader(leader, term);
  return leader;
}

let lastLeader: string | undefined;
/** While we time an election ourselves, the watcher keeps quiet. */
let timingElection = false;

function noteLeader(leader: number, term: number | string): void {
  lastLeader = `${leader}/${term}`;
}

/** Leader changes nobody asked for (a restarted node campaigning, a slow heartbeat), as they happen. */
function watchLeaders(cluster: LocalCluster): () => void {
  let stopped = false;
  void (async () => {
    while (!stopped) {
      const statuses = await cluster.statuses();
      const leader = statuses
        .filter((status) => status.role === "leader")
        .sort((a, b) => b.term - a.term)[0];
      if (
        !stopped &&
        !timingElection &&
        leader !== undefined &&
        `${leader.id}/${leader.term}` !== lastLeader
      ) {
        noteLeader(leader.id, leader.term);
        say(
          `${nodeTag(leader.id)} ${pc.green(`leads term ${leader.term}`)} ${pc.yellow("(no kill caused this one: probably a restarted node that campaigned before the leader's heartbeats reached it)")}`,
        );
      }
      await sleep(100);
    }
  })();
  return () => {
    stopped = true;
  };
}

async function leaderOf(cluster: LocalCluster): Promise<NodeStatus | undefined> {
  const statuses = await cluster.statuses();
  return statuses.find((status) => status.role === "leader");
}

async function waitUntil<T>(
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(20);
  }
  return undefined;
}

let lastTally = { acked: 0, uncertain: 0, refused: 0 };
let lastErrors = new Map<string, number>();

function reportWrites(writers: readonly Writer[]): void {
  const now = tally(writers);
  const acked = now.acked - lastTally.acked;
  const uncertain = now.uncertain - lastTally.uncertain;
  const refused = now.refused - lastTally.refused;
  lastTally = now;
  const errors = errorShapes(writers);
  const fresh = [...errors]
    .map(([shape, count]) => [shape, count - (lastErrors.get(shape) ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  lastErrors = errors;
  say(
    pc.dim(
      `   writes since: ${pc.green(`${acked} acknowledged`)}, ${uncertain > 0 ? pc.magenta(`${uncertain} uncertain`) : "0 uncertain"}, ${refused} refused`,
    ),
  );
  for (const [shape, count] of fresh.slice(0, 3))
    console.log(pc.dim(`          ${count}× ${shape}`));
}

/** Every acknowledged key has its value; no refused key exists. Read through a follower. */
async function verify(cluster: LocalCluster, writers: readonly Writer[]): Promise<number> {
  const leader = await cluster.waitForLeader(leaderWaitMs);
  if (leader === undefined) say(pc.yellow("no agreed leader to avoid: reading through node 1"));
  const reader = cluster.ids.find((id) => id !== leader) ?? 1;
  const client = connectClient(cluster.clientPort(reader), { commandTimeoutMs: 5000 });
  try {
    const acked = writers.flatMap((writer) => [...writer.acked]);
    const values = await readAll(
      client,
      acked.map(([key]) => key),
    );
    const lost = acked.filter(([, value], i) => values[i] !== value);
    const refused = writers.flatMap((writer) => writer.refused);
    const appliedAnyway = (await readAll(client, refused)).filter((value) => value !== null).length;
    const uncertain = writers.flatMap((writer) => writer.uncertain);
    const landed = (await readAll(client, uncertain)).filter((value) => value !== null).length;
    const totals = tally(writers);
    console.log();
    say(`read back through ${nodeTag(reader)} (a follower: reads go through the leader's log too)`);
    const ok = lost.length === 0 && appliedAnyway === 0;
    const mark = (good: boolean) => (good ? pc.green("✓") : pc.red("✗"));
    console.log(
      `  ${mark(lost.length === 0)} acknowledged: ${totals.acked}, every one read back with its value${
        lost.length > 0
          ? pc.red(
              ` EXCEPT ${lost.length}: ${lost
                .slice(0, 5)
                .map(([key]) => key)
                .join(", ")}`,
            )
          : ""
      }`,
    );
    console.log(
      `  ${mark(appliedAnyway === 0)} refused (TRYAGAIN/CLUSTERDOWN): ${totals.refused}, ${appliedAnyway} of them applied anyway`,
    );
    console.log(
      `    uncertain (UNCERTAIN, timeout, dropped connection): ${totals.uncertain}, of which ${landed} were applied after all`,
    );
    const unreachable = writers.reduce((sum, writer) => sum + writer.unreachable, 0);
    console.log(pc.dim(`    connections refused by a dead node before sending: ${unreachable}`));
    console.log(
      ok
        ? pc.green(pc.bold("no acknowledged write was lost"))
        : pc.red(pc.bold("SAFETY VIOLATION")),
    );
    return ok ? 0 : 1;
  } finally {
    client.disconnect();
  }
}

async function readAll(
  client: ReturnType<typeof connectClient>,
  keys: readonly string[],
): Promise<(string | null)[]> {
  const values: (string | null)[] = [];
  for (let i = 0; i < keys.length; i += readBatchKeys) {
    values.push(...(await client.mget(...keys.slice(i, i + readBatchKeys))));
  }
  return values;
}

main().then(
  (code) => process.exit(code),
  (cause: unknown) => {
    console.error(
      `${program}: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`,
    );
    process.exit(1);
  },
);
