// The production node in 07's harness and 08's simulator, with every feature on: a ProductionNode
// (Pre-Vote, CheckQuorum, transfers, ReadIndex reads, optionally a lease) over stage 10's
// compacting node (compacting aggressively), as one node their NodeFactory can make. What the
// simulator's clients send is 06's vocabulary, so this plug translates: a GET proposal becomes a
// ReadIndex read (§6.4), answered from the state machine once the node says the read may be
// served, as an "applied" result the clients record in the history that 07's linearizability
// checker reads; a leader now and then hands leadership to a random peer (§3.10), as an operator
// would, so transfers happen in every run.
import { fileURLToPath } from "node:url";
import {
  aggressiveCompaction,
  type CompactingNode,
  checkCompactionPolicy,
  compactingStorage,
  createCompactingNode,
  type NodeFactory,
  type RestoredWithSnapshot,
  SnapshotKvStore,
} from "#compaction";
import { isReadOnly } from "#kv";
import type { Command, ElectionRandom, ProposalResult, Input as RaftInput } from "#raft";
import type { ProductionConfig } from "./config.ts";
import type { Input, Ready } from "./messages.ts";
import { ProductionNode } from "./node.ts";
import { mergeReadies, quietReady, withoutReads } from "./ready-builder.ts";
import { SessionStateMachine } from "./sessions.ts";
import { ProductionRules, readCoversCommitted } from "./sim-rules.ts";
import { clientOf, SimSessions } from "./sim-sessions.ts";
import { CompactingInner, isSnapshotMessage, stepSnapshotMessage } from "./system-inner.ts";

type HarnessNode = ReturnType<NodeFactory>;

/** This file, for tests that load it again with a mutant applied to a file it imports. */
export const productionSimNodePath = fileURLToPath(import.meta.url);

export interface ProductionSimOptions {
  /** §6.4.1: leases on, with this drift margin (ticks). Off by default: ReadIndex rounds only. */
  readonly lease?: { readonly driftMarginTicks: number };
  /** A leader transfers leadership on a tick with this probability (§3.10). */
  readonly transferRatePerTick?: number;
  /**
   * Transfers are a fault: they stop at about this simulated time, µs (before the simulator's
   * quiet period, whose liveness check wants a leader that stays). Counted in ticks of the
   * node that ticked most (10 ms each); no end by default.
   */
  readonly transfersUntilUs?: number;
  /** The plug's own reads on each tick of a leader, checked by §6.4's rule; on by default. */
  readonly probeReads?: boolean;
  /** Client sessions (§6.3): the clients' writes in sessions, and retried; on by default. */
  readonly sessions?: boolean;
  /**
   * A leader's clock misses this share of its ticks while it leads (0 by default): with a lease,
   * the drift its margin must cover (§6.4.1). Leaders are otherwise the nodes with the fastest
   * clocks (they time out first), whose leases end early: random drift alone rarely shows it.
   */
  readonly leaderClockSlowdown?: number;
}

/** A leader resends some client's last write on this share of its ticks (§6.3's retries). */
export const simRetryRatePerTick = 0.05;

/** The simulator's tick (08's default), to count simulated time in ticks. */
const simTickUs = 10_000;

/**
 * When a run of `simSeconds` should stop its transfers: half way to a second before 08's quiet
 * period. The nodes count simulated time in their own ticks, and a node that is down does not
 * tick: in a run with many crashes the count lags (seed 27 of 30 s still transferred at 29.8 s
 * with the whole span), so the window leaves that much slack.
 */
export function simTransfersUntilUs(simSeconds: number): number {
  const quietPeriodUs = 5_000_000; // 08's liveness bound and quiet margin
  return Math.max(0, (simSeconds * 1_000_000 - quietPeriodUs - 1_000_000) / 2);
}

/** About one transfer per half a simulated second of leadership (10 ms ticks). */
export const simTransferRatePerTick = 0.02;

/**
 * The smallest safe lease margin (§6.4.1) for clocks whose tick intervals are off by up to
 * `maxClockError` (drift plus jitter, as a fraction): the leader's lease of T - m of its ticks,
 * counted from when its heartbeat left, must end before a follower, which counts T of its own
 * ticks from when the heartbeat arrived (at most T - 1 whole intervals), may vote again.
 */
