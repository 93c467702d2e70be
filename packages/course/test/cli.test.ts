// End to end: the real CLI in a child process, for the cases where the exit code and the exact
// output matter (bad input must be one line on stderr and exit code 2).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const tsx = import.meta.resolve("tsx");

function course(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", tsx, main, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: processCeilingMs,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// A tsx start-up takes 1.5-8 s on a busy 2-core machine: generous ceilings, not timings.
const processCeilingMs = 60_000;

describe("course CLI", { timeout: 2 * processCeilingMs }, () => {
  test("an unknown command: one line listing the commands, exit code 2", () => {
    const { code, stdout, stderr } = course("frobnicate");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^course: unknown command 'frobnicate'; choose one of: status, test, watch, .*help\n$/,
    );
  });

  test("an unknown stage: one line listing the stages, exit code 2", () => {
    const { code, stderr } = course("hint", "no-such-stage");
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^course: unknown stage 'no-such-stage'; choose one of: 1 [a-z-]+, .*\n$/,
    );
  });

  test("an unknown flag: one line with the valid options, exit code 2", () => {
    const { code, stderr } = course("diff", "1", "--colour");
    expect(code).toBe(2);
    expect(stderr).toBe("course diff: unknown option '--colour'; it takes no options\n");
  });

  test("options without a command are the overview's", () => {
    const { code, stderr } = course("--bogus");
    expect(code).toBe(2);
    expect(stderr).toBe("course status: unknown option '--bogus'; options: --refresh\n");
  });

  test("--help lists every command, one line each", () => {
    const { code, stdout } = course("--help");
    expect(code).toBe(0);
    for (const command of [
      "status",
      "test",
      "watch",
      "hint",
      "diff",
      "adopt",
      "reset",
      "run",
      "verify",
    ])
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
  });

  test("through pnpm (a bin, not a script): no banner, no ELIFECYCLE line, the exit code reaches the shell", () => {
    const repo = fileURLToPath(new URL("../../..", import.meta.url));
    const result = spawnSync("pnpm", ["course", "frobnicate"], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      timeout: processCeilingMs,
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^course: unknown command 'frobnicate'[^\n]*\n$/);
  });
});
