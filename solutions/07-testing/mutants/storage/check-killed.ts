// Maintainers' check: stage 03's suite must kill every storage mutant (each patch here is a
// durability shortcut that passed the suite once). Runs the projects of vitest.config.ts in this
// folder and fails unless each one has a failing TEST (a module that does not even load is not
// a catch). Part of `pnpm test`; by hand: pnpm test-storage-mutants [--verbose]
import { join } from "node:path";
import { checkMutantsKilled } from "../kill-check.ts";
import { storageMutantNames } from "./vitest.config.ts";

await checkMutantsKilled({
  config: join(import.meta.dirname, "vitest.config.ts"),
  projectPrefix: "storage-mutant:",
  mutants: storageMutantNames(),
  suite: "stage 03's suite",
  kind: "storage mutants",
  withFileName: true,
  messageChars: 200,
  // The two files that kill every mutant in the table of ../README.md run first; a mutant they
  // leave alive gets the whole suite, so the verdict is the suite's either way.
  quickFiles: ["test/power-loss.test.ts", "test/corruption.test.ts"],
  // --verbose: every killing test of the whole suite, for that table.
  verbose: process.argv.includes("--verbose"),
});
