// Time as the event loop sees it. Everything that needs "now" asks a Clock, so the same code runs
// on the wall clock (main.ts) or on a virtual clock that a test moves by hand, with no waiting.

export interface Clock {
  /** Milliseconds since the clock started; never decreases. */
  nowMs(): number;
}

/** A clock that moves only when told to: the virtual event loop moves it to each timer's due time. */
export class VirtualClock implements Clock {
  // solution:begin
  private currentMs: number;
  // solution:end

  constructor(startMs = 0) {
    // solution:begin
    if (!Number.isFinite(startMs) || startMs < 0) {
      throw new RangeError(`VirtualClock: startMs must be a finite number ≥ 0, got ${startMs}`);
    }
    this.currentMs = startMs;
    // solution:end
    // starter: throw new Error("not implemented: VirtualClock constructor (remember the start time)");
  }

  nowMs(): number {
    // solution:begin
    return this.currentMs;
    // solution:end
    // starter: throw new Error("not implemented: VirtualClock.nowMs");
  }

  /** Moves time forward to `ms`. Time never goes back: that would reorder timers already run. */
  advanceTo(ms: number): void {
    // solution:begin
    if (!Number.isFinite(ms) || ms < this.currentMs) {
      throw new RangeError(
        `VirtualClock: time never goes back (now ${this.currentMs} ms, asked ${ms})`,
      );
    }
    this.currentMs = ms;
    // solution:end
    // starter: throw new Error("not implemented: VirtualClock.advanceTo (time never goes back)");
  }
}

/**
 * The wall clock, from a monotonic source (performance.now, not Date.now, which jumps when the
 * system time is set), sped up `speed` times: at speed 60 one real second is one clock minute.
 */
export function realClock(speed = 1): Clock {
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new RangeError(`realClock: speed must be a finite number > 0, got ${speed}`);
  }
  const startMs = performance.now();
  return { nowMs: () => (performance.now() - startMs) * speed };
}
