// The discrete-event simulator: every node, the network, the clocks, the disks and the clients in
// one process over simulated time (FoundationDB's simulation, TigerBeetle's VOPR, in small). The
// next event always comes from the (time, sequence) queue, and every random choice from one seed,
// so a seed replays its run event for event. 07's checkers run after every step that changed what
// they read; the linearizability checker reads the clients' history at the end; after the faults
// stop, the cluster must elect a leader and serve the clients again (liveness).
import { type Random, seededRandom } from "@rafting/testkit";
import { createRaftNode, type Input, type Message, type Outcome, type Ready } from "#raft";
import {
  type Acknowledged,
  type AppliedRecord,
  checkLinearizable,
  type HistoryEvent,
  type InvariantName,
  type LogView,
  logOf,
  type NodeView,
  SafetyMonitor,
} from "#testing";
import { completionEvent, type InFlightOp, isWrite, randomCommand } from "./clients.ts";
import { EventQueue } from "./event-queue.ts";
import { cutLinks, type FaultEpisode, planFaults, type Trigger } from "./faults.ts";
import { NodeHost, type Outputs } from "./host.ts";
import { SimNetwork } from "./network.ts";
import {
  type FaultDistribution,
  type SimConfig,
  type SimOptions,
  simConfig,
  swarmFaults,
} from "./options.ts";
import {
  checkAcknowledgement,
  checkCommitOnMajority,
  checkMatchIndexes,
  type ObservedNode,
} from "./replication-checks.ts";
import type { TraceEvent } from "./trace.ts";

/**
 * 07's invariants, liveness, a node's own assertion (it threw), and the simulator's checks of
 * what leaders are told (§5.3): acknowledged-match (a success acknowledges a prefix that matches
 * the leader's), match-index (a leader's matchIndex is true of the follower's log),
 * commit-majority (a committed entry is stored on a majority). uncaught-error: something threw
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

type SimEvent =
  | { readonly type: "tick"; readonly node: number; readonly incarnation: number }
  | { readonly type: "sync"; readonly node: number; readonly incarnation: number }
  | { readonly type: "deliver"; readonly message: Message }
  | { readonly type: "fault-start" | "fault-end"; readonly episode: number }
  | { readonly type: "strike"; readonly episode: number; readonly leader: number | undefined }
  | { readonly type: "quiet" | "liveness-deadline" }
  | { readonly type: "client-invoke"; readonly client: number }
  | { readonly type: "client-arrive"; readonly op: InFlightOp }
  | {
      readonly type: "client-reply";
      readonly op: InFlightOp;
      readonly outcome: Outcome | undefined;
    };

/** Quiet time at the end of a run beyond the liveness bound: for clients to show they are served. */
const quietMarginUs = 3_000_000;
/** The linearizability search's budget per run: beyond it the verdict is "unknown", not a failure. */
export const maxLinearizabilityStates = 200_000;

export class Simulation {
  readonly config: SimConfig;
  readonly queue = new EventQueue<SimEvent>();
  readonly network: SimNetwork;
  readonly monitor = new SafetyMonitor();
  readonly history: HistoryEvent[] = [];
  readonly acknowledged: Acknowledged[] = [];
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
  private readonly hosts = new Map<number, NodeHost>();
  // starter: private nowUs = 0;
  // solution:begin
  private nowUs = 0;
  private readonly createNode: NonNullable<SimOptions["createNode"]>;
  private readonly trace: ((event: TraceEvent) => void) | undefined;
  private readonly random: Record<"disk" | "clock" | "clients" | "nodes", Random>;
  private readonly noted = new Map<number, { role: string; term: number; commit: number }>();
  private readonly inFlight = new Map<number, InFlightOp>();
  private readonly leaderHints = new Map<number, number>();
  private readonly crashedBy = new Map<number, number>();
  private readonly linksCutBy = new Map<number, [number, number][]>();
  /** Episodes waiting for their trigger (a leader winning, appending, committing). */
  private readonly armed = new Map<Trigger, number[]>();
  private nextOp = 1;
  /** For the trace: each send's number (its deliveries repeat it), each node's timer as last traced. */
  private readonly messageIds = new WeakMap<Message, number>();
  private nextMessageId = 1;
  private readonly timers = new Map<number, { elapsed: number; timeout: number }>();
  private settledAtUs: number | undefined;
  private okAfterSettle = 0;
  private finished: SimResult | undefined;
  // solution:end

