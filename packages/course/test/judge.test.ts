import { stripVTControlCharacters } from "node:util";
import { describe, expect, test } from "vitest";
import { verifyReport } from "../src/commands/verify.ts";
import { judgeStage, type StageEvidence, verifyLine } from "../src/judge.ts";
import type { TestRecord, TestState } from "../src/results.ts";

const record = (project: string, fullName: string, state: TestState): TestRecord => ({
  project,
  file: "log.test.ts",
  fullName,
  state,
});
const reference = (name: string, state: TestState = "passed") =>
  record("solution:03-log", name, state);
const starter = (name: string, state: TestState = "failed") =>
  record("starter:03-log", name, state);

const evidence = (over: Partial<StageEvidence>): StageEvidence => ({
  stage: "03-log",
  hasTests: true,
  allowlist: [],
  reference: [],
  starter: [],
  loadErrors: [],
  ...over,
});

describe("verify's judgement", () => {
  test("passing on the reference and failing on the starter satisfies the rule", () => {
    const verdict = judgeStage(
      evidence({
        reference: [reference("a"), reference("b")],
        starter: [starter("a"), starter("b")],
      }),
    );
    expect(verdict).toMatchObject({
      tests: 2,
      passingOnReference: 2,
      failingOnStarter: 2,
      satisfied: 2,
      violations: [],
    });
  });

  test("a test that fails on the reference is a violation", () => {
    const failing = { ...reference("a", "failed"), error: "§5.3: expected 1 to be 2" };
    const verdict = judgeStage(evidence({ reference: [failing], starter: [starter("a")] }));
    expect(verdict.violations).toEqual([
      {
        stage: "03-log",
        test: "log.test.ts > a",
        problem: "failed on the reference (must pass): §5.3: expected 1 to be 2",
      },
    ]);
    expect(verdict.satisfied).toBe(0);
  });

  test("a test that passes on the starter is a violation unless allowlisted", () => {
    const loose = evidence({ reference: [reference("a")], starter: [starter("a", "passed")] });
    expect(judgeStage(loose).violations[0]?.problem).toMatch(/^passed on the starter \(must fail/);
    for (const entry of ["a", "log.test.ts > a"]) {
      const verdict = judgeStage({ ...loose, allowlist: [entry] });
      expect(verdict).toMatchObject({ allowlisted: 1, satisfied: 1, violations: [] });
    }
  });

  test("an allowlist entry naming no test is a violation", () => {
    const verdict = judgeStage(
      evidence({
        reference: [reference("a")],
        starter: [starter("a")],
        allowlist: ["log.test.ts > gone"],
      }),
    );
    expect(verdict.violations).toEqual([
      {
        stage: "03-log",
        test: "log.test.ts > gone",
        problem: "allowlist entry names no test of this stage",
      },
    ]);
    expect(verdict.satisfied).toBe(1);
  });

  test("the test lists of both tracks must match", () => {
    const verdict = judgeStage(evidence({ reference: [reference("a")], starter: [starter("b")] }));
    expect(verdict.violations.map((v) => `${v.test}: ${v.problem}`)).toEqual([
      "log.test.ts > a: missing on the starter track (the test lists differ)",
      "log.test.ts > b: runs on the starter but not on the reference",
    ]);
  });

  test("a stage with zero tests fails", () => {
    expect(judgeStage(evidence({})).violations).toEqual([
      { stage: "03-log", test: "-", problem: "no tests" },
    ]);
  });

  test("a stage without a test folder fails unless empty stages are allowed", () => {
    const empty = evidence({ hasTests: false });
    expect(judgeStage(empty).violations[0]?.problem).toBe(
      "no tests (exercises/03-log/test does not exist)",
    );
    expect(judgeStage(empty, true)).toMatchObject({ noTests: true, violations: [] });
  });

  test("a test file that fails to load is a violation on its track", () => {
    const verdict = judgeStage(
      evidence({
        reference: [reference("a")],
        starter: [starter("a")],
        loadErrors: [{ project: "starter:03-log", file: "more.test.ts", message: "boom\nstack" }],
      }),
    );
    expect(verdict.violations).toEqual([
      {
        stage: "03-log",
        test: "more.test.ts",
        problem: "the test file failed to load on the starter: boom",
      },
    ]);
  });

  test("the final line counts satisfied tests and violations", () => {
    const good = judgeStage(evidence({ reference: [reference("a")], starter: [starter("a")] }));
    const bad = judgeStage(
      evidence({ reference: [reference("b", "failed")], starter: [starter("b")] }),
    );
    expect(verifyLine([good, bad])).toBe("verify: 1 passed, 1 failed");
    expect(verifyLine([good], 2)).toBe("verify: 1 passed, 2 failed");
  });
});

describe("verify's report", () => {
  test("a table, each violation on its own line, then the line CI reads", () => {
    const good = judgeStage(evidence({ reference: [reference("a")], starter: [starter("a")] }));
    const empty = judgeStage(evidence({ stage: "05-consensus", hasTests: false }));
    const lines = verifyReport([good, empty]).map((line) => stripVTControlCharacters(line));
    expect(lines[0]).toMatch(
      /^stage +tests +passing on reference +failing on starter +allowlisted/,
    );
    expect(lines[1]).toMatch(/^03-log +1 +1 +1 +0 +ok$/);
    expect(lines[2]).toMatch(/^05-consensus +no tests +0 +0 +0 +1 problem\(s\)$/);
    expect(lines).toContain(
      "✗ 05-consensus: -: no tests (exercises/05-consensus/test does not exist)",
    );
    expect(lines.at(-1)).toBe("verify: 1 passed, 1 failed");
  });
});
