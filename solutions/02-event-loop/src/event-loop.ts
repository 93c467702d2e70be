// What every event loop offers, and the part the virtual and the real loop share: one queue of
// timers and posted events, run one at a time in (due time, insertion order). Code written against
// EventLoop (the traffic-light driver here, the Raft node driver in stage 09) runs on either loop.
import type { Clock } from "./clock.ts";
import { TimerQueue } from "./timer-queue.ts";

export type TimerId = number;

export interface EventLoop<E> {
  readonly clock: Clock;
  /** Runs `callback` once, `delayMs` from now (0 = after everything already due). */
  setTimer(delayMs: number, callback: () => void): TimerId;
  /** Stops a timer that has not run yet; false if it already ran or was cancelled. */
  cancelTimer(id: TimerId): boolean;
  /**
   * Queues an event from outside (a socket, the keyboard) for the loop's handler, after everything
   * already due. Returns false, dropping the event, when the queue is at its bound: the caller
   * decides what overload means (drop, reply "busy").
   */
  post(event: E): boolean;
}

export interface LoopOptions<E> {
  /** Receives each posted event, one at a time, on the loop. */
  handle: (event: E) => void;
  /** Bound on timers plus posted events waiting; setTimer throws QueueFullError beyond it. */
  maxQueued?: number;
}

export const defaultMaxQueued = 10_000;

/** One unit of work: a timer's callback or a posted event for the handler. */
export type Task<E> = { kind: "timer"; callback: () => void } | { kind: "event"; event: E };

/** The queue and the rules both loops share; a loop decides only when time moves. */
export class LoopCore<E> {
  readonly clock: Clock;
  // solution:begin
  private readonly queue: TimerQueue<Task<E>>;
  private readonly handle: (event: E) => void;
  // solution:end

  constructor(clock: Clock, options: LoopOptions<E>) {
    this.clock = clock;
    // solution:begin
    this.handle = options.handle;
    this.queue = new TimerQueue(options.maxQueued ?? defaultMaxQueued);
    // solution:end
    // starter: throw new Error("not implemented: LoopCore constructor (a TimerQueue of tasks, bounded by maxQueued)");
  }

  /** Timers plus posted events waiting. */
  get size(): number {
    // solution:begin
    return this.queue.size;
    // solution:end
    // starter: throw new Error("not implemented: LoopCore.size");
  }

  setTimer(delayMs: number, callback: () => void): TimerId {
    // solution:begin
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new RangeError(`setTimer: delayMs must be a finite number ≥ 0, got ${delayMs}`);
    }
    return this.queue.push(this.clock.nowMs() + delayMs, { kind: "timer", callback });
    // solution:end
    // starter: throw new Error("not implemented: LoopCore.setTimer (due at now + delayMs; reject bad delays)");
  }

  cancelTimer(id: TimerId): boolean {
    // solution:begin
    return this.queue.remove(id);
    // solution:end
    // starter: throw new Error("not implemented: LoopCore.cancelTimer");
  }

  post(event: E): boolean {
    // solution:begin
    if (this.queue.size >= this.queue.maxSize) return false;
    this.queue.push(this.clock.nowMs(), { kind: "event", event });
    return true;
    // solution:end
    // starter: throw new Error("not implemented: LoopCore.post (due now, after what is already due; false when full)");
  }

  /** When the next task is due, or undefined when nothing waits. */
  nextDueMs(): number | undefined {
    // solution:begin
    return this.queue.peek()?.dueMs;
    // solution:end
    // starter: throw new Error("not implemented: LoopCore.nextDueMs");
  }

  /** Runs the next task if it is due by `nowMs`; returns whether it ran one. */
  runNextDue(nowMs: number): boolean {
    // solution:begin
    const next = this.queue.peek();
    if (next === undefined || next.dueMs > nowMs) return false;
    this.queue.pop();
    if (next.item.kind === "timer") next.item.callback();
    else this.handle(next.item.event);
    return true;
    // solution:end
    // starter: throw new Error("not implemented: LoopCore.runNextDue (pop, then call the callback or the handler)");
  }
}
