// Bounded polling: a wait checks a condition every few ms until it holds or a ceiling passes, and
// then fails saying what it waited for. No fixed sleeps.
import { protocolWaitMs } from "./ceilings.ts";

/** Thrown from a waitFor check to stop waiting at once (a process died). */
export class FatalWait extends Error {}

/** Polls check() every pollMs until it returns a value other than undefined, or fails. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = protocolWaitMs,
  pollMs = 10,
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
    await sleep(pollMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
