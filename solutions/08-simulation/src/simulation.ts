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
  // starter: private nowUs = 0;
  // solution:begin
  private nowUs = 0;
  private readonly createNode: NonNullable<SimOptions["createNode"]>;
  private readonly createStorage: SimOptions["createStorage"];
  private readonly random: Record<"disk" | "clock" | "nodes", Random>;
  private readonly noted = new Map<number, { role: string; term: number; commit: number }>();
  private finished: SimResult | undefined;
  // solution:end

  constructor(options: SimOptions) {
    this.config = simConfig(options);
    const { seed, nodes, faults, simSeconds, livenessBoundUs } = this.config;
    this.endUs = Math.round(simSeconds * 1_000_000);
    this.quietAtUs = Math.max(0, this.endUs - livenessBoundUs - quietMarginUs);
    this.trace = options.trace;
    // solution:begin
    this.createNode = options.createNode ?? createRaftNode;
    this.createStorage = options.createStorage;
    this.tracer = this.trace === undefined ? undefined : new StepTracer(this.trace);
    // One stream per concern, forked in a fixed order: the same seed, the same run.
    const master = seededRandom(seed);
    const plan = master.fork();
    const network = master.fork();
    const disk = master.fork();
    const clock = master.fork();
    const clients = master.fork();
    this.random = { disk, clock, nodes: master.fork() };
    this.faults = swarmFaults(master.fork(), faults);
    this.network = new FaultyNetwork(network, this.faults, master.fork());
    this.episodes = planFaults(plan, this.faults, nodes, this.quietAtUs);
    this.faultsScheduled = Math.min(this.episodes.length, this.config.maxFaults);
    this.liveness = new LivenessWatch(this, livenessBoundUs);
    this.clients = new ClientDriver(this, clients);
    this.injector = new FaultInjector(
      this,
      this.episodes.slice(0, this.faultsScheduled),
      this.quietAtUs,
      master.fork(),
    );
    this.checks = new StepChecks(this);
    this.start();
    // solution:end
    // starter: throw new Error("not implemented: Simulation (seeded streams, hosts with drifting clocks, the parts: clients, fault injector, liveness watch, step checks; all as events in the queue)");
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
    // solution:begin
    while (!this.halted && this.processNextSafely(this.endUs)) {}
    return this.finish();
    // solution:end
    // starter: throw new Error("not implemented: Simulation.run (process events up to the end or the first violation, then finish)");
  }

  /** Processes events until `condition` holds; false if it did not within `maxUs` more. */
  runUntil(condition: () => boolean, maxUs: number): boolean {
    // solution:begin
    const untilUs = Math.min(this.endUs, this.nowUs + maxUs);
    while (!condition()) {
      if (this.halted || !this.processNextSafely(untilUs)) return false;
    }
    return true;
    // solution:end
    // starter: throw new Error("not implemented: Simulation.runUntil");
  }

  /** The node loses power: held messages and unsynced writes are gone, except `keepUnsyncedEntries`. */
  crash(id: number, keepUnsyncedEntries = 0): void {
    // solution:begin
    this.host(id).crash(keepUnsyncedEntries);
    this.stats.crashes++;
    this.noted.delete(id);
    // solution:end
    // starter: throw new Error("not implemented: Simulation.crash");
  }

  /** The node boots from what its disk kept: a new node, volatile state empty. */
  restart(id: number): void {
    // solution:begin
    const host = this.host(id);
    if (host.up) throw new Error(`node ${id} is running: crash it first`);
    const peers = this.nodeIds().filter((other) => other !== id);
    const { electionTimeoutTicks, limits } = this.config;
    const random = this.random.nodes.fork();
    try {
      host.node = this.createNode(
        { id, peers, electionTimeoutTicks, limits },
        host.storage,
        random,
      );
    } catch (error) {
      // The node stays down; the seed fails here, with its replay command, like any violation.
      this.violate(
        "node-assertion",
        `node ${id} threw while starting from its disk: ${errorText(error)}`,
      );
      return;
    }
    this.scheduleTick(host, this.random.clock.int(0, this.config.tickUs));
    this.tracer?.restart(this.nowUs, id, host.node);
    this.checks.safety(id, []);
    // solution:end
    // starter: throw new Error("not implemented: Simulation.restart (createNode from the storage that survived; its clock starts ticking)");
  }

  /** Cuts the links from side A to side B (and back, unless asymmetric); returns them for heal. */
  partition(
    sideA: readonly number[],
    sideB: readonly number[],
    asymmetric = false,
  ): [number, number][] {
    // solution:begin
    const links = cutLinks(sideA, sideB, asymmetric);
    this.network.cutLinks(links);
    this.stats.partitions++;
    return links;
    // solution:end
    // starter: throw new Error("not implemented: Simulation.partition");
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

  // solution:begin
  private start(): void {
    const { nodes, faults } = this.config;
    for (let id = 1; id <= nodes; id++) {
      const drift = (2 * this.random.clock.next() - 1) * faults.maxDriftRate;
      this.hosts.set(id, new NodeHost(id, drift, this.createStorage));
    }
    for (const id of this.hosts.keys()) this.restart(id);
    this.injector.schedule();
    this.queue.push(this.quietAtUs, { type: "quiet" });
    this.queue.push(this.quietAtUs + this.config.livenessBoundUs, { type: "liveness-deadline" });
    this.clients.start();
  }

  /** processNext, with anything thrown recorded as this seed's violation (the sweep goes on). */
  private processNextSafely(untilUs: number): boolean {
    try {
      return this.processNext(untilUs);
    } catch (error) {
      this.violate("uncaught-error", `at ${this.nowUs / 1e6} s: ${errorText(error)}`);
      return false;
    }
  }

  /** The next event, if it is due by `untilUs`; false when there is none. */
  private processNext(untilUs: number): boolean {
    const next = this.queue.peek();
    if (next === undefined || next.atUs > untilUs) {
      this.nowUs = Math.max(this.nowUs, untilUs);
      return false;
    }
    this.queue.pop();
    if (next.atUs < this.nowUs)
      throw new Error(`invariant: time never goes back (${next.atUs} < ${this.nowUs})`);
    this.nowUs = next.atUs;
    this.stats.events++;
    this.handle(next.event);
    return true;
  }

  /** Each event to the part that owns it. */
  private handle(event: SimEvent): void {
    switch (event.type) {
      case "tick":
        this.onTick(event.node, event.incarnation);
        break;
      case "sync":
        this.onSync(event.node, event.incarnation);
        break;
      case "deliver":
        this.onDeliver(event.message);
        break;
      case "fault-start":
        this.injector.start(event.episode);
        break;
      case "strike":
        this.injector.strike(event.episode, event.leader);
        break;
      case "fault-end":
        this.injector.end(event.episode);
        break;
      case "quiet":
        this.injector.quiet();
        this.liveness.watch(false);
        break;
      case "liveness-deadline":
        this.liveness.deadline();
        break;
      case "client-invoke":
        this.clients.invoke(event.client);
        break;
      case "client-arrive":
        this.clients.arrive(event.op);
        break;
      case "client-reply":
        this.clients.complete(event.op, event.outcome);
        break;
    }
  }

  private onTick(id: number, incarnation: number): void {
    const host = this.host(id);
    if (!host.up || host.incarnation !== incarnation) return; // a tick of an earlier life
    if (this.config.traceTicks) this.trace?.({ t: this.nowUs, kind: "tick", node: id });
    this.step(id, { type: "tick" });
    if (host.up && host.incarnation === incarnation)
      this.scheduleTick(host, this.tickIntervalUs(host));
  }

  /** This node's next tick interval: its own drift, and a little jitter every time. */
  private tickIntervalUs(host: NodeHost): number {
    const { tickUs, faults } = this.config;
    const jitter = (2 * this.random.clock.next() - 1) * faults.tickJitterRate;
    return Math.max(1, Math.round(tickUs * (1 + host.driftRate) * (1 + jitter)));
  }

  private scheduleTick(host: NodeHost, afterUs: number): void {
    this.queue.push(this.nowUs + afterUs, {
      type: "tick",
      node: host.id,
      incarnation: host.incarnation,
    });
  }

  private onSync(id: number, incarnation: number): void {
    const host = this.host(id);
    if (!host.up || host.incarnation !== incarnation) return; // the machine crashed first
    for (const outputs of host.synced()) this.dispatch(id, outputs);
    // Stage 10: the snapshot effects this sync carried out; the node hears each as an input.
    for (const done of host.takeSnapshotsDone())
      if (host.up) this.step(id, done as unknown as Input);
  }

  private onDeliver(message: Message): void {
    const reason = !this.network.canReach(message.from, message.to)
      ? "partition"
      : !this.host(message.to).up
        ? "down"
        : undefined;
    this.tracer?.deliver(this.nowUs, message, reason);
    if (reason !== undefined) {
      this.stats.messagesDropped++;
      return;
    }
    this.injector.delivered(message);
    this.step(message.to, { type: "message", message });
  }

  /** One input to one node; its Ready carried out in Raft's order; then the checks. */
  step(id: number, input: Input): void {
    const host = this.host(id);
    const node = host.node;
    if (node === undefined) throw new Error(`invariant: stepping node ${id}, which is down`);
    let ready: Ready;
    const before = this.checks.before(node, input);
    try {
      ready = node.step(input);
    } catch (error) {
      this.violate("node-assertion", `node ${id} threw: ${errorText(error)}`);
      return;
    }
    if (ready.messages.some((m) => m.type === "request-vote-response" && m.granted))
      this.injector.fire("voted", id);
    const { syncNeeded, release } = host.carryOut(ready);
    this.tracer?.step(this.nowUs, id, node, ready);
    if (syncNeeded) this.scheduleSync(host);
    for (const outputs of release) this.dispatch(id, outputs);
    const commitBefore = this.noted.get(id)?.commit ?? 0;
    this.checks.replication(node, ready, commitBefore);
    this.checks.protocol(node, input, before);
    if (this.noteChanges(id, ready)) {
      const applied = ready.applied
        .filter((entry) => entry.command.length > 0)
        .map((entry): AppliedRecord => ({ node: id, index: entry.index, command: entry.command }));
      this.checks.safety(id, applied);
    }
  }

  private scheduleSync(host: NodeHost): void {
    const f = this.faults;
    const r = this.random.disk;
    const slow = r.chance(f.slowSyncRate);
    const delayUs = r.int(
      f.minSyncUs,
      Math.max(f.minSyncUs, slow ? f.maxSlowSyncUs : f.maxSyncUs) + 1,
    );
    this.queue.push(this.nowUs + delayUs, {
      type: "sync",
      node: host.id,
      incarnation: host.incarnation,
    });
  }

  /** Traces role, term and commit changes, fires triggers; true when a checker should look. */
  private noteChanges(id: number, ready: Ready): boolean {
    const before = this.noted.get(id);
    const now = { role: ready.role, term: ready.term, commit: ready.commitIndex };
    this.noted.set(id, now);
    this.stats.maxTerm = Math.max(this.stats.maxTerm, now.term);
    this.stats.maxCommitIndex = Math.max(this.stats.maxCommitIndex, now.commit);
    const roleChanged =
      before === undefined || before.role !== now.role || before.term !== now.term;
    if (roleChanged)
      this.trace?.({ t: this.nowUs, kind: "role", node: id, role: now.role, term: now.term });
    if (roleChanged && now.role === "leader") this.injector.fire("elected", id);
    if (now.role === "leader" && ready.persist !== undefined) this.injector.fire("appended", id);
    const committed = before === undefined || before.commit !== now.commit;
    if (committed && now.role === "leader") this.injector.fire("committed", id);
    if (committed) this.trace?.({ t: this.nowUs, kind: "commit", node: id, index: now.commit });
    if (this.nowUs >= this.quietAtUs) this.liveness.watch(before?.term !== now.term);
    return (
      roleChanged ||
      committed ||
      ready.persist !== undefined ||
      ready.hardState !== undefined ||
      ready.applied.length > 0
    );
  }

  /** Messages into the network; results back to their clients. */
  private dispatch(from: number, outputs: Outputs): void {
    for (const message of outputs.messages) {
      if (message.from !== from)
        throw new Error(`invariant: node ${from} sends as ${message.from}`);
      this.stats.messagesSent++;
      const times = this.network.deliveryTimes(this.nowUs);
      this.tracer?.send(this.nowUs, message, times.length === 0);
      if (times.length === 0) this.stats.messagesDropped++;
      for (const atUs of times) this.queue.push(atUs, { type: "deliver", message });
    }
    this.clients.replies(outputs.results);
  }

  /** End of run: acknowledged writes, linearizability, clients served after the faults. */
  private finish(): SimResult {
    if (this.finished !== undefined) return this.finished;
    let linearizability: SimResult["linearizability"] = "not-checked";
    if (!this.halted) {
      this.checks.finish(this.clients.acknowledged);
      this.liveness.finish(this.config.clients);
    }
    if (!this.halted) {
      const verdict = checkLinearizable(this.history, { maxStates: maxLinearizabilityStates });
      linearizability = verdict.verdict;
      if (verdict.verdict === "not-linearizable")
        this.violate("linearizability", verdict.explanation);
    }
    this.finished = {
      seed: this.config.seed,
      config: this.config,
      violations: this.violations,
      faultsPlanned: this.episodes.length,
      faultsScheduled: this.faultsScheduled,
      simUs: this.nowUs,
      stats: this.stats,
      linearizability,
    };
    return this.finished;
  }
  // solution:end
}

// solution:begin
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
// solution:end

/** One seed's run, start to finish. */
export function runSimulation(options: SimOptions): SimResult {
  return new Simulation(options).run();
}
