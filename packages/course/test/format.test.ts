import { stripVTControlCharacters } from "node:util";
import { describe, expect, test } from "vitest";
import { formatError, summaryLine, userFrames } from "../src/format.ts";

const root = "/repo";

describe("failure output", () => {
  const error = {
    name: "AssertionError",
    message: "§5.3 AppendEntries rule 3: delete the conflicting entry: expected 4 to be 3",
    diff: "- Expected\n+ Received\n\n- 3\n+ 4",
    stacks: [
      { method: "RaftLog.append", file: "/repo/exercises/03-log/src/log.ts", line: 42, column: 5 },
      {
        method: "",
        file: "/repo/node_modules/.pnpm/@vitest+runner/dist/index.js",
        line: 1,
        column: 1,
      },
      { method: "", file: "/repo/exercises/03-log/test/log.test.ts", line: 30, column: 7 },
      { method: "processTicks", file: "node:internal/process/task_queues", line: 95, column: 5 },
    ],
  };

  test("keeps only frames in the learner's code and tests, relative to the repo", () => {
    expect(userFrames(error, root)).toEqual([
      "at RaftLog.append (exercises/03-log/src/log.ts:42:5)",
      "at exercises/03-log/test/log.test.ts:30:7",
    ]);
  });

  test("shows the rule, the diff and the location", () => {
    const lines = formatError(error, root).map((line) => stripVTControlCharacters(line));
    expect(lines[0]).toBe(error.message);
    expect(lines).toContain("- 3");
    expect(lines).toContain("+ 4");
    expect(lines).toContain("at RaftLog.append (exercises/03-log/src/log.ts:42:5)");
    expect(lines.join("\n")).not.toContain("node_modules");
  });

  test("names errors that are not assertions", () => {
    const lines = formatError({ name: "Error", message: "not implemented: RaftLog.append" }, root);
    expect(stripVTControlCharacters(lines[0] ?? "")).toBe("Error: not implemented: RaftLog.append");
  });

  test("the summary line", () => {
    expect(
      stripVTControlCharacters(summaryLine({ passed: 3, failed: 1, skipped: 0, brokenFiles: 0 })),
    ).toBe("3 passed, 1 failed");
    expect(
      stripVTControlCharacters(summaryLine({ passed: 0, failed: 0, skipped: 2, brokenFiles: 1 })),
    ).toBe("0 passed, 0 failed, 2 skipped, 1 test file failed to load");
  });
});
