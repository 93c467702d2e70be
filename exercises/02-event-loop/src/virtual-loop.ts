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

  constructor(options: VirtualLoopOptions<E>) {
    this.clock = new VirtualClock(options.startMs ?? 0);
    throw new Error("not implemented: VirtualLoop constructor (a LoopCore on a VirtualClock)");
  }

  setTimer(delayMs: number, callback: () => void): TimerId {
    throw new Error("not implemented: VirtualLoop.setTimer");
  }

  cancelTimer(id: TimerId): boolean {
    throw new Error("not implemented: VirtualLoop.cancelTimer");
  }

  post(event: E): boolean {
    throw new Error("not implemented: VirtualLoop.post");
  }

  /** Timers plus posted events waiting. */
  pending(): number {
    throw new Error("not implemented: VirtualLoop.pending");
  }

  /**
   * Moves time forward by `ms`, running every task due by then at its due time, including tasks
   * that callbacks add on the way. Returns how many tasks ran.
   */
  advanceBy(ms: number): number {
    throw new Error("not implemented: VirtualLoop.advanceBy (run due tasks in order, moving the clock to each)");
  }

  /** Runs tasks, moving time to each, until none waits; returns how many ran. */
  runUntilIdle(): number {
    throw new Error("not implemented: VirtualLoop.runUntilIdle");
  }

}
