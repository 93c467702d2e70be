// Starting vitest from the repo root (its vitest.config.ts defines one project per track and stage).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ChildOptions, runChild } from "./child.ts";
import type { RunResults } from "./results.ts";
import type { Stage } from "./stages.ts";

export type Track = "exercise" | "solution" | "starter";

export const reporterPath = fileURLToPath(new URL("./reporter.ts", import.meta.url));

export function projectName(track: Track, stage: Stage): string {
  return `${track}:${stage.id}`;
}

/** The stage's test files (vitest's project only exists when the test/ folder does). */
export function testFiles(stage: Stage): string[] | undefined {
  const dir = join(stage.exerciseDir, "test");
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) =>
    file.endsWith(".test.ts"),
  );
}

export interface VitestRun {
  root: string;
  /** Extra vitest arguments: "run", "--project", … */
  args: string[];
  env?: Record<string, string>;
  /** "pipe" hands vitest's stdin to the caller (watch mode's own keys). */
  stdin?: "inherit" | "pipe";
  onSpawn?: ChildOptions["onSpawn"];
}

/**
 * Runs vitest with the course reporter in the terminal; resolves with its exit code. The test
 * workers note their current test in a temporary folder, for the reporter's watchdog.
 */
export async function runVitest(run: VitestRun): Promise<number> {
  const entry = join(run.root, "node_modules", "vitest", "vitest.mjs");
  const watchdogDir = mkdtempSync(join(tmpdir(), "course-watchdog-"));
  try {
    return await runChild(process.execPath, [entry, ...run.args, `--reporter=${reporterPath}`], {
      cwd: run.root,
      env: { ...process.env, COURSE_ROOT: run.root, COURSE_WATCHDOG_DIR: watchdogDir, ...run.env },
      ...(run.stdin ? { stdin: run.stdin } : {}),
      ...(run.onSpawn ? { onSpawn: run.onSpawn } : {}),
    });
  } finally {
    removeQuietly(watchdogDir);
  }
}

/** Cleanup never fails a command: a worker still stopping may write one last note meanwhile. */
function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // left in the temp folder; the system cleans it
  }
}

/**
 * Runs vitest quietly and returns every test's result, or an error text when vitest produced none
 * (a crash, a broken config). Failing tests are results, not errors.
 */
/**
 * Workers for a quiet collection (verify, status --refresh): vitest's default is one less than the
 * cores, a single worker on a 2-core machine, where a run mostly waits on child processes and timers.
 */
function collectWorkers(): number {
  return Math.max(2, availableParallelism() - 1);
}

/**
 * Vitest's pool for a quiet collection. "forks" (a process per test file) lets the watchdog stop
 * a test that never yields and go on: any run of the learner's code. "threads" costs less CPU per
 * file (no process to start, no IPC); `course verify` uses it for the reference and the pristine
 * starter, where a test that never yields is a course bug that ends the run (reporter.ts).
 */
export type CollectPool = "forks" | "threads";

export async function collectResults(
  root: string,
  projects: string[],
  env: Record<string, string> = {},
  pool: CollectPool = "forks",
): Promise<{ results: RunResults } | { error: string }> {
  const dir = mkdtempSync(join(tmpdir(), "course-results-"));
  const file = join(dir, "results.json");
  try {
    const args = [
      "run",
      "--passWithNoTests",
      "--pool",
      pool,
      "--maxWorkers",
      String(collectWorkers()),
      ...projects.flatMap((p) => ["--project", p]),
    ];
    const code = await runVitest({
      root,
      args,
      env: { ...env, COURSE_QUIET: "1", COURSE_RESULTS_FILE: file },
    });
    if (!existsSync(file))
      return { error: `vitest exited with code ${code} and reported no results` };
    return { results: JSON.parse(readFileSync(file, "utf8")) as RunResults };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
