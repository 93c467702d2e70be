// The clients at work: each invokes one operation at a time on the node it believes leads, waits
// for a reply or its timeout, thinks, and goes again. Every invocation and completion enters the
// history the linearizability checker reads; acknowledged writes are kept for the end-of-run check.
import type { Random } from "@rafting/runtime";
import type { Input, Outcome, ProposalResult } from "#raft";
import type { Acknowledged, HistoryEvent } from "#testing";
import { completionEvent, type InFlightOp, isWrite, randomCommand } from "./clients.ts";
import type { EventQueue } from "./event-queue.ts";
import type { LivenessWatch } from "./liveness.ts";
import type { FaultDistribution, SimConfig } from "./options.ts";
import type { SimEvent } from "./sim-events.ts";
import type { SimStats } from "./simulation.ts";
import type { TraceEvent } from "./trace.ts";

/** What the clients use of the simulation. */
export interface ClientWorld {
  readonly now: number;
  readonly queue: EventQueue<SimEvent>;
  readonly config: SimConfig;
  readonly faults: FaultDistribution;
  readonly stats: SimStats;
  readonly liveness: LivenessWatch;
  readonly trace: ((event: TraceEvent) => void) | undefined;
  isUp(id: number): boolean;
  /** One input to one node (a proposal). */
  step(id: number, input: Input): void;
}

export class ClientDriver {
  readonly history: HistoryEvent[] = [];
  readonly acknowledged: Acknowledged[] = [];
  private readonly world: ClientWorld;
  private readonly random: Random;

  constructor(world: ClientWorld, random: Random) {
    this.world = world;
    this.random = random;
  }

  /** Each client's first operation, at a random moment of the first ten ticks. */
  start(): void {
    throw new Error("not implemented: ClientDriver.start (schedule each client's first invoke)");
  }

  /** A client sends a new operation, to the leader it was told of (mostly) or a random node. */
  invoke(client: number): void {
    throw new Error("not implemented: ClientDriver.invoke (a random command to the hinted leader or a random node; its arrival and its timeout as events)");
  }

  /** The request reaches its node (lost if the node is down: the client will time out). */
  arrive(op: InFlightOp): void {
    throw new Error("not implemented: ClientDriver.arrive");
  }

  /** A node answered proposals: each reply travels back to its client. */
  replies(results: readonly ProposalResult[]): void {
    throw new Error("not implemented: ClientDriver.replies (schedule a client-reply for each result of an operation in flight)");
  }

  /** A reply, or the timeout (outcome undefined), ends the operation if it is still in flight. */
  complete(op: InFlightOp, outcome: Outcome | undefined): void {
    throw new Error("not implemented: ClientDriver.complete (record the completion, learn the leader hint, count it, think, invoke again)");
  }

}
