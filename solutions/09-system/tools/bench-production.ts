// pnpm bench's stage 11 figures (lib/production.ts): reads by ReadIndex next to reads through the
// log, failover with Figure 16's election timeouts, and stability at those timeouts. Run by
// bench.ts when the newest stage's system has stage 11's features (RAFTING_DRAFTS=1 while it is a
// draft), or alone: RAFTING_DRAFTS=1 pnpm exec tsx solutions/09-system/tools/bench-production.ts
// [--quick] [--failover-only [kills]] (only the failover figure, 10 kills unless given).
import { cpus, loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import pc from "picocolors";
import { median } from "./lib/failover.ts";
import {
  lowTimings,
  measureLowTimeoutFailover,
  measureReads,
  measureStability,
  systemHasProductionFeatures,
} from "./lib/production.ts";
import { fixed, formatTable } from "./lib/table.ts";

export interface ProductionPlan {
  readonly concurrency: readonly number[];
  readonly phaseMs: number;
  readonly kills: number;
  readonly stabilityMs: number;
}

export const fullProductionPlan: ProductionPlan = {
  concurrency: [1, 16, 64],
  phaseMs: 5000,
  kills: 10,
  stabilityMs: 60_000,
};
export const quickProductionPlan: ProductionPlan = {
  concurrency: [1, 16],
  phaseMs: 700,
  kills: 2,
  stabilityMs: 3000,
};

/** --failover-only [kills]: the failover figure alone, to re-measure it without the 60 s run. */
function failoverOnlyPlan(args: readonly string[]): ProductionPlan | undefined {
  const at = args.indexOf("--failover-only");
  if (at < 0) return undefined;
  const kills = Number(args[at + 1] ?? fullProductionPlan.kills);
  if (!Number.isSafeInteger(kills) || kills < 1)
    throw new Error(`--failover-only: bad kills ${args[at + 1]}`);
  return { concurrency: [], phaseMs: 0, kills, stabilityMs: 0 };
}

const valueBytes = 32;

export async function productionFigures(
  plan: ProductionPlan,
  progress: (text: string) => void,
): Promise<void> {
  if (!systemHasProductionFeatures()) {
    console.log(
      pc.dim("\n(stage 11 figures: the newest stage's system has no ReadIndex or Pre-Vote)"),
    );
    return;
  }
  if (plan.concurrency.length > 0) await readFigures(plan, progress);
  await failoverFigures(plan);
  if (plan.stabilityMs > 0) await stabilityFigures(plan);
}

async function readFigures(plan: ProductionPlan, progress: (text: string) => void): Promise<void> {
  console.log(
    pc.bold(
      `\nreads: ReadIndex (§6.4) next to reads through the log (GET, ${valueBytes}-byte values)`,
    ),
  );
  const rows = await measureReads(plan.concurrency, plan.phaseMs, valueBytes, progress);
  const header = [
    "clients",
    "ReadIndex r/s",
    "p50 ms",
    "p99 ms",
    "log r/s",
    "p50 ms",
    "p99 ms",
    "errors",
  ];
  const table = rows.map(({ clients, readIndex, throughLog }) => [
    String(clients),
    fixed(readIndex.opsPerSecond, 0),
    fixed(readIndex.p50Ms, 2),
    fixed(readIndex.p99Ms, 2),
    fixed(throughLog.opsPerSecond, 0),
    fixed(throughLog.p50Ms, 2),
    fixed(throughLog.p99Ms, 2),
    String(readIndex.errors + throughLog.errors),
  ]);
  for (const line of formatTable(header, table)) console.log(line);
}

function timeoutRange(): string {
  const { tickMs = 0, electionTicks = 0 } = lowTimings;
  return `${electionTicks * tickMs}–${2 * electionTicks * tickMs} ms`;
}

async function failoverFigures(plan: ProductionPlan): Promise<void> {
  const range = timeoutRange();
  console.log(
    pc.bold(
      `\nfailover with election timeouts of ${range} (Pre-Vote and CheckQuorum on): SIGKILL the leader, time to the first acknowledged write`,
    ),
  );
  const times = await measureLowTimeoutFailover(plan.kills, (kill, leader, ms) =>
    console.log(
      pc.dim(
        `  kill ${kill}: node ${leader}, ${ms === undefined ? "no write acknowledged" : `${fixed(ms, 0)} ms`}`,
      ),
    ),
  );
  const ok = times.filter((ms) => ms !== undefined);
  if (ok.length === 0) console.log(pc.red("  no failover completed"));
  else
    console.log(
      `  median ${fixed(median(ok), 0)} ms, max ${fixed(Math.max(...ok), 0)} ms over ${ok.length} kills${ok.length < times.length ? pc.red(`, ${times.length - ok.length} without a write within 10 s`) : ""}`,
    );
}

async function stabilityFigures(plan: ProductionPlan): Promise<void> {
  const range = timeoutRange();
  console.log(
    pc.bold(
      `\nstability at ${range}: ${plan.stabilityMs / 1000} s without faults, 4 clients writing`,
    ),
  );
  const stable = await measureStability(plan.stabilityMs);
  console.log(
    `  ${stable.leaderChanges} leader changes (term ${stable.termAtStart} → ${stable.termAtEnd}), ${fixed(stable.writes, 0)} writes`,
  );
}

function progressLine(text: string): void {
  if (!process.stdout.isTTY) return;
  process.stdout.clearLine(0);
  process.stdout.write(pc.dim(text).concat("\r"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  const failoverOnly = failoverOnlyPlan(process.argv);
  console.log(
    pc.bold(
      `rafting bench, stage 11 figures${quick ? " (quick)" : ""}: ${cpus().length} cores, load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(" ")}`,
    ),
  );
  const plan = failoverOnly ?? (quick ? quickProductionPlan : fullProductionPlan);
  productionFigures(plan, progressLine).then(
    () =>
      console.log(
        pc.dim(
          `load average at the end ${loadavg()
            .map((n) => n.toFixed(1))
            .join(" ")}`,
        ),
      ),
    (cause: unknown) => {
      console.error(cause instanceof Error ? (cause.stack ?? cause.message) : String(cause));
      process.exit(1);
    },
  );
}
