// A client that keeps writing unique keys and sorts every outcome by the error contract:
//   OK                       acknowledged: must survive anything short of losing a majority
//   TRYAGAIN / CLUSTERDOWN   refused: certainly not applied
//   UNCERTAIN, a timeout, a dropped connection: may or may not have been applied
// Every attempt uses a new key, so the read-back can check each class on its own.

import { connectClient } from "@rafting/testkit/processes";
import type { Redis } from "ioredis";
import { errorLine } from "./redis-client.ts";

export interface WriterOptions {
  readonly name: string;
  /** The client ports to use, in turn: the writer moves on when its node stops answering. */
  readonly ports: readonly number[];
  readonly commandTimeoutMs: number;
  /** Pause after a refusal or a failure, like a client's retry backoff. */
  readonly backoffMs: number;
  /** Attempts at most (a bound on the loop, whatever happens). */
  readonly maxAttempts: number;
}

const maxErrorShapes = 100;

export class Writer {
  readonly acked = new Map<string, string>();
  readonly uncertain: string[] = [];
  readonly refused: string[] = [];
  /** Connections that failed before a command was sent (the node was down). */
  unreachable = 0;
  /** Error lines with their numbers blanked out, counted: what the clients were told. */
  readonly errorCounts = new Map<string, number>();
  private readonly options: WriterOptions;
  private stopped = false;
  private portIndex: number;
  private client: Redis;
  readonly done: Promise<void>;

  constructor(options: WriterOptions, firstPortIndex = 0) {
    this.options = options;
    this.portIndex = firstPortIndex % options.ports.length;
    this.client = this.connect();
    this.done = this.run();
  }

  get attempts(): number {
    return this.acked.size + this.uncertain.length + this.refused.length;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
    this.client.disconnect();
  }

  private connect(): Redis {
    const port = this.options.ports[this.portIndex] ?? 0;
    return connectClient(port, { commandTimeoutMs: this.options.commandTimeoutMs });
  }

  private async run(): Promise<void> {
    for (let i = 0; !this.stopped && i < this.options.maxAttempts; i++) {
      const key = `${this.options.name}:${i}`;
      const value = `v${i}`;
      const outcome = await this.attempt(key, value);
      if (outcome === "ok") continue;
      await new Promise((resolve) => setTimeout(resolve, this.options.backoffMs));
    }
  }

  private async attempt(
    key: string,
    value: string,
  ): Promise<"ok" | "refused" | "uncertain" | "unreachable"> {
    if (this.client.status === "wait") {
      // Connect first: a command that never left cannot have been applied.
      try {
        await this.client.connect();
      } catch (cause) {
        this.noteError(errorLine(cause));
        this.unreachable++;
        this.nextNode();
        return "unreachable";
      }
    }
    try {
      const reply = await this.client.set(key, value);
      if (reply === "OK") {
        this.acked.set(key, value);
        return "ok";
      }
      this.uncertain.push(key); // a reply we do not understand: assume nothing
      return "uncertain";
    } catch (cause) {
      const line = errorLine(cause);
      this.noteError(line);
      if ((cause as Error).name === "ReplyError" && /^(TRYAGAIN|CLUSTERDOWN) /.test(line)) {
        this.refused.push(key);
        return "refused";
      }
      this.uncertain.push(key);
      if ((cause as Error).name !== "ReplyError") this.nextNode();
      return "uncertain";
    }
  }

  /** The connection failed or timed out: its late replies would be out of step; use another node. */
  private nextNode(): void {
    this.client.disconnect();
    this.portIndex = (this.portIndex + 1) % this.options.ports.length;
    this.client = this.connect();
  }

  private noteError(line: string): void {
    const shape = line.replace(/[0-9]+/g, "N");
    if (this.errorCounts.size < maxErrorShapes || this.errorCounts.has(shape)) {
      this.errorCounts.set(shape, (this.errorCounts.get(shape) ?? 0) + 1);
    }
  }
}

/** Error shapes over several writers, most frequent first. */
export function errorShapes(writers: readonly Writer[]): Map<string, number> {
  const all = new Map<string, number>();
  for (const writer of writers) {
    for (const [shape, count] of writer.errorCounts) all.set(shape, (all.get(shape) ?? 0) + count);
  }
  return all;
}

/** Totals over several writers. */
export function tally(writers: readonly Writer[]): {
  acked: number;
  uncertain: number;
  refused: number;
} {
  let acked = 0;
  let uncertain = 0;
  let refused = 0;
  for (const writer of writers) {
    acked += writer.acked.size;
    uncertain += writer.uncertain.length;
    refused += writer.refused.length;
  }
  return { acked, uncertain, refused };
}
