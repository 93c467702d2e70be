// Stage 10's cluster file: 09's, plus an optional "compaction" object saying when each node
// compacts its log: {"maxLogEntries": N, "maxLogBytes": B} (either may be left out; the node's
// defaults then apply). 09's own keys are checked by 09's parser, which knows no other key, so
// "compaction" is taken out first.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type ClusterConfig, ConfigError, parseClusterConfig } from "#system";
import { type CompactionPolicy, checkCompactionPolicy } from "./node-compaction.ts";

export interface CompactingClusterConfig {
  readonly config: ClusterConfig;
  readonly compaction: Partial<CompactionPolicy>;
}

const policyKeys = new Set(["maxLogEntries", "maxLogBytes"]);

/** Reads and checks a stage 10 cluster file; ConfigError with one line on any problem. */
export function loadCompactingConfig(path: string): CompactingClusterConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const problem = code === undefined ? (cause as Error).message : code;
    throw new ConfigError(`cannot read config file ${path} (${problem})`);
  }
  return parseCompactingConfig(json, dirname(resolve(path)));
}

/** 09's checks for everything but "compaction", and the policy's own checks for it. */
export function parseCompactingConfig(json: unknown, baseDir: string): CompactingClusterConfig {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new ConfigError("config must be a JSON object");
  const { compaction, ...rest } = json as Record<string, unknown>;
  return { config: parseClusterConfig(rest, baseDir), compaction: parsePolicy(compaction) };
}

function parsePolicy(value: unknown): Partial<CompactionPolicy> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ConfigError("config: compaction must be an object");
  for (const key of Object.keys(value))
    if (!policyKeys.has(key)) throw new ConfigError(`config: unknown key 'compaction.${key}'`);
  const policy = value as Partial<CompactionPolicy>;
  try {
    checkCompactionPolicy(policy);
  } catch (cause) {
    throw new ConfigError(`config: compaction: ${(cause as Error).message}`);
  }
  return policy;
}
