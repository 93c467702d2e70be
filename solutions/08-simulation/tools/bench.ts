// Benchmark: how fast the simulator runs a five-node cluster under faults and client load, every
// check on (per step, liveness, linearizability at the end), on the sweep's worker threads.
// `pnpm bench-sim [seeds] [--threads N]` (threads: RAFTING_SIM_THREADS, else one per core, as the
// sweep of `pnpm course run 8` uses; one thread runs in this process). The wall time includes the
// workers' start-up (about 0.7 s of CPU each), hence 100 seeds by default. On a shared machine the
// wall-clock rate counts the other processes too: the CPU line says what the simulator costs.
import { runSimulation, type SimResult } from "../src/simulation.ts";
import { runSeedsInThreads, sweepThreads } from "../src/sweep-threads.ts";

const simSeconds = 30;
const options = { nodes: 5, simSeconds } as const;
const { seeds, threads } = parseBenchArgs(process.argv.slice(2));
let simS = 0;
let events = 0;
const verdicts = new Map<string, number>();
let failed = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const allSeeds = Array.from({ length: seeds }, (_, i) => i + 1);
if (threads === 1) for (const seed of allSeeds) count(runSimulation({ ...options, seed }));
else await runSeedsInThreads(allSeeds, threads, { options, mutant: undefined }, count);
const wallS = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuS = (cpu.user + cpu.system) / 1e6;
console.log(
  `sim bench: ${seeds} seeds × ${simSeconds} simulated s, 5 nodes, faults and 3 clients, ${threads} thread(s)`,
);
console.log(`${(simS / wallS).toFixed(0)} simulated seconds per wall second`);
console.log(`  ${((seeds / wallS) * 60).toFixed(0)} seeds per minute`);
console.log(`  ${(events / wallS / 1000).toFixed(0)}k events per wall s`);
console.log(
  `  ${(simS / cpuS).toFixed(0)} simulated seconds per CPU second (${cpuS.toFixed(1)} CPU s over all threads, ${wallS.toFixed(1)} s wall)`,
);
const shown = [...verdicts].map(([verdict, seedsWith]) => `${seedsWith} ${verdict}`).join(", ");
console.log(`  linearizability: ${shown}; ${failed} seed(s) with a violation`);

function count(result: SimResult): void {
  simS += result.simUs / 1e6;
  events += result.stats.events;
  verdicts.set(result.linearizability, (verdicts.get(result.linearizability) ?? 0) + 1);
  if (result.violations.length > 0) failed++;
}

function parseBenchArgs(args: readonly string[]): { seeds: number; threads: number } {
  let seeds = 100;
  let threads = sweepThreads();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--threads") threads = positive("--threads", args[++i]);
    else seeds = positive("seeds", arg);
  }
  return { seeds, threads };
}

function positive(name: string, text: string | undefined): number {
  const value = Number(text);
  if (Number.isInteger(value) && value >= 1) return value;
  console.error(`bench: ${name} must be a positive integer, got '${text}'`);
  process.exit(2);
}
