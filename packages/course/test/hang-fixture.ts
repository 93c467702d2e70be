// A stage whose code never finishes: a synchronous infinite loop (it blocks the test worker) and
// a promise that never settles, beside a test file that passes.
import type { FixtureStage } from "./fixture.ts";

export const hanging: FixtureStage = {
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
      'test("passes before the loop", () => expect(1).toBe(1));',
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
