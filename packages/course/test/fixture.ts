// A throwaway repo in the temp folder with the layout the course expects, for command tests.

import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface FixtureStage {
  id: string;
  course?: Record<string, unknown>;
  /** Reference files under solutions/<id>/src. */
  reference?: Record<string, string>;
  /** Learner files under exercises/<id>/src. */
  exercise?: Record<string, string>;
  /** Other files under exercises/<id> (HINTS.md, test/…). */
  extra?: Record<string, string>;
}

export interface Fixture {
  root: string;
  write(path: string, text: string): void;
  remove(): void;
}

export function makeFixture(stages: FixtureStage[]): Fixture {
  const root = mkdtempSync(join(tmpdir(), "course-fixture-"));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (const stage of stages) {
    const pkg = { name: `@solutions/${stage.id}`, course: stage.course ?? { title: stage.id } };
    write(`solutions/${stage.id}/package.json`, JSON.stringify(pkg));
    mkdirSync(join(root, "exercises", stage.id), { recursive: true });
    for (const [file, text] of Object.entries(stage.reference ?? {}))
      write(`solutions/${stage.id}/src/${file}`, text);
    for (const [file, text] of Object.entries(stage.exercise ?? {}))
      write(`exercises/${stage.id}/src/${file}`, text);
    for (const [file, text] of Object.entries(stage.extra ?? {}))
      write(`exercises/${stage.id}/${file}`, text);
  }
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * A fixture vitest can run: the repo's vitest.config.ts (one project per stage and track) and
 * links to its node_modules and packages (vitest, the course reporter and its worker setup).
 */
export function makeRunnableFixture(stages: FixtureStage[]): Fixture {
  const fixture = makeFixture(stages);
  const repo = join(import.meta.dirname, "..", "..", "..");
  copyFileSync(join(repo, "vitest.config.ts"), join(fixture.root, "vitest.config.ts"));
  fixture.write("package.json", JSON.stringify({ name: "fixture", private: true, type: "module" }));
  symlinkSync(join(repo, "node_modules"), join(fixture.root, "node_modules"), "dir");
  symlinkSync(join(repo, "packages"), join(fixture.root, "packages"), "dir");
  return fixture;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the course CLI on a fixture in a child process, without colors; never longer than `timeoutMs`. */
export function runFixtureCli(
  root: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 90_000,
): Promise<CliRun> {
  const script = join(import.meta.dirname, "run-cli.ts");
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", import.meta.resolve("tsx"), script, ...args],
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", COURSE_FIXTURE_ROOT: root, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
