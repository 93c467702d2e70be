// Client sessions (thesis §6.3) in stage 11's system, real processes on loopback: a RESP client
// registers (SESSION.REGISTER → its client id) and sends each write as
// SESSION <clientId> <seq> <command...>. A retry with the same id and seq, after an answer the
// client never heard (UNCERTAIN, a dead leader), gets the first answer and is not applied again:
// an INCR counts once. Plain Redis commands work as before. The session table is replicated state,
// so a new leader knows it, and it is in the snapshot, so a restart from a snapshot keeps it.
// Real time: every wait has a generous ceiling, and start-up is waited for on its own.
import { protocolWaitMs, realTimeTestMs, waitFor } from "@rafting/testkit/processes";
import { describe, expect, test } from "vitest";
import { ProductionCluster, replyOrError } from "./system-cluster.ts";

type Client = ReturnType<ProductionCluster["client"]>;

/** A session command's reply (or error message), as a string. */
function inSession(client: Client, id: string, seq: number, ...command: string[]) {
  return replyOrError(client.call("SESSION", id, String(seq), ...command));
}

/** Replies a client may retry; anything else is the answer. */
const retryable = /^(TRYAGAIN|CLUSTERDOWN|UNCERTAIN)/;

/** The session command sent again (the same id and seq) until it gets an answer that is not a retry. */
function untilAnswered(client: () => Client, id: string, seq: number, ...command: string[]) {
  return waitFor(
    `an answer to SESSION ${id} ${seq} ${command.join(" ")} (retried while TRYAGAIN/CLUSTERDOWN/UNCERTAIN)`,
    async () => {
      const reply = await inSession(client(), id, seq, ...command);
      return retryable.test(reply) ? undefined : reply;
    },
    protocolWaitMs,
  );
}

async function register(client: Client): Promise<string> {
  const id = await client.call("SESSION.REGISTER");
  expect(typeof id, "SESSION.REGISTER replies with the new client id, an integer").toBe("number");
  return String(id);
}

