// What a simulated run is made of. ONE fault distribution for every run, the reference and every
// buggy variant alike: the simulator is not told which bug to look for.
import type { Random } from "@rafting/runtime";
import type { ReplicationLimits } from "#raft";
import type { HarnessStorage, NodeFactory } from "#testing";
import type { TraceEvent } from "./trace.ts";

/** How often each kind of trouble happens. Rates are probabilities per message, per sync, … */
export interface FaultDistribution {
  /** Messages: lost, delivered twice, or delayed far beyond the usual (which reorders them). */
  readonly lossRate: number;
  readonly duplicateRate: number;
  readonly minDelayUs: number;
  readonly maxDelayUs: number;
  readonly slowRate: number;
  readonly maxSlowDelayUs: number;
  /**
   * A message also arrives once more, much later (a copy the network held on to: a retransmission,
   * a route that healed): an old request or reply that turns up after elections have moved on.
   * The late copy's delay is log-uniform up to maxLateCopyDelayUs.
   */
  readonly lateCopyRate: number;
  readonly maxLateCopyDelayUs: number;
  /**
   * A newly elected leader is sent again, this often, some of the last responses it was sent on
   * each link (stale-replays.ts), up to maxStaleReplayDelayUs after its win: answers to requests
   * of its earlier terms that reach it after it has moved on.
   */
  readonly staleReplayRate: number;
  readonly maxStaleReplayDelayUs: number;
  /** Disk: a sync takes this long (unsynced writes are what a crash loses); some are slow. */
  readonly minSyncUs: number;
  readonly maxSyncUs: number;
  readonly slowSyncRate: number;
  readonly maxSlowSyncUs: number;
  /** Fault episodes (crashes, partitions) start on average this far apart. */
  readonly meanFaultGapUs: number;
  /** Out of all episodes: crashes; the rest are partitions. */
  readonly crashShare: number;
  /** Crashes and isolations aim at the current leader this often (else a random node). */
  readonly targetLeaderRate: number;
  /**
   * Episodes that wait for a leader to win an election, append an entry or advance its commit
   * index, or for a node to grant a vote (after the episode's time), and strike that node up to
   * maxStrikeDelayUs later. Together at most 1; the rest strike at their time.
   */
  readonly electedTriggerRate: number;
  readonly appendedTriggerRate: number;
  readonly committedTriggerRate: number;
  readonly votedTriggerRate: number;
  readonly maxStrikeDelayUs: number;
  /** Partitions that cut one direction only (A cannot reach B, B still reaches A). */
  readonly asymmetricRate: number;
  /** Partitions that isolate one node (else a random split into two sides). */
  readonly isolateRate: number;
  readonly minEpisodeUs: number;
  readonly maxEpisodeUs: number;
  /** A crash keeps a prefix of the unsynced entries (a torn write) this often. */
  readonly tornWriteRate: number;
  /** Clocks: each node's tick interval is off by up to ±maxDriftRate, and each tick varies by ±tickJitterRate. */
  readonly maxDriftRate: number;
  readonly tickJitterRate: number;
  /**
   * Swarm testing: each seed scales the episode and network knobs by its own random factors
   * (rates by 0..swarmSpread, the gap between episodes by swarmSpread^±1), so some seeds are
   * calm, some hammer the leader, some only drop messages. 0: every seed gets these exact values.
   */
  readonly swarmSpread: number;
}

export const defaultFaults: FaultDistribution = {
  lossRate: 0.02,
  duplicateRate: 0.04,
  minDelayUs: 500,
  maxDelayUs: 5_000,
  slowRate: 0.03,
  maxSlowDelayUs: 150_000,
  lateCopyRate: 0.04,
  maxLateCopyDelayUs: 2_000_000,
  staleReplayRate: 0.5,
  maxStaleReplayDelayUs: 100_000,
  minSyncUs: 100,
  maxSyncUs: 2_000,
  slowSyncRate: 0.05,
  maxSlowSyncUs: 30_000,
  meanFaultGapUs: 50_000,
  crashShare: 0.5,
  targetLeaderRate: 0.6,
  electedTriggerRate: 0.25,
  appendedTriggerRate: 0.15,
  committedTriggerRate: 0.15,
  votedTriggerRate: 0.15,
  maxStrikeDelayUs: 100_000,
  asymmetricRate: 0.3,
  isolateRate: 0.4,
  minEpisodeUs: 10_000,
  maxEpisodeUs: 1_000_000,
  tornWriteRate: 0.5,
  maxDriftRate: 0.05,
  tickJitterRate: 0.02,
  swarmSpread: 2,
};

/** Knobs a seed scales by 0..swarmSpread (capped at 1 for probabilities). */
const swarmedRates = [
  "lossRate",
  "duplicateRate",
  "slowRate",
  "crashShare",
  "targetLeaderRate",
  "electedTriggerRate",
  "appendedTriggerRate",
  "committedTriggerRate",
  "votedTriggerRate",
  "asymmetricRate",
  "isolateRate",
] as const;

const triggerRates = [
  "electedTriggerRate",
  "appendedTriggerRate",
  "committedTriggerRate",
  "votedTriggerRate",
] as const;

