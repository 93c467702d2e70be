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
  throw new Error("not implemented: parseArgs (flags with values; bad input throws a UsageError with one line)");
}