export function safeDriftMarginTicks(minElectionTicks: number, maxClockError: number): number {
  const followerIntervals = (minElectionTicks - 1) * (1 - maxClockError);
  return Math.max(0, Math.ceil(minElectionTicks - followerIntervals / (1 + maxClockError)));
}

/** What the nodes of one run share: the plug's view of the whole cluster. */
class RunState {
  readonly sessions = new SimSessions();
  /** Ticks per node id, across restarts: the most any node counted is about the simulated time. */
  readonly ticks = new Map<number, number>();
  committed = 0;
}

/**
 * A factory of production nodes over compacting nodes, every feature on, for the simulator; the
 * nodes it makes share one run's state (make a factory per run, or use productionSimulation).
 */
export function productionNodeFactory(
  options: ProductionSimOptions = {},
  runState: () => RunState = oneRun(),
): NodeFactory {
  const compaction = checkCompactionPolicy(aggressiveCompaction);
  const transferRate = options.transferRatePerTick ?? simTransferRatePerTick;
  const untilTicks = (options.transfersUntilUs ?? Number.POSITIVE_INFINITY) / simTickUs;
  return (config, storage, random) => {
    const run = runState();
    const transfersOn = () => Math.max(0, ...run.ticks.values()) < untilTicks;
    // The harness and the simulator configure no state machine: the node's own SnapshotKvStore.
    const { stateMachine: _, ...raft } = config;
    const restored = storage as unknown as { load(): RestoredWithSnapshot };
    // §6.3: the session table over stage 10's store, both in the snapshot.
    const stateMachine = new SessionStateMachine(new SnapshotKvStore());
    const node = createCompactingNode({ ...raft, compaction, stateMachine }, restored, random);
    const production: ProductionConfig = {
      ...raft,
      preVote: true,
      checkQuorum: true,
      lease: options.lease,
    };
    // The simulator carries out stage 10's effects and passes on messages of any type: the wider
    // Ready is its to read (as compactingNodeFactory's is).
    const clock = {
      tick: () => run.ticks.set(config.id, (run.ticks.get(config.id) ?? 0) + 1),
      transferRate: () => (transfersOn() ? transferRate : 0),
      committed: (index = 0) => {
        run.committed = Math.max(run.committed, index);
        return run.committed;
      },
    };
    const probes = options.probeReads ?? true;
    const sessions = options.sessions ?? true;
    const sim: ProductionSimNode = new ProductionSimNode(
      node,
      production,
      random,
      clock,
      probes,
      run.sessions,
      sessions,
    );
    sim.leaderClockSlowdown = options.leaderClockSlowdown ?? 0;
    return sim as unknown as HarnessNode;
  };
}

function oneRun(): () => RunState {
  const run = new RunState();
  return () => run;
}

/**
 * The node factory and the disks for a simulator that reuses them across runs (08's command
 * line): 08 makes every machine's disk at the start of a run, before any node, so a new disk
 * starts a new run's shared state; restarts within a run make no disk (a crash keeps it).
 */
export function productionSimulation(options: ProductionSimOptions = {}): {
  createNode: NodeFactory;
  createStorage: () => ReturnType<typeof compactingStorage>;
} {
  let run = new RunState();
  return {
    createNode: productionNodeFactory(options, () => run),
    createStorage: () => {
      run = new RunState();
      return compactingStorage();
    },
  };
}

/** The run's clock as the nodes count it, and whether transfers are still on. */
interface SimClock {
  tick(): void;
  transferRate(): number;
  /** The highest commit index any node of the run has reached so far (entries committed). */
  committed(index?: number): number;
}

/** One simulated machine's node: the production node, reads and transfers translated. */
export class ProductionSimNode {
  readonly production: ProductionNode;
  private readonly inner: CompactingInner;
  private readonly random: ElectionRandom;
  private readonly clock: SimClock;
  /** GETs being read through ReadIndex, by their request id (the read id). */
  private readonly reads = new Map<string, { command: Command; committedBefore: number }>();
  private readonly sessions: SimSessions;
  private readonly useSessions: boolean;
  /** Whether the plug reads by itself on a leader's ticks, and how many it sent. */
  private readonly probeReads: boolean;
  private probes = 0;
  /** Stage 11's own rules, checked after every step (sim-rules.ts). */
  private readonly rules: ProductionRules;
  /** The vote request the last step ignored (§6.4.1: no answer, its term not adopted). */
  private ignoredVoteRequest: unknown;

