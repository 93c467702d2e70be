// The queue of everything the event loop will run: a binary min-heap ordered by due time, ties
// broken by insertion order, so that a run is deterministic whatever the order of equal deadlines.

/** Thrown when the queue is at its bound: an unbounded queue turns overload into running out of memory. */
export class QueueFullError extends Error {}

export interface Scheduled<T> {
  /** Unique and increasing: also the insertion order that breaks ties between equal due times. */
  readonly id: number;
  readonly dueMs: number;
  readonly item: T;
}

export class TimerQueue<T> {
  readonly maxSize: number;

  constructor(maxSize: number) {
    this.maxSize = maxSize;
    throw new Error("not implemented: TimerQueue constructor (a binary min-heap keyed by (dueMs, id))");
  }

  /** How many entries are waiting (removed ones do not count). */
  get size(): number {
    throw new Error("not implemented: TimerQueue.size");
  }

  /** Adds an entry and returns its id; throws QueueFullError at the bound. */
  push(dueMs: number, item: T): number {
    throw new Error("not implemented: TimerQueue.push (append, then sift up)");
  }

  /** Removes a waiting entry; false if it already ran, was removed, or never existed. */
  remove(id: number): boolean {
    throw new Error("not implemented: TimerQueue.remove (lazy removal is fine, but keep memory bounded)");
  }

  /** The entry that runs next, without removing it. */
  peek(): Scheduled<T> | undefined {
    throw new Error("not implemented: TimerQueue.peek");
  }

  /** Removes and returns the entry that runs next. */
  pop(): Scheduled<T> | undefined {
    throw new Error("not implemented: TimerQueue.pop (take the root, move the last leaf up, sift down)");
  }

}
