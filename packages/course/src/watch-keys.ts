// The keys of `course watch`, read from the learner's terminal: q (or Ctrl-C) stops vitest and
// quits, a and h are passed to the course reporter in vitest (its stdin is ours, not a terminal,
// so vitest's own keys — "update snapshot", "browser" — are off).
import type { ChildProcess } from "node:child_process";

const ctrlC = "\u0003";

export class WatchKeys {
  /** The exit code the learner chose: 0 for q, 130 for Ctrl-C; undefined while watching. */
  quitWith: number | undefined;
  private child: ChildProcess | undefined;
  private readonly onData = (keys: Buffer | string) => this.handle(String(keys));

  attach(child: ChildProcess): void {
    this.child = child;
    const stdin = process.stdin;
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.on("data", this.onData);
    stdin.resume();
  }

  detach(): void {
    const stdin = process.stdin;
    stdin.off("data", this.onData);
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
  }

  private handle(keys: string): void {
    for (const key of keys) {
      if (key === "q" || key === ctrlC) {
        this.quit(key === "q" ? 0 : 130);
        return;
      }
      if ("ah".includes(key)) this.child?.stdin?.write(key);
    }
  }

  private quit(code: number): void {
    if (this.quitWith !== undefined) return;
    this.quitWith = code;
    this.child?.kill("SIGTERM");
  }
}
