// Shared by the stage's tests: free ports, bounded polling, temp dirs. No fixed sleeps: every
// wait polls a condition until a deadline and then fails saying what it waited for.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";

/** n distinct free loopback ports: bind port 0, note the port, close (all at once). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import("node:net").Server>((resolve, reject) => {
          const server = createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * Ceilings for real-time waits: generous, because a busy 2-core machine can be many times slower
 * than a quiet one, and a correct node only ever makes a wait end early. They are not protocol
 * timings: an election takes well under a second on a quiet machine.
 */
export const startupWaitMs = 60_000;
export const protocolWaitMs = 30_000;
/** For a test's own timeout: start-up, then a few protocol waits, then cleanup. */
export const realTimeTestMs = 120_000;

/** Polls check() every few ms until it returns a value other than undefined, or fails. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = protocolWaitMs,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (cause) {
      if (cause instanceof FatalWait) throw cause;
      lastError = cause;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Thrown from a waitFor check to stop waiting at once (a process died). */
export class FatalWait extends Error {}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
