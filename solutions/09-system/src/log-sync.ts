// The log's fsync on libuv's thread pool, so that the event loop keeps running (ticks, heartbeats,
// clients) while the disk flushes: an fsync can take hundreds of milliseconds on a busy disk.
// fsync(2) makes the FILE durable, not what went through one descriptor: a second, read-only
// descriptor of the log file flushes what FileStorage wrote through its own (Linux, macOS).
import { closeSync, fsync, openSync } from "node:fs";

export class BackgroundLogSync {
  readonly path: string;
  // solution:begin
  private fd: number | undefined;
  private inFlight = false;
  private closeWhenDone = false;
  // solution:end

  constructor(path: string) {
    this.path = path;
    // solution:begin
    this.fd = openSync(path, "r");
    // solution:end
    // starter: throw new Error("not implemented: BackgroundLogSync constructor (open the log file read-only)");
  }

  /** Starts one fsync (one at a time); done gets null, or the error, on the loop later. */
  sync(done: (error: Error | null) => void): void {
    // solution:begin
    const fd = this.fd;
    if (fd === undefined) throw new Error(`log sync of ${this.path}: closed`);
    if (this.inFlight) throw new Error(`invariant: one fsync of ${this.path} at a time`);
    this.inFlight = true;
    fsync(fd, (error) => {
      this.inFlight = false;
      if (this.closeWhenDone) this.closeNow();
      done(error);
    });
    // solution:end
    // starter: throw new Error("not implemented: BackgroundLogSync.sync (fs.fsync with a callback, not fsyncSync)");
  }

  /** Closes the descriptor, after the fsync in flight if there is one. */
  close(): void {
    // solution:begin
    if (this.inFlight) this.closeWhenDone = true;
    else this.closeNow();
    // solution:end
    // starter: throw new Error("not implemented: BackgroundLogSync.close");
  }
  // solution:begin

  private closeNow(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
  // solution:end
}
