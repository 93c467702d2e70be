// The discrete-event simulator: every node, the network, the clocks, the disks and the clients in
// one process over simulated time (FoundationDB's simulation, TigerBeetle's VOPR, in small). The
// next event always comes from the (time, sequence) queue, and every random choice from one seed,
// so a seed replays its run event for event. 07's checkers run after every step that changed what
// they read; the linearizability checker reads the clients' history at the end; after the faults
// stop, the cluster must elect a leader and serve the clients again (liveness).
import { type Random, seededRandom } from "@rafting/runtime";
import { createRaftNode, type Input, type Message, type Ready } from "#raft";
import {
  type AppliedRecord,
  checkLinearizable,
  type HistoryEvent,
  type InvariantName,
  type NodeView,
} from "#testing";
import { ClientDriver } from "./client-driver.ts";
import { EventQueue } from "./event-queue.ts";
import { FaultInjector } from "./fault-injector.ts";
import { cutLinks, type FaultEpisode, planFaults } from "./faults.ts";
import { FaultyNetwork } from "./faulty-network.ts";
import { NodeHost, type Outputs } from "./host.ts";
import { LivenessWatch } from "./liveness.ts";
import {
  type FaultDistribution,
  type SimConfig,
  type SimOptions,
  simConfig,
  swarmFaults,
} from "./options.ts";
import type { SimEvent } from "./sim-events.ts";
import { StepChecks } from "./step-checks.ts";
import { StepTracer } from "./step-tracer.ts";
import type { TraceEvent } from "./trace.ts";

/**
 * 07's invariants, liveness, a node's own assertion (it threw), and the simulator's checks of
 * what leaders are told (§5.3): acknowledged-match (a success acknowledges a prefix that matches
 * the leader's), match-index (a leader's matchIndex is true of the follower's log),
 * commit-majority (a committed entry is stored on a majority); and Figure 2's rules for terms,
 * from the node before and after a step: higher-term-adopted (a higher term makes a node a
 * follower of that term), stale-response-ignored (a response of an older term leaves a leader's
 * matchIndex as it was). uncaught-error: something threw
 * outside a node's step (a node's getter, or the simulator itself); the seed still fails, with
 * its replay command.
 */
export type SimInvariant =
  | InvariantName
  | "liveness"
  | "node-assertion"
  | "acknowledged-match"
  | "match-index"
  | "commit-majority"
  | "higher-term-adopted"
  | "stale-response-ignored"
  | "uncaught-error";

export interface SimViolation {
  readonly invariant: SimInvariant;
  readonly detail: string;
  readonly atUs: number;
}

export interface SimStats {
  events: number;
  messagesSent: number;
  messagesDropped: number;
  crashes: number;
  partitions: number;
  opsOk: number;
  opsFailed: number;
  opsUnknown: number;
  maxTerm: number;
  maxCommitIndex: number;
}

export interface SimResult {
  readonly seed: number;
  readonly config: SimConfig;
  readonly violations: readonly SimViolation[];
  /** Episodes in the seed's schedule, and how many of them this run applied (--faults). */
  readonly faultsPlanned: number;
  readonly faultsScheduled: number;
  /** Simulated time reached (the end, or the first violation). */
  readonly simUs: number;
  readonly stats: SimStats;
  readonly linearizability: "linearizable" | "not-linearizable" | "unknown" | "not-checked";
}

/** Quiet time at the end of a run beyond the liveness bound: for clients to show they are served. */
const quietMarginUs = 3_000_000;
/** The linearizability search's budget per run: beyond it the verdict is "unknown", not a failure. */
export const maxLinearizabilityStates = 200_000;

export class Simulation {
  readonly config: SimConfig;
  readonly queue = new EventQueue<SimEvent>();
  readonly network: FaultyNetwork;
  readonly violations: SimViolation[] = [];
  /** This seed's own fault intensities, drawn from the distribution (swarm testing). */
  readonly faults: FaultDistribution;
  /** The seed's whole schedule; the run applies its first `faultsScheduled`. */
  readonly episodes: readonly FaultEpisode[];
  readonly faultsScheduled: number;
  readonly endUs: number;
  /** When the faults stop (heal, restart everything, calm network). */
  readonly quietAtUs: number;
  readonly stats: SimStats = {
    events: 0,
    messagesSent: 0,
    messagesDropped: 0,
    crashes: 0,
    partitions: 0,
    opsOk: 0,
    opsFailed: 0,
    opsUnknown: 0,
    maxTerm: 0,
    maxCommitIndex: 0,
  };
  readonly trace: ((event: TraceEvent) => void) | undefined;
  private readonly hosts = new Map<number, NodeHost>();
  /** The parts: the clients, liveness, the faults, the checks after each step, the viewer's trace. */
  readonly clients: ClientDriver;
  readonly liveness: LivenessWatch;
  private readonly injector: FaultInjector;
  private readonly checks: StepChecks;
  private readonly tracer: StepTracer | undefined;
  private nowUs = 0;

