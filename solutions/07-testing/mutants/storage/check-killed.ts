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
  // --verbose: every killing test, for the table in ../README.md.
  verbose: process.argv.includes("--verbose"),
});
