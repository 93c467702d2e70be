// pnpm test-stress [--rounds N] [--threads-per-core K] [--only STEP,STEP]
//
// The real-time suites on the reference while a load generator keeps every core busy: correct
// code must pass on a slow or busy machine, not only on a quiet one. Steps, in order:
//   kill9   03-log's kill -9 test (real child processes, SIGKILL)
//   system  the whole 09-system reference suite (node processes, sockets)
//   later   the real-process tests of stages 10 and 11 (catch-up by InstallSnapshot, CheckQuorum,
//           ReadIndex, transfers, sessions across kills and restarts)
//   course  the course CLI's tests (they start real processes)
//   tools   the 09 tools' tests (pnpm cluster, pnpm console)
//   demo    a short pnpm demo (two kills)
// Not run unless named with --only: log, the whole 03-log reference suite (kill9 with the rest).
// The load: one busy thread per core by default (every core busy, and CI stays in its budget);
// --threads-per-core 2 is harsher (the tests get about a third of the machine).
// Exit code 0 when every step passed in every round, 1 otherwise.
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startCpuLoad } from "./cpu-load.ts";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const usage =
  "usage: pnpm test-stress [--rounds N] [--threads-per-core K] [--only kill9,system,later,course,tools,demo,log]";

interface Step {
  readonly name: string;
  readonly what: string;
  readonly command: readonly string[];
  /** Run only when named with --only. */
  readonly optional?: boolean;
}

const steps: readonly Step[] = [
  {
    name: "kill9",
    what: "03-log kill -9 test (reference)",
    command: ["exec", "vitest", "run", "--project", "solution:03-log", "test/kill9.test.ts"],
  },
  {
    name: "system",
    what: "09-system reference suite",
    command: ["exec", "vitest", "run", "--project", "solution:09-system"],
  },
  {
    name: "later",
    what: "10-compaction and 11-production real-process tests (reference)",
    command: [
      "exec",
      "vitest",
      "run",
      "--project",
      "solution:10-compaction",
      "--project",
      "solution:11-production",
      "test/process-catch-up.test.ts",
      "test/system-process.test.ts",
      "test/system-sessions.test.ts",
    ],
  },
  {
    name: "course",
    what: "course CLI tests (real processes)",
    command: ["exec", "vitest", "run", "--project", "course"],
  },
  {
    name: "tools",
    what: "09 tools tests",
    command: ["exec", "vitest", "run", "--project", "tools"],
  },
  { name: "demo", what: "pnpm demo, two kills", command: ["demo", "--kills", "2"] },
  {
    name: "log",
    what: "03-log reference suite",
    command: ["exec", "vitest", "run", "--project", "solution:03-log"],
    optional: true,
  },
];

interface Options {
  readonly rounds: number;
  readonly threadsPerCore: number;
  readonly steps: readonly Step[];
}

function options(): Options {
  let values: ReturnType<typeof parseArgs>["values"];
  try {
    values = parseArgs({
      options: {
        rounds: { type: "string", default: "1" },
        "threads-per-core": { type: "string", default: "1" },
        only: { type: "string" },
      },
    }).values;
  } catch (cause) {
    return fail(`${(cause as Error).message.split("\n")[0]}`);
  }
  const rounds = Number(values.rounds);
  const threadsPerCore = Number(values["threads-per-core"]);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) fail("--rounds must be 1..20");
  if (!(threadsPerCore >= 0 && threadsPerCore <= 8)) fail("--threads-per-core must be 0..8");
  const names = typeof values.only === "string" ? values.only.split(",") : undefined;
  const unknown = names?.filter((name) => !steps.some((step) => step.name === name)) ?? [];
  if (unknown.length > 0) fail(`unknown step ${unknown.join(", ")}`);
  const chosen =
    names === undefined
      ? steps.filter((step) => !step.optional)
      : steps.filter((step) => names.includes(step.name));
  return { rounds, threadsPerCore, steps: chosen };
}

function fail(problem: string): never {
  console.error(`test:stress: ${problem} (${usage})`);
  process.exit(2);
}

function run(step: Step): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("pnpm", [...step.command], { cwd: repoRoot, stdio: "inherit" });
    child.once("error", () => resolve(1));
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(" ");
}

async function main(): Promise<number> {
  const { rounds, threadsPerCore, steps: chosen } = options();
  const cpu = startCpuLoad(threadsPerCore);
  console.log(
    `test:stress: ${cpu.threads} busy threads (${threadsPerCore} per core) while the steps run`,
  );
  const results: { label: string; ok: boolean; seconds: number }[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const step of chosen) {
        const label = `${step.what}${rounds > 1 ? `, round ${round}/${rounds}` : ""}`;
        console.log(`\n── ${label} (load average ${load()})`);
        const started = performance.now();
        const ok = (await run(step)) === 0;
        const seconds = (performance.now() - started) / 1000;
        results.push({ label, ok, seconds });
        console.log(`── ${ok ? "passed" : "FAILED"}: ${label}, ${seconds.toFixed(0)} s`);
      }
    }
  } finally {
    await cpu.stop();
  }
  console.log(`\ntest:stress summary (${cpu.threads} busy threads; load average now ${load()}):`);
  for (const result of results) {
    console.log(`  ${result.ok ? "✓" : "✗"} ${result.label}  ${result.seconds.toFixed(0)} s`);
  }
  return results.every((result) => result.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (cause: unknown) => {
    console.error(`test:stress: ${cause instanceof Error ? cause.message : String(cause)}`);
    process.exit(1);
  },
);
