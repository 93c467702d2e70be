// `pnpm course run 8 -- --seeds 1000`: the simulator's command line (see cli.ts).
// A --mutant patch must be registered before the node's modules load, so everything else is
// imported only after that.
import { compactionMutants } from "./later-nodes.ts";
import { listMutants, registerMutant } from "./mutants.ts";

const argv = process.argv.slice(2);
const mutant = argv[argv.indexOf("--mutant") + 1];
const known = [...listMutants(), ...compactionMutants()];
if (argv.includes("--mutant") && mutant !== undefined && known.includes(mutant))
  registerMutant(mutant);

const { runCli } = await import("./cli.ts");
const { sweepThreads } = await import("./sweep-threads.ts");
const io = {
  out: (line: string) => console.log(line),
  err: (line: string) => console.error(line),
  isTTY: process.stderr.isTTY === true,
};
process.exitCode = await runCli(argv, io, undefined, sweepThreads());
