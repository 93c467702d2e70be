// The focused screen's parts as plain functions: grouping, "start here", the rerun command.
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, test } from "vitest";
import { type FailedTest, groupFailures, normalizeMessage } from "../src/failures.ts";
import { focusedView, loadProblem, type RunView, rerunCommand, startHere } from "../src/focus.ts";
import { formatError } from "../src/format.ts";
import type { Stage } from "../src/stages.ts";

const root = "/repo";
const stage = (number: number, id: string): Stage => ({
  id,
  number,
  slug: id.slice(3),
  meta: { title: id.slice(3) },
  exerciseDir: join(root, "exercises", id),
  solutionDir: join(root, "solutions", id),
  pristineDir: join(root, "solutions", id, ".starter"),
});
const log = stage(3, "03-log");
const consensus = stage(5, "05-consensus");

function view(failures: FailedTest[], current = consensus): RunView {
  return {
    root,
    stage: current,
    stages: [log, consensus],
    track: "exercise",
    files: [{ file: "a.test.ts", passed: 0, failed: failures.length, skipped: 0 }],
    failures,
    typeIssues: [],
    filter: undefined,
  };
}

const at = (file: string, line: number, method = "") => ({ file, line, column: 5, method });

function failure(
  fullName: string,
  message: string,
  frames = [at("/repo/exercises/05-consensus/test/a.test.ts", 10)],
): FailedTest {
  return {
    project: "exercise:05-consensus",
    file: "a.test.ts",
    fullName,
    errors: [{ message, stacks: frames }],
  };
}

const plain = (lines: string[]) => stripVTControlCharacters(lines.join("\n"));

describe("grouping", () => {
  test("failures that differ only in a value are one group", () => {
    expect(normalizeMessage("expected 'abc' to be 3, seed: 12")).toBe(
      normalizeMessage('expected "+1" to be 40, seed: 7'),
    );
    const groups = groupFailures([
      failure("INCR of abc", "rule: expected 'abc' to be an instance of ProtocolError"),
      failure("INCR of +1", "rule: expected '+1' to be an instance of ProtocolError"),
      failure("other", "rule: expected 1 to be 2", [
        at("/repo/exercises/05-consensus/test/a.test.ts", 99),
      ]),
    ]);
    expect(groups.map((group) => [group.first.fullName, group.count])).toEqual([
      ["INCR of abc", 2],
      ["other", 1],
    ]);
  });

  test("tests in a loop that pass a rule each still group at the same assertion", () => {
    const groups = groupFailures([
      failure(
        "a",
        "framing: arrays hold bulk strings: expected Error to be an instance of ProtocolError",
      ),
      failure(
        "b",
        "framing: the count is decimal: expected Error to be an instance of ProtocolError",
      ),
    ]);
    expect(groups).toHaveLength(1);
  });
});

describe("a starter's stub", () => {
  test("is one group whether a test reached it directly or under a property test's failure", () => {
    const stub = "not implemented: RespParser.push (keep the bytes)";
    const direct = failure("parses", stub, [at("/repo/exercises/05-consensus/src/p.ts", 5)]);
    const property = failure("round-trips (seed 1)", "Property failed after 1 tests", [
      at("/repo/exercises/05-consensus/test/a.test.ts", 224),
    ]);
    property.errors[0]!.cause = { message: stub };
    expect(groupFailures([direct, property])).toHaveLength(1);
  });

  test("fast-check's advice to enable verbose mode is left out (it is for the test's author)", () => {
    const message =
      "Property failed after 1 tests\n\nHint: Enable verbose mode in order to have the list";
    expect(plain(formatError({ message }, root))).not.toMatch(/verbose/);
  });
});

describe("start here", () => {
  test("names the test, its rule, the function to open and the command to rerun it", () => {
    const test = failure(
      "RaftNode > commit > advances commitIndex (seed 3)",
      "§5.3: expected 1 to be 2",
      [
        at("/repo/exercises/05-consensus/src/node.ts", 42, "RaftNode.commit"),
        at("/repo/exercises/05-consensus/test/a.test.ts", 10),
      ],
    );
    const text = plain(startHere(view([test]), test));
    expect(text).toContain("test   a.test.ts > RaftNode > commit > advances commitIndex (seed 3)");
    expect(text).toContain("rule   §5.3: expected 1 to be 2");
    expect(text).toContain("open   exercises/05-consensus/src/node.ts:42, in RaftNode.commit");
    expect(text).toContain("rerun  pnpm course test 5 -t 'advances commitIndex \\(seed 3\\)$'");
  });

  test("a failure inside an earlier stage's src names that stage and the adopt command", () => {
    const test = failure("appends", "not implemented: RaftLog.append", [
      at("/repo/exercises/03-log/src/log.ts", 7, "RaftLog.append"),
      at("/repo/exercises/05-consensus/src/node.ts", 42, "RaftNode.step"),
    ]);
    const text = plain(startHere(view([test]), test));
    expect(text).toContain(
      "from   stage 03's code: exercises/03-log/src/log.ts:7, in RaftLog.append",
    );
    expect(text).toContain(
      "stage 03 is unfinished: finish it (pnpm course test 3) or take the reference: pnpm course adopt 3",
    );
  });

  test("a rerun pattern with quotes stays one shell word", () => {
    const test = failure(`INCR of "it's" is an error`, "x");
    expect(rerunCommand(view([test]), test)).toBe(
      `pnpm course test 5 -t 'INCR of "it'\\''s" is an error$'`,
    );
  });

  test("type errors come first, briefly; many failures still fit 60 lines", () => {
    const failures = Array.from({ length: 200 }, (_, n) =>
      failure(
        `test ${n}`,
        `check ${n % 40}: expected ${n} to be ${n + 1}\n${"detail\n".repeat(30)}`,
        [at("/repo/exercises/05-consensus/test/a.test.ts", n % 40)],
      ),
    );
    const typeIssues = Array.from({ length: 9 }, (_, n) => ({
      file: "exercises/05-consensus/src/node.ts",
      line: n + 1,
      column: 1,
      code: "TS2322",
      message: "Type 'string' is not assignable to type 'number'.",
    }));
    const lines = focusedView({ ...view(failures), typeIssues }, "0 passed, 200 failed");
    expect(lines.length).toBeLessThanOrEqual(60);
    expect(plain(lines.slice(0, 1))).toBe("Type errors in your code (tsc): 9");
    expect(plain(lines)).toMatch(/more kinds of failure in \d+ tests: pnpm course test 5 --all/);
    expect(plain(lines.slice(-6))).toMatch(/Start here/);
  });

  test("a file that does not load is one line: where and what the parser said", () => {
    const message =
      "Transform failed with 1 error:\n\n[PARSE_ERROR] Unexpected token\n   ╭─[ /repo/exercises/05-consensus/src/node.ts:3:9 ]\n";
    expect(loadProblem({ message }, root)).toBe(
      "exercises/05-consensus/src/node.ts:3:9: Unexpected token (PARSE_ERROR)",
    );
  });
});
