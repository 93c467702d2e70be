// The runner behind `pnpm course run 8 -- …`: a sweep of many seeds with a progress bar and a
// summary, or one seed replayed (with a trace). A failing seed is shrunk and printed with the
// exact command that replays the shrunk run. Exit 0: all passed; 1: a violation; 2: bad flags.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SingleBar } from "cli-progress";
import type { NodeFactory } from "#testing";
import { type CliArgs, parseArgs, UsageError } from "./args.ts";
import { compactionMutants, laterNode, type NodeKind, productionMutants } from "./later-nodes.ts";
import { listMutants, referenceNodeFactory } from "./mutants.ts";
import { type SimOptions, simConfig } from "./options.ts";
import { shrinkFaults } from "./shrink.ts";
import { runSimulation, type SimResult } from "./simulation.ts";
import { runSeedsInThreads } from "./sweep-threads.ts";
import { type TraceEvent, traceLines } from "./trace.ts";

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Progress bar only on a terminal. */
  readonly isTTY: boolean;
}

/** Failing seeds listed with their replay command after a sweep, at most. */
const maxFailuresListed = 5;

/**
 * `threads` > 1 runs a sweep's seeds on worker threads (main.ts passes one per core); not with an
 * injected `createNode`, which cannot cross to a worker.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  createNode?: NodeFactory,
  threads = 1,
): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
    // Stage 10's mutants patch the compacting node: they run with --node compacting; stage
    // 11's patch the production node (over the compacting one): --node production.
    const later = {
      raft: [],
      compacting: compactionMutants(),
      production: productionMutants(),
      "production-lease": productionMutants(),
    };
    const known = [...listMutants(), ...later[args.node]];
    if (args.mutant !== undefined && !known.includes(args.mutant))
      throw new UsageError(`no mutant '${args.mutant}' (known: ${known.join(", ")})`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`sim: ${error.message}`);
    return 2;
  }
  // With a mutant, the reference node: main.ts registered the patch before anything loaded it.
  // A later stage's node (--node) loads after the mutant too, so the patch applies to its files.
  const later = args.node === "raft" ? undefined : await laterNode(args.node, args.simSeconds);
  const factory =
    createNode ??
    later?.createNode ??
    (args.mutant !== undefined ? await referenceNodeFactory() : undefined);
  const options = (seed: number): SimOptions => ({
    seed,
    nodes: args.nodes,
    simSeconds: args.simSeconds,
    ...(factory ? { createNode: factory } : {}),
    ...(later ? { createStorage: later.createStorage } : {}),
    ...(args.faults !== undefined ? { maxFaults: args.faults } : {}),
  });
  if (args.mode === "replay") return replay(args, options, io);
  return sweep(args, options, io, createNode === undefined ? threads : 1);
}

function replay(args: CliArgs, options: (seed: number) => SimOptions, io: CliIo): number {
  const seed = args.seed!;
  const trace = args.trace === undefined ? undefined : traceLines();
  if (trace !== undefined) trace.sink(runHeader(options(seed), args.mutant));
  const started = performance.now();
  const result = runSimulation({ ...options(seed), ...(trace ? { trace: trace.sink } : {}) });
  const wallS = (performance.now() - started) / 1000;
  if (trace !== undefined && args.trace !== undefined) {
    writeFileSync(args.trace, trace.lines.length === 0 ? "" : `${trace.lines.join("\n")}\n`);
    io.out(`trace: ${trace.lines.length} events in ${args.trace}`);
  }
  io.out(describeRun(result));
  io.out(rate(result.simUs / 1e6, wallS));
  const failed = result.violations.length > 0 ? 1 : 0;
  io.out(`sim: ${1 - failed} passed, ${failed} failed`);
  return failed;
}

/** The trace's first line: what the viewer needs to draw timers and to name the run. */
function runHeader(options: SimOptions, mutant: string | undefined): TraceEvent {
  const { seed, nodes, simSeconds, tickUs, electionTimeoutTicks } = simConfig(options);
  const run = { t: 0, kind: "run", seed, nodes, simSeconds, tickUs, electionTimeoutTicks } as const;
  return mutant === undefined ? run : { ...run, mutant };
}