  constructor(options: SimOptions) {
    this.config = simConfig(options);
    const { seed, nodes, faults, simSeconds, livenessBoundUs } = this.config;
    this.endUs = Math.round(simSeconds * 1_000_000);
    this.quietAtUs = Math.max(0, this.endUs - livenessBoundUs - quietMarginUs);
    // solution:begin
    this.createNode = options.createNode ?? createRaftNode;
    this.trace = options.trace;
    // One stream per concern, forked in a fixed order: the same seed, the same run.
    const master = seededRandom(seed);
    const plan = master.fork();
    const network = master.fork();
    this.random = {
      disk: master.fork(),
      clock: master.fork(),
      clients: master.fork(),
      nodes: master.fork(),
    };
    this.faults = swarmFaults(master.fork(), faults);
    this.network = new SimNetwork(network, this.faults, master.fork());
    this.episodes = planFaults(plan, this.faults, nodes, this.quietAtUs);
    this.faultsScheduled = Math.min(this.episodes.length, this.config.maxFaults);
    this.start();
    // solution:end
    // starter: throw new Error("not implemented: Simulation (seeded streams, hosts with drifting clocks, the fault schedule, clients; all as events in the queue)");
  }

  /** Simulated time, µs. */
  get now(): number {
    return this.nowUs;
  }

  get halted(): boolean {
    return this.violations.length > 0;
  }

  host(id: number): NodeHost {
    const host = this.hosts.get(id);
    if (host === undefined) throw new RangeError(`no node ${id}`);
    return host;
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
    const peers = [...this.hosts.keys()].filter((other) => other !== id);
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
    if (this.trace !== undefined) this.traceRestart(id, host.node);
    this.check(id, []);
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
    let best: NodeView | undefined;
    for (const view of this.views())
      if (view.role === "leader" && (best === undefined || view.term > best.term)) best = view;
    return best?.id;
  }

  // solution:begin
  private start(): void {
    const { nodes, faults, tickUs } = this.config;
    for (let id = 1; id <= nodes; id++) {
      const drift = (2 * this.random.clock.next() - 1) * faults.maxDriftRate;
      this.hosts.set(id, new NodeHost(id, drift));
    }
    for (const id of this.hosts.keys()) this.restart(id);
    this.episodes.slice(0, this.faultsScheduled).forEach((episode, index) => {
      this.queue.push(episode.atUs, { type: "fault-start", episode: index });
    });
    this.queue.push(this.quietAtUs, { type: "quiet" });
    this.queue.push(this.quietAtUs + this.config.livenessBoundUs, { type: "liveness-deadline" });
    for (let client = 1; client <= this.config.clients; client++)
      this.queue.push(this.random.clients.int(0, 10 * tickUs), { type: "client-invoke", client });
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
        this.startEpisode(event.episode);
        break;
      case "strike":
        this.strike(event.episode, event.leader);
        break;
      case "fault-end":
        this.endEpisode(event.episode);
        break;
      case "quiet":
        this.onQuiet();
        break;
      case "liveness-deadline":
        this.onLivenessDeadline();
        break;
      case "client-invoke":
        this.invoke(event.client);
        break;
      case "client-arrive":
        this.onArrive(event.op);
        break;
      case "client-reply":
        this.complete(event.op, event.outcome);
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
  }

  private onDeliver(message: Message): void {
    const reason = !this.network.canReach(message.from, message.to)
      ? "partition"
      : !this.host(message.to).up
        ? "down"
        : undefined;
    if (this.trace !== undefined)
      this.trace({
        ...describe(this.nowUs, message, this.messageIds.get(message)),
        kind: reason ? "drop" : "deliver",
        ...(reason ? { reason } : {}),
      });
    if (reason !== undefined) {
      this.stats.messagesDropped++;
      return;
    }
    this.step(message.to, { type: "message", message });
  }

