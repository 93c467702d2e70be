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
  throw new Error("not implemented: createKvServer (net.createServer, one serveConnection per socket; listen resolves the port)");
}