describe("stage 11's system: client sessions (§6.3, real processes)", {
  timeout: realTimeTestMs,
}, () => {
  test("a session INCR sent twice with the same id and seq is applied once; the retry gets the first answer", async () => {
    const cluster = await ProductionCluster.create(3);
    cluster.startAll();
    const leader = await cluster.waitForLeader();
    const client = cluster.client(leader);
    expect(await client.incr("plain"), "plain Redis commands work as before").toBe(1);

    const id = await register(client);
    expect(await inSession(client, id, 1, "INCR", "counter"), "the first INCR in the session").toBe(
      "1",
    );
    expect(
      await inSession(client, id, 1, "INCR", "counter"),
      "§6.3: a retry (same client id, same seq) gets the reply of the first, remembered in the session table",
    ).toBe("1");
    const follower = cluster.ids.find((other) => other !== leader) as number;
    expect(
      await inSession(cluster.client(follower), id, 1, "INCR", "counter"),
      "the retry sent to a follower (forwarded to the leader) gets the first reply too",
    ).toBe("1");
    expect(
      await client.get("counter"),
      "§6.3: the INCR was applied once, though sent three times with the same seq",
    ).toBe("1");
    expect(await inSession(client, id, 2, "INCR", "counter"), "the next seq is a new command").toBe(
      "2",
    );

    expect(
      await inSession(client, id, 3, "NOSUCH"),
      "a bad command in a session is refused",
    ).toMatch(/^ERR/);
    expect(
      await inSession(client, "999999", 1, "INCR", "counter"),
      "a client id that was never registered (or expired) has no session",
    ).toMatch(/^SESSIONEXPIRED/);
    expect(await client.get("counter"), "neither refused command changed the counter").toBe("2");
  });

  test("a retry after the leader dies, at the new leader, gets the first answer and applies nothing", async () => {
    const cluster = await ProductionCluster.create(3);
    cluster.startAll();
    const leader = await cluster.waitForLeader();
    const client = cluster.client(leader);
    const id = await register(client);
    expect(await inSession(client, id, 1, "INCR", "counter")).toBe("1");
    // The client is told nothing more: it retries as it would after UNCERTAIN or a lost connection.
    await cluster.kill(leader);
    const survivors = cluster.ids.filter((other) => other !== leader);
    const newLeader = await cluster.waitForLeader(survivors);
    expect(
      await untilAnswered(() => cluster.client(newLeader), id, 1, "INCR", "counter"),
      "§6.3: the session table is replicated state: the new leader knows the retry and gives the first reply",
    ).toBe("1");
    expect(
      await cluster.client(newLeader).get("counter"),
      "§6.3: the retried INCR was not applied a second time",
    ).toBe("1");
  });

  test("after UNCERTAIN (its leader cut off before committing), the same session command retried at the new leader counts once", async () => {
    // Without CheckQuorum the cut-off leader keeps the write until the request times out: UNCERTAIN.
    const cluster = await ProductionCluster.create(3, { checkQuorum: false });
    cluster.startAll();
    const leader = await cluster.waitForLeader();
    const id = await register(cluster.client(leader));
    const cutOff = cluster.client(leader, 5000);
    for (const peer of cluster.ids)
      if (peer !== leader) await cutOff.call("RAFT.CUT", String(peer));
    expect(
      await inSession(cluster.client(leader), id, 1, "INCR", "counter"),
      "a leader cut off from a majority cannot commit: the client hears UNCERTAIN",
    ).toMatch(/^UNCERTAIN/);

    const survivors = cluster.ids.filter((other) => other !== leader);
    const newLeader = await cluster.waitForLeader(survivors);
    expect(
      await untilAnswered(() => cluster.client(newLeader), id, 1, "INCR", "counter"),
      "§6.3: after UNCERTAIN the client sends the same id and seq again, to another node",
    ).toBe("1");
    await cutOff.call("RAFT.HEAL");
    await cluster.waitForLeader();
    expect(
      await untilAnswered(() => cluster.client(leader), id, 1, "INCR", "counter"),
      "and once more through the healed node (its uncommitted copy was replaced): the first answer",
    ).toBe("1");
    expect(
      await cluster.client(newLeader).get("counter"),
      "§6.3: the INCR counted once, though sent three times",
    ).toBe("1");
  });

  test("a session survives a restart of every node from its snapshot (the table is in the snapshot)", async () => {
    const cluster = await ProductionCluster.create(3, {}, { maxLogEntries: 4 });
    cluster.startAll();
    const leader = await cluster.waitForLeader();
    const client = cluster.client(leader);
    const id = await register(client);
    expect(await inSession(client, id, 1, "INCR", "counter")).toBe("1");
    const sessionIndex = (await cluster.status(leader)).commitIndex;
    for (let i = 0; i < 12; i++) expect(await client.set(`filler-${i}`, "x")).toBe("OK");
    for (const node of cluster.ids) {
      await waitFor(
        `node ${node}'s snapshot to cover the session's entries (through index ${sessionIndex}; compaction after 4 entries)`,
        async () => ((await cluster.status(node)).snapshotIndex ?? 0) >= sessionIndex || undefined,
        protocolWaitMs,
      );
    }

    for (const node of cluster.ids) await cluster.kill(node);
    const restarted = cluster.ids.map((node) => cluster.start(node));
    for (const process of restarted) {
      await waitFor(
        "each node to restore its snapshot on start-up",
        () => (/restored from the snapshot through \d+/.test(process.output) ? true : undefined),
        protocolWaitMs,
      );
    }
    const newLeader = await cluster.waitForLeader();
    expect(
      await untilAnswered(() => cluster.client(newLeader), id, 1, "INCR", "counter"),
      "§6.3: after a restart from the snapshot, the retry still gets the remembered reply",
    ).toBe("1");
    expect(await cluster.client(newLeader).get("counter"), "and is not applied again").toBe("1");
    expect(
      await untilAnswered(() => cluster.client(newLeader), id, 2, "INCR", "counter"),
      "the session goes on with the next seq",
    ).toBe("2");
  });
});
