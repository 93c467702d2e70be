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

  constructor(clock: Clock, options: LoopOptions<E>) {
    this.clock = clock;
    throw new Error("not implemented: LoopCore constructor (a TimerQueue of tasks, bounded by maxQueued)");
  }

  /** Timers plus posted events waiting. */
  get size(): number {
    throw new Error("not implemented: LoopCore.size");
  }

  setTimer(delayMs: number, callback: () => void): TimerId {
    throw new Error("not implemented: LoopCore.setTimer (due at now + delayMs; reject bad delays)");
  }

  cancelTimer(id: TimerId): boolean {
    throw new Error("not implemented: LoopCore.cancelTimer");
  }

  post(event: E): boolean {
    throw new Error("not implemented: LoopCore.post (due now, after what is already due; false when full)");
  }

  /** When the next task is due, or undefined when nothing waits. */
  nextDueMs(): number | undefined {
    throw new Error("not implemented: LoopCore.nextDueMs");
  }

  /** Runs the next task if it is due by `nowMs`; returns whether it ran one. */
  runNextDue(nowMs: number): boolean {
    throw new Error("not implemented: LoopCore.runNextDue (pop, then call the callback or the handler)");
  }
}
