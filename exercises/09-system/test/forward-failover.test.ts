// A follower holding a client's forwarded write must not wait out its request timeout on a leader
// that froze (RAFT.PAUSE: no ticks, no peer traffic, as far as Raft can tell a dead process): once
// the others elect a new leader, the forward is answered UNCERTAIN (it was sent, so the old leader
// may have proposed it), long before the request timeout set here.
import { describe, expect, test } from "vitest";
import { realTimeTestMs } from "./helpers.ts";
import { ProcessCluster } from "./processes.ts";

/** Far above an election: a forward that waits it out is the old behaviour. */
const requestTimeoutMs = 120_000;
/** The client gives up well before the request timeout, well after an election (~1 s). */
const clientTimeoutMs = 30_000;

describe("forwarding when the leader is lost", { timeout: realTimeTestMs }, () => {
  test("a write forwarded to a frozen leader is answered UNCERTAIN once another node leads", async () => {
    const cluster = await ProcessCluster.create({ size: 3, requestTimeoutMs });
    cluster.startAll();
    const old = await cluster.waitForLeader();
    const follower = cluster.ids.find((id) => id !== old)!;
    const client = cluster.client(follower, clientTimeoutMs);
    expect(await client.set("warm", "up"), "the follower forwards to the leader").toBe("OK");

    await cluster.client(old).call("RAFT.PAUSE");
    const startedMs = performance.now();
    const reply = await client.set("k", "v").then(
      (ok) => `(not an error: ${ok})`,
      (cause: Error) => cause.message,
    );
    const waitedMs = Math.round(performance.now() - startedMs);
    expect(
      reply,
      `node ${follower} forwarded SET to node ${old}, which froze; after ${waitedMs} ms the reply was "${reply}". ` +
        "Once the link to the leader drops or another node (or none) leads, the pending forward must be " +
        "answered at once with UNCERTAIN (it was sent: it may be in the old leader's log), not held until " +
        `the ${requestTimeoutMs} ms request timeout (09 README, client semantics)`,
    ).toMatch(/^UNCERTAIN/);
    expect(reply, "ended by the leader change, not by the request timeout").not.toMatch(
      new RegExp(`within ${requestTimeoutMs} ms`),
    );
    await cluster.client(old).call("RAFT.RESUME");
  });
});
