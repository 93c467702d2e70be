// The watchdog on its own: it stops a worker only once its test has run past its own timeout and
// the grace, only a process of ours, and reports which test it stopped.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  type WorkerNote,
  workerDoneFile,
  workerKey,
  workerNoteFile,
} from "../src/watchdog/notes.ts";
import { graceFor, Watchdog } from "../src/watchdog/watchdog.ts";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("watchdog", () => {
  test("the grace is 15 s past the test's timeout, or the timeout again when longer", () => {
    expect(graceFor(5_000, undefined)).toBe(15_000);
    expect(graceFor(60_000, undefined)).toBe(60_000);
    expect(graceFor(5_000, 1_500)).toBe(1_500);
  });

  test("stops a worker whose test ran past its limit and grace, and names the test", async () => {
    dir = mkdtempSync(join(tmpdir(), "course-watchdog-test-"));
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    const note: WorkerNote = {
      pid: child.pid ?? 0,
      project: "exercise:01-x",
      phase: "test",
      testFile: "/repo/exercises/01-x/test/a.test.ts",
      testName: "suite > spins",
      startedAt: 1_000,
      limitMs: 5_000,
    };
    writeFileSync(join(dir, workerNoteFile(note.pid)), JSON.stringify(note));
    // What the worker finished before: a test of this file, one of another, and a cut-off line.
    const done = [
      { testFile: note.testFile, fullName: "suite > before", state: "passed" },
      { testFile: "/repo/exercises/01-x/test/other.test.ts", fullName: "x", state: "passed" },
    ];
    writeFileSync(
      join(dir, workerDoneFile(note.pid)),
      `${done.map((entry) => JSON.stringify(entry)).join("\n")}\n{"testFile": "/re`,
    );
    let now = 1_000 + 5_000 + 15_000; // exactly at the deadline: not yet
    const watchdog = new Watchdog({ dir, now: () => now });
    expect(watchdog.check()).toEqual([]);
    now += 1;
    expect(watchdog.check()).toEqual([
      {
        project: "exercise:01-x",
        testFile: note.testFile,
        testName: "suite > spins",
        ranMs: 20_001,
        finished: [{ testFile: note.testFile, fullName: "suite > before", state: "passed" }],
        workerStopped: true,
      },
    ]);
    expect(await exited).toBe("SIGKILL");
    expect(watchdog.check()).toEqual([]); // once
  });

  // Only where /proc tells a process's parent; elsewhere the watchdog trusts the note.
  test.runIf(existsSync("/proc/self/stat"))(
    "leaves alone a process that is not its child (a reused pid)",
    () => {
      dir = mkdtempSync(join(tmpdir(), "course-watchdog-test-"));
      const note: WorkerNote = {
        pid: process.ppid,
        project: "exercise:01-x",
        phase: "test",
        testFile: "/repo/a.test.ts",
        startedAt: 0,
        limitMs: 1,
      };
      writeFileSync(join(dir, workerNoteFile(note.pid)), JSON.stringify(note));
      const watchdog = new Watchdog({ dir, now: () => 1_000_000 });
      expect(watchdog.check()).toEqual([]);
    },
  );

  // course verify's threads pool: several workers share one pid, and a thread cannot be killed.
  test("a stuck worker thread is reported once, as not stopped, and its process is left alone", () => {
    dir = mkdtempSync(join(tmpdir(), "course-watchdog-test-"));
    const threadNote = (threadId: number, startedAt: number): WorkerNote => ({
      pid: process.pid,
      threadId,
      project: "solution:01-x",
      phase: "test",
      testFile: `/repo/exercises/01-x/test/t${threadId}.test.ts`,
      testName: `spins ${threadId}`,
      startedAt,
      limitMs: 5_000,
    });
    // Two threads of one process: each has its own note, and only the stuck one is reported.
    for (const note of [threadNote(2, 0), threadNote(3, 30_000)])
      writeFileSync(
        join(dir, workerNoteFile(workerKey(note.pid, note.threadId))),
        JSON.stringify(note),
      );
    const watchdog = new Watchdog({ dir, now: () => 30_000 });
    expect(watchdog.check()).toEqual([
      {
        project: "solution:01-x",
        testFile: "/repo/exercises/01-x/test/t2.test.ts",
        testName: "spins 2",
        ranMs: 30_000,
        finished: [],
        workerStopped: false,
      },
    ]);
    expect(watchdog.check()).toEqual([]); // once
    expect(watchdog.busy().map((note) => note.threadId)).toEqual([3]);
  });
});
