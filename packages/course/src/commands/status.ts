// `course` / `course status`: every stage with the learner's last result, and what to do next.
import { existsSync } from "node:fs";
import { join } from "node:path";
import pc from "picocolors";
import { table } from "../format.ts";
import { tally } from "../results.ts";
import type { Stage } from "../stages.ts";
import { diffFiles, generateStarter, readReference } from "../starters.ts";
import {
  type LearnerProgress,
  readProgress,
  recordProgress,
  type StageProgress,
} from "../store.ts";
import { collectResults, projectName, testFiles } from "../vitest.ts";

export type StageStatus =
  | "not started"
  | "in progress"
  | "passed"
  | "adopted"
  | "does not compile"
  | "no tests yet";

/** What the learner's exercises/NN/src is: untouched, the reference, their own, or unknown. */
export type CodeState = "starter" | "reference" | "edited" | "unknown";

export function codeState(stage: Stage): CodeState {
  const reference = join(stage.solutionDir, "src");
  const mine = join(stage.exerciseDir, "src");
  if (!existsSync(reference) || !existsSync(mine)) return "unknown";
  try {
    if (diffFiles(mine, generateStarter(reference)).length === 0) return "starter";
    if (diffFiles(mine, readReference(reference)).length === 0) return "reference";
    return "edited";
  } catch {
    return "unknown"; // a broken marker in the reference: say nothing rather than fail the overview
  }
}

/**
 * The label says what is true: the code untouched (not started) or taken from the reference
 * (adopted) whatever the last run said; else the last `course test` run decides.
 */
export function stageStatus(
  progress: StageProgress | undefined,
  code: CodeState = "unknown",
): StageStatus {
  if (progress && progress.total === 0 && progress.brokenFiles === 0) return "no tests yet";
  if (code === "starter") return "not started";
  if (code === "reference") return "adopted";
  if (!progress) return code === "edited" ? "in progress" : "not started";
  if (progress.brokenFiles > 0 || (progress.typeErrors ?? 0) > 0) return "does not compile";
  if (progress.passed === progress.total) return "passed";
  return "in progress";
}

const statusColor: Record<StageStatus, (text: string) => string> = {
  "not started": pc.dim,
  "in progress": pc.yellow,
  passed: pc.green,
  adopted: pc.cyan,
  "does not compile": pc.red,
  "no tests yet": pc.dim,
};

/** The label with its count where one helps: "in progress 5/12". */
export function statusLabel(status: StageStatus, progress: StageProgress | undefined): string {
  if (status === "in progress" && progress)
    return `in progress ${progress.passed}/${progress.total}`;
  if (status === "does not compile" && progress) {
    const types = (progress.typeErrors ?? 0) > 0 ? `${progress.typeErrors} type errors` : "";
    const files = progress.brokenFiles > 0 ? `${progress.brokenFiles} test files fail to load` : "";
    return `${status} (${[types, files].filter(Boolean).join(", ")})`;
  }
  return status;
}

export function codeStates(stages: Stage[]): Map<string, CodeState> {
  return new Map(stages.map((stage) => [stage.id, codeState(stage)]));
}

/** The table: stage, title, tests passing/total, status. */
export function statusTable(
  stages: Stage[],
  progress: LearnerProgress,
  codes = codeStates(stages),
): string[] {
  const statuses = stages.map((stage) =>
    stageStatus(progress.stages[stage.id], codes.get(stage.id)),
  );
  const rows = stages.map((stage, index) => {
    const entry = progress.stages[stage.id];
    const tests = entry ? `${entry.passed}/${entry.total}` : "–";
    const status = statuses[index] as StageStatus;
    return [pad2(stage.number), stage.meta.title, tests, statusLabel(status, entry)];
  });
  return table(["stage", "title", "tests", "status"], rows, (row, column, cell) => {
    if (column !== 3) return cell;
    return statusColor[statuses[row] as StageStatus](cell);
  });
}

/** One line: the first stage still to do, and the exact command to run for it. */
export function nextLine(
  stages: Stage[],
  progress: LearnerProgress,
  codes = codeStates(stages),
): string {
  const status = (s: Stage) => stageStatus(progress.stages[s.id], codes.get(s.id));
  const toDo = (s: Stage) => !["passed", "adopted", "no tests yet"].includes(status(s));
  const stage = stages.find(toDo);
  if (!stage)
    return pc.green("All stages done. Compare with the reference: pnpm course diff <stage>");
  const entry = progress.stages[stage.id];
  const name = `stage ${pad2(stage.number)} ${stage.meta.title}`;
  const test = `pnpm course test ${stage.number}`;
  if (status(stage) === "does not compile")
    return `Next: ${name} — it does not compile; see the errors first: ${test}`;
  if (status(stage) === "in progress" && entry) {
    const passing = `${entry.passed} of ${entry.total} tests pass`;
    return `Next: ${name} — ${passing}; keep going: ${test} (stuck? pnpm course hint ${stage.number})`;
  }
  return `Next: ${name} — read exercises/${stage.id}/README.md, then run: ${test}`;
}

export function statusLines(stages: Stage[], progress: LearnerProgress): string[] {
  const codes = codeStates(stages);
  return [...statusTable(stages, progress, codes), "", nextLine(stages, progress, codes)];
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
  console.log(pc.dim("Running every stage's tests on your code; each stage is listed as it ends:"));
  const tested = stages.filter((stage) => (testFiles(stage)?.length ?? 0) > 0);
  const projects = tested.map((stage) => projectName("exercise", stage));
  const progress = { COURSE_PROGRESS: "1" };
  const outcome = projects.length > 0 ? await collectResults(root, projects, progress) : undefined;
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
