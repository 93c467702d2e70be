// The simulator's clock and agenda in one: every future event waits in a priority queue ordered by
// (time, sequence). The next event is always the earliest; events due at the same time run in the
// order they were scheduled, so a run never depends on how a heap happens to break ties. Time jumps
// straight to the next event: a node idle for ten simulated seconds costs nothing.

export interface QueuedEvent<T> {
  /** Simulated time, in microseconds. */
  readonly atUs: number;
  /** Order of scheduling: breaks ties between events due at the same time. */
  readonly seq: number;
  readonly event: T;
}

/** A bound on what a run may have scheduled at once: a runaway feedback loop fails loudly. */
export const defaultMaxQueuedEvents = 1_000_000;

export class EventQueue<T> {
  readonly maxQueuedEvents: number;
  private readonly heap: QueuedEvent<T>[] = [];

  constructor(maxQueuedEvents = defaultMaxQueuedEvents) {
    if (!Number.isInteger(maxQueuedEvents) || maxQueuedEvents < 1)
      throw new RangeError(`maxQueuedEvents must be a positive integer, got ${maxQueuedEvents}`);
    this.maxQueuedEvents = maxQueuedEvents;
  }

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `event` at `atUs`; returns its sequence number. */
  push(atUs: number, event: T): number {
    throw new Error("not implemented: EventQueue.push (a min-heap keyed by (atUs, seq); seq counts pushes)");
  }

  /** The earliest event, without removing it. */
  peek(): QueuedEvent<T> | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest event (by time, then by sequence). */
  pop(): QueuedEvent<T> | undefined {
    throw new Error("not implemented: EventQueue.pop (the earliest (atUs, seq) first)");
  }

}

