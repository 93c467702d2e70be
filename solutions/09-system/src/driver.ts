// The driver: the 06 Raft node on the 02 event loop, with real time and a real disk.
//
// Every input (a tick, a peer's message, a client's command) is one event on the loop. The
// node's Ready effects are not carried out one by one: they are gathered over a batch (every
// input of one loop turn, up to maxBatchInputs), and then, in the order of the driver contract
// (stated on 04's Ready; docs/architecture.md):
//   1. save the hard state and write the entries, then ONE fsync for the whole batch;
//   2. send the messages (they may say "I stored it" or "I voted for you": true only now);
//   3. hand results to the clients (a client hears OK only after the entry is on disk).
// One fsync per batch instead of per command is what lets throughput grow with concurrency.
//
// The fsync runs off the loop (syncLog), because a disk can take hundreds of milliseconds: a loop
// blocked that long hears no heartbeats and sends none, and the cluster holds an election. While
// one batch's fsync is in flight the loop keeps stepping inputs into the next batch, whose
// messages wait, since they may depend on what is not yet durable. Heartbeats do not wait: an
// empty AppendEntries says only "I lead term T, commit is C", and both are already durable facts.
//
// The driver takes the node and the storage as parameters: 06's node on 03's storage here; stage
// 10's compacting node on its compacting storage in stage 10's system. A Ready of such a node may
// ask to save a snapshot it took, or to install one its leader sent (Raft §7; the rules are on
// stage 10's Ready): the driver does both once the batch is durable and its outputs left, and the
// node hears each as an input ("snapshot-saved", "snapshot-installed") on the loop.
import type { Reply } from "#kv";
import type { Storage } from "#log";
import { RealLoop } from "#loop";
import type { Command, Entry, HardState, Message, Outcome, Ready, RequestId, Role } from "#raft";
import { notLeader, tryAgain, uncertain } from "./client-errors.ts";
import { Deadlines, sweepPeriodMs } from "./deadlines.ts";
import { ElectionGate, type ElectionTimerView } from "./election-gate.ts";

/** A snapshot of the state machine through lastIncludedIndex (stage 10, Raft §7). */
export interface DriverSnapshot {
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
  readonly data: Uint8Array;
}

/** A message of the node: 06's, or a later stage's (10's InstallSnapshot) the driver only passes on. */
export type DriverMessage =
  | Message
  | {
      readonly type: `install-snapshot${string}`;
      readonly from: number;
      readonly to: number;
      readonly term: number;
    };

export type DriverInput =
  | { readonly type: "tick" }
  | { readonly type: "message"; readonly message: DriverMessage }
  | { readonly type: "propose"; readonly command: Command; readonly requestId: RequestId }
  /** Stage 10: the snapshot a Ready asked to save, or to install, is durable (the effect's completion). */
  | {
      readonly type: "snapshot-saved" | "snapshot-installed";
      readonly lastIncludedIndex: number;
      readonly lastIncludedTerm: number;
    }
  /** A later stage's node has work of its own queued (stage 11: a client's read): step it now. */
  | { readonly type: "nudge" };

/** A step's effects: 06's Ready, or a later stage's with snapshot effects (10: save, install). */
export interface DriverReady extends Omit<Ready, "messages"> {
  readonly messages: readonly DriverMessage[];
  /** A snapshot the node took: save it (the storage then drops the entries it covers). */
  readonly saveSnapshot?: DriverSnapshot | undefined;
  /** A snapshot its leader sent: save it; the storage keeps the entries after it only if `retainLog`. */
  readonly installSnapshot?:
    | { readonly snapshot: DriverSnapshot; readonly retainLog: boolean }
    | undefined;
}

/** What the driver reads of the node it drives: 06's RaftNode fits, and so does stage 10's. */
export interface DriverNode extends ElectionTimerView {
  readonly id: number;
  readonly role: Role;
  readonly term: number;
  readonly leaderId: number | undefined;
  readonly vote: number | null;
  readonly commitIndex: number;
  readonly lastApplied: number;
  readonly log: { lastIndex(): number };
  step(input: DriverInput): DriverReady;
}

/** Where the driver persists: 03's Storage; stage 10's also saves snapshots. */
export type DriverStorage = Pick<Storage, "saveHardState" | "writeEntries" | "sync"> & {
  /**
   * Saves a snapshot, durable when it returns, and drops the stored entries it covers; the entries
   * after it stay only if the log holds its last entry with the same term (§7, stage 10).
   */
  saveSnapshot?(snapshot: DriverSnapshot): void;
};

