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
  // solution:begin
  private readonly core: LoopCore<E>;
  private readonly host: HostTimers;
  private readonly speed: number;
  private readonly maxTasksPerTurn: number;
  private armed: { dueMs: number; handle: unknown } | undefined;
  private inTurn = false;
  private closed = false;
  // solution:end

  constructor(options: RealLoopOptions<E>) {
    const speed = options.speed ?? 1;
    this.clock = options.clock ?? realClock(speed);
    // solution:begin
    if (!Number.isFinite(speed) || speed <= 0) {
      throw new RangeError(`RealLoop: speed must be a finite number > 0, got ${speed}`);
    }
    this.speed = speed;
    this.core = new LoopCore(this.clock, options);
    this.host = options.host ?? nodeTimers;
    this.maxTasksPerTurn = options.maxTasksPerTurn ?? 1000;
    // solution:end
    // starter: throw new Error("not implemented: RealLoop constructor (a LoopCore plus one host timer)");
  }

  setTimer(delayMs: number, callback: () => void): TimerId {
    // solution:begin
    this.assertOpen();
    const id = this.core.setTimer(delayMs, callback);
    this.arm();
    return id;
    // solution:end
    // starter: throw new Error("not implemented: RealLoop.setTimer (queue it, then re-arm the host timer)");
  }

  cancelTimer(id: TimerId): boolean {
    // solution:begin
    const cancelled = this.core.cancelTimer(id);
    this.arm();
    return cancelled;
    // solution:end
    // starter: throw new Error("not implemented: RealLoop.cancelTimer");
  }

  post(event: E): boolean {
    // solution:begin
    this.assertOpen();
    const accepted = this.core.post(event);
    this.arm();
    return accepted;
    // solution:end
    // starter: throw new Error("not implemented: RealLoop.post");
  }

  /** Stops the loop: clears the host timer so the process can exit; later setTimer/post throw. */
  close(): void {
    // solution:begin
    this.closed = true;
    this.disarm();
    // solution:end
    // starter: throw new Error("not implemented: RealLoop.close");
  }

  // solution:begin
  /** Keeps exactly one host timer, for the earliest task (none when the queue is empty). */
  private arm(): void {
    if (this.closed || this.inTurn) return; // a turn re-arms when it ends
    const dueMs = this.core.nextDueMs();
    if (dueMs === this.armed?.dueMs) return;
    this.disarm();
    if (dueMs === undefined) return;
    const delayMs = Math.max(0, (dueMs - this.clock.nowMs()) / this.speed);
    this.armed = { dueMs, handle: this.host.setTimeout(() => this.turn(), delayMs) };
  }

  private disarm(): void {
    if (this.armed !== undefined) this.host.clearTimeout(this.armed.handle);
    this.armed = undefined;
  }

  /** Runs what is due now (a host timer may fire a little early: then nothing is, and it re-arms). */
  private turn(): void {
    this.armed = undefined;
    this.inTurn = true;
    try {
      const nowMs = this.clock.nowMs();
      for (let ran = 0; ran < this.maxTasksPerTurn && !this.closed; ran++) {
        if (!this.core.runNextDue(nowMs)) break;
      }
    } finally {
      this.inTurn = false;
      this.arm();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("RealLoop: closed");
  }
  // solution:end
}
