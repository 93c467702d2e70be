// Three real node processes on loopback, used through a real Redis client (ioredis): elections,
// forwarding, pipelining, and a partition made with RAFT.CUT.
import { describe, expect, test } from "vitest";
import { realTimeTestMs } from "./helpers.ts";
import { ProcessCluster } from "./processes.ts";
import { errorWords, waitUntilAsync } from "./writers.ts";

describe("a three-node cluster of processes", { timeout: realTimeTestMs }, () => {
  test("a leader is elected; a write through one node is read back through another", async () => {
    const cluster = await ProcessCluster.create({ size: 3 });
    cluster.startAll();
    const leader = await cluster.waitForLeader();
    const [a, b] = cluster.ids.filter((id) => id !== leader);
    const follower = cluster.client(a!);
    expect(
      await follower.set("greeting", "hello"),
      "a follower forwards the write to the leader",
    ).toBe("OK");
    expect(
      await cluster.client(b!).get("greeting"),
      "§8: a read through another node sees it",
    ).toBe("hello");
    expect(await cluster.client(leader).incr("n"), "INCR through the leader").toBe(1);
    expect(await follower.incr("n"), "INCR forwarded: the leader's reply comes back").toBe(2);
    const pipeline = follower.pipeline();
    for (let i = 0; i < 20; i++) pipeline.set(`p${i}`, String(i)).get(`p${i}`);
    const replies = (await pipeline.exec())?.map(([, value]) => value);
    expect(
      replies,
      "pipelined replies come back in command order, each waiting for its own commit",
    ).toEqual(Array.from({ length: 20 }, (_, i) => ["OK", String(i)]).flat());
    const status = await cluster.status(a!);
    expect(status.commitIndex, "the follower learned the commit index").toBeGreaterThan(0);
  });

  test("a minority cannot commit or serve stale reads; after RAFT.HEAL the cluster is whole", async () => {
    const cluster = await ProcessCluster.create({ size: 3, requestTimeoutMs: 600 });
    cluster.startAll();
    const old = await cluster.waitForLeader();
    const oldClient = cluster.client(old);
    expect(await oldClient.set("k", "before"), "a write before the partition").toBe("OK");
    const others = cluster.ids.filter((id) => id !== old);
    for (const peer of others) await oldClient.call("RAFT.CUT", String(peer));
    const leader = await cluster.waitForLeader(others);
    expect(leader, "§5.2: the majority elects a leader of its own").not.toBe(old);
    await expect(
      oldClient.set("k", "minority"),
      "§5.3/§5.4: the isolated node cannot commit: an error that is never OK",
    ).rejects.toThrow(errorWords);
    await expect(
      oldClient.get("k"),
      "§8: reads go through the log, so the isolated node never answers with stale data",
    ).rejects.toThrow(errorWords);
    expect(await cluster.client(leader).set("k", "majority"), "the majority commits").toBe("OK");
    await oldClient.call("RAFT.HEAL");
    await waitUntilAsync("the old leader to follow the new one", async () => {
      const status = await cluster.status(old);
      return status.role === "follower" && status.leader === leader;
    });
    expect(
      await oldClient.get("k"),
      "§5.3: the old leader's uncommitted entry was replaced by the new leader's log",
    ).toBe("majority");
  });
});
