// A pool of the fail-fast clients of @rafting/testkit/processes: one per port, replaced after its
// connection ends; and a one-line form of an error for reports.
import { type ClientOptions, connectClient, usable } from "@rafting/testkit/processes";
import type { Redis } from "ioredis";

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
