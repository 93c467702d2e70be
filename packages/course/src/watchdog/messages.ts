// What the course says about a test that never finished. Never "raise the timeout": each test's
// time limit is part of the stage, so the fix is always in the learner's code.

/** Vitest's own timeout text ends with advice to edit the test; this is the part we keep. */
const vitestTimeout = /^(Test|Hook) timed out in (\d+)ms\.(?:\n.*pass a timeout value.*)?/;

/** The course's text for a test whose promise never settled within its time limit. */
export function neverSettled(limitMs: number): string {
  return [
    `This test did not finish within ${seconds(limitMs)}: something it awaits never settled.`,
    "Two likely causes in your code: a promise that is never resolved or rejected (a callback",
    "that never calls resolve, e.g. listen() or close() without one), or a reply or event the",
    "test waits for that your code never sends (a write that is skipped, an error swallowed).",
  ].join("\n");
}

/** The course's text for a test whose worker was stopped because it never yielded. */
export function neverYielded(ranMs: number, loading: boolean): string {
  const what = loading ? "Loading this test file (and your code with it)" : "This test";
  return [
    `${what} ran for ${seconds(ranMs)} without ever yielding, so the course stopped it.`,
    "Two likely causes in your code: a loop whose exit condition never becomes true (an index",
    "or offset that does not advance, a parser that does not consume), or a synchronous loop",
    "waiting for something only a callback or timer could change (they cannot run meanwhile).",
    "The other test files went on; the tests after this one in its file did not run.",
  ].join("\n");
}

/** Replaces vitest's "pass a timeout value" advice by the course's explanation. */
export function rewriteTimeout(message: string): string {
  const match = vitestTimeout.exec(message);
  if (!match) return message;
  const limitMs = Number(match[2]);
  const text = neverSettled(limitMs);
  return match[1] === "Hook"
    ? text.replace("This test", "A setup or cleanup hook of this test")
    : text;
}

function seconds(ms: number): string {
  const value = ms / 1000;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}
