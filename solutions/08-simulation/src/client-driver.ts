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
  // solution:begin
  private readonly inFlight = new Map<number, InFlightOp>();
  private readonly byRequestId = new Map<string, InFlightOp>();
  private readonly leaderHints = new Map<number, number>();
  private nextOp = 1;
  // solution:end

  constructor(world: ClientWorld, random: Random) {
    this.world = world;
    this.random = random;
  }

  /** Each client's first operation, at a random moment of the first ten ticks. */
  start(): void {
    // solution:begin
    const { clients, tickUs } = this.world.config;
    for (let client = 1; client <= clients; client++)
      this.world.queue.push(this.random.int(0, 10 * tickUs), { type: "client-invoke", client });
    // solution:end
    // starter: throw new Error("not implemented: ClientDriver.start (schedule each client's first invoke)");
  }

  /** A client sends a new operation, to the leader it was told of (mostly) or a random node. */
  invoke(client: number): void {
    // solution:begin
    const { world } = this;
    const r = this.random;
    const id = this.nextOp++;
    const command = randomCommand(r, world.config.keys, id);
    const hint = this.leaderHints.get(client);
    const node = hint !== undefined && r.chance(0.9) ? hint : r.int(1, world.config.nodes + 1);
    const op: InFlightOp = {
      client,
      op: id,
      command,
      requestId: `c${client}-op${id}`,
      node,
      invokedUs: world.now,
    };
    this.inFlight.set(client, op);
    this.byRequestId.set(op.requestId, op);
    this.history.push({ type: "invoke", client, id, op: command });
    world.trace?.({ t: world.now, kind: "client", client, op: id, event: "invoke", command, node });
    world.queue.push(this.arrivalUs(), { type: "client-arrive", op });
    world.queue.push(world.now + world.config.clientTimeoutUs, {
      type: "client-reply",
      op,
      outcome: undefined,
    });
    // solution:end
    // starter: throw new Error("not implemented: ClientDriver.invoke (a random command to the hinted leader or a random node; its arrival and its timeout as events)");
  }

  /** The request reaches its node (lost if the node is down: the client will time out). */
  arrive(op: InFlightOp): void {
    // solution:begin
    if (this.inFlight.get(op.client) !== op || !this.world.isUp(op.node)) return;
    this.world.step(op.node, { type: "propose", command: op.command, requestId: op.requestId });
    // solution:end
    // starter: throw new Error("not implemented: ClientDriver.arrive");
  }

  /** A node answered proposals: each reply travels back to its client. */
  replies(results: readonly ProposalResult[]): void {
    // solution:begin
    for (const { requestId, outcome } of results) {
      const op = this.byRequestId.get(requestId);
      if (op !== undefined)
        this.world.queue.push(this.arrivalUs(), { type: "client-reply", op, outcome });
    }
    // solution:end
    // starter: throw new Error("not implemented: ClientDriver.replies (schedule a client-reply for each result of an operation in flight)");
  }

  /** A reply, or the timeout (outcome undefined), ends the operation if it is still in flight. */
  complete(op: InFlightOp, outcome: Outcome | undefined): void {
    // solution:begin
    const { world } = this;
    if (this.inFlight.get(op.client) !== op) return; // answered already, or timed out
    this.inFlight.delete(op.client);
    this.byRequestId.delete(op.requestId);
    const event = completionEvent(op, outcome);
    this.history.push(event);
    world.trace?.({
      t: world.now,
      kind: "client",
      client: op.client,
      op: op.op,
      event: event.type,
    });
    if (outcome?.type === "not-leader" && outcome.leaderId !== undefined)
      this.leaderHints.set(op.client, outcome.leaderId);
    else if (event.type !== "ok") this.leaderHints.delete(op.client);
    if (event.type === "ok") {
      world.stats.opsOk++;
      if (outcome?.type === "applied" && isWrite(op.command))
        this.acknowledged.push({ index: outcome.index, command: op.command });
    } else if (event.type === "fail") world.stats.opsFailed++;
    else world.stats.opsUnknown++;
    world.liveness.served(op, event.type);
    const think = this.random.int(world.config.tickUs, 20 * world.config.tickUs);
    world.queue.push(world.now + think, { type: "client-invoke", client: op.client });
    // solution:end
    // starter: throw new Error("not implemented: ClientDriver.complete (record the completion, learn the leader hint, count it, think, invoke again)");
  }

  // solution:begin
  private arrivalUs(): number {
    const f = this.world.faults;
    return this.world.now + this.random.int(f.minDelayUs, f.maxDelayUs + 1);
  }
  // solution:end
}
