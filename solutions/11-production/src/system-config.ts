// Stage 11's cluster file: stage 10's, plus an optional "production" object switching this
// stage's features: {"preVote": bool, "checkQuorum": bool, "readIndex": bool} (each on by
// default; readIndex off sends reads through the log, as 09 does), and leases (§6.4.1, off by
// default): {"lease": {"driftMarginMs": N}}. 10's parser knows no such key, so it is taken out
// first.
import {
  type CompactingClusterConfig,
  loadConfigFile,
  parseCompactingConfig,
  takeSection,
} from "#compaction";
import { type ClusterConfig, ConfigError } from "#system";

export interface ProductionFeatures {
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  /** Reads by ReadIndex (§6.4); false: through the log. */
  readonly readIndex: boolean;
  /**
   * §6.4.1 leader leases, off when absent: the leader serves reads alone until a minimum election
   * timeout after a confirmed heartbeat round, less this margin for the clocks' drift.
   */
  readonly lease?: { readonly driftMarginMs: number };
}

/** The three switches, each on by default (leases are off unless the file asks). */
const defaultSwitches = { preVote: true, checkQuorum: true, readIndex: true };

export const defaultFeatures: ProductionFeatures = defaultSwitches;

export interface ProductionClusterConfig extends CompactingClusterConfig {
  readonly features: ProductionFeatures;
}

/** Reads and checks a stage 11 cluster file; ConfigError with one line on any problem. */
export function loadProductionConfig(path: string): ProductionClusterConfig {
  return loadConfigFile(path, parseProductionConfig);
}

export function parseProductionConfig(json: unknown, baseDir: string): ProductionClusterConfig {
  const { section, rest } = takeSection(json, "production");
  const config = parseCompactingConfig(rest, baseDir);
  const features = parseFeatures(section);
  if (features.lease !== undefined) checkLease(features, config.config);
  return { ...config, features };
}

function parseFeatures(value: Readonly<Record<string, unknown>> | undefined): ProductionFeatures {
  if (value === undefined) return defaultFeatures;
  const { lease, ...flags } = value;
  const features: Record<string, boolean> = { ...defaultSwitches };
  for (const [key, flag] of Object.entries(flags)) {
    if (!(key in features)) throw new ConfigError(`config: unknown key 'production.${key}'`);
    if (typeof flag !== "boolean")
      throw new ConfigError(`config: production.${key} must be true or false`);
    features[key] = flag;
  }
  const parsed = features as unknown as ProductionFeatures;
  return lease === undefined ? parsed : { ...parsed, lease: parseLease(lease) };
}

function parseLease(value: unknown): { driftMarginMs: number } {
  const shape = `config: production.lease must be {"driftMarginMs": a whole number of ms ≥ 0}`;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ConfigError(shape);
  const { driftMarginMs, ...others } = value as Record<string, unknown>;
  const unknown = Object.keys(others)[0];
  if (unknown !== undefined)
    throw new ConfigError(`config: unknown key 'production.lease.${unknown}'`);
  if (typeof driftMarginMs !== "number" || !Number.isInteger(driftMarginMs) || driftMarginMs < 0)
    throw new ConfigError(shape);
  return { driftMarginMs };
}

/** A lease rests on Pre-Vote's promise and serves ReadIndex reads; its margin must leave it time. */
function checkLease(features: ProductionFeatures, config: ClusterConfig): void {
  // solution:begin
  if (!features.preVote)
    throw new ConfigError(
      "config: production.lease needs production.preVote (a node that heard from a leader must refuse to vote, §6.4.1)",
    );
  if (!features.readIndex)
    throw new ConfigError(
      "config: production.lease needs production.readIndex (a lease serves reads)",
    );
  const marginTicks = leaseMarginTicks(features, config);
  if (marginTicks >= config.electionTicks)
    throw new ConfigError(
      `config: production.lease.driftMarginMs must be under the election timeout (${config.electionTicks * config.tickMs} ms), or the lease never holds`,
    );
  // solution:end
  // starter: throw new Error("not implemented: checkLease (§6.4.1: what a lease rests on, and a margin that leaves the lease some time)");
}

/** The lease's margin in the node's ticks, rounded up (a larger margin is the safe side). */
export function leaseMarginTicks(
  features: ProductionFeatures,
  config: { readonly tickMs: number },
): number {
  return Math.ceil((features.lease?.driftMarginMs ?? 0) / config.tickMs);
}
