// The driver: the 06 Raft node on the 02 event loop, with real time and a real disk.
//
// Every input (a tick, a peer's message, a client's command) is one event on the loop. The
// node's Ready effects are not carried out one by one: they are gathered over a batch (every
// input of one loop turn, up to maxBatchInputs), and then, in this order (DESIGN.md):
//   1. save the hard state and write the entries, then ONE fsync for the whole batch;
//   2. send the messages (they may say "I stored it" or "I voted for you": true only now);
//   3. hand results to the clients (a client hears OK only after the entry is on disk).
// One fsync per batch instead of per command is what lets throughput grow with concurrency.
import type { Reply } from "#kv";
import type { Storage } from "#log";
import { RealLoop } from "#loop";
import type { Command, HardState, Message, Outcome, RaftNode, Ready, RequestId, Role } from "#raft";
import { notLeader, tryAgain, uncertain } from "./client-errors.ts";
import { Deadlines } from "./deadlines.ts";

export type DriverInput =
  | { readonly type: "tick" }
  | { readonly type: "message"; readonly message: Message }
  | { readonly type: "propose"; readonly command: Command; readonly requestId: RequestId };

export interface DriverOptions {
  readonly node: RaftNode;
  readonly storage: Storage;
  readonly tickMs: number;
  readonly requestTimeoutMs: number;
  /** Hands a message to the transport (best effort). */
  readonly send: (message: Message) => void;
  readonly log: (line: string) => void;
  /** Inputs stepped before one persist+fsync, at most. */
  readonly maxBatchInputs?: number;
  /** Inputs waiting on the loop, at most; more are dropped (messages) or refused (commands). */
  readonly maxQueuedInputs?: number;
  /** Client commands waiting for their result, at most. */
  readonly maxPendingRequests?: number;
}

export const defaultMaxBatchInputs = 512;
export const defaultMaxQueuedInputs = 20_000;
export const defaultMaxPendingRequests = 10_000;

/** What the driver gathered from the steps of one batch, for one flush. */
interface Batch {
  inputs: number;
  hardState: HardState | undefined;
  fromIndex: number | undefined;
  messages: Message[];
  results: { requestId: RequestId; outcome: Outcome }[];
}

export interface DriverStatus {
  readonly id: number;
  readonly role: Role;
  readonly term: number;
  readonly leader: number | null;
  readonly votedFor: number | null;
  readonly commitIndex: number;
  readonly lastApplied: number;
  readonly logLength: number;
  readonly paused: boolean;
  readonly pendingRequests: number;
}

export class RaftDriver {
  readonly node: RaftNode;
  readonly loop: RealLoop<DriverInput>;
  private isPaused = false;
  private closed = false;
  // solution:begin
  private readonly options: DriverOptions;
  private readonly maxBatchInputs: number;
  private readonly maxQueuedInputs: number;
  private readonly requests: Deadlines<RequestId, Reply>;
  private batch: Batch = emptyBatch();
  private flushScheduled = false;
  private queuedInputs = 0;
  private nextRequest = 1;
  private lastSeen = { role: "follower" as Role, leader: undefined as number | undefined };
  // solution:end

  constructor(options: DriverOptions) {
    this.node = options.node;
    // solution:begin
    this.options = options;
    this.maxBatchInputs = options.maxBatchInputs ?? defaultMaxBatchInputs;
    this.maxQueuedInputs = options.maxQueuedInputs ?? defaultMaxQueuedInputs;
    this.requests = new Deadlines(
      options.requestTimeoutMs,
      options.maxPendingRequests ?? defaultMaxPendingRequests,
    );
    // Room for the inputs plus the driver's own timers (tick, sweep) and the front end's.
    this.loop = new RealLoop({
      handle: (input) => this.handle(input),
      maxQueued: this.maxQueuedInputs + 16,
    });
    // solution:end
    // starter: throw new Error("not implemented: RaftDriver constructor (a RealLoop whose handler steps the node)");
  }

  /** Starts the tick (every tickMs) and the sweep of timed-out requests. */
  start(): void {
    // solution:begin
    this.every(this.options.tickMs, () => this.handle({ type: "tick" }));
    const sweepMs = Math.max(1, Math.min(100, this.options.requestTimeoutMs / 4));
    this.every(sweepMs, () => {
      const timeoutMs = this.options.requestTimeoutMs;
      this.requests.expire(this.loop.clock.nowMs(), () =>
        uncertain(`no result within ${timeoutMs} ms`),
      );
    });
    // solution:end
    // starter: throw new Error("not implemented: RaftDriver.start (a tick every tickMs on the loop; expire requests past their deadline)");
  }

  /** Proposes a client command; `settle` gets exactly one reply (result or error), later. */
  propose(command: Command, settle: (reply: Reply) => void): void {
    // solution:begin
    const refusal = this.closed
      ? "node shutting down"
      : this.isPaused
        ? `node ${this.node.id} is paused`
        : undefined;
    if (refusal !== undefined) {
      settle(tryAgain(refusal));
      return;
    }
    const requestId = `r${this.nextRequest++}`;
    if (!this.requests.add(requestId, this.loop.clock.nowMs(), settle)) {
      settle(tryAgain("too many requests in flight"));
      return;
    }
    if (!this.post({ type: "propose", command, requestId })) {
      this.requests.settle(requestId, tryAgain("node overloaded"));
    }
    // solution:end
    // starter: throw new Error("not implemented: RaftDriver.propose (remember the request with a deadline; post a propose input)");
  }

