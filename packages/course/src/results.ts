// Test results as the course reporter writes them for `verify` and `status --refresh`: one
// record per test, named by project ("solution:03-log"), file and full name.

export type TestState = "passed" | "failed" | "skipped" | "pending";

export interface TestRecord {
  /** Vitest project, "<track>:<stage>", e.g. "starter:03-log". */
  project: string;
  /** Test file relative to the stage's test/ folder, e.g. "log.test.ts". */
  file: string;
  /** Suites and test joined with " > ", as vitest's TestCase.fullName. */
  fullName: string;
  state: TestState;
  /** First line of the first error of a failed test. */
  error?: string;
}

/** A test file that failed before its tests ran (syntax error, import that throws, …). */
export interface LoadError {
  project: string;
  file: string;
  message: string;
}

export interface RunResults {
  tests: TestRecord[];
  loadErrors: LoadError[];
  unhandledErrors: string[];
}

/** The name an allowlist uses for a test: "log.test.ts > RaftLog > appends". */
export function testKey(test: Pick<TestRecord, "file" | "fullName">): string {
  return `${test.file} > ${test.fullName}`;
}

/** Splits "solution:03-log" into its track and stage. */
export function splitProject(project: string): { track: string; stage: string } {
  const colon = project.indexOf(":");
  if (colon < 0) return { track: project, stage: "" };
  return { track: project.slice(0, colon), stage: project.slice(colon + 1) };
}

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  brokenFiles: number;
}

/** Counts the results of one project. */
export function tally(results: RunResults, project: string): Tally {
  const tests = results.tests.filter((test) => test.project === project);
  return {
    passed: tests.filter((test) => test.state === "passed").length,
    failed: tests.filter((test) => test.state === "failed").length,
    skipped: tests.filter((test) => test.state === "skipped").length,
    brokenFiles: results.loadErrors.filter((error) => error.project === project).length,
  };
}
