// `course` / `course status`: every stage with the learner's last result, and what to do next.
import pc from "picocolors";
import { table } from "../format.ts";
import { tally } from "../results.ts";
import type { Stage } from "../stages.ts";
import { type Progress, readProgress, recordProgress, type StageProgress } from "../store.ts";
import { collectResults, projectName, testFiles } from "../vitest.ts";

export type StageStatus = "not started" | "in progress" | "done" | "no tests yet";

export function stageStatus(progress: StageProgress | undefined): StageStatus {
  if (!progress) return "not started";
  if (progress.total === 0 && progress.brokenFiles === 0) return "no tests yet";
  if (progress.passed === progress.total && progress.brokenFiles === 0) return "done";
  return "in progress";
}

const statusColor: Record<StageStatus, (text: string) => string> = {
  "not started": pc.dim,
  "in progress": pc.yellow,
  done: pc.green,
  "no tests yet": pc.dim,
};

/** The table: stage, title, tests passing/total, status. */
export function statusTable(stages: Stage[], progress: Progress): string[] {
  const rows = stages.map((stage) => {
    const entry = progress.stages[stage.id];
    const tests = entry ? `${entry.passed}/${entry.total}` : "–";
    return [pad2(stage.number), stage.meta.title, tests, stageStatus(entry)];
  });
  return table(["stage", "title", "tests", "status"], rows, (row, column, cell) => {
    if (column !== 3) return cell;
    const status = rows[row]?.[3] as StageStatus;
    return statusColor[status](cell);
  });
}

/** One line: the first stage still to do, and the exact command to run for it. */
export function nextLine(stages: Stage[], progress: Progress): string {
  const toDo = (s: Stage) => !["done", "no tests yet"].includes(stageStatus(progress.stages[s.id]));
  const stage = stages.find(toDo);
  if (!stage)
    return pc.green("All stages done. Compare with the reference: pnpm course diff <stage>");
  const entry = progress.stages[stage.id];
  const name = `stage ${pad2(stage.number)} ${stage.meta.title}`;
  const test = `pnpm course test ${stage.number}`;
  if (stageStatus(entry) === "in progress" && entry) {
    const passing = `${entry.passed} of ${entry.total} tests pass`;
    return `Next: ${name} — ${passing}; keep going: ${test} (stuck? pnpm course hint ${stage.number})`;
  }
  return `Next: ${name} — read exercises/${stage.id}/README.md, then run: ${test}`;
}

export function statusLines(stages: Stage[], progress: Progress): string[] {
  return [...statusTable(stages, progress), "", nextLine(stages, progress)];
}

export async function statusCommand(
  root: string,
  stages: Stage[],
  refresh: boolean,
): Promise<number> {
  if (refresh) {
    const code = await refreshProgress(root, stages);
    if (code !== 0) return code;
  }
  console.log(statusLines(stages, readProgress(root)).join("\n"));
  return 0;
}

/** Re-runs every stage's tests on the learner's code in one vitest run and records the results. */
async function refreshProgress(root: string, stages: Stage[]): Promise<number> {
  console.log(pc.dim("Running every stage's tests on your code…"));
  const tested = stages.filter((stage) => (testFiles(stage)?.length ?? 0) > 0);
  const projects = tested.map((stage) => projectName("exercise", stage));
  const outcome = projects.length > 0 ? await collectResults(root, projects) : undefined;
  if (outcome && "error" in outcome) {
    console.error(`course status: ${outcome.error}`);
    return 1;
  }
  const at = new Date().toISOString();
  for (const stage of stages) {
    const counts = outcome
      ? tally(outcome.results, projectName("exercise", stage))
      : { passed: 0, failed: 0, skipped: 0, brokenFiles: 0 };
    const total = counts.passed + counts.failed + counts.skipped;
    recordProgress(root, stage.id, {
      passed: counts.passed,
      total,
      brokenFiles: counts.brokenFiles,
      at,
    });
  }
  return 0;
}

export function pad2(value: number): string {
  return String(value).padStart(2, "0");
}
