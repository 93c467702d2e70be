// What a test worker notes for the course's watchdog: one small JSON file per worker (a process
// of vitest's forks pool, or a thread of its threads pool).

export interface WorkerNote {
  pid: number;
  /** worker_threads' threadId: 0 in a worker process (forks), the thread's id in the threads pool. */
  threadId?: number;
  /** Vitest project, "exercise:01-kv-server". */
  project: string;
  /** Importing the test file, running a test, or between tests (nothing to watch). */
  phase: "loading" | "test" | "idle";
  /** Absolute path of the test file. */
  testFile: string;
  /** "describe > test" while phase is "test". */
  testName?: string;
  /** Date.now() when the phase began. */
  startedAt: number;
  /** How long the phase may take by itself (the test's own timeout) before the watchdog's grace starts. */
  limitMs: number;
}

/** The worker's name in the notes folder: its pid, and its thread when it is a thread. */
export function workerKey(pid: number, threadId = 0): string {
  return threadId === 0 ? String(pid) : `${pid}-thread-${threadId}`;
}

export function workerNoteFile(key: string | number): string {
  return `worker-${key}.json`;
}

/** One line per test the worker finished (JSON lines), for a file whose worker is stopped later. */
export interface FinishedTest {
  testFile: string;
  fullName: string;
  state: "passed" | "failed";
  /** First line of the first error of a failed test. */
  message?: string;
}

export function workerDoneFile(key: string | number): string {
  return `worker-${key}.done`;
}

export function readFinished(text: string, testFile: string): FinishedTest[] {
  const finished: FinishedTest[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as FinishedTest;
      if (entry.testFile === testFile) finished.push(entry);
    } catch {
      // a line cut short when the worker was stopped
    }
  }
  return finished;
}

export function isWorkerNote(value: unknown): value is WorkerNote {
  if (typeof value !== "object" || value === null) return false;
  const note = value as Record<string, unknown>;
  return (
    typeof note.pid === "number" &&
    typeof note.project === "string" &&
    typeof note.phase === "string" &&
    typeof note.testFile === "string" &&
    typeof note.startedAt === "number" &&
    typeof note.limitMs === "number"
  );
}
