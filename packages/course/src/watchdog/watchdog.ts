// The course reporter's watchdog, in vitest's main process. Every second it reads the notes the
// test workers leave (worker-setup.ts) and stops, with SIGKILL, a worker whose test has run past
// its own timeout plus a grace: vitest's timeout could not fire, so the worker's event loop is
// blocked (a synchronous infinite loop). Vitest then goes on with the other test files. A worker
// thread (the threads pool, which only `course verify` uses) cannot be stopped from here: it is
// reported with `workerStopped: false`, and the reporter ends the run.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  type FinishedTest,
  isWorkerNote,
  readFinished,
  type WorkerNote,
  workerDoneFile,
  workerKey,
} from "./notes.ts";

/**
 * After its own timeout a test gets this much more (and at least as long again) before its worker
 * counts as stuck: a slow synchronous test on a busy machine is not an infinite loop, and vitest
 * lets it finish past its timeout, so the watchdog must not stop it early.
 */
export const defaultGraceMs = 15_000;

export function graceFor(limitMs: number, fixedGraceMs: number | undefined): number {
  return fixedGraceMs ?? Math.max(defaultGraceMs, limitMs);
}

export interface StuckTest {
  project: string;
  testFile: string;
  /** Undefined when the worker was stuck importing the test file (or the learner's code). */
  testName: string | undefined;
  /** How long it had run when the worker was stopped. */
  ranMs: number;
  /** The tests of the same file that the worker finished before. */
  finished: FinishedTest[];
  /** False for a worker thread: it is still running, and only ending the run stops it. */
  workerStopped: boolean;
}

export interface WatchdogOptions {
  dir: string;
  /** A fixed grace (tests); by default graceFor(limit). */
  graceMs?: number;
  /** Called once per stopped worker. */
  onStuck?: (stuck: StuckTest) => void;
  now?: () => number;
}

export class Watchdog {
  /** Workers stopped so far, by test file. */
  readonly stuck: StuckTest[] = [];
  /** Workers stopped (or, for threads, given up on) so far, by workerKey. */
  private readonly stopped = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  private readonly options: WatchdogOptions;

  constructor(options: WatchdogOptions) {
    this.options = options;
  }

  start(intervalMs = 1_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The notes of workers that are importing or testing, oldest first. */
  busy(): WorkerNote[] {
    return this.notes()
      .filter((note) => note.phase !== "idle" && !this.stopped.has(keyOf(note)))
      .sort((a, b) => a.startedAt - b.startedAt);
  }

  /** Stops every worker past its limit plus the grace; returns the tests it stopped. */
  check(): StuckTest[] {
    const now = (this.options.now ?? Date.now)();
    const found: StuckTest[] = [];
    for (const note of this.busy()) {
      const ranMs = now - note.startedAt;
      if (ranMs <= note.limitMs + graceFor(note.limitMs, this.options.graceMs)) continue;
      const key = keyOf(note);
      this.stopped.add(key);
      const isThread = (note.threadId ?? 0) !== 0;
      if (!isThread && !kill(note.pid)) continue;
      const stuck = {
        project: note.project,
        testFile: note.testFile,
        testName: note.testName,
        ranMs,
        finished: this.finished(key, note.testFile),
        workerStopped: !isThread,
      };
      this.stuck.push(stuck);
      found.push(stuck);
      this.options.onStuck?.(stuck);
    }
    return found;
  }

  /** A test file has ended: its worker's note (left at "loading" if the file failed to load) is stale. */
  forget(project: string, testFile: string): void {
    for (const name of this.noteNames()) {
      const note = this.read(name);
      if (note && note.project === project && note.testFile === testFile)
        rmSync(join(this.options.dir, name), { force: true });
    }
  }

  /** Removes the notes (the run is over; the next one starts clean). */
  clear(): void {
    for (const name of this.allNames()) rmSync(join(this.options.dir, name), { force: true });
    this.stuck.length = 0;
    this.stopped.clear();
  }

  private allNames(): string[] {
    try {
      return readdirSync(this.options.dir);
    } catch {
      return [];
    }
  }

  private finished(key: string, testFile: string): FinishedTest[] {
    try {
      const text = readFileSync(join(this.options.dir, workerDoneFile(key)), "utf8");
      return readFinished(text, testFile);
    } catch {
      return [];
    }
  }

  private noteNames(): string[] {
    try {
      return readdirSync(this.options.dir).filter((name) => name.endsWith(".json"));
    } catch {
      return [];
    }
  }

  /** Notes of workers that are still alive. */
  private notes(): WorkerNote[] {
    const notes: WorkerNote[] = [];
    for (const name of this.noteNames()) {
      const note = this.read(name);
      if (note && isAlive(note.pid)) notes.push(note);
    }
    return notes;
  }

  private read(name: string): WorkerNote | undefined {
    try {
      const note: unknown = JSON.parse(readFileSync(join(this.options.dir, name), "utf8"));
      return isWorkerNote(note) ? note : undefined;
    } catch {
      return undefined; // a note being rewritten right now: read it on the next check
    }
  }
}

function keyOf(note: WorkerNote): string {
  return workerKey(note.pid, note.threadId);
}

function kill(pid: number): boolean {
  if (!isOurChild(pid)) return false;
  try {
    process.kill(pid, "SIGKILL");
    return true;
  } catch {
    return false; // already gone
  }
}

/**
 * A note left by a worker that died on its own could name a pid the system has reused since:
 * where /proc tells the parent (Linux), only vitest's own workers (our children) are stopped.
 */
function isOurChild(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync("/proc/self/stat")) return true;
  try {
    // "pid (name) state ppid …": the name may hold spaces, so read after its closing parenthesis.
    const text = readFileSync(stat, "utf8");
    const ppid = Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[1]);
    return ppid === process.pid;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
