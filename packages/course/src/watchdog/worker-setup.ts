// A vitest setup file of every stage project. Inside each test worker it notes, in a file of
// its own, which test the worker is running and since when, so that the course reporter (in
// vitest's main process) can see a worker that never comes back: a synchronous infinite loop
// blocks the worker's event loop, so neither vitest's testTimeout nor any message can leave it.
// It does nothing unless the course CLI set COURSE_WATCHDOG_DIR.
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { afterEach, beforeEach } from "vitest";
import {
  type FinishedTest,
  type WorkerNote,
  workerDoneFile,
  workerKey,
  workerNoteFile,
} from "./notes.ts";

const dir = process.env.COURSE_WATCHDOG_DIR;

/** Importing a test file (and the learner's code with it) may take this long before it counts as stuck. */
const loadLimitMs = 30_000;

interface TaskLike {
  name: string;
  timeout?: number;
  suite?: TaskLike & { suite?: TaskLike };
  file?: { filepath: string };
}

/** "describe > test", as vitest's TestCase.fullName (the file task itself is not part of it). */
function fullName(task: TaskLike): string {
  const names = [task.name];
  for (let suite = task.suite; suite?.suite; suite = suite.suite) names.unshift(suite.name);
  return names.join(" > ");
}

/** Vitest runs a test with timeout 0 (or none) without a limit: the watchdog leaves it be, for a day. */
function limitOf(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return 5_000;
  return timeoutMs > 0 && Number.isFinite(timeoutMs) ? timeoutMs : 86_400_000;
}

if (dir) {
  const worker = (
    globalThis as { __vitest_worker__?: { filepath?: string; ctx?: { projectName?: string } } }
  ).__vitest_worker__;
  const testFile = worker?.filepath ?? "";
  // The same test file runs in several projects (exercise, solution, starter): name the one.
  const project = worker?.ctx?.projectName ?? "";
  const key = workerKey(process.pid, threadId);
  const path = join(dir, workerNoteFile(key));
  // Written synchronously: a test that blocks right after must still leave its note behind.
  const note = (entry: WorkerNote) => writeFileSync(path, JSON.stringify({ ...entry, threadId }));
  note({
    pid: process.pid,
    project,
    phase: "loading",
    testFile,
    startedAt: Date.now(),
    limitMs: loadLimitMs,
  });
  beforeEach((context) => {
    const task = context.task as unknown as TaskLike;
    note({
      pid: process.pid,
      project,
      phase: "test",
      testFile: task.file?.filepath ?? testFile,
      testName: fullName(task),
      startedAt: Date.now(),
      limitMs: limitOf(task.timeout),
    });
  });
  // Each finished test is appended (not rewritten: a file may hold hundreds), so that a file
  // whose worker is stopped later still reports the tests that passed before.
  const donePath = join(dir, workerDoneFile(key));
  afterEach((context) => {
    const task = context.task as unknown as TaskLike & {
      result?: { state?: string; errors?: { message?: string }[] };
    };
    const state = task.result?.state === "fail" ? "failed" : "passed";
    const message = task.result?.errors?.[0]?.message?.split("\n")[0]?.slice(0, 300);
    const done: FinishedTest = {
      testFile,
      fullName: fullName(task),
      state,
      ...(message ? { message } : {}),
    };
    appendFileSync(donePath, `${JSON.stringify(done)}\n`);
    note({ pid: process.pid, project, phase: "idle", testFile, startedAt: Date.now(), limitMs: 0 });
  });
}
