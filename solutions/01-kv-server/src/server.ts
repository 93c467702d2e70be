// The TCP front end: a net.Server whose connections all share one KvStore.
import { createServer, type Socket } from "node:net";
import { type ConnectionLimits, serveConnection } from "./connection.ts";
import { type ParserLimits, parserLimits } from "./resp-parser.ts";
import type { ConnectionContext } from "./server-commands.ts";
import { KvStore } from "./store.ts";

export interface KvServerOptions extends Partial<ParserLimits> {
  /** Interface to bind; loopback unless said otherwise. */
  readonly host?: string;
  /** TCP port; 0 picks a free one (listen() tells which). */
  readonly port?: number;
  /** Reply bytes queued per connection before it stops reading (see ConnectionLimits). */
  readonly maxReplyBufferBytes?: number;
  /** Connections beyond this are refused. */
  readonly maxConnections?: number;
  /** The state machine to serve; a new empty store by default. */
  readonly store?: KvStore;
}

export interface KvServer {
  readonly store: KvStore;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

export const defaultMaxReplyBufferBytes = 16 * 1024 * 1024;
export const defaultMaxConnections = 10_000;

export function createKvServer(options: KvServerOptions = {}): KvServer {
  // solution:begin
  const { host = "127.0.0.1", port = 0, store = new KvStore() } = options;
  const limits: ConnectionLimits = {
    ...parserLimits({
      maxBulkBytes: options.maxBulkBytes,
      maxArrayLength: options.maxArrayLength,
      maxInlineBytes: options.maxInlineBytes,
      maxCommandBytes: options.maxCommandBytes,
    }),
    maxReplyBufferBytes: options.maxReplyBufferBytes ?? defaultMaxReplyBufferBytes,
  };
  const server = createServer();
  server.maxConnections = options.maxConnections ?? defaultMaxConnections;
  const sockets = new Set<Socket>();
  let nextClientId = 1;
  let boundPort = port;

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.setNoDelay(true);
    const context: ConnectionContext = {
      store,
      id: nextClientId++,
      clientName: null,
      quit: false,
      stats: () => ({ port: boundPort, connectedClients: sockets.size }),
    };
    try {
      serveConnection(socket, context, limits);
    } catch (cause) {
      // One connection that cannot be served must not take the others down with it.
      console.error(`kv-server: dropping a connection: ${String(cause)}`);
      socket.destroy();
    }
  });

  return {
    store,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address();
          if (address === null || typeof address === "string")
            return reject(new Error(`unexpected listen address: ${address}`));
          boundPort = address.port;
          resolve(boundPort);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((cause) => (cause ? reject(cause) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
  // solution:end
  // starter: throw new Error("not implemented: createKvServer (net.createServer, one serveConnection per socket; listen resolves the port)");
}