export interface DriverOptions {
  readonly node: DriverNode;
  readonly storage: DriverStorage;
  readonly tickMs: number;
  readonly requestTimeoutMs: number;
  /** Hands a message to the transport (best effort). */
  readonly send: (message: DriverMessage) => void;
  readonly log: (line: string) => void;
  /**
   * Makes every entry written so far durable, then calls done, without blocking the loop (an
   * fsync on the thread pool). Default: storage.sync(), then done at once.
   */
  readonly syncLog?: (done: (error: Error | null) => void) => void;
  /** No election within this many ticks after the first peer link came up (ElectionGate); default 0. */
  readonly electionHoldTicks?: number;
  /** Some peer link is up, for the start-up hold; default: always. */
  readonly linkUp?: () => boolean;
  /** Inputs stepped before one persist+fsync, at most (while no fsync is in flight). */
  readonly maxBatchInputs?: number;
  /** Inputs waiting on the loop, at most; more are dropped (messages) or refused (commands). */
  readonly maxQueuedInputs?: number;
  /** Client commands waiting for their result, at most. */
  readonly maxPendingRequests?: number;
}

export const defaultMaxBatchInputs = 512;
export const defaultMaxQueuedInputs = 20_000;
export const defaultMaxPendingRequests = 10_000;
/** A tick this many periods after the previous one is late: the loop was stalled. */
export const lateTickPeriods = 3;
/** A stall of this many periods or more is logged (at most once a second). */
const loggedStallPeriods = 10;

type SnapshotDone = "snapshot-saved" | "snapshot-installed";

