// Stage 10's system with real node processes on loopback: nodes compact their logs as they grow
// (the policy in the cluster file), keep a bounded log on disk, restart from their snapshot plus
// the log after it, and a follower that was down through a long write burst catches up by
// InstallSnapshot (the leader no longer has the entries it needs: §7). Real time: every wait has
// a generous ceiling, and start-up is waited for on its own.
import { bytesUnder, protocolWaitMs, realTimeTestMs, waitFor } from "@rafting/testkit/processes";
import { describe, expect, test } from "vitest";
import { CompactingCluster } from "./process-cluster.ts";

const maxLogEntries = 100;
/** Writes in the burst; keys repeat, so the state machine stays small while the log grows. */
const burstWrites = 1500;
const keys = 50;
const key = (n: number) => `k${n % keys}`;

/** Every write of the burst, `concurrency` at a time, through node `id` (the leader). */
async function writeBurst(cluster: CompactingCluster, id: number, concurrency = 16) {
  const client = cluster.client(id);
  let next = 0;
  const worker = async () => {
    while (next < burstWrites) {
      const n = next++;
      expect(await client.set(key(n), `v${n}`), `SET ${key(n)} v${n}`).toBe("OK");
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** What the burst leaves in the store: each key's last value. */
function expectedState(): Map<string, string> {
  const state = new Map<string, string>();
  for (let n = 0; n < burstWrites; n++) state.set(key(n), `v${n}`);
  return state;
}

describe("the compacting system (real processes)", { timeout: realTimeTestMs * 2 }, () => {
  test("a follower down through a write burst catches up by InstallSnapshot; logs stay bounded; restarts read snapshot plus log", async () => {
    const cluster = await CompactingCluster.create(3, { maxLogEntries });
    cluster.startAll();
    const leader = await cluster.waitForLeader();
    const lagging = cluster.ids.find((id) => id !== leader)!;
    const lastBeforeKill = (await cluster.status(lagging)).logLength;
    await cluster.kill(lagging);

    await writeBurst(cluster, leader);
    const atLeader = await cluster.status(leader);
    expect(
      atLeader.snapshotIndex ?? 0,
      `§7: the leader compacted (policy: more than ${maxLogEntries} entries) past what node ${lagging} holds (${lastBeforeKill})`,
    ).toBeGreaterThan(lastBeforeKill + 1);
    expect(
      atLeader.logLength - (atLeader.snapshotIndex ?? 0),
      "§7: the entries held after the snapshot stay near the policy's bound",
    ).toBeLessThanOrEqual(3 * maxLogEntries);

    // The entries node `lagging` needs next are gone from the leader: only a snapshot helps.
    cluster.start(lagging);
    const target = atLeader.commitIndex;
    const caughtUp = await waitFor(
      `node ${lagging} applying through ${target}`,
      async () => {
        const status = await cluster.status(lagging);
        return status.lastApplied >= target ? status : undefined;
      },
      protocolWaitMs,
    );
    expect(
      caughtUp.snapshotIndex ?? 0,
      "§7: the follower's log now starts after a snapshot (InstallSnapshot, then its own compactions)",
    ).toBeGreaterThan(lastBeforeKill);
    expect(
      await cluster.state(lagging),
      "the installed snapshot and the entries after it give the leader's state",
    ).toEqual(expectedState());

    // Every node keeps a bounded log on disk: far less than the burst's entries would take.
    const fullLogBytes = burstWrites * 40;
    for (const id of cluster.ids) {
      expect(
        bytesUnder(cluster.dataDir(id)),
        `node ${id}'s data directory (snapshot and the log after it) stays small; the whole log would be about ${fullLogBytes} bytes`,
      ).toBeLessThan(fullLogBytes / 2);
    }

    // A restart reads the snapshot plus the log after it.
    await cluster.kill(lagging);
    const restarted = cluster.start(lagging);
    await waitFor(
      `node ${lagging} restored from its snapshot`,
      () => (/restored from the snapshot through \d+/.test(restarted.output) ? true : undefined),
      protocolWaitMs,
    );
    await waitFor(
      `node ${lagging} applying through ${target} again`,
      async () => ((await cluster.status(lagging)).lastApplied >= target ? true : undefined),
      protocolWaitMs,
    );
    expect(await cluster.state(lagging), "the same state after a restart").toEqual(expectedState());
  });
});
