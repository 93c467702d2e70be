// An event loop on the wall clock. It keeps at most one host timer (Node's setTimeout) armed, for
// the earliest task, and runs what is due when it fires: the order rules are LoopCore's, the same
// as the virtual loop's, so code tested on virtual time behaves the same here.
import { type Clock, realClock } from "./clock.ts";
import { type EventLoop, LoopCore, type LoopOptions, type TimerId } from "./event-loop.ts";

/** The host's timers; Node's by default, a fake in tests so that no test waits for real. */
export interface HostTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Node's timers. A task due now runs in an immediate (after the I/O that is ready has been read):
 * Node clamps setTimeout to at least 1 ms, and a server that hands every input through the loop
 * would pay that millisecond at every hop.
 */
export const nodeTimers: HostTimers = {
  setTimeout: (callback, delayMs) =>
    delayMs <= 0 ? { immediate: setImmediate(callback) } : setTimeout(callback, delayMs),
  clearTimeout: (handle) => {
    if (isImmediateHandle(handle)) clearImmediate(handle.immediate);
    else clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

function isImmediateHandle(handle: unknown): handle is { immediate: NodeJS.Immediate } {
  return typeof handle === "object" && handle !== null && "immediate" in handle;
}

export interface RealLoopOptions<E> extends LoopOptions<E> {
  /** Clock ms per real ms: 60 runs a minute of clock time in a second. */
  speed?: number;
  /** Defaults to realClock(speed). */
  clock?: Clock;
  host?: HostTimers;
  /** Tasks per turn before yielding to the host, so sockets and the keyboard are still read. */
  maxTasksPerTurn?: number;
}

export class RealLoop<E> implements EventLoop<E> {
  readonly clock: Clock;

  constructor(options: RealLoopOptions<E>) {
    const speed = options.speed ?? 1;
    this.clock = options.clock ?? realClock(speed);
    throw new Error("not implemented: RealLoop constructor (a LoopCore plus one host timer)");
  }

  setTimer(delayMs: number, callback: () => void): TimerId {
    throw new Error("not implemented: RealLoop.setTimer (queue it, then re-arm the host timer)");
  }

  cancelTimer(id: TimerId): boolean {
    throw new Error("not implemented: RealLoop.cancelTimer");
  }

  post(event: E): boolean {
    throw new Error("not implemented: RealLoop.post");
  }

  /** Stops the loop: clears the host timer so the process can exit; later setTimer/post throw. */
  close(): void {
    throw new Error("not implemented: RealLoop.close");
  }

}
