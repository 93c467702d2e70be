import { describe, expect, test } from "vitest";
import { defaultPort, parseViewArgs, UsageError } from "../src/args.ts";

describe("pnpm viewer's flags", () => {
  test("a trace file, --port and --no-open", () => {
    expect(parseViewArgs(["--", "/tmp/run.jsonl", "--port", "0", "--no-open"])).toEqual({
      file: "/tmp/run.jsonl",
      liveDir: undefined,
      port: 0,
      portGiven: true,
      open: false,
    });
    expect(parseViewArgs(["/tmp/run.jsonl"])).toMatchObject({
      port: defaultPort,
      portGiven: false,
      open: true,
    });
  });

  test("--live takes the cluster directory, or pnpm cluster's default", () => {
    expect(parseViewArgs(["--live", "/tmp/c"]).liveDir).toBe("/tmp/c");
    expect(parseViewArgs(["--live", "--no-open"]).liveDir).toMatch(/rafting-cluster$/);
  });

  test("mistakes are usage errors that say what is wrong", () => {
    expect(() => parseViewArgs(["--port", "99999"])).toThrow(
      new UsageError("--port needs 0..65535, got 99999"),
    );
    expect(() => parseViewArgs(["a.jsonl", "--live"])).toThrow("a trace FILE or --live, not both");
    expect(() => parseViewArgs(["--colour"])).toThrow("unknown flag --colour");
  });
});
