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

  constructor(options: DriverOptions) {
    this.node = options.node;
    throw new Error("not implemented: RaftDriver constructor (a RealLoop whose handler steps the node)");
  }

  /** Starts the tick (every tickMs) and the sweep of timed-out requests. */
  start(): void {
    throw new Error("not implemented: RaftDriver.start (a tick every tickMs on the loop; expire requests past their deadline)");
  }

  /** Proposes a client command; `settle` gets exactly one reply (result or error), later. */
  propose(command: Command, settle: (reply: Reply) => void): void {
    throw new Error("not implemented: RaftDriver.propose (remember the request with a deadline; post a propose input)");
  }

  /** A peer's message; dropped while paused or overloaded (Raft retransmits). */
  deliver(message: DriverMessage): void {
    throw new Error("not implemented: RaftDriver.deliver (post a message input; drop it while paused)");
  }

  /** Steps the node soon with a "nudge" input (a later stage's queued work); dropped while paused. */
  nudge(): void {
    throw new Error("not implemented: RaftDriver.nudge (post a nudge input, as deliver posts a message)");
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
    const pendingRequests = 0;
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
    throw new Error("not implemented: RaftDriver.close");
  }
}

