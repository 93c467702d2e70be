// pnpm test: every check of the repo, in three lanes side by side. Several checks leave a core idle
// (real processes waiting on children, a watchdog's grace, one slow file at the end of a vitest
// run), so on a 2-core machine the lanes finish well before one line of the same steps would.
// Each step's output is printed whole when it ends (never interleaved); a failed step fails the run
// after every lane ends. Exit code 0 when every step passed, 1 otherwise.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
/** A step that runs longer than this is stopped and fails: nothing in pnpm test takes minutes. */
const stepCeilingMs = 15 * 60_000;

interface Step {
  readonly what: string;
  readonly command: readonly string[];
}

interface StepResult {
  readonly step: Step;
  readonly ok: boolean;
  readonly seconds: number;
}

const first: Step = {
  what: "pristine starters (generated from the reference)",
  command: ["course", "starters", "--pristine"],
};

const courseToolTests = ["course", "testkit", "mutants"].flatMap((name) => ["--project", name]);

// Verify is the longest step; the course's own tests mostly wait (real processes, a watchdog's
// grace), so they get a lane of their own; the rest follow the typecheck.
const lanes: readonly (readonly Step[])[] = [
  [
    {
      what: "teeth of every stage (reference passes, starter fails)",
      command: ["course", "verify"],
    },
  ],
  [{ what: "course tools' own tests", command: ["exec", "vitest", "run", ...courseToolTests] }],
  [
    { what: "typecheck of every package", command: ["typecheck"] },
    { what: "lint and format", command: ["exec", "biome", "ci", "."] },
    { what: "stage 03 kills every storage mutant", command: ["test:storage-mutants"] },
    { what: "stage 06 kills every election mutant", command: ["test:election-mutants"] },
  ],
];

function runStep(step: Step): Promise<StepResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn("pnpm", [...step.command], {
      cwd: repoRoot,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    const ceiling = setTimeout(() => child.kill("SIGKILL"), stepCeilingMs);
    child.on("close", (code, signal) => {
      clearTimeout(ceiling);
      const seconds = (performance.now() - started) / 1000;
      const ok = code === 0;
      const verdict = ok ? "passed" : `FAILED (${signal ?? `exit ${code}`})`;
      process.stdout.write(
        `\n── ${verdict}: ${step.what}, ${seconds.toFixed(0)} s  [pnpm ${step.command.join(" ")}]\n`,
      );
      process.stdout.write(Buffer.concat(output));
      resolve({ step, ok, seconds });
    });
  });
}

async function runLane(lane: readonly Step[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of lane) {
    const result = await runStep(step);
    results.push(result);
    if (!result.ok) break; // later steps of a lane depend on the earlier ones passing
  }
  return results;
}

async function main(): Promise<number> {
  const started = performance.now();
  const setup = await runStep(first);
  if (!setup.ok) return 1;
  const results = [setup, ...(await Promise.all(lanes.map(runLane))).flat()];
  const failed = results.filter((result) => !result.ok);
  const planned = 1 + lanes.reduce((sum, lane) => sum + lane.length, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  process.stdout.write(
    `\n── pnpm test: ${results.length - failed.length} of ${planned} checks passed in ${seconds} s\n`,
  );
  for (const result of failed)
    process.stdout.write(
      `   failed: ${result.step.what} (pnpm ${result.step.command.join(" ")})\n`,
    );
  return failed.length === 0 && results.length === planned ? 0 : 1;
}

process.exitCode = await main();
