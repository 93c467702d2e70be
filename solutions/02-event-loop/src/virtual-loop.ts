// An event loop on virtual time: nothing runs until the test says how much time passes, and then
// every due task runs at its own due time, in order, with no real waiting. Tests and the
// simulator use it; a minute of traffic lights takes microseconds.
import { VirtualClock } from "./clock.ts";
import { type EventLoop, LoopCore, type LoopOptions, type TimerId } from "./event-loop.ts";

export interface VirtualLoopOptions<E> extends LoopOptions<E> {
  startMs?: number;
  /** Bound on tasks per advanceBy/runUntilIdle, so a task that re-arms itself at 0 ms fails loudly. */
  maxTasksPerRun?: number;
}

export class VirtualLoop<E> implements EventLoop<E> {
  readonly clock: VirtualClock;
  // solution:begin
  private readonly core: LoopCore<E>;
  private readonly maxTasksPerRun: number;
  private running = false;
  // solution:end

  constructor(options: VirtualLoopOptions<E>) {
    this.clock = new VirtualClock(options.startMs ?? 0);
    // solution:begin
    this.core = new LoopCore(this.clock, options);
    this.maxTasksPerRun = options.maxTasksPerRun ?? 1_000_000;
    // solution:end
    // starter: throw new Error("not implemented: VirtualLoop constructor (a LoopCore on a VirtualClock)");
  }

  setTimer(delayMs: number, callback: () => void): TimerId {
    // solution:begin
    return this.core.setTimer(delayMs, callback);
    // solution:end
    // starter: throw new Error("not implemented: VirtualLoop.setTimer");
  }

  cancelTimer(id: TimerId): boolean {
    // solution:begin
    return this.core.cancelTimer(id);
    // solution:end
    // starter: throw new Error("not implemented: VirtualLoop.cancelTimer");
  }

  post(event: E): boolean {
    // solution:begin
    return this.core.post(event);
    // solution:end
    // starter: throw new Error("not implemented: VirtualLoop.post");
  }

  /** Timers plus posted events waiting. */
  pending(): number {
    // solution:begin
    return this.core.size;
    // solution:end
    // starter: throw new Error("not implemented: VirtualLoop.pending");
  }

  /**
   * Moves time forward by `ms`, running every task due by then at its due time, including tasks
   * that callbacks add on the way. Returns how many tasks ran.
   */
  advanceBy(ms: number): number {
    // solution:begin
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`advanceBy: ms must be a finite number ≥ 0, got ${ms}`);
    }
    const targetMs = this.clock.nowMs() + ms;
    const ran = this.run((dueMs) => dueMs <= targetMs);
    this.clock.advanceTo(targetMs);
    return ran;
    // solution:end
    // starter: throw new Error("not implemented: VirtualLoop.advanceBy (run due tasks in order, moving the clock to each)");
  }

  /** Runs tasks, moving time to each, until none waits; returns how many ran. */
  runUntilIdle(): number {
    // solution:begin
    return this.run(() => true);
    // solution:end
    // starter: throw new Error("not implemented: VirtualLoop.runUntilIdle");
  }

  // solution:begin
  private run(isInRange: (dueMs: number) => boolean): number {
    // A callback that advanced time itself would run later tasks before the current one finishes.
    if (this.running)
      throw new Error("VirtualLoop: advanceBy/runUntilIdle called from inside a task");
    this.running = true;
    let ran = 0;
    try {
      for (let due = this.core.nextDueMs(); due !== undefined && isInRange(due); ) {
        if (ran >= this.maxTasksPerRun) {
          throw new Error(
            `VirtualLoop: more than ${this.maxTasksPerRun} tasks in one run (maxTasksPerRun); ` +
              "a timer that always re-arms never idles: use advanceBy",
          );
        }
        this.clock.advanceTo(due);
        this.core.runNextDue(due);
        ran++;
        due = this.core.nextDueMs();
      }
    } finally {
      this.running = false;
    }
    return ran;
  }
  // solution:end
}