/** This seed's own intensities (swarm testing): the same distribution, a different mix per seed. */
export function swarmFaults(random: Random, faults: FaultDistribution): FaultDistribution {
  const spread = faults.swarmSpread;
  if (spread === 0) return faults;
  const swarmed: Record<string, number> = { ...faults };
  for (const name of swarmedRates)
    swarmed[name] = Math.min(1, faults[name] * spread * random.next());
  // The triggers share one roll: together they must not exceed 1.
  const triggers = triggerRates.reduce((sum, name) => sum + swarmed[name]!, 0);
  if (triggers > 1) for (const name of triggerRates) swarmed[name] = swarmed[name]! / triggers;
  swarmed.meanFaultGapUs = Math.round(faults.meanFaultGapUs * spread ** (2 * random.next() - 1));
  // Drawn last, so that adding it left every earlier draw (and so every seed's plan) as it was.
  swarmed.lateCopyRate = Math.min(1, faults.lateCopyRate * spread * random.next());
  swarmed.staleReplayRate = Math.min(1, faults.staleReplayRate * spread * random.next());
  return swarmed as unknown as FaultDistribution;
}

export interface SimOptions {
  readonly seed: number;
  /** Nodes 1..nodes; 3 to 9. */
  readonly nodes?: number;
  readonly simSeconds?: number;
  /** The node under test: 06's createRaftNode by default (or a buggy variant of it). */
  readonly createNode?: NodeFactory;
  /** Each machine's disk: 03's MemoryStorage by default (stage 10 passes one that keeps snapshots). */
  readonly createStorage?: () => HarnessStorage;
  readonly faults?: Partial<FaultDistribution>;
  /** Apply only the first `maxFaults` episodes of the schedule (shrinking); all by default. */
  readonly maxFaults?: number;
  /** Small caps (one entry per AppendEntries) make rare interleavings such as Figure 8 reachable. */
  readonly limits?: Partial<ReplicationLimits>;
  readonly tickUs?: number;
  readonly electionTimeoutTicks?: number;
  readonly clients?: number;
  readonly keys?: number;
  readonly clientTimeoutUs?: number;
  /** After faults stop, the cluster must elect a leader and commit within this long. */
  readonly livenessBoundUs?: number;
  /** Every event of the run, for --trace; nothing is built when absent. */
  readonly trace?: (event: TraceEvent) => void;
  /** Also trace every clock tick (large: for the drift test). */
  readonly traceTicks?: boolean;
}

/** The options with every default filled in and checked. */
export interface SimConfig
  extends Required<
    Omit<SimOptions, "createNode" | "createStorage" | "trace" | "faults" | "maxFaults">
  > {
  readonly faults: FaultDistribution;
  readonly maxFaults: number;
  readonly limits: Partial<ReplicationLimits>;
}

export const simDefaults = {
  nodes: 5,
  simSeconds: 30,
  tickUs: 10_000,
  electionTimeoutTicks: 15,
  clients: 3,
  keys: 3,
  clientTimeoutUs: 1_000_000,
  livenessBoundUs: 2_000_000,
  limits: { maxEntriesPerMessage: 1, maxInflightPerFollower: 1 },
} as const;

export function simConfig(options: SimOptions): SimConfig {
  const config: SimConfig = {
    seed: options.seed,
    nodes: options.nodes ?? simDefaults.nodes,
    simSeconds: options.simSeconds ?? simDefaults.simSeconds,
    tickUs: options.tickUs ?? simDefaults.tickUs,
    electionTimeoutTicks: options.electionTimeoutTicks ?? simDefaults.electionTimeoutTicks,
    clients: options.clients ?? simDefaults.clients,
    keys: options.keys ?? simDefaults.keys,
    clientTimeoutUs: options.clientTimeoutUs ?? simDefaults.clientTimeoutUs,
    livenessBoundUs: options.livenessBoundUs ?? simDefaults.livenessBoundUs,
    limits: options.limits ?? simDefaults.limits,
    faults: { ...defaultFaults, ...options.faults },
    maxFaults: options.maxFaults ?? Number.POSITIVE_INFINITY,
    traceTicks: options.traceTicks ?? false,
  };
  checkConfig(config);
  return config;
}

function checkConfig(config: SimConfig): void {
  const integer = (name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isSafeInteger(value) || value < min || value > max)
      throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${value}`);
  };
  integer("seed", config.seed, 0);
  integer("nodes", config.nodes, 3, 9);
  integer("clients", config.clients, 0, 50);
  integer("keys", config.keys, 1, 100);
  integer("tickUs", config.tickUs, 100);
  integer("clientTimeoutUs", config.clientTimeoutUs, 1);
  integer("livenessBoundUs", config.livenessBoundUs, 1);
  if (!(config.simSeconds > 0 && config.simSeconds <= 3600))
    throw new RangeError(`simSeconds must be in (0, 3600], got ${config.simSeconds}`);
  if (!(config.maxFaults >= 0))
    throw new RangeError(`maxFaults must be ≥ 0, got ${config.maxFaults}`);
  for (const [name, value] of Object.entries(config.faults)) {
    if (!(Number.isFinite(value) && value >= 0))
      throw new RangeError(`faults.${name} must be a number ≥ 0, got ${value}`);
    if (name.endsWith("Rate") || name.endsWith("Share"))
      if (value > 1) throw new RangeError(`faults.${name} must be in [0, 1], got ${value}`);
  }
  const triggers = triggerRates.reduce((sum, name) => sum + config.faults[name], 0);
  if (triggers > 1 + 1e-9)
    throw new RangeError(`faults: the trigger rates must add up to at most 1, got ${triggers}`);
}