  constructor(
    node: CompactingNode,
    config: ProductionConfig,
    random: ElectionRandom,
    clock: SimClock,
    probeReads = true,
    sessions: SimSessions = new SimSessions(),
    useSessions = false,
  ) {
    this.inner = new CompactingInner(node);
    this.production = new ProductionNode(config, this.inner);
    this.random = random;
    this.clock = clock;
    this.probeReads = probeReads;
    this.sessions = sessions;
    this.useSessions = useSessions;
    this.rules = new ProductionRules(config);
  }

  get id(): number {
    return this.production.id;
  }
  get role(): ProductionNode["role"] {
    return this.production.role;
  }
  get term(): number {
    return this.production.term;
  }
  get leaderId(): number | undefined {
    return this.production.leaderId;
  }
  get vote(): number | null {
    return this.production.vote;
  }
  get commitIndex(): number {
    return this.production.commitIndex;
  }
  get lastApplied(): number {
    return this.production.lastApplied;
  }
  get log(): CompactingNode["log"] {
    return this.inner.node.log;
  }
  progressOf(peer: number): ReturnType<ProductionNode["progressOf"]> {
    return this.production.progressOf(peer);
  }

  /**
   * For 08's Figure 2 check: the messages whose higher term this node does not adopt, by design.
   * A pre-vote asks for a term no one adopts (§9.6); ReadIndex requests and answers carry the
   * asker's term but decide nothing (a stale leader's read round cannot reach a majority of its
   * old term, and a read heartbeat of a higher term is adopted); a vote request is ignored under a
   * lease (§6.4.1).
   */
  keepsTermOn(message: { readonly type: string }): boolean {
    if (termlessMessages.has(message.type)) return true;
    return message === this.ignoredVoteRequest;
  }

  /**
   * §6.4.1's hazard on purpose: while this node leads, its clock misses this share of its ticks
   * (a leader's clock running slow against its followers', beyond 08's own drift). 0: none.
   */
  leaderClockSlowdown = 0;
  private missedTicks = 0;

  step(input: RaftInput): Ready {
    if (input.type === "tick" && this.missesTick()) return quietReady(this.production);
    const before = { term: this.production.term, vote: this.production.vote };
    const readies = [...this.transfers(input), ...this.probeRead(input), ...this.retry(input)];
    const session = this.sessionWrite(input);
    const last = this.stepOne(session.input);
    if (session.input.type === "propose")
      this.sessions.accepted(
        clientOf(session.input.requestId),
        session.input.command,
        last,
        session.input.requestId,
      );
    const merged = mergeReadies([...readies, ...session.before, last], this.inner.node);
    this.sessions.check(this.id, merged.applied);
    const ready = { ...merged, results: this.sessions.results(merged.results) };
    this.ignoredVoteRequest = ignoredVoteRequest(input, ready);
    this.rules.check(this.production, input, ready, before);
    this.clock.committed(this.production.commitIndex);
    const extras = this.inner.takeExtras();
    const results = [...ready.results, ...this.servedReads(ready)];
    return {
      ...ready,
      results,
      messages: [...ready.messages, ...extras.messages],
      saveSnapshot: extras.saveSnapshot,
      installSnapshot: extras.installSnapshot,
    } as Ready;
  }

  /** §3.10 as an operator's action: now and then, on a tick, the leader hands over to a peer. */
  /**
   * On each tick of a leader, the plug reads by itself (no client): a read served below what was
   * committed when it arrived breaks §6.4 (sim-rules.ts), and a deposed leader that still serves
   * reads (a lease outliving its drift margin, a read without its heartbeat round) shows at once,
   * not only when a client happens to read the key another leader just wrote.
   */
  private probeRead(input: RaftInput): Ready[] {
    if (!this.probeReads || input.type !== "tick" || this.production.role !== "leader") return [];
    const readId = `probe-${this.id}-${++this.probes}`;
    this.reads.set(readId, { command: [], committedBefore: this.clock.committed() });
    return [this.production.step({ type: "read", readId })];
  }

