// Failover: SIGKILL the leader, then write through every survivor until one write is
// acknowledged; the time from the kill to that OK is what a client waits. The killed node is
// restarted and the cluster left to settle before the next kill.

import { connectClient, sleep, usable } from "@rafting/testkit/processes";
import type { Redis } from "ioredis";
import type { LocalCluster } from "./local-cluster.ts";

export interface FailoverOptions {
  readonly kills: number;
  /** No write acknowledged this long after a kill: give up on this kill. */
  readonly maxWaitMs: number;
  /** After the restart: caught up, then this long for a restarted node's campaign to pass. */
  readonly settleMs: number;
  readonly onKill?: (kill: number, leader: number, failoverMs: number | undefined) => void;
}

const attemptTimeoutMs = 1000;
const attemptBackoffMs = 5;
const catchUpWaitMs = 10_000;

/** The failover time of each kill in ms (undefined: nothing acknowledged within maxWaitMs). */
export async function measureFailovers(
  cluster: LocalCluster,
  options: FailoverOptions,
): Promise<(number | undefined)[]> {
  const times: (number | undefined)[] = [];
  for (let kill = 1; kill <= options.kills; kill++) {
    const leader = await cluster.waitForLeader(catchUpWaitMs);
    if (leader === undefined) throw new Error("failover: no leader to kill");
    const survivors = cluster.ids.filter((id) => id !== leader && cluster.isRunning(id));
    const clients = survivors.map((id) =>
      connectClient(cluster.clientPort(id), { commandTimeoutMs: attemptTimeoutMs }),
    );
    await Promise.all(clients.map((client) => client.connect()));
    const killedAt = performance.now();
    await cluster.kill(leader);
    const firstOk = await firstAcknowledged(
      clients,
      survivors,
      cluster,
      `failover:${kill}`,
      killedAt + options.maxWaitMs,
    );
    for (const client of clients) client.disconnect();
    const failoverMs = firstOk === undefined ? undefined : firstOk - killedAt;
    times.push(failoverMs);
    options.onKill?.(kill, leader, failoverMs);
    cluster.start(leader);
    await caughtUp(cluster, leader);
    await sleep(options.settleMs);
  }
  return times;
}

/** performance.now() of the first OK through any survivor, or undefined at the deadline. */
async function firstAcknowledged(
  clients: Redis[],
  survivors: readonly number[],
  cluster: LocalCluster,
  keyPrefix: string,
  deadline: number,
): Promise<number | undefined> {
  let done: number | undefined;
  await Promise.all(
    clients.map(async (_, s) => {
      for (let i = 0; done === undefined && performance.now() < deadline; i++) {
        let client = clients[s]!;
        if (!usable(client)) {
          client = connectClient(cluster.clientPort(survivors[s]!), {
            commandTimeoutMs: attemptTimeoutMs,
          });
          clients[s] = client;
        }
        try {
          if ((await client.set(`${keyPrefix}:${s}:${i}`, "x")) === "OK")
            done ??= performance.now();
        } catch (cause) {
          // Refused, uncertain or timed out: a timed-out connection's replies are out of step.
          if ((cause as Error).name !== "ReplyError") client.disconnect();
          await sleep(attemptBackoffMs);
        }
      }
    }),
  );
  return done;
}

/** The restarted node follows a leader and has applied what that leader had committed. */
async function caughtUp(cluster: LocalCluster, id: number): Promise<void> {
  const deadline = performance.now() + catchUpWaitMs;
  while (performance.now() < deadline) {
    const leader = await cluster.agreedLeader();
    const [mine, theirs] = await Promise.all([
      cluster.status(id),
      leader === undefined ? undefined : cluster.status(leader),
    ]);
    if (mine !== undefined && theirs !== undefined && mine.lastApplied >= theirs.commitIndex - 1)
      return;
    await sleep(20);
  }
  throw new Error(
    `failover: node ${id} did not catch up within ${catchUpWaitMs} ms of its restart`,
  );
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
