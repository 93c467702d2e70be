// The node the stage 11 system runs: a ProductionNode (Pre-Vote, CheckQuorum, leadership
// transfer, ReadIndex) over stage 10's CompactingNode (snapshots, InstallSnapshot), as one node
// 09's driver can drive (its ServerNode). Stage 10's own inputs and messages go to the compacting
// node directly; everything else goes through the production node. A client's read or a
// transfer is queued and stepped at the start of the driver's next step (a tick at the latest),
// so every step still happens on the driver's loop.
import type { CompactingNode } from "#compaction";
import type { Command, Reply } from "#kv";
import { InnerStateView } from "#raft";
import type { DriverInput, DriverMessage, DriverReady, ServerNode } from "#system";
import type { ProductionConfig } from "./config.ts";
import type { Input, Ready } from "./messages.ts";
import { ProductionNode } from "./node.ts";
import { mergeReadies, quietReady, withoutReads } from "./ready-builder.ts";
import { CompactingInner, isSnapshotMessage, stepSnapshotMessage } from "./system-inner.ts";
import { SystemReads } from "./system-reads.ts";

export class ProductionSystemNode extends InnerStateView<ProductionNode> implements ServerNode {
  readonly production: ProductionNode;
  private readonly inner: CompactingInner;
  private readonly reads: SystemReads;
  private readonly queued: Input[] = [];

  constructor(node: CompactingNode, config: ProductionConfig, maxReadWaitTicks: number) {
    super();
    this.inner = new CompactingInner(node);
    this.production = new ProductionNode(config, this.inner);
    this.reads = new SystemReads(maxReadWaitTicks, config.id);
  }

  /** The production node's public state is this node's (term, role, ...: InnerStateView). */
  protected get raft(): ProductionNode {
    return this.production;
  }
  get id(): number {
    return this.production.id;
  }
  get log(): CompactingNode["log"] {
    return this.inner.node.log;
  }
  get electionDueOnNextTick(): boolean {
    return this.production.electionDueOnNextTick;
  }
  /** The election timer of the node inside (Pre-Vote starts its round when it runs out). */
  get electionTimeoutTicks(): number {
    return this.inner.node.electionTimeoutTicks;
  }
  get electionElapsedTicks(): number {
    return this.inner.node.electionElapsedTicks;
  }
  /** The peer a leadership transfer is handing over to, if any. */
  get transferTarget(): number | undefined {
    return this.production.transferTarget;
  }

  /** A client's read-only command, answered once a read index is confirmed and applied (§6.4). */
  read(command: Command, settle: (reply: Reply) => void): void {
    this.queued.push({ type: "read", readId: this.reads.add(command, settle) });
  }

  /** §3.10: hand leadership to `to` (ignored unless this node leads when it is stepped). */
  transfer(to: number): void {
    this.queued.push({ type: "transfer", to });
  }

  /** The node is closing: its waiting reads get TRYAGAIN. */
  close(): void {
    this.reads.failAll("node shutting down");
  }

  step(input: DriverInput): DriverReady {
    const readies = this.queued.splice(0).map((queued) => this.production.step(queued));
    // A nudge only asks for the queued inputs to be stepped (09's driver posts it on read()).
    if (input.type !== "nudge") readies.push(this.stepOne(input));
    if (input.type === "tick") this.reads.tick();
    const ready =
      readies.length === 0 ? quietReady(this.production) : mergeReadies(readies, this.inner.node);
    this.reads.settle(ready.reads, (command) => this.query(command), this.id);
    const extras = this.inner.takeExtras();
    // 09's DriverMessage names 06's and 10's messages only; the driver just passes messages on to
    // the wire, which encodes this stage's (system-wire.ts).
    const messages = [...ready.messages, ...extras.messages] as DriverMessage[];
    return {
      ...ready,
      messages,
      saveSnapshot: extras.saveSnapshot,
      installSnapshot: extras.installSnapshot,
    };
  }

  /**
   * A ReadIndex read against the state machine: through the sessions' query when it has one, as
   * a read is no log entry and must not move their expiry clock (applied commands) on one node.
   */
  private query(command: Command): Reply {
    const machine = this.inner.node.stateMachine as CompactingNode["stateMachine"] & {
      query?: (command: Command) => Reply;
    };
    return machine.query === undefined ? machine.apply(command) : machine.query(command);
  }

  private stepOne(input: Exclude<DriverInput, { type: "nudge" }>): Ready {
    if (input.type === "snapshot-saved" || input.type === "snapshot-installed") {
      return withoutReads(this.inner.stepCompaction(input));
    }
    if (input.type === "message" && isSnapshotMessage(input.message))
      return stepSnapshotMessage(this.inner, this.production, input.message);
    // 09's DriverMessage names only 06's and 10's messages; this stage's wire (system-wire.ts)
    // parses and checks its own, which reach the driver under that type.
    return this.production.step(input as Input);
  }
}
