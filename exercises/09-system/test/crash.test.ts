// Crashes of real node processes (SIGKILL) under concurrent writes: nothing acknowledged is lost.
import { describe, expect, test } from "vitest";
import { realTimeTestMs } from "./helpers.ts";
import { ProcessCluster } from "./processes.ts";
import { errorWords, Writer, waitUntil } from "./writers.ts";

describe("crashes of node processes", { timeout: realTimeTestMs }, () => {
  test("SIGKILL of the leader under concurrent writes: a new leader; every acknowledged write survives", async () => {
    const cluster = await ProcessCluster.create({ size: 3 });
    cluster.startAll();
    const leader = await cluster.waitForLeader();
    const writers = cluster.ids.flatMap((id) =>
      [0, 1].map((j) => new Writer(cluster.client(id), `w${id}.${j}`)),
    );
    const acked = () => writers.reduce((sum, w) => sum + w.acked.size, 0);
    await waitUntil("writes acknowledged before the crash", () => acked() >= 40);
    await cluster.kill(leader);
    const ackedAtCrash = acked();
    const survivors = cluster.ids.filter((id) => id !== leader);
    const newLeader = await cluster.waitForLeader(survivors);
    expect(newLeader, "§5.2: the survivors elect a new leader").not.toBe(leader);
    await waitUntil("writes acknowledged by the new leader", () => acked() >= ackedAtCrash + 40);
    await Promise.all(writers.map((w) => w.stop()));
    for (const writer of writers) {
      for (const message of writer.errors) {
        if (/Connection|ECONN|closed/i.test(message)) continue;
        expect(message, "failed writes say whether a retry is safe").toMatch(errorWords);
      }
    }
    const reader = cluster.client(survivors.find((id) => id !== newLeader)!);
    for (const writer of writers) {
      const keys = [...writer.acked.keys()];
      if (keys.length === 0) continue;
      const values = await reader.mget(...keys);
      expect(values, "§5.4 Leader Completeness: every acknowledged write is still there").toEqual([
        ...writer.acked.values(),
      ]);
    }
  });

  test("SIGKILL of every node, then a restart: every acknowledged write is still there", async () => {
    const cluster = await ProcessCluster.create({ size: 3 });
    cluster.startAll();
    await cluster.waitForLeader();
    const writers = cluster.ids.map((id) => new Writer(cluster.client(id), `r${id}`));
    await waitUntil("acknowledged writes", () => writers.every((w) => w.acked.size >= 15));
    await Promise.all(cluster.ids.map((id) => cluster.kill(id)));
    await Promise.all(writers.map((w) => w.stop()));
    cluster.startAll();
    const leader = await cluster.waitForLeader();
    const reader = cluster.client(leader);
    for (const writer of writers) {
      const keys = [...writer.acked.keys()];
      expect(
        await reader.mget(...keys),
        "Figure 2: the log is on disk (fsynced) before a write is acknowledged, so it survives a crash of every node",
      ).toEqual([...writer.acked.values()]);
    }
  });
});
