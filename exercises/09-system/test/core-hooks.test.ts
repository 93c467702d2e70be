// The hooks a later stage's core plugs into this server (stage 11 uses all four): `route` takes a
// client's data command instead of the log, `admin` answers RAFT.* commands of its own, `refuse`
// checks a client's command before anything else, and `nudge` has the driver step the node at
// once. Stages 10 and 11 run on your server, so it must call them; checked here on one node in
// this process, with a core built from stages 01, 03 and 06.
import { connectClient, freePorts, testClusterSecret } from "@rafting/testkit/processes";
import { describe, expect, onTestFinished, test } from "vitest";
import {
  createRaftNode,
  error,
  FileStorage,
  KvStore,
  ok,
  parseClusterConfig,
  type ServerCore,
  startNode,
} from "#stage";
import { realTimeTestMs, tempDir, waitFor } from "./helpers.ts";

/** What the hooks saw, for the assertions. */
interface Seen {
  readonly routed: string[][];
  nudged: number;
}

/** 09's own parts (FileStorage, the 06 node, a KvStore), with the four hooks of a later stage. */
function hookedCore(seen: Seen): ServerCore {
  return {
    open(config, id, dataDir) {
      const { storage, recovery } = FileStorage.open(dataDir);
      const store = new KvStore();
      const node = createRaftNode(
        {
          id,
          peers: [],
          electionTimeoutTicks: config.electionTicks,
          limits: { heartbeatIntervalTicks: config.heartbeatTicks },
          stateMachine: store,
        },
        storage,
        { int: (min) => min },
      );
      return {
        node,
        storage,
        recovery,
        store,
        route(command, settle, nudge) {
          if (command[0] !== "ROUTED.GET") return false;
          seen.routed.push([...command]);
          nudge();
          seen.nudged++;
          settle(ok);
          return true;
        },
        admin: (command) => (command[0]?.toUpperCase() === "RAFT.HELLO" ? ok : undefined),
        refuse: (command) =>
          command[0] === "FORBIDDEN" ? error("ERR FORBIDDEN is refused by this core") : undefined,
      };
    },
  };
}

describe("a later stage's core in this server", { timeout: realTimeTestMs }, () => {
  test("route, admin, refuse and nudge are each called, and plain commands still go through the log", async () => {
    const [client, peer] = (await freePorts(2)) as [number, number];
    const config = parseClusterConfig(
      {
        secret: testClusterSecret,
        nodes: [{ id: 1, client: `127.0.0.1:${client}`, peer: `127.0.0.1:${peer}` }],
        tickMs: 10,
        electionTicks: 15,
        heartbeatTicks: 3,
      },
      tempDir("raft-hooks-"),
    );
    const seen: Seen = { routed: [], nudged: 0 };
    const server = await startNode({
      config,
      id: 1,
      dataDir: tempDir("raft-hooks-data-"),
      log: () => {},
      core: hookedCore(seen),
    });
    onTestFinished(() => server.close());
    const redis = connectClient(server.clientPort);
    onTestFinished(() => redis.disconnect());
    await waitFor(
      "node 1 to lead its cluster of one",
      () => server.status().role === "leader" || undefined,
    );

    expect(await redis.call("ROUTED.GET", "k"), "route: the core took the command").toBe("OK");
    expect(seen.routed, "route gets the client's command as sent").toEqual([["ROUTED.GET", "k"]]);
    expect(seen.nudged, "route's nudge can be called (the driver steps the node)").toBe(1);
    expect(await redis.call("RAFT.HELLO"), "admin: the core's own RAFT.* command").toBe("OK");
    await expect(redis.call("FORBIDDEN"), "refuse: the core's answer, as an error").rejects.toThrow(
      /FORBIDDEN is refused by this core/,
    );
    const before = server.status().commitIndex;
    expect(
      await redis.set("a", "1"),
      "a plain write: route said no, so it goes through the log",
    ).toBe("OK");
    expect(server.status().commitIndex, "§5.3: the write is a committed entry").toBeGreaterThan(
      before,
    );
    expect(seen.routed.length, "route never took the plain write").toBe(1);
  });
});
