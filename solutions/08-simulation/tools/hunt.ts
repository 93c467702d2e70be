// How often the one fault distribution finds a stage-07 mutant (or fails the reference): runs seeds
// first..first+seeds-1 and prints how many failed, by which invariant (node-assertion: the node's
// own assertion threw), and the first failing seeds. A mutant is a module hook, registered before the node loads, so run
// one mutant per process:
//   npx tsx solutions/08-simulation/tools/hunt.ts <mutant|reference> [seeds] [nodes] [simSeconds] [firstSeed] [optionsJson]
// optionsJson overrides SimOptions for experiments, e.g. '{"faults":{"meanFaultGapUs":100000}}'.
import { listMutants, registerMutant } from "../src/mutants.ts";

const usage =
  "usage: hunt <mutant|reference> [seeds] [nodes] [simSeconds] [firstSeed] [optionsJson]";
const [mutant = "", ...rest] = process.argv.slice(2);
const [seeds = 100, nodes = 5, simSeconds = 10, first = 1] = rest.slice(0, 4).map(Number);
if (mutant !== "reference" && !listMutants().includes(mutant)) {
  console.error(
    `hunt: no mutant '${mutant}' (known: reference, ${listMutants().join(", ")}); ${usage}`,
  );
  process.exit(2);
}
if (![seeds, nodes, simSeconds, first].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error(`hunt: seeds, nodes, simSeconds and firstSeed must be positive integers; ${usage}`);
  process.exit(2);
}
const extra = rest[4] === undefined ? {} : JSON.parse(rest[4]);
if (mutant !== "reference") registerMutant(mutant);
const { runSimulation } = await import("../src/simulation.ts");
const { referenceNodeFactory } = await import("../src/mutants.ts");
const createNode = await referenceNodeFactory();

/** First failing seeds listed, at most. */
const maxListed = 12;
const found: string[] = [];
const byInvariant = new Map<string, number>();
let ops = 0;
let terms = 0;
const started = performance.now();
for (let seed = first; seed < first + seeds; seed++) {
  const result = runSimulation({ seed, nodes, simSeconds, createNode, ...extra });
  ops += result.stats.opsOk;
  terms += result.stats.maxTerm;
  const violation = result.violations[0];
  if (violation === undefined) continue;
  byInvariant.set(violation.invariant, (byInvariant.get(violation.invariant) ?? 0) + 1);
  found.push(`${seed}:${violation.invariant}@${(violation.atUs / 1e6).toFixed(2)}`);
}
const wallS = (performance.now() - started) / 1000;
console.log(
  `${mutant}: ${found.length}/${seeds} seeds failed (${[...byInvariant].map(([name, n]) => `${name} ${n}`).join(", ") || "none"}); ${nodes} nodes, ${simSeconds} s; ${wallS.toFixed(1)} s wall, ${(ops / seeds).toFixed(0)} ops ok and ${(terms / seeds).toFixed(0)} terms a seed: ${found.slice(0, maxListed).join(" ")}`,
);
