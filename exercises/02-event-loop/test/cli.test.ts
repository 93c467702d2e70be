// The command line of main.ts: good flags parse, bad ones are a UsageError with a one-line reason.

import { describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "#stage";

describe("parseArgs", () => {
  it("has defaults and reads every flag", () => {
    expect(parseArgs([]), "no flags: real time, speed 1, no presses, run until stopped").toEqual({
      speed: 1,
      pressAtMs: [],
      runForMs: undefined,
      virtual: false,
      check: false,
    });
    expect(
      parseArgs(["--speed", "60", "--press-at", "20,5,7.5", "--run-for", "300", "--virtual"]),
      "--press-at takes seconds, comma-separated, and sorts them; --run-for takes seconds",
    ).toEqual({
      speed: 60,
      pressAtMs: [5000, 7500, 20_000],
      runForMs: 300_000,
      virtual: true,
      check: false,
    });
    expect(parseArgs(["--check"]).check, "--check selects the exhaustive check").toBe(true);
  });

  it("rejects bad input with a one-line UsageError", () => {
    const bad = [
      ["--speed", "fast"],
      ["--speed", "0"],
      ["--speed", "-2"],
      ["--speed"],
      ["--press-at", "5,x"],
      ["--press-at", "-1"],
      ["--press-at", "5,,6"],
      ["--run-for", "0"],
      ["--virtual"],
      ["--speed", "2", "--speed", "3"],
      ["--colour", "red"],
      ["extra"],
    ];
    for (const argv of bad) {
      let error: unknown;
      try {
        parseArgs(argv);
      } catch (caught) {
        error = caught;
      }
      expect(error, `'${argv.join(" ")}' is a usage error`).toBeInstanceOf(UsageError);
      expect(String((error as Error).message), "usage errors are one line").not.toContain("\n");
    }
  });
});
