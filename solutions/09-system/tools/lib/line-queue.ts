// The console's input, one line at a time, in order: commands are async, and a line typed (or
// piped) while one runs waits its turn. `watch` peeks to stop as soon as a line arrives.
import type { Interface } from "node:readline";

export class LineQueue {
  private readonly lines: string[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(rl: Interface) {
    rl.on("line", (line) => {
      this.lines.push(line);
      this.notify();
    });
    rl.on("close", () => {
      this.ended = true;
      this.notify();
    });
  }

  /** The next line, or undefined once the input has ended and every line was taken. */
  async next(): Promise<string | undefined> {
    while (this.lines.length === 0 && !this.ended) await this.arrival();
    return this.lines.shift();
  }

  /** A line is waiting or the input has ended (for `watch`, which stops on either). */
  get interrupted(): boolean {
    return this.lines.length > 0 || this.ended;
  }

  /** Resolves when a line arrives or the input ends, or after timeoutMs. */
  arrival(timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.wake === done) self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  /** Takes the line that stopped a `watch` if it is empty (the Enter that meant "stop"). */
  takeEmptyLine(): void {
    if (this.lines[0]?.trim() === "") this.lines.shift();
  }

  private notify(): void {
    this.wake?.();
  }
}
