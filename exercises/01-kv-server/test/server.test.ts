// The TCP server through a real Redis client library (ioredis), as an application would use it.

import { describe, expect, test } from "vitest";
import {
  type Command,
  type ConnectionContext,
  connectionCommands,
  KvStore,
  runCommand,
} from "#stage";
import { connect, startServer } from "./server-helpers.ts";

describe("server basics", () => {
  test("listen() on port 0 resolves a free port that a client can reach", async () => {
    const { port } = await startServer();
    expect(port, "port 0 asks the OS for a free port; listen() reports it").toBeGreaterThan(0);
    const client = connect(port);
    expect(await client.ping(), "PING answers +PONG").toBe("PONG");
    expect(await client.echo("hello"), "ECHO returns its argument").toBe("hello");
  });

  test("SET, GET, INCR, DEL, EXISTS, MGET and DBSIZE work from a client library", async () => {
    const { port } = await startServer();
    const client = connect(port);
    expect(await client.set("name", "raft"), "SET replies OK").toBe("OK");
    expect(await client.get("name"), "GET returns the value").toBe("raft");
    expect(await client.get("missing"), "GET of a missing key is nil (null)").toBeNull();
    expect(await client.incr("n"), "INCR of a missing key is 1").toBe(1);
    expect(await client.incr("n"), "INCR adds one").toBe(2);
    expect(await client.exists("name", "n", "nope"), "EXISTS counts existing keys").toBe(2);
    expect(await client.mget("name", "nope", "n"), "MGET: values in order, nil if missing").toEqual(
      ["raft", null, "2"],
    );
    expect(await client.dbsize(), "DBSIZE counts keys").toBe(2);
    expect(await client.del("name", "nope"), "DEL counts removed keys").toBe(1);
    expect(await client.dbsize(), "one key left").toBe(1);
  });

  test("errors come back as Redis errors and the connection stays usable", async () => {
    const { port } = await startServer();
    const client = connect(port);
    await client.set("text", "abc");
    await expect(client.incr("text"), "INCR of a non-integer: Redis's exact error").rejects.toThrow(
      "ERR value is not an integer or out of range",
    );
    await expect(
      client.call("NOSUCH", "a"),
      "unknown command: Redis's exact error",
    ).rejects.toThrow("ERR unknown command 'NOSUCH', with args beginning with: 'a' ");
    await expect(client.call("GET"), "wrong arity: Redis's exact error").rejects.toThrow(
      "ERR wrong number of arguments for 'get' command",
    );
    expect(await client.get("text"), "after error replies the same connection still works").toBe(
      "abc",
    );
  });

  test("connection commands: INFO, SELECT 0, CLIENT SETNAME/GETNAME, COMMAND COUNT", async () => {
    const { port } = await startServer();
    const client = connect(port);
    const info = await client.info();
    expect(info, "INFO is a bulk string with a '# Server' section").toContain("# Server");
    expect(info, "INFO reports redis_version, which clients read").toMatch(
      /redis_version:\d+\.\d+/,
    );
    expect(await client.select(0), "SELECT 0: the only database").toBe("OK");
    await expect(client.select(1), "SELECT of another database fails").rejects.toThrow(
      "ERR DB index is out of range",
    );
    expect(await client.client("SETNAME", "worker-1"), "CLIENT SETNAME replies OK").toBe("OK");
    expect(await client.client("GETNAME"), "CLIENT GETNAME returns the name").toBe("worker-1");
    expect(await client.call("COMMAND", "COUNT"), "COMMAND COUNT is an integer").toBeTypeOf(
      "number",
    );
    expect(await client.call("COMMAND", "DOCS"), "redis-cli sends COMMAND DOCS: an array").toEqual(
      [],
    );
    await expect(
      client.call("HELLO", "3"),
      "RESP2-only server: HELLO 3 gets NOPROTO",
    ).rejects.toThrow("NOPROTO");
    expect(await client.quit(), "QUIT replies OK before the server closes").toBe("OK");
  });
});