async function sweep(
  args: CliArgs,
  options: (seed: number) => SimOptions,
  io: CliIo,
  threads: number,
): Promise<number> {
  const bar = io.isTTY
    ? new SingleBar({
        stream: process.stderr,
        format: "sim {bar} {value}/{total} seeds | {failed} failed | {eta_formatted} left",
      })
    : undefined;
  bar?.start(args.seeds, 0, { failed: 0 });
  const failures: SimResult[] = [];
  const byInvariant = new Map<string, number>();
  let simS = 0;
  const started = performance.now();
  const onResult = (result: SimResult): void => {
    simS += result.simUs / 1e6;
    const first = result.violations[0];
    if (first !== undefined) {
      failures.push(result);
      byInvariant.set(first.invariant, (byInvariant.get(first.invariant) ?? 0) + 1);
    }
    bar?.increment(1, { failed: failures.length });
  };
  const seeds = Array.from({ length: args.seeds }, (_, index) => args.firstSeed + index);
  if (threads > 1 && seeds.length > 1) {
    const {
      seed: _seed,
      createNode: _factory,
      createStorage: _storage,
      ...shared
    } = options(args.firstSeed);
    const task = { options: shared, mutant: args.mutant, node: args.node };
    await runSeedsInThreads(seeds, threads, task, onResult);
    failures.sort((a, b) => a.seed - b.seed); // as a one-thread sweep lists them
  } else for (const seed of seeds) onResult(runSimulation(options(seed)));
  bar?.stop();
  const wallS = (performance.now() - started) / 1000;
  const last = args.firstSeed + args.seeds - 1;
  io.out(
    `seeds ${args.firstSeed}..${last}: ${args.nodes} nodes, ${args.simSeconds} simulated s each${args.node === "raft" ? "" : `, ${args.node} node`}${args.mutant ? `, mutant ${args.mutant}` : ""}`,
  );
  const counts = [...byInvariant].sort().map(([name, n]) => `${name} ${n}`);
  io.out(`violations by invariant: ${counts.length === 0 ? "none" : counts.join(", ")}`);
  io.out(rate(simS, wallS, args.seeds));
  reportFailures(failures, args, options, io);
  io.out(`sim: ${args.seeds - failures.length} passed, ${failures.length} failed`);
  return failures.length > 0 ? 1 : 0;
}

/** The first failure shrunk, and the replay commands of the first few. */
function reportFailures(
  failures: readonly SimResult[],
  args: CliArgs,
  options: (seed: number) => SimOptions,
  io: CliIo,
): void {
  const first = failures[0];
  if (first === undefined) return;
  io.out(describeRun(first));
  const shrunk = shrinkFaults(options(first.seed), first);
  io.out(
    `shrunk: the first ${shrunk.faults} of ${first.faultsPlanned} fault episodes still fail (${shrunk.runs} replays): ${describeRun(shrunk.result)}`,
  );
  io.out(`replay: ${replayCommand(args, first.seed, shrunk.faults)}`);
  io.out("watch it: add --trace run.jsonl to the replay, then pnpm viewer run.jsonl");
  for (const failure of failures.slice(1, maxFailuresListed))
    io.out(
      `also failed: seed ${failure.seed} (${failure.violations[0]?.invariant}): ${replayCommand(args, failure.seed)}`,
    );
  if (failures.length > maxFailuresListed)
    io.out(`… and ${failures.length - maxFailuresListed} more`);
}

/** The exact command that replays `seed` (cut to `faults` episodes) on this track. */
export function replayCommand(
  args: Pick<CliArgs, "nodes" | "simSeconds" | "mutant"> & { readonly node?: NodeKind },
  seed: number,
  faults?: number,
): string {
  const solution = fileURLToPath(import.meta.url).includes("/solutions/") ? " --solution" : "";
  const parts = [`pnpm course run 8${solution} -- --seed ${seed}`];
  if (faults !== undefined) parts.push(`--faults ${faults}`);
  if (args.nodes !== 5) parts.push(`--nodes ${args.nodes}`);
  if (args.simSeconds !== 30) parts.push(`--sim-seconds ${args.simSeconds}`);
  if (args.mutant !== undefined) parts.push(`--mutant ${args.mutant}`);
  if (args.node !== undefined && args.node !== "raft") parts.push(`--node ${args.node}`);
  return parts.join(" ");
}

export function describeRun(result: SimResult): string {
  const first = result.violations[0];
  const head = `seed ${result.seed} (${result.faultsScheduled} of ${result.faultsPlanned} fault episodes)`;
  if (first === undefined) return `${head}: passed, linearizability ${result.linearizability}`;
  return `${head}: ${first.invariant} violated at ${(first.atUs / 1e6).toFixed(3)} s: ${first.detail}`;
}

function rate(simS: number, wallS: number, seeds?: number): string {
  const perMinute =
    seeds === undefined ? "" : `, ${((seeds / Math.max(wallS, 1e-9)) * 60).toFixed(0)} seeds/min`;
  return `simulated ${simS.toFixed(1)} s in ${wallS.toFixed(1)} s wall: ${(simS / Math.max(wallS, 1e-9)).toFixed(0)} sim-s per wall-s${perMinute}`;
}
