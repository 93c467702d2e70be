// `course test <stage>` and `course watch <stage>`: the stage's tests through vitest with the
// course reporter; on the learner's track the result is recorded for `course status`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pc from "picocolors";
import type { RunResults } from "../results.ts";
import type { Stage } from "../stages.ts";
import { recordProgress } from "../store.ts";
import { projectName, runVitest, type Track, testFiles } from "../vitest.ts";
import { WatchKeys } from "../watch-keys.ts";
import { pad2 } from "./status.ts";

export interface TestOptions {
  solution: boolean;
  previous: boolean;
  /** Only tests whose names match (vitest -t). */
  namePattern: string | undefined;
  /** Every test and every failure instead of the focused screen. */
  all: boolean;
}

/** Runs the stage (and with `previous` every earlier one first); exit 0 iff every run passed. */
export async function testCommand(
  root: string,
  stages: Stage[],
  stage: Stage,
  options: TestOptions,
): Promise<number> {
  const chosen = options.previous ? stages.filter((s) => s.number <= stage.number) : [stage];
  const failed: Stage[] = [];
  for (const current of chosen) {
    if (chosen.length > 1)
      console.log(pc.bold(pc.cyan(`\n== stage ${pad2(current.number)} ${current.meta.title} ==`)));
    const code = await testStage(root, current, options);
    if (code > 128) return code; // stopped by a signal (Ctrl-C): do not go on to the next stage
    if (code === 2 && chosen.length === 1) return code; // usage: -t matched no test
    if (code !== 0) failed.push(current);
  }
  if (chosen.length > 1) {
    const summary =
      failed.length === 0
        ? pc.green(`all ${chosen.length} stages pass`)
        : pc.red(`failing: ${failed.map((s) => `stage ${pad2(s.number)}`).join(", ")}`);
    console.log(`\n${summary}`);
  }
  return failed.length === 0 ? 0 : 1;
}

async function testStage(root: string, stage: Stage, options: TestOptions): Promise<number> {
  const track: Track = options.solution ? "solution" : "exercise";
  // The record is the learner's progress on the whole stage: not for the reference or a filter.
  const record = track === "exercise" && options.namePattern === undefined;
  if ((testFiles(stage)?.length ?? 0) === 0) {
    console.log(
      `stage ${pad2(stage.number)} ${stage.meta.title} has no tests yet (exercises/${stage.id}/test)`,
    );
    console.log("0 passed, 0 failed");
    if (record)
      recordProgress(root, stage.id, {
        passed: 0,
        total: 0,
        brokenFiles: 0,
        at: new Date().toISOString(),
      });
    return 0;
  }
  const args = ["run", "--project", projectName(track, stage)];
  if (options.namePattern !== undefined) args.push("-t", options.namePattern, "--passWithNoTests");
  const dir = mkdtempSync(join(tmpdir(), "course-test-"));
  const resultsFile = join(dir, "results.json");
  try {
    const code = await runVitest({
      root,
      args,
      env: viewEnv(stage, track, options, record, resultsFile),
    });
    if (options.namePattern !== undefined && code < 128 && matchedNothing(resultsFile)) {
      console.error(
        `course test: no test of stage ${pad2(stage.number)} matches -t '${options.namePattern}' (a regular expression on the test's full name)`,
      );
      return 2;
    }
    return code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function viewEnv(
  stage: Stage,
  track: Track,
  options: TestOptions,
  record: boolean,
  resultsFile: string,
): Record<string, string> {
  const env: Record<string, string> = { COURSE_RESULTS_FILE: resultsFile };
  if (record) env.COURSE_RECORD_STAGE = stage.id;
  if (options.all) env.COURSE_VIEW = "all";
  // The learner's own stage only: the reference compiles, and the type errors are theirs to fix.
  if (track === "exercise") env.COURSE_TYPECHECK = stage.id;
  return env;
}

/** True when a -t run left every test out (vitest calls that a pass). */
function matchedNothing(resultsFile: string): boolean {
  if (!existsSync(resultsFile)) return false;
  const results = JSON.parse(readFileSync(resultsFile, "utf8")) as RunResults;
  return results.loadErrors.length === 0 && results.tests.every((test) => test.state === "skipped");
}

/**
 * Re-runs the stage's tests on every save (vitest watch mode with the course reporter, which
 * redraws the focused screen). The keys are the course's, not vitest's: q quits with 0, a and h
 * go to the reporter through vitest's stdin.
 */
export async function watchCommand(root: string, stage: Stage, solution: boolean): Promise<number> {
  if ((testFiles(stage)?.length ?? 0) === 0) {
    console.error(`course watch: stage ${pad2(stage.number)} ${stage.meta.title} has no tests yet`);
    return 1;
  }
  const track: Track = solution ? "solution" : "exercise";
  const env: Record<string, string> = solution ? {} : { COURSE_RECORD_STAGE: stage.id };
  if (track === "exercise") env.COURSE_TYPECHECK = stage.id;
  const keys = new WatchKeys();
  const code = await runVitest({
    root,
    args: ["watch", "--project", projectName(track, stage)],
    env,
    stdin: "pipe",
    onSpawn: (child) => keys.attach(child),
  });
  keys.detach();
  return keys.quitWith ?? code;
}
