// The maintainers' kill check shared by the storage and election checks: run a vitest config with
// one project per mutant (`<prefix><name>`) and require each project to have a failing TEST (a
// module that does not even load is no catch). Prints one line per mutant and a summary; sets
// the exit code. With `quickFiles`, those files run first for every mutant and only the mutants
// they leave alive run the whole suite: the same verdicts, a fraction of the test files.
import type { RunnerTask, RunnerTestFile } from "vitest";
import { startVitest } from "vitest/node";

export interface KillCheck {
  /** The vitest config with one project per mutant. */
  readonly config: string;
  readonly projectPrefix: string;
  readonly mutants: readonly string[];
  /** Which suite must kill them, as the lines say it ("stage 03's suite"). */
  readonly suite: string;
  /** What the summary calls them ("storage mutants"). */
  readonly kind: string;
  /** Start each killing test's path with its file name. */
  readonly withFileName?: boolean;
  /** How much of the first killer's failure message to show. */
  readonly messageChars: number;
  /** List every killing test, not only the first. */
  readonly verbose?: boolean;
  /**
   * Test files (name filters) that kill most mutants: run first for all of them; a mutant they
   * leave alive then gets the whole suite. Ignored with `verbose`, which lists every killer.
   */
  readonly quickFiles?: readonly string[];
}

interface Killer {
  readonly test: string;
  /** The first line of its failure message. */
  readonly message: string;
}

function failedTests(task: RunnerTask, path: string[]): Killer[] {
  const here = [...path, task.name];
  if (task.type === "test") {
    if (task.result?.state !== "fail") return [];
    const message = task.result.errors?.[0]?.message?.split("\n")[0] ?? "";
    return [{ test: here.join(" > "), message }];
  }
  return (task.tasks ?? []).flatMap((child) => failedTests(child, here));
}

/** Runs the config's projects for `mutants` (only the files matching `filters`, when given). */
async function runProjects(
  check: KillCheck,
  mutants: readonly string[],
  filters: readonly string[],
): Promise<RunnerTestFile[]> {
  const vitest = await startVitest("test", [...filters], {
    config: check.config,
    watch: false,
    reporters: [{}],
    // Threads: no process per test file. These suites run the reference (mutated), never
    // a learner's code, so nothing here needs a worker the course's watchdog can stop.
    pool: "threads",
    project: mutants.map((name) => `${check.projectPrefix}${name}`),
  });
  const files: RunnerTestFile[] = vitest?.state.getFiles() ?? [];
  await vitest?.close();
  return files;
}

/** The files that ran for one mutant (its project). */
function filesOf(
  check: KillCheck,
  files: readonly RunnerTestFile[],
  name: string,
): RunnerTestFile[] {
  return files.filter((file) => file.projectName === `${check.projectPrefix}${name}`);
}

function killersOf(check: KillCheck, files: readonly RunnerTestFile[], name: string): Killer[] {
  return filesOf(check, files, name).flatMap((file) =>
    (file.tasks ?? []).flatMap((task) => failedTests(task, check.withFileName ? [file.name] : [])),
  );
}

export async function checkMutantsKilled(check: KillCheck): Promise<void> {
  const quick = check.verbose ? [] : (check.quickFiles ?? []);
  let files: RunnerTestFile[] = [];
  let left: readonly string[] = check.mutants;
  if (quick.length > 0) {
    files = await runProjects(check, left, quick);
    left = left.filter((name) => killersOf(check, files, name).length === 0);
  }
  if (left.length > 0) files = [...files, ...(await runProjects(check, left, []))];

  let survivors = 0;
  for (const name of check.mutants) {
    const killers = killersOf(check, files, name);
    const first = killers[0];
    if (first === undefined) {
      survivors++;
      const ran = filesOf(check, files, name).length;
      console.log(`SURVIVED  ${name}: no test of ${check.suite} failed (${ran} files ran)`);
      continue;
    }
    const message = first.message.slice(0, check.messageChars);
    console.log(`killed    ${name}: ${killers.length} tests, e.g. ${first.test}: ${message}`);
    if (check.verbose) for (const killer of killers) console.log(`            ${killer.test}`);
  }
  console.log(
    survivors === 0
      ? `${check.kind}: all ${check.mutants.length} killed by ${check.suite}`
      : `${check.kind}: ${survivors} survived`,
  );
  process.exitCode = survivors === 0 ? 0 : 1;
}