  constructor(options: SimOptions) {
    this.config = simConfig(options);
    const { seed, nodes, faults, simSeconds, livenessBoundUs } = this.config;
    this.endUs = Math.round(simSeconds * 1_000_000);
    this.quietAtUs = Math.max(0, this.endUs - livenessBoundUs - quietMarginUs);
    this.trace = options.trace;
    throw new Error("not implemented: Simulation (seeded streams, hosts with drifting clocks, the parts: clients, fault injector, liveness watch, step checks; all as events in the queue)");
  }

  /** Simulated time, µs. */
  get now(): number {
    return this.nowUs;
  }

  get halted(): boolean {
    return this.violations.length > 0;
  }

  /** The clients' history, for the linearizability checker. */
  get history(): readonly HistoryEvent[] {
    return this.clients.history;
  }

  host(id: number): NodeHost {
    const host = this.hosts.get(id);
    if (host === undefined) throw new RangeError(`no node ${id}`);
    return host;
  }

  nodeIds(): number[] {
    return [...this.hosts.keys()];
  }

  hostList(): Iterable<NodeHost> {
    return this.hosts.values();
  }

  isUp(id: number): boolean {
    return this.host(id).up;
  }

  /** Runs to the end (or the first violation) and runs the end-of-run checks. */
  run(): SimResult {
    throw new Error("not implemented: Simulation.run (process events up to the end or the first violation, then finish)");
  }

  /** Processes events until `condition` holds; false if it did not within `maxUs` more. */
  runUntil(condition: () => boolean, maxUs: number): boolean {
    throw new Error("not implemented: Simulation.runUntil");
  }

  /** The node loses power: held messages and unsynced writes are gone, except `keepUnsyncedEntries`. */
  crash(id: number, keepUnsyncedEntries = 0): void {
    throw new Error("not implemented: Simulation.crash");
  }

  /** The node boots from what its disk kept: a new node, volatile state empty. */
  restart(id: number): void {
    throw new Error("not implemented: Simulation.restart (createNode from the storage that survived; its clock starts ticking)");
  }

  /** Cuts the links from side A to side B (and back, unless asymmetric); returns them for heal. */
  partition(
    sideA: readonly number[],
    sideB: readonly number[],
    asymmetric = false,
  ): [number, number][] {
    throw new Error("not implemented: Simulation.partition");
  }

  /** The running nodes as 07's checkers see them. */
  views(): NodeView[] {
    const views: NodeView[] = [];
    for (const [id, host] of this.hosts) {
      const node = host.node;
      if (node !== undefined)
        views.push({
          id,
          role: node.role,
          term: node.term,
          commitIndex: node.commitIndex,
          log: node.log,
        });
    }
    return views;
  }

  /** The running leader of the highest term, if any. */
  leader(): number | undefined {
    let best: { id: number; term: number } | undefined;
    for (const [id, host] of this.hosts) {
      const node = host.node;
      if (node?.role === "leader" && (best === undefined || node.term > best.term))
        best = { id, term: node.term };
    }
    return best?.id;
  }

  /** A running node's term and the term of its last committed entry (for the liveness watch). */
  commitOf(id: number): { term: number; committedTerm: number | undefined } | undefined {
    const node = this.host(id).node;
    if (node === undefined) return undefined;
    return { term: node.term, committedTerm: node.log.entryAt(node.commitIndex)?.term };
  }

  /** Records a violation: the run halts after the current event. */
  violate(invariant: SimInvariant, detail: string): void {
    this.violations.push({ invariant, detail, atUs: this.nowUs });
    this.trace?.({ t: this.nowUs, kind: "violation", invariant, detail });
  }

}


/** One seed's run, start to finish. */
export function runSimulation(options: SimOptions): SimResult {
  return new Simulation(options).run();
}