/** What the driver gathered from the steps of one batch, for one flush. */
interface Batch {
  inputs: number;
  hardState: HardState | undefined;
  /** Snapshot effects of the batch's Readies (stage 10), carried out once the batch is durable. */
  snapshots: { readonly snapshot: DriverSnapshot; readonly done: SnapshotDone }[];
  /** The batch's log writes merged into one: `entries` from `fromIndex` on (the Readies' persist). */
  fromIndex: number | undefined;
  entries: Entry[];
  messages: DriverMessage[];
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
  readonly node: DriverNode;
  readonly loop: RealLoop<DriverInput>;
  private isPaused = false;
  private closed = false;
  // solution:begin
  private readonly options: DriverOptions;
  private readonly maxBatchInputs: number;
  private readonly maxQueuedInputs: number;
  private readonly requests: Deadlines<RequestId, Reply>;
  private readonly gate: ElectionGate;
  private lastStallLogMs = Number.NEGATIVE_INFINITY;
  private batch: Batch = emptyBatch();
  private flushScheduled = false;
  /** A batch's fsync is in flight: the next batch waits, gathering. */
  private syncing = false;
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
    this.gate = new ElectionGate({
      holdTicks: options.electionHoldTicks ?? 0,
      linkUp: options.linkUp ?? (() => true),
    });
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
    // `every` arms the next tick after this one ran: a stalled loop gets one late tick, not the
    // backlog, and the gate decides whether that one may start an election.
    const { tickMs } = this.options;
    let lastTickMs = this.nowMs();
    this.every(tickMs, () => {
      const nowMs = this.nowMs();
      const gapMs = nowMs - lastTickMs;
      lastTickMs = nowMs;
      if (gapMs >= loggedStallPeriods * tickMs) this.logStall(nowMs, gapMs);
      if (this.gate.admits(this.node, gapMs >= lateTickPeriods * tickMs)) {
        this.handle({ type: "tick" });
      }
    });
    this.every(sweepPeriodMs(this.options.requestTimeoutMs), () => {
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
  deliver(message: DriverMessage): void {
    // solution:begin
    if (this.isPaused || this.closed) return;
    this.post({ type: "message", message });
    // solution:end
    // starter: throw new Error("not implemented: RaftDriver.deliver (post a message input; drop it while paused)");
  }

  /** Steps the node soon with a "nudge" input (a later stage's queued work); dropped while paused. */
  nudge(): void {
    // solution:begin
    if (this.isPaused || this.closed) return;
    this.post({ type: "nudge" });
    // solution:end
    // starter: throw new Error("not implemented: RaftDriver.nudge (post a nudge input, as deliver posts a message)");
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
    // What is gathered is made durable and answered now, unless an fsync is still in flight.
    if (this.batch.inputs > 0 && !this.syncing) this.flush(true);
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

  private gather(ready: DriverReady): void {
    const batch = this.batch;
    batch.inputs++;
    if (ready.hardState !== undefined) batch.hardState = ready.hardState;
    if (ready.saveSnapshot !== undefined)
      batch.snapshots.push({ snapshot: ready.saveSnapshot, done: "snapshot-saved" });
    if (ready.installSnapshot !== undefined)
      batch.snapshots.push({
        snapshot: ready.installSnapshot.snapshot,
        done: "snapshot-installed",
      });
    if (ready.persist !== undefined)
      mergeWrite(batch, ready.persist.fromIndex, ready.persist.entries);
    for (const message of ready.messages) {
      if (this.sendsAtOnce(message)) this.options.send(message);
      else batch.messages.push(message);
    }
    for (const result of ready.results) batch.results.push(result);
    this.noteLeadership();
  }

  /**
   * A leader's heartbeat (an empty AppendEntries) depends on nothing unsaved: its term is on disk
   * unless this batch changes the hard state (saveHardState is durable when it returns), its
   * prevIndex is the follower's acknowledged matchIndex, and its leaderCommit counts only
   * entries that a majority acknowledged after storing them. It goes out at once, so a slow
   * fsync does not silence the leader long enough for a follower to start an election.
   */
  private sendsAtOnce(message: DriverMessage): boolean {
    return (
      message.type === "append-entries" &&
      (message as Extract<Message, { type: "append-entries" }>).entries.length === 0 &&
      this.batch.hardState === undefined
    );
  }

  /**
   * Disk first, then the network, then the clients. One batch at a time: while its fsync is in
   * flight, the next one keeps gathering and is flushed when the fsync is done.
   */
  private flush(syncNow = false): void {
    if (this.syncing) return;
    const batch = this.batch;
    this.batch = emptyBatch();
    const { storage } = this.options;
    // The hard state file is replaced atomically and durably by saveHardState itself.
    if (batch.hardState !== undefined) storage.saveHardState(batch.hardState);
    if (batch.fromIndex === undefined) {
      this.release(batch);
      return;
    }
    storage.writeEntries(batch.fromIndex, batch.entries);
    if (syncNow || this.options.syncLog === undefined) {
      storage.sync();
      this.release(batch);
      return;
    }
    this.syncing = true;
    this.options.syncLog((error) => {
      this.syncing = false;
      if (error !== null) {
        // Nothing of this batch was sent or acknowledged; the node cannot go on without a disk.
        throw new Error(`fsync of the log failed (${error.message}): stopping the node`);
      }
      if (this.closed) return;
      this.release(batch);
      if (this.batch.inputs > 0) this.flush();
    });
  }

  /** The batch is durable: its messages may say so, and its clients may hear their results. */
  private release(batch: Batch): void {
    for (const message of batch.messages) this.options.send(message);
    for (const { requestId, outcome } of batch.results) {
      this.requests.settle(requestId, this.replyFor(outcome));
    }
    for (const { snapshot, done } of batch.snapshots) this.saveSnapshot(snapshot, done);
  }

  /**
   * A snapshot effect, once everything before it is durable: the storage saves it durably (and
   * applies §7's rule to the log), then the node hears so, as an input on the loop.
   */
  private saveSnapshot(snapshot: DriverSnapshot, done: SnapshotDone): void {
    const { storage } = this.options;
    if (storage.saveSnapshot === undefined)
      throw new Error(
        "the node asked to save a snapshot, but its storage cannot (no saveSnapshot)",
      );
    storage.saveSnapshot(snapshot);
    if (this.closed) return;
    const { lastIncludedIndex, lastIncludedTerm } = snapshot;
    // Past the input cap if need be (the loop keeps room for the driver's own inputs): a lost
    // completion would leave the node waiting for a save that happened.
    if (!this.loop.post({ type: done, lastIncludedIndex, lastIncludedTerm }))
      throw new Error("invariant: the loop has room for a snapshot completion");
    this.queuedInputs++;
  }

  private logStall(nowMs: number, gapMs: number): void {
    if (nowMs - this.lastStallLogMs < 1000) return;
    this.lastStallLogMs = nowMs;
    const ticks = Math.round(gapMs / this.options.tickMs);
    this.options.log(
      `event loop stalled: a tick came ${Math.round(gapMs)} ms (${ticks} ticks) after the last`,
    );
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
  return {
    inputs: 0,
    hardState: undefined,
    snapshots: [],
    fromIndex: undefined,
    entries: [],
    messages: [],
    results: [],
  };
}

/**
 * Adds one Ready's write to the batch's: like Storage.writeEntries, it replaces everything from
 * `fromIndex` on, so the merged write leaves the disk as the Readies' writes one by one would.
 */
function mergeWrite(batch: Batch, fromIndex: number, entries: readonly Entry[]): void {
  if (batch.fromIndex === undefined || fromIndex <= batch.fromIndex) {
    batch.fromIndex = fromIndex;
    batch.entries = [...entries];
    return;
  }
  const kept = fromIndex - batch.fromIndex;
  if (kept > batch.entries.length)
    throw new Error(`invariant: a write from ${fromIndex} would leave a gap after the batch's`);
  batch.entries.length = kept;
  batch.entries.push(...entries);
}
// solution:end
