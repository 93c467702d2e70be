// The system's clients waiting on a ReadIndex read (§6.4): by readId, the command to run against
// the state machine once the node says the read may be served, and how long it has waited.
import { type Command, isReadOnly, type Reply } from "#kv";
import { clusterDown, tryAgain } from "#system";
import type { ReadResult } from "./messages.ts";

interface Waiter {
  readonly command: Command;
  readonly settle: (reply: Reply) => void;
  waitedTicks: number;
}

/** Read-only data commands (GET, MGET, EXISTS, DBSIZE): served by ReadIndex, not through the log. */
export function isReadCommand(command: readonly string[]): boolean {
  return isReadOnly(command);
}

export class SystemReads {
  private readonly waiters = new Map<string, Waiter>();
  private nextId = 1;
  private readonly maxWaitTicks: number;
  /** Read ids are unique in the cluster: a follower's go to the leader next to other nodes'. */
  private readonly prefix: string;

  /** A read not settled within `maxWaitTicks` ticks gets TRYAGAIN (a read changes nothing: safe). */
  constructor(maxWaitTicks: number, nodeId: number) {
    this.maxWaitTicks = maxWaitTicks;
    this.prefix = `n${nodeId}-read-`;
  }

  get size(): number {
    return this.waiters.size;
  }

  add(command: Command, settle: (reply: Reply) => void): string {
    const readId = `${this.prefix}${this.nextId++}`;
    this.waiters.set(readId, { command, settle, waitedTicks: 0 });
    return readId;
  }

  /** The node settled these reads: run each ready one against the state machine now. */
  settle(results: readonly ReadResult[], run: (command: Command) => Reply, self: number): void {
    for (const { readId, outcome } of results) {
      const waiter = this.waiters.get(readId);
      if (waiter === undefined) continue; // timed out already
      this.waiters.delete(readId);
      if (outcome.type === "ready") waiter.settle(run(waiter.command));
      else if (outcome.leaderId === undefined || outcome.leaderId === self)
        waiter.settle(clusterDown(`read not confirmed: ${outcome.reason}`));
      else waiter.settle(tryAgain(`read not confirmed: ${outcome.reason}`));
    }
  }

  tick(): void {
    for (const [readId, waiter] of this.waiters) {
      if (++waiter.waitedTicks < this.maxWaitTicks) continue;
      this.waiters.delete(readId);
      waiter.settle(tryAgain("no read index confirmed in time"));
    }
  }

  /** The node is closing: nobody will answer. */
  failAll(reason: string): void {
    for (const waiter of this.waiters.values()) waiter.settle(tryAgain(reason));
    this.waiters.clear();
  }
}
