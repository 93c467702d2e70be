// Maintainers' check (issue 9): stage 06's deterministic single-node tests must kill each of the
// four election bugs a learner once passed stage 06 with. A mutant counts as killed only when a
// TEST fails (a module that does not load is no catch). Part of `pnpm test`; by hand:
// pnpm test-election-mutants
import { join } from "node:path";
import { checkMutantsKilled } from "../kill-check.ts";
import { electionMutants } from "./election.vitest.config.ts";

await checkMutantsKilled({
  config: join(import.meta.dirname, "election.vitest.config.ts"),
  projectPrefix: "election-mutant:",
  mutants: electionMutants,
  suite: "stage 06's votes.test.ts",
  kind: "election mutants",
  messageChars: 160,
});
