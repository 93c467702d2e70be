// Stage 11's system with real node processes on loopback (09's node running the production node
// over stage 10's compacting node). What the features change for a client of a real cluster:
//   - CheckQuorum: a leader cut off from its peers steps down, so its clients get CLUSTERDOWN or
//     TRYAGAIN (not applied, safe to retry) at once instead of waiting for UNCERTAIN; without it
//     the cut-off leader keeps taking writes it can never commit;
//   - ReadIndex (§6.4): reads on any node see every acknowledged write and add nothing to the log;
//   - leadership transfer (§3.10): RAFT.TRANSFER, and a graceful shutdown of the leader hands over.
// Real time: every wait has a generous ceiling, and start-up is waited for on its own.
import { protocolWaitMs, realTimeTestMs, waitFor } from "@rafting/testkit/processes";
import { describe, expect, test } from "vitest";
import type { ProductionFeatures } from "#stage";
import { electionTimeoutMs, ProductionCluster, replyOrError, timing } from "./system-cluster.ts";

/** Cuts node id off from every other node (RAFT.CUT on its side drops traffic both ways). */
async function isolate(cluster: ProductionCluster, id: number): Promise<void> {
  const client = cluster.client(id, 5000);
  for (const peer of cluster.ids) if (peer !== id) await client.call("RAFT.CUT", String(peer));
}

describe("stage 11's system (real processes)", { timeout: realTimeTestMs }, () => {
  test("CheckQuorum: an isolated leader steps down and its clients get CLUSTERDOWN/TRYAGAIN, not UNCERTAIN", async () => {
    const cluster = await ProductionCluster.create(3);
    cluster.startAll();
    const leader = await cluster.waitForLeader();
    const client = cluster.client(leader);
    expect(await client.set("before", "1"), "a healthy cluster takes a write").toBe("OK");

    await isolate(cluster, leader);
    const cutAtMs = Date.now();
    await waitFor(
      `node ${leader}, cut off from a majority, to stop leading (CheckQuorum)`,
      async () => ((await cluster.status(leader)).role !== "leader" ? true : undefined),
      protocolWaitMs,
    );
    const stepDownMs = Date.now() - cutAtMs;
    expect(
      stepDownMs,
      `CheckQuorum: a leader that hears from no majority for an election timeout (${electionTimeoutMs}-${2 * electionTimeoutMs} ms) steps down, well before a client's request times out (${timing.requestTimeoutMs} ms); it took ${stepDownMs} ms`,
    ).toBeLessThan(timing.requestTimeoutMs);

    const sentAtMs = Date.now();
    const reply = await replyOrError(client.set("after", "1"));
    expect(
      reply,
      "a node that knows it does not lead refuses at once with a safe-to-retry error",
    ).toMatch(/^(CLUSTERDOWN|TRYAGAIN)/);
    expect(
      Date.now() - sentAtMs,
      "the refusal comes at once, not after the request timeout",
    ).toBeLessThan(timing.requestTimeoutMs);
  });

  test("without CheckQuorum the isolated leader keeps the write waiting until UNCERTAIN (what CheckQuorum prevents)", async () => {
    const cluster = await ProductionCluster.create(3, { checkQuorum: false });
    cluster.startAll();
    const leader = await cluster.waitForLeader();
    await isolate(cluster, leader);
    const reply = await replyOrError(cluster.client(leader).set("k", "v"));
    expect(
      reply,
      "a leader cut off from a majority cannot commit: the client hears UNCERTAIN",
    ).toMatch(/^UNCERTAIN/);
    expect(
      (await cluster.status(leader)).role,
      "without CheckQuorum it still believes it leads",
    ).toBe("leader");
  });

  // The same with leases switched on from the cluster file (§6.4.1): the leader then serves reads
  // alone while its lease holds.
  const leaseOff: Partial<ProductionFeatures> = {};
  const leaseOn: Partial<ProductionFeatures> = { lease: { driftMarginMs: 30 } };
  test.each([
    ["ReadIndex", leaseOff],
    ["ReadIndex with a lease", leaseOn],
  ] as const)(
    "%s: a read on any node sees an acknowledged write, and reads add no log entry",
    async (_reads, features) => {
      const cluster = await ProductionCluster.create(3, features);
      cluster.startAll();
      const leader = await cluster.waitForLeader();
      const follower = cluster.ids.find((id) => id !== leader)!;
      expect(await cluster.client(leader).set("x", "42")).toBe("OK");
      const before = await cluster.status(leader);
      for (const id of [leader, follower]) {
        for (let n = 0; n < 10; n++) {
          expect(
            await cluster.client(id).get("x"),
            `§6.4: a read on node ${id} (${id === leader ? "leader" : "follower"}) sees the acknowledged write`,
          ).toBe("42");
        }
      }
      const timer = await cluster.status(follower);
      expect(
        [timer.electionTimeoutTicks, timer.electionElapsedTicks].map((ticks) => typeof ticks),
        "RAFT.STATUS shows a follower's election timer (the timeout drawn, the ticks since)",
      ).toEqual(["number", "number"]);
      expect(timer.electionElapsedTicks).toBeLessThanOrEqual(timer.electionTimeoutTicks ?? 0);
      const after = await cluster.status(leader);
      expect(
        after.logLength,
        "§6.4: reads are served by ReadIndex (a heartbeat round), not by appending to the log",
      ).toBe(before.logLength);
    },
  );

  test("RAFT.TRANSFER hands leadership to the named node; a graceful shutdown of the leader hands it over first", async () => {
    const cluster = await ProductionCluster.create(3);
    cluster.startAll();
    const leader = await cluster.waitForLeader();
    const target = cluster.ids.find((id) => id !== leader)!;
    expect(await cluster.client(leader).call("RAFT.TRANSFER", String(target))).toBe("OK");
    // OK means started: the old leader still leads until the target's election, so wait for it.
    await waitFor(
      `§3.10: node ${target} leading after RAFT.TRANSFER ${target} on node ${leader}`,
      async () => ((await cluster.status(target)).role === "leader" ? true : undefined),
      protocolWaitMs,
    );
    expect(await cluster.waitForLeader(), "every node follows the transfer's target").toBe(target);

    await cluster.nodes.get(target)!.stop();
    const rest = cluster.ids.filter((id) => id !== target);
    const after = await cluster.waitForLeader(rest);
    const lines = cluster.lines.get(target) ?? [];
    expect(
      lines.some((line) => line.includes(`shutdown: node ${after} leads`)),
      `§3.10: the leader stopped by SIGTERM handed leadership over before closing; its output:\n${lines.slice(-5).join("\n")}`,
    ).toBe(true);
    expect(await cluster.client(after).set("k", "v"), "the new leader takes writes").toBe("OK");
  });
});
