// The simulator's command line. Bad input gets one line and exit code 2.
import { type NodeKind, nodeKinds } from "./later-nodes.ts";

export interface CliArgs {
  /** Many seeds with a summary, or one seed replayed (with a trace if asked). */
  readonly mode: "sweep" | "replay";
  readonly seeds: number;
  readonly firstSeed: number;
  readonly seed: number | undefined;
  readonly trace: string | undefined;
  readonly nodes: number;
  readonly simSeconds: number;
  readonly mutant: string | undefined;
  /** Apply only the first K fault episodes (a shrunk run). */
  readonly faults: number | undefined;
  /** Which node runs: 06's ("raft", the default), stage 10's or stage 11's (later-nodes.ts). */
  readonly node: NodeKind;
}

export class UsageError extends Error {}

export const usage =
  "usage: sim [--seeds N] [--first-seed N] | [--seed N [--faults K] [--trace out.jsonl]] [--nodes 3..9] [--sim-seconds S] [--mutant NAME] [--node raft|compacting|production|production-lease]";

/** At most this many seeds in one sweep. */
export const maxSeeds = 1_000_000;

export function parseArgs(argv: readonly string[]): CliArgs {
  // solution:begin
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    if (!knownFlags.has(flag)) throw new UsageError(`unknown argument '${flag}' (${usage})`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--"))
      throw new UsageError(`${flag} needs a value`);
    if (values.has(flag)) throw new UsageError(`${flag} given twice`);
    values.set(flag, value);
  }
  const seed = optionalInt(values, "--seed", 0, 2 ** 32 - 1);
  const faults = optionalInt(values, "--faults", 0, 1_000_000);
  const trace = values.get("--trace");
  if (seed !== undefined && (values.has("--seeds") || values.has("--first-seed")))
    throw new UsageError("--seed replays one run: leave out --seeds and --first-seed");
  if (seed === undefined && trace !== undefined) throw new UsageError("--trace needs --seed");
  if (seed === undefined && faults !== undefined) throw new UsageError("--faults needs --seed");
  return {
    mode: seed === undefined ? "sweep" : "replay",
    seeds: optionalInt(values, "--seeds", 1, maxSeeds) ?? 100,
    firstSeed: optionalInt(values, "--first-seed", 0, 2 ** 32 - 1) ?? 1,
    seed,
    trace,
    nodes: optionalInt(values, "--nodes", 3, 9) ?? 5,
    simSeconds: optionalInt(values, "--sim-seconds", 1, 3600) ?? 30,
    mutant: values.get("--mutant"),
    faults,
    node: nodeKind(values.get("--node")),
  };
  // solution:end
  // starter: throw new Error("not implemented: parseArgs (flags with values; bad input throws a UsageError with one line)");
}

// solution:begin
const knownFlags = new Set([
  "--seeds",
  "--first-seed",
  "--seed",
  "--trace",
  "--nodes",
  "--sim-seconds",
  "--mutant",
  "--faults",
  "--node",
]);

function nodeKind(text: string | undefined): NodeKind {
  if (text === undefined) return "raft";
  const kind = nodeKinds.find((known) => known === text);
  if (kind === undefined)
    throw new UsageError(`--node must be one of ${nodeKinds.join(", ")}, got '${text}'`);
  return kind;
}

function optionalInt(
  values: Map<string, string>,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  const text = values.get(flag);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max)
    throw new UsageError(`${flag} must be an integer in ${min}..${max}, got '${text}'`);
  return value;
}
// solution:end
