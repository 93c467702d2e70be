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
  // solution:begin
  private heap: Scheduled<T>[] = [];
  /** The entries not yet run or removed; a removed entry stays in the heap until it surfaces. */
  private readonly live = new Map<number, Scheduled<T>>();
  private nextId = 1;
  // solution:end

  constructor(maxSize: number) {
    this.maxSize = maxSize;
    // solution:begin
    if (!Number.isInteger(maxSize) || maxSize < 1) {
      throw new RangeError(`TimerQueue: maxSize must be an integer ≥ 1, got ${maxSize}`);
    }
    // solution:end
    // starter: throw new Error("not implemented: TimerQueue constructor (a binary min-heap keyed by (dueMs, id))");
  }

  /** How many entries are waiting (removed ones do not count). */
  get size(): number {
    // solution:begin
    return this.live.size;
    // solution:end
    // starter: throw new Error("not implemented: TimerQueue.size");
  }

  /** Adds an entry and returns its id; throws QueueFullError at the bound. */
  push(dueMs: number, item: T): number {
    // solution:begin
    if (this.live.size >= this.maxSize) {
      throw new QueueFullError(`queue full: ${this.maxSize} entries waiting (maxQueued)`);
    }
    const entry: Scheduled<T> = { id: this.nextId++, dueMs, item };
    this.live.set(entry.id, entry);
    this.heap.push(entry);
    this.siftUp(this.heap.length - 1);
    return entry.id;
    // solution:end
    // starter: throw new Error("not implemented: TimerQueue.push (append, then sift up)");
  }

  /** Removes a waiting entry; false if it already ran, was removed, or never existed. */
  remove(id: number): boolean {
    // solution:begin
    if (!this.live.delete(id)) return false;
    // Lazy removal keeps remove O(1); rebuild once the dead outnumber the living so memory stays bounded.
    if (this.heap.length > 2 * this.live.size + 32) this.rebuild();
    return true;
    // solution:end
    // starter: throw new Error("not implemented: TimerQueue.remove (lazy removal is fine, but keep memory bounded)");
  }

  /** The entry that runs next, without removing it. */
  peek(): Scheduled<T> | undefined {
    // solution:begin
    this.dropDeadTop();
    return this.heap[0];
    // solution:end
    // starter: throw new Error("not implemented: TimerQueue.peek");
  }

  /** Removes and returns the entry that runs next. */
  pop(): Scheduled<T> | undefined {
    // solution:begin
    this.dropDeadTop();
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.removeTop();
    this.live.delete(top.id);
    return top;
    // solution:end
    // starter: throw new Error("not implemented: TimerQueue.pop (take the root, move the last leaf up, sift down)");
  }

  // solution:begin
  private dropDeadTop(): void {
    while (this.heap[0] !== undefined && !this.live.has(this.heap[0].id)) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop();
    if (last === undefined || this.heap.length === 0) return;
    this.heap[0] = last;
    this.siftDown(0);
  }

  private rebuild(): void {
    this.heap = [...this.live.values()];
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) return;
      this.swap(child, parent);
      child = parent;
    }
  }

  private siftDown(index: number): void {
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let first = parent;
      if (left < this.heap.length && this.before(left, first)) first = left;
      if (right < this.heap.length && this.before(right, first)) first = right;
      if (first === parent) return;
      this.swap(parent, first);
      parent = first;
    }
  }

  /** Whether heap[a] runs before heap[b]: earlier due time, then earlier insertion. */
  private before(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.dueMs < y.dueMs || (x.dueMs === y.dueMs && x.id < y.id);
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a]!;
    this.heap[a] = this.heap[b]!;
    this.heap[b] = x;
  }
  // solution:end
}
