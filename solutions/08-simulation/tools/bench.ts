// Benchmark: how fast the simulator runs a five-node cluster under faults and client load.
// `pnpm bench:sim` (or `npx tsx solutions/08-simulation/tools/bench.ts [seeds]`).
import { runSimulation } from "../src/index.ts";

const seeds = Number(process.argv[2] ?? 30);
if (!Number.isInteger(seeds) || seeds < 1) {
  console.error(`bench: seeds must be a positive integer, got '${process.argv[2]}'`);
  process.exit(2);
}
let simS = 0;
let events = 0;
const started = performance.now();
for (let seed = 1; seed <= seeds; seed++) {
  const result = runSimulation({ seed, nodes: 5, simSeconds: 30 });
  simS += result.simUs / 1e6;
  events += result.stats.events;
}
const wallS = (performance.now() - started) / 1000;
console.log(`sim bench: ${seeds} seeds × 30 simulated s, 5 nodes, faults and 3 clients`);
console.log(`${(simS / wallS).toFixed(0)} simulated seconds per wall second`);
console.log(`  ${((seeds / wallS) * 60).toFixed(0)} seeds per minute`);
console.log(`  ${(events / wallS / 1000).toFixed(0)}k events per wall s`);
