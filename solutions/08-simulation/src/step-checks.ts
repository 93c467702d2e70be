// The checks after each step: 07's safety checkers when the step changed something they read, the
// simulator's own checks of what leaders are told (§5.3, replication-checks.ts): a success
// acknowledges a matching prefix, a leader's matchIndex is true, a commit is on a majority; and
// Figure 2's rules for terms, from the node before and after the step (protocol-checks.ts).
import type { Input, Ready } from "#raft";
import {
  type Acknowledged,
  type AppliedRecord,
  type LogView,
  logOf,
  type NodeView,
  SafetyMonitor,
  type Violation,
} from "#testing";
import { diskLog, type NodeHost } from "./host.ts";
import {
  checkHigherTermAdopted,
  checkStaleResponseIgnored,
  type StepBefore,
  stepBefore,
} from "./protocol-checks.ts";
import {
  checkAcknowledgement,
  checkCommitOnMajority,
  checkMatchIndexes,
  type ObservedNode,
} from "./replication-checks.ts";
import type { SimInvariant } from "./simulation.ts";

/** What the checks read of the simulation, and how they report a violation. */
export interface CheckWorld {
  readonly now: number;
  hostList(): Iterable<NodeHost>;
  views(): NodeView[];
  violate(invariant: SimInvariant, detail: string): void;
}

export class StepChecks {
  readonly monitor = new SafetyMonitor();
  private readonly world: CheckWorld;

  constructor(world: CheckWorld) {
    this.world = world;
  }

  /** 07's checkers over every running node, after a step of node `id` that applied `applied`. */
  safety(id: number, applied: readonly AppliedRecord[]): void {
    // solution:begin
    const now = Math.floor(this.world.now / 1000);
    this.report(this.monitor.observe(now, this.world.views(), applied, id));
    // solution:end
    // starter: throw new Error("not implemented: StepChecks.safety (07's SafetyMonitor.observe; each violation found is reported)");
  }

  /** What the protocol checks compare: `node` just before it steps `input`. */
  before(node: ObservedNode, input: Input): StepBefore {
    return stepBefore(node, input);
  }

  /**
   * Figure 2's rules for terms, for the step of `node` on `input` (`before`: the node just
   * before it): a higher term is adopted (higher-term-adopted); a leader's matchIndex does not
   * move on a response of an older term (stale-response-ignored).
   */
  protocol(node: ObservedNode, input: Input, before: StepBefore): void {
    // solution:begin
    if (input.type !== "message") return;
    if (node.keepsTermOn?.(input.message) === true) return;
    const notAdopted = checkHigherTermAdopted(before, input.message, node);
    if (notAdopted !== undefined) this.world.violate("higher-term-adopted", notAdopted);
    const counted = checkStaleResponseIgnored(before, input.message, node);
    if (counted !== undefined) this.world.violate("stale-response-ignored", counted);
    // solution:end
    // starter: throw new Error("not implemented: StepChecks.protocol (checkHigherTermAdopted and checkStaleResponseIgnored for a message step)");
  }

  /** §5.3: what this step of `node` told leaders is true, and what a leader committed is on a majority. */
  replication(node: ObservedNode, ready: Ready, commitBefore: number): void {
    // solution:begin
    for (const message of ready.messages) {
      if (message.type !== "append-entries-response" || !message.success) continue;
      const leader = this.nodeOf(message.to);
      const wrong = leader === undefined ? undefined : checkAcknowledgement(node, message, leader);
      if (wrong !== undefined) this.world.violate("acknowledged-match", wrong);
    }
    if (node.role !== "leader") return;
    const wrongMatch = checkMatchIndexes(node, this.runningNodes());
    if (wrongMatch !== undefined) this.world.violate("match-index", wrongMatch);
    if (ready.commitIndex > commitBefore) {
      // Running nodes first; a crashed node's disk is read only when they are not enough.
      const wrongCommit =
        checkCommitOnMajority(node, ready.commitIndex, this.copies(false)) &&
        checkCommitOnMajority(node, ready.commitIndex, this.copies(true));
      if (wrongCommit) this.world.violate("commit-majority", wrongCommit);
    }
    // solution:end
    // starter: throw new Error("not implemented: StepChecks.replication (checkAcknowledgement for each success sent, checkMatchIndexes and checkCommitOnMajority for a leader)");
  }

  /** End of run: no acknowledged write lost, and 07's end-of-run checks. */
  finish(acknowledged: readonly Acknowledged[]): void {
    this.report(
      this.monitor.finish(Math.floor(this.world.now / 1000), acknowledged, this.world.views()),
    );
  }

  private report(found: readonly Violation[]): void {
    for (const violation of found) this.world.violate(violation.invariant, violation.detail);
  }

  // solution:begin
  private nodeOf(id: number): ObservedNode | undefined {
    for (const host of this.world.hostList()) if (host.id === id) return host.node;
    return undefined;
  }

  private runningNodes(): ObservedNode[] {
    const nodes: ObservedNode[] = [];
    for (const host of this.world.hostList()) if (host.node !== undefined) nodes.push(host.node);
    return nodes;
  }

  /** Every node's log: a running one as it is; a crashed one's disk only `withDisks` (a copy). */
  private copies(withDisks: boolean): LogView[] {
    const logs: LogView[] = [];
    for (const host of this.world.hostList()) {
      if (host.node !== undefined) logs.push(host.node.log);
      else logs.push(withDisks ? diskLog(host.storage) : logOf([]));
    }
    return logs;
  }
  // solution:end
}
