// Closed-loop load: each of N clients (one ioredis connection each) sends one request, waits for
// its reply, sends the next, until the deadline. Throughput is replies per second over the whole
// run; latency is per request, in an HDR histogram (microseconds).

import { connectClient } from "@rafting/testkit/processes";
import { build } from "hdr-histogram-js";
import type { Redis } from "ioredis";
import { errorLine } from "./redis-client.ts";

export type LoadOp = "set" | "get";

export interface LoadOptions {
  readonly port: number;
  readonly clients: number;
  readonly op: LoadOp;
  readonly durationMs: number;
  /** Keys per client: SETs cycle over them, GETs read them back. */
  readonly keysPerClient: number;
  readonly valueBytes: number;
}

export interface LoadResult {
  readonly ops: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly firstError: string | undefined;
}

const maxOpsPerClient = 5_000_000;
const highestLatencyUs = 120_000_000;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const clients = Array.from({ length: options.clients }, () =>
    connectClient(options.port, { commandTimeoutMs: 10_000 }),
  );
  try {
    await Promise.all(clients.map((client) => client.connect()));
    const histogram = build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: highestLatencyUs,
      numberOfSignificantValueDigits: 3,
    });
    const state = { errors: 0, firstError: undefined as string | undefined };
    const value = "x".repeat(options.valueBytes);
    const started = performance.now();
    const deadline = started + options.durationMs;
    const counts = await Promise.all(
      clients.map((client, c) =>
        clientLoop(
          client,
          c,
          { ...options, value, deadline },
          (us) => histogram.recordValue(us),
          state,
        ),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const ops = counts.reduce((sum, n) => sum + n, 0);
    return {
      ops,
      opsPerSecond: ops / seconds,
      p50Ms: histogram.getValueAtPercentile(50) / 1000,
      p99Ms: histogram.getValueAtPercentile(99) / 1000,
      errors: state.errors,
      firstError: state.firstError,
    };
  } finally {
    for (const client of clients) client.disconnect();
  }
}

async function clientLoop(
  client: Redis,
  c: number,
  run: LoadOptions & { value: string; deadline: number },
  record: (us: number) => void,
  state: { errors: number; firstError: string | undefined },
): Promise<number> {
  let ops = 0;
  for (let i = 0; i < maxOpsPerClient && performance.now() < run.deadline; i++) {
    const key = `bench:${c}:${i % run.keysPerClient}`;
    const sent = performance.now();
    try {
      if (run.op === "set") await client.set(key, run.value);
      else await client.get(key);
      record(Math.max(1, Math.round((performance.now() - sent) * 1000)));
      ops++;
    } catch (cause) {
      state.errors++;
      state.firstError ??= errorLine(cause);
      if (client.status === "end") return ops;
    }
  }
  return ops;
}
