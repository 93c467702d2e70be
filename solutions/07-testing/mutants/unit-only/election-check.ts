// Maintainers' check (issue 9): stage 06's deterministic single-node tests must kill each of the
// four election bugs a learner once passed stage 06 with. A mutant counts as killed only when a
// TEST fails (a module that does not load is no catch). Part of `pnpm test`; by hand:
// pnpm test:election-mutants
import { join } from "node:path";
import type { RunnerTask, RunnerTestFile } from "vitest";
import { startVitest } from "vitest/node";
import { electionMutants } from "./election.vitest.config.ts";

function failedTests(task: RunnerTask, path: string[] = []): string[] {
  const here = [...path, task.name];
  if (task.type === "test") {
    if (task.result?.state !== "fail") return [];
    const message = task.result.errors?.[0]?.message?.split("\n")[0] ?? "";
    return [`${here.join(" > ")}: ${message.slice(0, 160)}`];
  }
  return (task.tasks ?? []).flatMap((child) => failedTests(child, here));
}

const vitest = await startVitest("test", [], {
  config: join(import.meta.dirname, "election.vitest.config.ts"),
  watch: false,
  reporters: [{}],
});
const files: RunnerTestFile[] = vitest?.state.getFiles() ?? [];
await vitest?.close();

let survivors = 0;
for (const mutant of electionMutants) {
  const own = files.filter((file) => file.projectName === `election-mutant:${mutant}`);
  const killers = own.flatMap((file) => (file.tasks ?? []).flatMap((task) => failedTests(task)));
  if (killers.length === 0) {
    survivors++;
    console.log(
      `SURVIVED  ${mutant}: no test of 06 votes.test.ts failed (${own.length} files ran)`,
    );
  } else {
    console.log(`killed    ${mutant}: ${killers.length} tests, e.g. ${killers[0]}`);
  }
}
console.log(
  survivors === 0
    ? `election mutants: all ${electionMutants.length} killed by stage 06's votes.test.ts`
    : `election mutants: ${survivors} survived`,
);
process.exitCode = survivors === 0 ? 0 : 1;