describe("server under load", () => {
  test("25 concurrent clients increment one counter without losing an update", async () => {
    const { server, port } = await startServer();
    const clients = Array.from({ length: 25 }, () => connect(port));
    const incrementsPerClient = 40;
    await Promise.all(
      clients.map(async (client, i) => {
        for (let n = 0; n < incrementsPerClient; n++) await client.incr("counter");
        await client.set(`client:${i}`, String(i));
      }),
    );
    const reader = clients[0]!;
    expect(await reader.get("counter"), "INCR runs atomically on the server: no lost update").toBe(
      String(clients.length * incrementsPerClient),
    );
    expect(await reader.dbsize(), "every client's own key is there").toBe(clients.length + 1);
    expect(server.store.entries().length, "server.store is the state the clients changed").toBe(
      clients.length + 1,
    );
  });

  test("pipelined commands are answered in order", async () => {
    const { port } = await startServer();
    const client = connect(port);
    const pipeline = client.pipeline();
    for (let i = 0; i < 1000; i++) pipeline.incr("seq").get("seq");
    const results = (await pipeline.exec()) ?? [];
    expect(results.length, "one reply per pipelined command").toBe(2000);
    results.forEach(([error, value], index) => {
      const expected = Math.floor(index / 2) + 1;
      expect(error, "no pipelined command fails").toBeNull();
      expect(Number(value), `reply ${index} answers command ${index}: replies keep order`).toBe(
        expected,
      );
    });
  });

  test("replies beyond maxReplyBufferBytes are all delivered, in order", async () => {
    const { port } = await startServer({ maxReplyBufferBytes: 16 * 1024 });
    const client = connect(port);
    const value = "v".repeat(64 * 1024);
    await client.set("big", value);
    const pipeline = client.pipeline();
    for (let i = 0; i < 100; i++) pipeline.get("big").incr("n");
    const results = (await pipeline.exec()) ?? [];
    expect(results.length, "a full reply buffer pauses the client, it never drops commands").toBe(
      200,
    );
    expect(results.at(-1), "after the reply buffer drains, the rest are answered in order").toEqual(
      [null, 100],
    );
    expect(
      results.every(([, reply], i) => i % 2 === 1 || reply === value),
      "every GET whole",
    ).toBe(true);
  });

  test("values are binary-safe: every byte value round-trips", async () => {
    const { port } = await startServer();
    const client = connect(port);
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const key = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80]);
    expect(await client.set(key, everyByte), "SET with binary key and value").toBe("OK");
    const value = await client.getBuffer(key);
    expect(value?.equals(everyByte), "GET returns the exact bytes (latin1 byte strings)").toBe(
      true,
    );
  });

  test("a 1 MiB value is stored and read back whole", async () => {
    const { port } = await startServer();
    const client = connect(port);
    const big = Buffer.alloc(1024 * 1024, "raft");
    expect(await client.set("big", big), "a 1 MiB SET arrives in many TCP chunks").toBe("OK");
    const back = await client.getBuffer("big");
    expect(back?.length, "the whole value comes back").toBe(big.length);
    expect(back?.equals(big), "byte for byte").toBe(true);
  });
});

describe("connection commands stay on the connection", () => {
  test("runCommand answers every command of connectionCommands itself; data commands reach the store", () => {
    const seen: Command[] = [];
    const store = new (class extends KvStore {
      override apply(command: Command) {
        seen.push(command);
        return super.apply(command);
      }
    })();
    const context: ConnectionContext = {
      store,
      id: 1,
      clientName: null,
      quit: false,
      stats: () => ({ port: 6379, connectedClients: 1 }),
    };
    for (const name of connectionCommands) {
      const reply = runCommand([name.toLowerCase()], context);
      expect(reply, `${name} is answered by runCommand, not unknown`).not.toMatchObject({
        type: "error",
        message: expect.stringMatching(/unknown command/),
      });
    }
    // INFO may read the store (DBSIZE); what matters is that none of them is run as data.
    expect(
      seen.filter((command) => connectionCommands.has((command[0] ?? "").toUpperCase())),
      "stage 09 answers connectionCommands on the node the client is on, never through Raft: runCommand must not hand them to the store",
    ).toEqual([]);
    seen.length = 0;
    runCommand(["GET", "k"], context);
    expect(seen, "a data command goes to the store").toEqual([["GET", "k"]]);
  });
});
