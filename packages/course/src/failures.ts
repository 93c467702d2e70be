// Failing tests as the course shows them: grouped when they fail the same way, in work order.
import type { ShownError } from "./format.ts";

export interface FailedTest {
  /** Vitest project, "exercise:01-kv-server". */
  project: string;
  /** Test file relative to the stage's test/ folder. */
  file: string;
  /** "describe > test". */
  fullName: string;
  errors: ShownError[];
}

export interface FailureGroup {
  /** The first failing test in work order; the others fail the same way. */
  first: FailedTest;
  count: number;
}

/**
 * A failure's text with its values blanked, so that "expected 'abc' …" and "expected '+1' …" or
 * "seed: 12" and "seed: 40" read alike.
 */
export function normalizeMessage(message: string): string {
  const firstLine = message.split("\n")[0] ?? "";
  return firstLine
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, "…")
    .replace(/\[[^\]]*\]|\{[^}]*\}/g, "…")
    .replace(/-?\b(?:0x[0-9a-f]+|\d+(?:\.\d+)?(?:e[+-]?\d+)?n?)\b/gi, "#");
}

/**
 * Two failures belong together when the same check failed at the same place: the same throw in
 * the learner's code, or the same assertion of a test (tests in a loop pass a rule each, so
 * only what follows "expected" is compared there).
 */
export function groupKey(test: FailedTest): string {
  const error = test.errors[0];
  if (!error) return `no error:${test.file}`;
  // A starter's stub, reached directly or under a property test's "Property failed": one fix.
  const stub = stubMessage(error);
  if (stub) return `stub|${stub}`;
  const frame = error.stacks?.find((f) => !f.file.includes("node_modules"));
  const message = normalizeMessage(error.message);
  if (!frame) return `${error.name ?? ""}|${message}`;
  const expected = message.lastIndexOf("expected ");
  const check = expected >= 0 ? message.slice(expected) : message;
  return `${error.name ?? ""}|${check}|${frame.file}:${frame.line}`;
}

/** Groups the failures (already in work order); each group keeps the place of its first test. */
export function groupFailures(failures: FailedTest[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const test of failures) {
    const key = groupKey(test);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { first: test, count: 1 });
  }
  return [...groups.values()];
}

/**
 * The function of a starter stub ("not implemented: RespParser.push (…)") that the error comes
 * from: thrown, causing it (a property test's "Property failed"), or received by an assertion
 * ("expected Error: not implemented: RespParser.push (… to be an instance of ProtocolError").
 */
function stubMessage(error: ShownError): string | undefined {
  for (let current: unknown = error, depth = 0; depth < 5; depth++) {
    if (typeof current !== "object" || current === null) return undefined;
    const message = (current as { message?: unknown }).message;
    const stub = typeof message === "string" ? stubName.exec(message) : null;
    if (stub) return stub[1];
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const stubName = /not implemented: ([\w.$#<>]+)/;