  /** One input to one node; its Ready carried out in Raft's order; then the checkers. */
  private step(id: number, input: Input): void {
    const host = this.host(id);
    const node = host.node;
    if (node === undefined) throw new Error(`invariant: stepping node ${id}, which is down`);
    let ready: Ready;
    try {
      ready = node.step(input);
    } catch (error) {
      this.violate("node-assertion", `node ${id} threw: ${errorText(error)}`);
      return;
    }
    if (ready.messages.some((m) => m.type === "request-vote-response" && m.granted))
      this.fire("voted", id);
    const { syncNeeded, release } = host.carryOut(ready);
    if (this.trace !== undefined) this.traceStep(id, node, ready);
    if (syncNeeded) this.scheduleSync(host);
    for (const outputs of release) this.dispatch(id, outputs);
    const commitBefore = this.noted.get(id)?.commit ?? 0;
    this.checkReplication(node, ready, commitBefore);
    const changed = this.noteChanges(id, ready);
    if (changed) {
      const applied = ready.applied
        .filter((entry) => entry.command.length > 0)
        .map((entry): AppliedRecord => ({ node: id, index: entry.index, command: entry.command }));
      this.check(id, applied);
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

  /** Traces role, term and commit changes; true when the step changed anything a checker reads. */
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
    if (roleChanged && now.role === "leader") this.fire("elected", id);
    if (now.role === "leader" && ready.persist !== undefined) this.fire("appended", id);
    const committed = before === undefined || before.commit !== now.commit;
    if (committed && now.role === "leader") this.fire("committed", id);
    if (committed) this.trace?.({ t: this.nowUs, kind: "commit", node: id, index: now.commit });
    if (this.nowUs >= this.quietAtUs) this.watchLiveness(before?.term !== now.term);
    return (
      roleChanged ||
      committed ||
      ready.persist !== undefined ||
      ready.hardState !== undefined ||
      ready.applied.length > 0
    );
  }

  /** §5.3: what this step told leaders is true, and what a leader committed is on a majority. */
  private checkReplication(node: ObservedNode, ready: Ready, commitBefore: number): void {
    for (const message of ready.messages) {
      if (message.type !== "append-entries-response" || !message.success) continue;
      const leader = this.hosts.get(message.to)?.node;
      const wrong = leader === undefined ? undefined : checkAcknowledgement(node, message, leader);
      if (wrong !== undefined) this.violate("acknowledged-match", wrong);
    }
    if (node.role !== "leader") return;
    const wrongMatch = checkMatchIndexes(node, this.runningNodes());
    if (wrongMatch !== undefined) this.violate("match-index", wrongMatch);
    if (ready.commitIndex > commitBefore) {
      // Running nodes first; a crashed node's disk is read only when they are not enough.
      const wrongCommit =
        checkCommitOnMajority(node, ready.commitIndex, this.copies(false)) &&
        checkCommitOnMajority(node, ready.commitIndex, this.copies(true));
      if (wrongCommit) this.violate("commit-majority", wrongCommit);
    }
  }

  private runningNodes(): ObservedNode[] {
    const nodes: ObservedNode[] = [];
    for (const host of this.hosts.values()) if (host.node !== undefined) nodes.push(host.node);
    return nodes;
  }

  /** Every node's log: a running one as it is; a crashed one's disk only `withDisks` (a copy). */
  private copies(withDisks: boolean): LogView[] {
    const logs: LogView[] = [];
    for (const host of this.hosts.values()) {
      if (host.node !== undefined) logs.push(host.node.log);
      else logs.push(withDisks ? logOf(host.storage.load().entries) : logOf([]));
    }
    return logs;
  }

  private check(id: number, applied: readonly AppliedRecord[]): void {
    const found = this.monitor.observe(Math.floor(this.nowUs / 1000), this.views(), applied, id);
    for (const violation of found) this.violate(violation.invariant, violation.detail);
  }

  private violate(invariant: SimInvariant, detail: string): void {
    this.violations.push({ invariant, detail, atUs: this.nowUs });
    this.trace?.({ t: this.nowUs, kind: "violation", invariant, detail });
  }

  /** Messages into the network; results back to their clients. */
  private dispatch(from: number, outputs: Outputs): void {
    for (const message of outputs.messages) {
      if (message.from !== from)
        throw new Error(`invariant: node ${from} sends as ${message.from}`);
      this.stats.messagesSent++;
      const times = this.network.deliveryTimes(this.nowUs);
      if (this.trace !== undefined) {
        const messageId = this.nextMessageId++;
        this.messageIds.set(message, messageId);
        const base = describe(this.nowUs, message, messageId);
        this.trace(times.length === 0 ? { ...base, kind: "drop", reason: "loss" } : base);
      }
      if (times.length === 0) this.stats.messagesDropped++;
      for (const atUs of times) this.queue.push(atUs, { type: "deliver", message });
    }
    for (const { requestId, outcome } of outputs.results) {
      const op = [...this.inFlight.values()].find((candidate) => candidate.requestId === requestId);
      if (op !== undefined)
        this.queue.push(this.clientArrivalUs(), { type: "client-reply", op, outcome });
    }
  }

  // The viewer's extra trace events --------------------------------------------------------

  /** Log writes, saved votes, applied entries and election timer restarts of one step. */
  private traceStep(id: number, node: NodeObserved, ready: Ready): void {
    const t = this.nowUs;
    const persist = ready.persist;
    if (persist !== undefined) {
      const terms = persist.entries.map((entry) => entry.term);
      const commands = persist.entries.map((entry) => entry.command.join(" "));
      this.trace?.({ t, kind: "log", node: id, from: persist.fromIndex, terms, commands });
    }
    const hard = ready.hardState;
    if (hard !== undefined)
      this.trace?.({ t, kind: "vote", node: id, term: hard.term, vote: hard.votedFor });
    for (const entry of ready.applied)
      this.trace?.({ t, kind: "apply", node: id, index: entry.index });
    this.traceTimer(id, node);
  }

  /** A restarted node's whole log and vote, as its disk kept them. */
  private traceRestart(id: number, node: NodeObserved | undefined): void {
    if (node === undefined) return;
    const entries = [];
    for (let index = 1; index <= node.log.lastIndex(); index++)
      entries.push(node.log.entryAt(index));
    const terms = entries.map((entry) => entry?.term ?? 0);
    const commands = entries.map((entry) => entry?.command.join(" ") ?? "");
    this.trace?.({ t: this.nowUs, kind: "log", node: id, from: 1, terms, commands });
    this.trace?.({
      t: this.nowUs,
      kind: "vote",
      node: id,
      term: node.term,
      vote: node.vote ?? null,
    });
    this.timers.delete(id);
  }

  /** Traced when the timer restarts or draws a new timeout; the viewer counts ticks in between. */
  private traceTimer(id: number, node: NodeObserved): void {
    const elapsed = node.electionElapsedTicks;
    const timeout = node.electionTimeoutTicks;
    if (elapsed === undefined || timeout === undefined) return;
    const last = this.timers.get(id);
    this.timers.set(id, { elapsed, timeout });
    if (last !== undefined && elapsed >= last.elapsed && timeout === last.timeout) return;
    this.trace?.({ t: this.nowUs, kind: "timer", node: id, elapsed, timeout });
  }

  // Faults ------------------------------------------------------------------------------------

  /** An episode's time has come: it strikes now, or arms itself for its trigger. */
  private startEpisode(index: number): void {
    const { trigger } = this.episodes[index]!;
    if (trigger === "time") this.strike(index, undefined);
    else this.armed.set(trigger, [...(this.armed.get(trigger) ?? []), index]);
  }

  /** Leader `id` just won, appended or committed: the episodes armed for it strike it after their delays. */
  private fire(trigger: Trigger, id: number): void {
    const armed = this.armed.get(trigger);
    if (armed === undefined || this.nowUs >= this.quietAtUs) return;
    for (const index of armed) {
      const atUs = this.nowUs + this.episodes[index]!.delayUs;
      this.queue.push(atUs, { type: "strike", episode: index, leader: id });
    }
    this.armed.delete(trigger);
  }

  /** The episode begins (on the triggering leader if it waited for one); it ends durationUs later. */
  private strike(index: number, triggeredBy: number | undefined): void {
    if (this.nowUs >= this.quietAtUs) return;
    const episode = this.episodes[index]!;
    this.queue.push(this.nowUs + episode.durationUs, { type: "fault-end", episode: index });
    const leader = triggeredBy ?? this.leader();
    if (episode.kind === "crash") {
      const target =
        (episode.leader || triggeredBy !== undefined ? leader : undefined) ?? episode.node;
      const host = this.host(target);
      if (!host.up) return;
      const keep = Math.floor(episode.tornFraction * host.unsyncedEntries());
      this.crash(target, keep);
      this.crashedBy.set(index, target);
      this.traceFault(
        "crash",
        index,
        [target],
        keep > 0 ? `torn write: ${keep} unsynced entries kept` : undefined,
      );
      return;
    }
    const isolated = episode.isolateLeader || triggeredBy !== undefined ? leader : undefined;
    const sideA = isolated === undefined ? episode.sideA : [isolated];
    const sideB =
      isolated === undefined
        ? episode.sideB
        : [...this.hosts.keys()].filter((id) => id !== isolated);
    this.linksCutBy.set(index, this.partition(sideA, sideB, episode.asymmetric));
    const how = episode.asymmetric
      ? `${sideA} cannot reach ${sideB} (one way)`
      : `${sideA} | ${sideB}`;
    this.traceFault("partition", index, [...sideA, ...sideB], how);
  }

  private endEpisode(index: number): void {
    const crashed = this.crashedBy.get(index);
    if (crashed !== undefined) {
      this.crashedBy.delete(index);
      if (!this.host(crashed).up) {
        this.restart(crashed);
        this.traceFault("restart", index, [crashed]);
      }
    }
    const links = this.linksCutBy.get(index);
    if (links !== undefined) {
      this.linksCutBy.delete(index);
      this.network.restoreLinks(links);
      this.traceFault("heal", index, []);
    }
  }

  private traceFault(
    fault: string,
    episode: number,
    nodes: readonly number[],
    detail?: string,
  ): void {
    this.trace?.({
      t: this.nowUs,
      kind: "fault",
      fault,
      episode,
      nodes,
      ...(detail ? { detail } : {}),
    });
  }

  /** The faults stop: every link heals, every node restarts, the network calms down. */
  private onQuiet(): void {
    this.network.healAll();
    this.network.calmDown();
    this.linksCutBy.clear();
    this.crashedBy.clear();
    for (const host of this.hosts.values()) if (!host.up) this.restart(host.id);
    this.traceFault("quiet", -1, []);
    this.watchLiveness(false);
  }

  // Liveness ----------------------------------------------------------------------------------

  /** After the faults stop: settled once a leader has committed an entry of its own term. */
  private watchLiveness(termChanged: boolean): void {
    if (termChanged) this.settledAtUs = undefined; // a new election: settle again
    if (this.settledAtUs !== undefined) return;
    const leader = this.leader();
    const node = leader === undefined ? undefined : this.host(leader).node;
    if (node !== undefined && node.log.entryAt(node.commitIndex)?.term === node.term) {
      this.settledAtUs = this.nowUs;
      this.okAfterSettle = 0;
    }
  }

  private onLivenessDeadline(): void {
    if (this.settledAtUs !== undefined) return;
    const bound = this.config.livenessBoundUs / 1e6;
    this.violate(
      "liveness",
      `no leader committed an entry of its term within ${bound} s after the faults stopped`,
    );
  }

  // Clients -----------------------------------------------------------------------------------

  private clientArrivalUs(): number {
    const f = this.faults;
    return this.nowUs + this.random.clients.int(f.minDelayUs, f.maxDelayUs + 1);
  }

  private invoke(client: number): void {
    const r = this.random.clients;
    const id = this.nextOp++;
    const command = randomCommand(r, this.config.keys, id);
    const hint = this.leaderHints.get(client);
    const node = hint !== undefined && r.chance(0.9) ? hint : r.int(1, this.config.nodes + 1);
    const op: InFlightOp = {
      client,
      op: id,
      command,
      requestId: `c${client}-op${id}`,
      node,
      invokedUs: this.nowUs,
    };
    this.inFlight.set(client, op);
    this.history.push({ type: "invoke", client, id, op: command });
    this.trace?.({ t: this.nowUs, kind: "client", client, op: id, event: "invoke", command, node });
    this.queue.push(this.clientArrivalUs(), { type: "client-arrive", op });
    this.queue.push(this.nowUs + this.config.clientTimeoutUs, {
      type: "client-reply",
      op,
      outcome: undefined,
    });
  }

  /** The request reaches its node (lost if the node is down: the client will time out). */
  private onArrive(op: InFlightOp): void {
    if (this.inFlight.get(op.client) !== op || !this.host(op.node).up) return;
    this.step(op.node, { type: "propose", command: op.command, requestId: op.requestId });
  }

  /** A reply, or the timeout (outcome undefined), ends the operation if it is still in flight. */
  private complete(op: InFlightOp, outcome: Outcome | undefined): void {
    if (this.inFlight.get(op.client) !== op) return; // answered already, or timed out
    this.inFlight.delete(op.client);
    const event = completionEvent(op, outcome);
    this.history.push(event);
    this.trace?.({
      t: this.nowUs,
      kind: "client",
      client: op.client,
      op: op.op,
      event: event.type,
    });
    if (outcome?.type === "not-leader" && outcome.leaderId !== undefined)
      this.leaderHints.set(op.client, outcome.leaderId);
    else if (event.type !== "ok") this.leaderHints.delete(op.client);
    if (event.type === "ok") {
      this.stats.opsOk++;
      if (outcome?.type === "applied" && isWrite(op.command))
        this.acknowledged.push({ index: outcome.index, command: op.command });
    } else if (event.type === "fail") this.stats.opsFailed++;
    else this.stats.opsUnknown++;
    this.checkServed(op, event.type);
    const think = this.random.clients.int(this.config.tickUs, 20 * this.config.tickUs);
    this.queue.push(this.nowUs + think, { type: "client-invoke", client: op.client });
  }

  /** Liveness: once settled, an operation sent afterwards must not end unknown. */
  private checkServed(op: InFlightOp, completion: HistoryEvent["type"]): void {
    if (this.settledAtUs === undefined || op.invokedUs < this.settledAtUs) return;
    if (completion === "ok") this.okAfterSettle++;
    if (completion === "info")
      this.violate(
        "liveness",
        `client ${op.client}'s [${op.command.join(" ")}] sent at ${op.invokedUs / 1e6} s, after the cluster settled, got no answer`,
      );
  }

  /** End of run: acknowledged writes, linearizability, clients served after the faults. */
  private finish(): SimResult {
    if (this.finished !== undefined) return this.finished;
    let linearizability: SimResult["linearizability"] = "not-checked";
    if (!this.halted) {
      for (const violation of this.monitor.finish(
        Math.floor(this.nowUs / 1000),
        this.acknowledged,
        this.views(),
      ))
        this.violate(violation.invariant, violation.detail);
      if (this.config.clients > 0 && this.settledAtUs !== undefined && this.okAfterSettle === 0)
        this.violate("liveness", "no client operation succeeded after the cluster settled");
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
/** The 06 node's getters beyond what 07's harness needs (a learner's node may lack them). */
interface NodeObserved {
  readonly term: number;
  readonly log: NodeView["log"];
  readonly vote?: number | null;
  readonly electionElapsedTicks?: number;
  readonly electionTimeoutTicks?: number;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(
  t: number,
  message: Message,
  id: number | undefined,
): Extract<TraceEvent, { kind: "send" | "deliver" | "drop" }> {
  return {
    t,
    kind: "send",
    from: message.from,
    to: message.to,
    type: message.type,
    term: message.term,
    ...(id !== undefined ? { id } : {}),
    ...messageFields(message),
  };
}

/** The indices a reader of the trace needs to follow the message (Figure 2's arguments). */
function messageFields(message: Message): object {
  switch (message.type) {
    case "append-entries":
      return {
        entries: message.entries.length,
        prev: message.prevIndex,
        commit: message.leaderCommit,
      };
    case "append-entries-response":
      return { ok: message.success, match: message.matchIndex };
    case "request-vote":
      return { lastIndex: message.lastLogIndex, lastTerm: message.lastLogTerm };
    case "request-vote-response":
      return { granted: message.granted };
  }
}
// solution:end

/** One seed's run, start to finish. */
export function runSimulation(options: SimOptions): SimResult {
  return new Simulation(options).run();
}
