// What the cluster tests share: a writer that records acknowledged writes, polling helpers.
import type { Redis } from "ioredis";
import { protocolWaitMs, waitFor } from "./helpers.ts";

/** Keeps writing unique keys through one client; records what was acknowledged (OK). */
export class Writer {
  readonly acked = new Map<string, string>();
  errors: string[] = [];
  private stopped = false;
  readonly done: Promise<void>;

  constructor(client: Redis, name: string) {
    this.done = (async () => {
      for (let i = 0; !this.stopped; i++) {
        const key = `${name}-${i}`;
        try {
          if ((await client.set(key, `v${i}`)) === "OK") this.acked.set(key, `v${i}`);
        } catch (cause) {
          const message = (cause as Error).message;
          this.errors.push(message);
          if (/closed|ECONNREFUSED|ECONNRESET|Connection is closed/i.test(message)) return;
          await new Promise((resolve) => setTimeout(resolve, 5)); // a client's retry backoff
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

export const errorWords = /^(TRYAGAIN|CLUSTERDOWN|UNCERTAIN) /;

export async function waitUntil(
  what: string,
  condition: () => boolean,
  timeoutMs = protocolWaitMs,
): Promise<void> {
  await waitUntilAsync(what, async () => condition(), timeoutMs);
}

export async function waitUntilAsync(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = protocolWaitMs,
): Promise<void> {
  await waitFor(what, async () => ((await condition()) ? true : undefined), timeoutMs);
}
