// What the server tests share: a server on a free loopback port and a fail-fast ioredis client,
// both closed when the test ends.
import { Redis } from "ioredis";
import { onTestFinished } from "vitest";
import { createKvServer, type KvServerOptions } from "#stage";

/** Replies and connects must come quickly; a test never waits longer than this for one. */
export const waitMs = 1000;

/** A server on a free loopback port, closed when the test ends. */
export async function startServer(options: KvServerOptions = {}) {
  const server = createKvServer({ host: "127.0.0.1", port: 0, ...options });
  onTestFinished(() => server.close());
  const port = await server.listen();
  return { server, port };
}

/** An ioredis client with default protocol options, set to fail fast instead of retrying. */
export function connect(port: number): Redis {
  const client = new Redis({
    host: "127.0.0.1",
    port,
    connectTimeout: waitMs,
    commandTimeout: 2000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  client.on("error", () => {}); // failures surface as rejected commands
  onTestFinished(() => client.disconnect());
  return client;
}
