// ioredis clients for the tools: they fail fast instead of retrying behind our back (we want to
// see every refusal), and a pool replaces a client whose connection has ended.
import { Redis } from "ioredis";

export interface ClientOptions {
  readonly host?: string;
  readonly connectTimeoutMs?: number;
  /** A command with no reply after this long is rejected (the connection stays up). */
  readonly commandTimeoutMs?: number;
}

export function connectClient(port: number, options: ClientOptions = {}): Redis {
  const client = new Redis({
    host: options.host ?? "127.0.0.1",
    port,
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 1000,
    commandTimeout: options.commandTimeoutMs ?? 10_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  client.on("error", () => {}); // every failure also rejects the command that met it
  return client;
}

/** A client that is still usable (or about to connect); an ended one must be replaced. */
export function usable(client: Redis): boolean {
  return client.status !== "end" && client.status !== "close";
}

/** One client per port, replaced after its connection ends. */
export class ClientPool {
  private readonly clients = new Map<number, Redis>();
  private readonly options: ClientOptions;

  constructor(options: ClientOptions = {}) {
    this.options = options;
  }

  get(port: number): Redis {
    const existing = this.clients.get(port);
    if (existing !== undefined && usable(existing)) return existing;
    existing?.disconnect();
    const client = connectClient(port, this.options);
    this.clients.set(port, client);
    return client;
  }

  /** Drops the client of port (after a timeout its replies may be out of step). */
  drop(port: number): void {
    this.clients.get(port)?.disconnect();
    this.clients.delete(port);
  }

  close(): void {
    for (const client of this.clients.values()) client.disconnect();
    this.clients.clear();
  }
}

/** An error's first line, short: for a one-line report. */
export function errorLine(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return (text.split("\n")[0] ?? text).slice(0, 200);
}
