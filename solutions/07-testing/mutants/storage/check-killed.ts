// Maintainers' check: stage 03's suite must kill every storage mutant (each patch here is a
// durability shortcut that passed the suite once). Runs the projects of vitest.config.ts in this
// folder and fails unless each one has a failing TEST (a module that does not even load is not
// a catch). Part of `pnpm test`; by hand: pnpm test:storage-mutants [--verbose]
import { join } from "node:path";
import type { RunnerTask, RunnerTestFile } from "vitest";
import { startVitest } from "vitest/node";
import { storageMutantNames } from "./vitest.config.ts";

const projectPrefix = "storage-mutant:";
/** --verbose: every killing test, for the table in ../README.md. */
const verbose = process.argv.includes("--verbose");

interface Killer {
  readonly test: string;
  /** The first line of its failure message. */
  readonly message: string;
}

function failedTests(task: RunnerTask, path: string[] = []): Killer[] {
  const here = [...path, task.name];
  if (task.type === "test") {
    if (task.result?.state !== "fail") return [];
    const message = task.result.errors?.[0]?.message?.split("\n")[0] ?? "";
    return [{ test: here.join(" > "), message }];
  }
  return (task.tasks ?? []).flatMap((child) => failedTests(child, here));
}

const vitest = await startVitest("test", [], {
  config: join(import.meta.dirname, "vitest.config.ts"),
  watch: false,
  reporters: [{}],
});
const files: RunnerTestFile[] = vitest?.state.getFiles() ?? [];
await vitest?.close();

let survivors = 0;
for (const name of storageMutantNames()) {
  const ownFiles = files.filter((file) => file.projectName === `${projectPrefix}${name}`);
  const killers = ownFiles.flatMap((file) =>
    (file.tasks ?? []).flatMap((task) => failedTests(task, [file.name])),
  );
  if (killers.length === 0) {
    survivors++;
    console.log(`SURVIVED  ${name}: no test of stage 03 failed (${ownFiles.length} files ran)`);
  } else {
    const first = killers[0]!;
    console.log(
      `killed    ${name}: ${killers.length} tests, e.g. ${first.test}: ${first.message.slice(0, 200)}`,
    );
    if (verbose) for (const killer of killers) console.log(`            ${killer.test}`);
  }
}
console.log(
  survivors === 0
    ? `storage mutants: all ${storageMutantNames().length} killed by stage 03's suite`
    : `storage mutants: ${survivors} survived`,
);
process.exitCode = survivors === 0 ? 0 : 1;
