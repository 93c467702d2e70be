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
  return loadConfigFile(path, parseCompactingConfig);
}

/** 09's checks for everything but "compaction", and the policy's own checks for it. */
export function parseCompactingConfig(json: unknown, baseDir: string): CompactingClusterConfig {
  const { section, rest } = takeSection(json, "compaction");
  return { config: parseClusterConfig(rest, baseDir), compaction: parsePolicy(section) };
}

/**
 * Reads a cluster file as JSON and parses it with `parse`, given the file's folder (a relative
 * dataDir is relative to it). ConfigError with one line when the file cannot be read. Stage 11
 * reads its own cluster file with it too.
 */
export function loadConfigFile<T>(path: string, parse: (json: unknown, baseDir: string) => T): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const problem = code === undefined ? (cause as Error).message : code;
    throw new ConfigError(`cannot read config file ${path} (${problem})`);
  }
  return parse(json, dirname(resolve(path)));
}

/**
 * A later stage's own object in the cluster file (undefined when left out), and the rest for the
 * parser below it, which knows no such key. ConfigError unless both are JSON objects.
 */
export function takeSection(
  json: unknown,
  key: string,
): { section: Readonly<Record<string, unknown>> | undefined; rest: Record<string, unknown> } {
  if (!isObject(json)) throw new ConfigError("config must be a JSON object");
  const { [key]: section, ...rest } = json;
  if (section !== undefined && !isObject(section))
    throw new ConfigError(`config: ${key} must be an object`);
  return { section, rest };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parsePolicy(
  value: Readonly<Record<string, unknown>> | undefined,
): Partial<CompactionPolicy> {
  if (value === undefined) return {};
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
