// Issue 9, "nothing hangs": a learner's infinite loop (which blocks the test worker) and a promise
// that never settles each end their own test in bounded time, with a message that names the test
// and the likely causes, and never asks to change a test or its timeout.
import { afterAll, describe, expect, test } from "vitest";
import { type Fixture, makeRunnableFixture, runFixtureCli } from "./fixture.ts";

const fixtures: Fixture[] = [];
afterAll(() => {
  for (const fixture of fixtures) fixture.remove();
});

const hanging = {
  id: "01-loop",
  course: { title: "Loops", testOrder: ["spin.test.ts", "wait.test.ts", "fine.test.ts"] },
  exercise: {
    "index.ts": [
      "export function spin(): void {",
      "  while (true) {}",
      "}",
      "export function never(): Promise<void> {",
      "  return new Promise(() => {});",
      "}",
      "",
    ].join("\n"),
  },
  extra: {
    "test/spin.test.ts": [
      'import { expect, test } from "vitest";',
      'import { spin } from "#stage";',
      'test("spins", () => {',
      "  spin();",
      "  expect(1).toBe(1);",
      "});",
      "",
    ].join("\n"),
    "test/wait.test.ts": [
      'import { test } from "vitest";',
      'import { never } from "#stage";',
      'test("waits", async () => {',
      "  await never();",
      "}, 1_000);",
      "",
    ].join("\n"),
    "test/fine.test.ts": [
      'import { expect, test } from "vitest";',
      'test("still runs", () => expect(2).toBe(2));',
      "",
    ].join("\n"),
  },
};

describe("nothing hangs", () => {
  test("an infinite loop and a promise that never settles each fail their test in bounded time, named, with the two likely causes; the run goes on", async () => {
    const fixture = makeRunnableFixture([hanging]);
    fixtures.push(fixture);
    // A short grace keeps this test quick; the default is max(15 s, the timeout) past the timeout.
    const run = await runFixtureCli(fixture.root, ["test", "1", "--all"], {
      COURSE_HANG_GRACE_MS: "1500",
    });
    const out = run.stdout;
    expect(run.code, `${out}\n${run.stderr}`).toBe(1);
    // Bounded: the loop is stopped 1.5 s past its 5 s timeout; the rest is start-up on a busy machine.
    expect(run.ms).toBeLessThan(90_000);
    expect(out).toMatch(
      /✗ spin\.test\.ts > spins\n\s+This test ran for [\d.]+ s without ever yielding/,
    );
    expect(out).toMatch(/a loop whose exit condition never becomes true/);
    expect(out).toMatch(/✗ wait\.test\.ts > waits\n\s+This test did not finish within 1 s/);
    expect(out).toMatch(/a promise that is never resolved or rejected/);
    expect(out).toMatch(/✓ still runs/);
    expect(out).toMatch(/1 passed, 2 failed/);
    expect(`${out}${run.stderr}`).not.toMatch(/pass a timeout value|testTimeout|Worker exited/);
    // While the loop held its worker, the run said which test was running.
    expect(run.stderr).toMatch(/… running exercises\/01-loop\/test\/spin\.test\.ts > spins/);
  }, 150_000);
});