  /** Whether a leader's slow clock misses this tick (a steady share of them, no randomness). */
  private missesTick(): boolean {
    if (this.leaderClockSlowdown === 0 || this.production.role !== "leader") return false;
    this.missedTicks += this.leaderClockSlowdown;
    if (this.missedTicks < 1) return false;
    this.missedTicks -= 1;
    return true;
  }

  /** §6.3: a client's write as its session command (sim-sessions.ts). */
  private sessionWrite(input: RaftInput): { before: Ready[]; input: RaftInput } {
    if (!this.useSessions || input.type !== "propose" || this.production.role !== "leader")
      return { before: [], input };
    if (input.command.length === 0 || isReadOnly(input.command)) return { before: [], input };
    return this.sessions.write(input, (step) => this.production.step(step));
  }

  /** §6.3: on a leader's tick, now and then, a client's last write once more (its retry). */
  private retry(input: RaftInput): Ready[] {
    if (!this.useSessions || input.type !== "tick" || this.production.role !== "leader") return [];
    const roll = this.random.int(0, 1_000_000) / 1_000_000;
    const pick = (n: number) => this.random.int(0, n);
    return this.sessions.retry(roll, simRetryRatePerTick, pick, (step) =>
      this.production.step(step),
    );
  }

  private transfers(input: RaftInput): Ready[] {
    if (input.type !== "tick") return [];
    this.clock.tick();
    if (this.production.role !== "leader" || this.production.transferTarget !== undefined)
      return [];
    const rate = this.clock.transferRate();
    if (rate === 0 || this.random.int(0, 1_000_000) >= rate * 1_000_000) return [];
    const peers = this.production.peers;
    const to = peers[this.random.int(0, peers.length)] as number;
    return [this.production.step({ type: "transfer", to })];
  }

  private stepOne(input: RaftInput): Ready {
    const compaction = input as unknown as { type: string; message?: { type: string } };
    if (compaction.type === "snapshot-saved" || compaction.type === "snapshot-installed")
      return withoutReads(this.inner.stepCompaction(input as never));
    if (input.type === "message" && isSnapshotMessage(input.message))
      return stepSnapshotMessage(this.inner, this.production, input.message);
    if (input.type === "propose" && input.command.length > 0 && isReadOnly(input.command)) {
      const committedBefore = this.clock.committed();
      this.reads.set(input.requestId, { command: input.command, committedBefore });
      return this.production.step({ type: "read", readId: input.requestId });
    }
    return this.production.step(input as Input);
  }

  /** The reads this step settled, as results: a served read answers from the state machine now. */
  private servedReads(ready: Ready): ProposalResult[] {
    const results: ProposalResult[] = [];
    for (const { readId, outcome } of ready.reads) {
      const read = this.reads.get(readId);
      if (read === undefined) continue;
      this.reads.delete(readId);
      const { command, committedBefore } = read;
      if (command.length === 0) {
        if (outcome.type === "ready")
          readCoversCommitted(this.id, ["(probe)"], outcome.index, committedBefore);
        continue;
      }
      if (outcome.type === "failed") {
        results.push({
          requestId: readId,
          outcome: { type: "not-leader", leaderId: outcome.leaderId },
        });
        continue;
      }
      readCoversCommitted(this.id, command, outcome.index, committedBefore);
      // Served once applied through the read index: the state machine is at least that recent.
      const reply = (this.inner.node.stateMachine as unknown as SessionStateMachine).query(command);
      results.push({
        requestId: readId,
        outcome: { type: "applied", index: outcome.index, reply },
      });
    }
    return results;
  }
}

const termlessMessages = new Set(["pre-vote", "read-index", "read-index-response"]);

/** The vote request `input` carried, if the node sent no answer to it: it ignored it. */
function ignoredVoteRequest(input: RaftInput, ready: Ready): unknown {
  if (input.type !== "message" || input.message.type !== "request-vote") return undefined;
  const request = input.message;
  const answered = ready.messages.some(
    (message) => message.type === "request-vote-response" && message.to === request.from,
  );
  return answered ? undefined : request;
}
