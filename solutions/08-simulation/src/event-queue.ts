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
  // starter: private readonly heap: QueuedEvent<T>[] = [];
  // solution:begin
  /** A binary min-heap: heap[i] is before its children heap[2i+1] and heap[2i+2]. */
  private readonly heap: QueuedEvent<T>[] = [];
  private nextSeq = 0;
  // solution:end

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
    // solution:begin
    if (!Number.isSafeInteger(atUs) || atUs < 0)
      throw new RangeError(`event time must be an integer number of µs ≥ 0, got ${atUs}`);
    if (this.heap.length >= this.maxQueuedEvents)
      throw new Error(`event queue full (${this.maxQueuedEvents} events): a runaway loop?`);
    const item = { atUs, seq: this.nextSeq++, event };
    this.heap.push(item);
    this.siftUp(this.heap.length - 1);
    return item.seq;
    // solution:end
    // starter: throw new Error("not implemented: EventQueue.push (a min-heap keyed by (atUs, seq); seq counts pushes)");
  }

  /** The earliest event, without removing it. */
  peek(): QueuedEvent<T> | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest event (by time, then by sequence). */
  pop(): QueuedEvent<T> | undefined {
    // solution:begin
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
    // solution:end
    // starter: throw new Error("not implemented: EventQueue.pop (the earliest (atUs, seq) first)");
  }

  // solution:begin
  // Both sifts move a hole instead of swapping, and allocate nothing: the simulator pushes and
  // pops every one of its events here.
  private siftUp(index: number): void {
    const heap = this.heap;
    const item = heap[index]!;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent]!;
      if (!before(item, above)) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = item;
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const length = heap.length;
    const item = heap[index]!;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && before(heap[right]!, heap[left]!) ? right : left;
      const below = heap[child]!;
      if (!before(below, item)) break;
      heap[i] = below;
      i = child;
    }
    heap[i] = item;
  }
  // solution:end
}

// solution:begin
function before<T>(a: QueuedEvent<T>, b: QueuedEvent<T>): boolean {
  return a.atUs < b.atUs || (a.atUs === b.atUs && a.seq < b.seq);
}
// solution:end
