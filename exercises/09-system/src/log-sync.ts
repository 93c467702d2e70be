// The log's fsync on libuv's thread pool, so that the event loop keeps running (ticks, heartbeats,
// clients) while the disk flushes: an fsync can take hundreds of milliseconds on a busy disk.
// fsync(2) makes the FILE durable, not what went through one descriptor: a second, read-only
// descriptor of the log file flushes what FileStorage wrote through its own (Linux, macOS).
import { closeSync, fsync, openSync } from "node:fs";

export class BackgroundLogSync {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    throw new Error("not implemented: BackgroundLogSync constructor (open the log file read-only)");
  }

  /** Starts one fsync (one at a time); done gets null, or the error, on the loop later. */
  sync(done: (error: Error | null) => void): void {
    throw new Error("not implemented: BackgroundLogSync.sync (fs.fsync with a callback, not fsyncSync)");
  }

  /** Closes the descriptor, after the fsync in flight if there is one. */
  close(): void {
    throw new Error("not implemented: BackgroundLogSync.close");
  }
}
