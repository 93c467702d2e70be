// The "teeth" rule of `course verify`, as a pure function over parsed results: every test passes
// on the reference and fails on the pristine starter, unless the stage allowlists it.
import { type LoadError, type TestRecord, testKey } from "./results.ts";

export interface StageEvidence {
  /** Stage id, e.g. "03-log". */
  stage: string;
  /** False when exercises/NN/test does not exist yet. */
  hasTests: boolean;
  /** Full names (with or without the "file > " prefix) the starter may pass. */
  allowlist: string[];
  reference: TestRecord[];
  starter: TestRecord[];
  loadErrors: LoadError[];
}

export interface Violation {
  stage: string;
  /** The test's "file > describe > test" name, or "-" for the stage as a whole. */
  test: string;
  problem: string;
}

export interface StageVerdict {
  stage: string;
  tests: number;
  passingOnReference: number;
  failingOnStarter: number;
  allowlisted: number;
  /** Tests that satisfied the rule. */
  satisfied: number;
  violations: Violation[];
  /** True when the stage has no test folder yet (a violation unless empty stages are allowed). */
  noTests: boolean;
}

function matches(entry: string, test: TestRecord): boolean {
  return entry === testKey(test) || entry === test.fullName;
}

export function judgeStage(evidence: StageEvidence, allowEmpty = false): StageVerdict {
  const { stage } = evidence;
  const verdict: StageVerdict = {
    stage,
    tests: evidence.reference.length,
    passingOnReference: 0,
    failingOnStarter: 0,
    allowlisted: 0,
    satisfied: 0,
    violations: [],
    noTests: !evidence.hasTests,
  };
  const violate = (test: string, problem: string) =>
    verdict.violations.push({ stage, test, problem });
  if (!evidence.hasTests) {
    if (!allowEmpty) violate("-", `no tests (exercises/${stage}/test does not exist)`);
    return verdict;
  }
  for (const error of evidence.loadErrors) {
    const track = error.project.startsWith("starter:") ? "starter" : "reference";
    violate(
      error.file,
      `the test file failed to load on the ${track}: ${firstLine(error.message)}`,
    );
  }
  if (evidence.reference.length === 0 && evidence.loadErrors.length === 0) violate("-", "no tests");
  const starterByKey = new Map(evidence.starter.map((test) => [testKey(test), test]));
  for (const test of evidence.reference) {
    const problems = judgeTest(test, starterByKey.get(testKey(test)), evidence.allowlist, verdict);
    for (const problem of problems) violate(testKey(test), problem);
    if (problems.length === 0) verdict.satisfied++;
  }
  const referenceKeys = new Set(evidence.reference.map(testKey));
  for (const test of evidence.starter)
    if (!referenceKeys.has(testKey(test)))
      violate(testKey(test), "runs on the starter but not on the reference");
  for (const entry of evidence.allowlist)
    if (!evidence.reference.some((test) => matches(entry, test)))
      violate(entry, "allowlist entry names no test of this stage");
  return verdict;
}

/** The problems of one test; updates the verdict's counters. */
function judgeTest(
  test: TestRecord,
  onStarter: TestRecord | undefined,
  allowlist: string[],
  verdict: StageVerdict,
): string[] {
  const problems: string[] = [];
  if (test.state === "passed") verdict.passingOnReference++;
  else
    problems.push(
      `${test.state} on the reference (must pass)${test.error ? `: ${test.error}` : ""}`,
    );
  const allowed = allowlist.some((entry) => matches(entry, test));
  if (allowed) verdict.allowlisted++;
  if (!onStarter) problems.push("missing on the starter track (the test lists differ)");
  else if (onStarter.state === "failed") verdict.failingOnStarter++;
  else if (!allowed)
    problems.push(
      `${onStarter.state} on the starter (must fail: test what the learner builds, or allowlist it)`,
    );
  return problems;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

/** "verify: N passed, M failed", the line CI reads. */
export function verifyLine(verdicts: StageVerdict[], otherViolations = 0): string {
  const passed = verdicts.reduce((n, v) => n + v.satisfied, 0);
  const failed = verdicts.reduce((n, v) => n + v.violations.length, otherViolations);
  return `verify: ${passed} passed, ${failed} failed`;
}