  /** A peer's message; dropped while paused or overloaded (Raft retransmits). */
  deliver(message: Message): void {
    // solution:begin
    if (this.isPaused || this.closed) return;
    this.post({ type: "message", message });
    // solution:end
    // starter: throw new Error("not implemented: RaftDriver.deliver (post a message input; drop it while paused)");
  }

  /** Runs fn on the loop every periodMs until the driver is closed (ticks, sweeps). */
  every(periodMs: number, fn: () => void): void {
    const run = () => {
      if (this.closed) return;
      fn();
      if (!this.closed) this.loop.setTimer(periodMs, run);
    };
    this.loop.setTimer(periodMs, run);
  }

  /** Milliseconds on the loop's clock, for deadlines. */
  nowMs(): number {
    return this.loop.clock.nowMs();
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** RAFT.PAUSE: no ticks, no peer messages (a frozen process, as far as Raft can tell). */
  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
  }

  status(): DriverStatus {
    const node = this.node;
    // solution:begin
    const pendingRequests = this.requests.size;
    // solution:end
    // starter: const pendingRequests = 0;
    return {
      id: node.id,
      role: node.role,
      term: node.term,
      leader: node.leaderId ?? null,
      votedFor: node.vote,
      commitIndex: node.commitIndex,
      lastApplied: node.lastApplied,
      logLength: node.log.lastIndex(),
      paused: this.isPaused,
      pendingRequests,
    };
  }

  /** Stops the loop; whatever was still waiting gets UNCERTAIN (it may have been proposed). */
  close(): void {
    // solution:begin
    if (this.closed) return;
    if (this.batch.inputs > 0) this.flush();
    this.closed = true;
    this.loop.close();
    this.requests.settleAll(() => uncertain("node shutting down"));
    // solution:end
    // starter: throw new Error("not implemented: RaftDriver.close");
  }
  // solution:begin

  private post(input: DriverInput): boolean {
    if (this.queuedInputs >= this.maxQueuedInputs) return false;
    if (!this.loop.post(input)) return false;
    this.queuedInputs++;
    return true;
  }

  /** One input: step the node, gather its effects; the flush comes at the end of the turn. */
  private handle(input: DriverInput): void {
    if (input.type !== "tick") this.queuedInputs--;
    if (this.closed) return;
    if (this.isPaused) {
      if (input.type === "propose") {
        this.requests.settle(input.requestId, tryAgain(`node ${this.node.id} is paused`));
      }
      return;
    }
    this.gather(this.node.step(input));
    if (this.batch.inputs >= this.maxBatchInputs) {
      this.flush();
    } else if (!this.flushScheduled) {
      // A microtask runs when the loop's turn (the host callback) returns: after every input
      // that was due in this turn has been stepped.
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        if (this.batch.inputs > 0 && !this.closed) this.flush();
      });
    }
  }

  private gather(ready: Ready): void {
    const batch = this.batch;
    batch.inputs++;
    if (ready.hardState !== undefined) batch.hardState = ready.hardState;
    const from = ready.persist?.fromIndex;
    if (from !== undefined) batch.fromIndex = Math.min(batch.fromIndex ?? from, from);
    for (const message of ready.messages) batch.messages.push(message);
    for (const result of ready.results) batch.results.push(result);
    this.noteLeadership();
  }

  /** Disk first, then the network, then the clients. */
  private flush(): void {
    const batch = this.batch;
    this.batch = emptyBatch();
    const { storage } = this.options;
    // The hard state file is replaced atomically and durably by saveHardState itself.
    if (batch.hardState !== undefined) storage.saveHardState(batch.hardState);
    if (batch.fromIndex !== undefined) {
      // The node's log is the truth: everything from the lowest index any step touched.
      storage.writeEntries(batch.fromIndex, this.node.log.slice(batch.fromIndex));
      storage.sync();
    }
    for (const message of batch.messages) this.options.send(message);
    for (const { requestId, outcome } of batch.results) {
      this.requests.settle(requestId, this.replyFor(outcome));
    }
  }

  private replyFor(outcome: Outcome): Reply {
    switch (outcome.type) {
      case "applied":
        return outcome.reply;
      case "not-leader":
        return notLeader(this.node.id, outcome.leaderId);
      case "rejected":
        return tryAgain(`rejected before proposing: ${outcome.reason}`);
      case "unknown":
        return uncertain(outcome.reason);
    }
  }

  private noteLeadership(): void {
    const { role, leaderId } = this.node;
    if (role === this.lastSeen.role && leaderId === this.lastSeen.leader) return;
    if (role === "leader") this.options.log(`leader of term ${this.node.term}`);
    else if (leaderId !== this.lastSeen.leader && leaderId !== undefined) {
      this.options.log(`follower of node ${leaderId} in term ${this.node.term}`);
    }
    this.lastSeen = { role, leader: leaderId };
  }
  // solution:end
}

// solution:begin
function emptyBatch(): Batch {
  return { inputs: 0, hardState: undefined, fromIndex: undefined, messages: [], results: [] };
}
// solution:end
