// Stage 11's cluster file: stage 10's, plus an optional "production" object switching this
// stage's features: {"preVote": bool, "checkQuorum": bool, "readIndex": bool} (each on by
// default; readIndex off sends reads through the log, as 09 does). 10's parser knows no such
// key, so it is taken out first.
import {
  type CompactingClusterConfig,
  loadConfigFile,
  parseCompactingConfig,
  takeSection,
} from "#compaction";
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
  return loadConfigFile(path, parseProductionConfig);
}

export function parseProductionConfig(json: unknown, baseDir: string): ProductionClusterConfig {
  const { section, rest } = takeSection(json, "production");
  return { ...parseCompactingConfig(rest, baseDir), features: parseFeatures(section) };
}

function parseFeatures(value: Readonly<Record<string, unknown>> | undefined): ProductionFeatures {
  if (value === undefined) return defaultFeatures;
  const features: Record<string, boolean> = { ...defaultFeatures };
  for (const [key, flag] of Object.entries(value)) {
    if (!(key in defaultFeatures)) throw new ConfigError(`config: unknown key 'production.${key}'`);
    if (typeof flag !== "boolean")
      throw new ConfigError(`config: production.${key} must be true or false`);
    features[key] = flag;
  }
  return features as unknown as ProductionFeatures;
}
