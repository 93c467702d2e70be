// Requests waiting for a result, each with a deadline: every pending request ends, with its
// result or with a timeout. All requests wait the same timeoutMs, so insertion order is deadline
// order and a sweep only looks at the oldest ones.

/** How often to sweep requests that wait timeoutMs: often enough to end them near their deadline. */
export function sweepPeriodMs(timeoutMs: number): number {
  return Math.max(1, Math.min(100, timeoutMs / 4));
}

export class Deadlines<K, R> {
  readonly timeoutMs: number;
  readonly maxPending: number;

  constructor(timeoutMs: number, maxPending: number) {
    if (!(timeoutMs > 0) || !Number.isSafeInteger(maxPending) || maxPending < 1) {
      throw new RangeError(`Deadlines: bad timeoutMs ${timeoutMs} or maxPending ${maxPending}`);
    }
    this.timeoutMs = timeoutMs;
    this.maxPending = maxPending;
  }

  get size(): number {
    throw new Error("not implemented: Deadlines.size");
  }

  /** Waits for key's result until nowMs + timeoutMs; false (nothing kept) when full. */
  add(key: K, nowMs: number, settle: (result: R) => void): boolean {
    throw new Error("not implemented: Deadlines.add");
  }

  /** Hands key its result; false if it already ended (timed out, or settled). */
  settle(key: K, result: R): boolean {
    throw new Error("not implemented: Deadlines.settle");
  }

  /** Ends every request past its deadline with timedOut's result. */
  expire(nowMs: number, timedOut: () => R): void {
    throw new Error("not implemented: Deadlines.expire (oldest first; stop at the first one still in time)");
  }

  /** Ends every request now (the node is shutting down). */
  settleAll(result: () => R): void {
    throw new Error("not implemented: Deadlines.settleAll");
  }
}
