// Issue 10, "Quiet, clean exits": the commands the READMEs give run as bins, so pnpm prints no
// "> rafting@ …" banner and no "ELIFECYCLE Command failed" line, and the exit code reaches the shell.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const repo = fileURLToPath(new URL("../../..", import.meta.url));
// A tsx start-up takes 1.5-8 s on a busy 2-core machine: generous ceilings, not timings.
const processCeilingMs = 60_000;

function pnpm(...args: string[]) {
  const result = spawnSync("pnpm", args, {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: processCeilingMs,
  });
  return { code: result.status, output: result.stdout + result.stderr };
}

const pnpmNoise = /^> rafting@|ELIFECYCLE/m;

describe("README commands through pnpm: no banner, no ELIFECYCLE, the exit code intact", () => {
  test.each([
    ["viewer", "--bogus", /unknown flag --bogus/],
    ["bench-sim", "--bogus", /seeds must be a positive integer/],
    ["test-stress", "--bogus", /Unknown option '--bogus'/],
  ])(
    "pnpm %s %s: a usage error exits 2",
    (command, arg, message) => {
      const { code, output } = pnpm(command, arg);
      expect(output, "the command's own error").toMatch(message);
      expect(output, "pnpm's lines around it").not.toMatch(pnpmNoise);
      expect(code, "the exit code of a usage error").toBe(2);
    },
    120_000,
  );
});

describe("every README command is a bin, not a package.json script", () => {
  // `pnpm test` stays a script on purpose: a chain for maintainers and CI, which parse its output.
  // `pnpm view` is named only as the mistake to avoid (pnpm hands it to npm's registry lookup).
  const scriptsAllowed = new Set(["test", "view"]);
  const scripts = Object.keys(
    JSON.parse(readFileSync(`${repo}package.json`, "utf8")).scripts as Record<string, string>,
  );
  const readmes = spawnSync("git", ["ls-files", "*README.md"], { cwd: repo, encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean);

  test.each(readmes)("%s", (readme) => {
    const text = readFileSync(`${repo}${readme}`, "utf8");
    const named = [...text.matchAll(/\bpnpm ([a-z][a-z:-]*)/g)].map((match) => match[1] as string);
    for (const name of new Set(named)) {
      if (scriptsAllowed.has(name)) continue;
      expect(name, `${readme}: 'pnpm ${name}' is a script (banner, ELIFECYCLE)`).not.toContain(":");
      expect(
        scripts,
        `${readme}: 'pnpm ${name}' runs a script (banner, ELIFECYCLE), which shadows any bin`,
      ).not.toContain(name);
    }
  });
});
