import { describe, expect, test } from "vitest";
import { findStage, type Stage } from "../src/stages.ts";
import { type CommandSpec, parseCommandArgs, resolveStage, UsageError } from "../src/usage.ts";

const stage = (id: string, number: number, slug: string): Stage => ({
  id,
  number,
  slug,
  meta: { title: slug },
  exerciseDir: `/x/exercises/${id}`,
  solutionDir: `/x/solutions/${id}`,
  pristineDir: `/x/solutions/${id}/.starter`,
});
const stages = [stage("01-kv-server", 1, "kv-server"), stage("03-log", 3, "log")];

const testSpec: CommandSpec = {
  name: "test",
  options: {
    solution: { type: "boolean" },
    name: { type: "string", short: "t" },
  },
  positionals: { min: 0, max: 1, label: "stage" },
};

describe("stage names", () => {
  test.each(["3", "03", "03-log", "log", " LOG "])("'%s' names stage 03-log", (name) => {
    expect(findStage(stages, name)?.id).toBe("03-log");
  });

  test("an unknown stage is one line that lists the choices", () => {
    expect(() => resolveStage(stages, "x", "test")).toThrow(
      new UsageError("course: unknown stage 'x'; choose one of: 1 kv-server, 3 log"),
    );
  });

  test("a missing stage says so and lists the choices", () => {
    expect(() => resolveStage(stages, undefined, "hint")).toThrow(
      "course hint: missing stage; choose one of: 1 kv-server, 3 log",
    );
  });
});

describe("command arguments", () => {
  test("flags, a string option by its short name, and the stage", () => {
    const parsed = parseCommandArgs(testSpec, ["3", "--solution", "-t", "appends"]);
    expect(parsed.positionals).toEqual(["3"]);
    expect(parsed.values).toMatchObject({ solution: true, name: "appends" });
  });

  test("an unknown flag names itself and the valid options", () => {
    expect(() => parseCommandArgs(testSpec, ["3", "--bogus"])).toThrow(
      "course test: unknown option '--bogus'; options: --solution, -t <value>",
    );
  });

  test("an option without its value", () => {
    expect(() => parseCommandArgs(testSpec, ["3", "-t"])).toThrow(
      "course test: option '-t, --name <value>' needs a value",
    );
  });

  test("one stage too many", () => {
    expect(() => parseCommandArgs(testSpec, ["3", "4"])).toThrow(
      "course test: unexpected argument '4'",
    );
  });

  test("errors are single lines", () => {
    for (const args of [["--bogus"], ["1", "2"], ["-t"]]) {
      try {
        parseCommandArgs(testSpec, args);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        expect((error as Error).message).not.toContain("\n");
      }
    }
  });
});
