// Hunt: how often each stage-07 mutant is found under the one fault distribution. One process per
// mutant (a mutant is a module hook: it must be registered before the node loads).
// `npx tsx solutions/08-simulation/tools/hunt.ts <mutant|reference> <seeds> [nodes] [simSeconds] [firstSeed] [faultsJson]`
import { registerMutant } from "../src/mutants.ts";

const [
  mutant = "reference",
  seedsText = "100",
  nodesText = "5",
  secondsText = "10",
  firstText = "1",
  faultsJson,
] = process.argv.slice(2);
if (mutant !== "reference") registerMutant(mutant);
const { runSimulation } = await import("../src/simulation.ts");
const { referenceNodeFactory } = await import("../src/mutants.ts");
const createNode = await referenceNodeFactory();
const seeds = Number(seedsText);
const first = Number(firstText);
const extra = faultsJson ? JSON.parse(faultsJson) : {};
const found: string[] = [];
let ops = 0;
let terms = 0;
const started = performance.now();
for (let seed = first; seed < first + seeds; seed++) {
  const result = runSimulation({
    seed,
    nodes: Number(nodesText),
    simSeconds: Number(secondsText),
    createNode,
    ...extra,
  });
  ops += result.stats.opsOk;
  terms += result.stats.maxTerm;
  const v = result.violations[0];
  if (v) found.push(`${seed}:${v.invariant}@${(v.atUs / 1e6).toFixed(2)}`);
}
const wallS = (performance.now() - started) / 1000;
console.log(
  `${mutant}: ${found.length}/${seeds} seeds (${wallS.toFixed(1)} s, ${(ops / seeds).toFixed(0)} ops ok, ${(terms / seeds).toFixed(0)} terms per seed): ${found.slice(0, 12).join(" ")}`,
);
