// Stage 11's cluster file: stage 10's, plus an optional "production" object switching this
// stage's features: {"preVote": bool, "checkQuorum": bool, "readIndex": bool} (each on by
// default; readIndex off sends reads through the log, as 09 does). 10's parser knows no such
// key, so it is taken out first.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type CompactingClusterConfig, parseCompactingConfig } from "#compaction";
import { ConfigError } from "#system";

export interface ProductionFeatures {
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  /** Reads by ReadIndex (§6.4); false: through the log. */
  readonly readIndex: boolean;
}

export const defaultFeatures: ProductionFeatures = {
  preVote: true,
  checkQuorum: true,
  readIndex: true,
};

export interface ProductionClusterConfig extends CompactingClusterConfig {
  readonly features: ProductionFeatures;
}

/** Reads and checks a stage 11 cluster file; ConfigError with one line on any problem. */
export function loadProductionConfig(path: string): ProductionClusterConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const problem = code === undefined ? (cause as Error).message : code;
    throw new ConfigError(`cannot read config file ${path} (${problem})`);
  }
  return parseProductionConfig(json, dirname(resolve(path)));
}

export function parseProductionConfig(json: unknown, baseDir: string): ProductionClusterConfig {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new ConfigError("config must be a JSON object");
  const { production, ...rest } = json as Record<string, unknown>;
  return { ...parseCompactingConfig(rest, baseDir), features: parseFeatures(production) };
}

function parseFeatures(value: unknown): ProductionFeatures {
  if (value === undefined) return defaultFeatures;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ConfigError("config: production must be an object");
  const features: Record<string, boolean> = { ...defaultFeatures };
  for (const [key, flag] of Object.entries(value)) {
    if (!(key in defaultFeatures)) throw new ConfigError(`config: unknown key 'production.${key}'`);
    if (typeof flag !== "boolean")
      throw new ConfigError(`config: production.${key} must be true or false`);
    features[key] = flag;
  }
  return features as unknown as ProductionFeatures;
}
