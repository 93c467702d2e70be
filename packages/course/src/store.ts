// What the course remembers between runs, in .course/ at the repo root (git-ignored):
// progress.json (each stage's last test result) and state.json (hints already shown).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The last `course test` result of one stage on the learner's track. */
export interface StageProgress {
  passed: number;
  total: number;
  /** Test files that failed to load (their tests are not in `total`). */
  brokenFiles: number;
  /** ISO time of the run. */
  at: string;
  /** tsc errors in the stage when `course test` last checked (absent: not checked). */
  typeErrors?: number;
  /** The first failing test in work order, as "file > describe > test" (hints follow it). */
  firstFailing?: string;
}

/** The learner's results, stage by stage (named apart from stage 04's replication `Progress`). */
export interface LearnerProgress {
  stages: Record<string, StageProgress>;
}

export interface CourseState {
  /** Stage id → the hints already shown (0-based indexes in HINTS.md). */
  hintsSeen: Record<string, number[]>;
}

export function courseDir(root: string): string {
  return join(root, ".course");
}

export function readProgress(root: string): LearnerProgress {
  const data = readJson(join(courseDir(root), "progress.json"));
  const stages = isRecord(data) && isRecord(data.stages) ? data.stages : {};
  return { stages: stages as Record<string, StageProgress> };
}

export function recordProgress(root: string, stageId: string, progress: StageProgress): void {
  const current = readProgress(root);
  current.stages[stageId] = progress;
  writeJson(join(courseDir(root), "progress.json"), current);
}

/** Forgets a stage's last result: its code was replaced, so the old count no longer describes it. */
export function forgetProgress(root: string, stageId: string): void {
  const current = readProgress(root);
  if (!(stageId in current.stages)) return;
  delete current.stages[stageId];
  writeJson(join(courseDir(root), "progress.json"), current);
}

export function readState(root: string): CourseState {
  const data = readJson(join(courseDir(root), "state.json"));
  const seen: Record<string, number[]> = {};
  if (isRecord(data) && isRecord(data.hintsSeen))
    for (const [stage, list] of Object.entries(data.hintsSeen))
      if (Array.isArray(list)) seen[stage] = list.filter((n): n is number => typeof n === "number");
  // Older state counted the hints shown in file order: the first n were seen.
  if (isRecord(data) && isRecord(data.hintsShown))
    for (const [stage, count] of Object.entries(data.hintsShown))
      if (typeof count === "number" && !(stage in seen))
        seen[stage] = Array.from({ length: count }, (_, index) => index);
  return { hintsSeen: seen };
}

export function writeState(root: string, state: CourseState): void {
  writeJson(join(courseDir(root), "state.json"), state);
}

/** A missing or corrupt file reads as empty: progress is a convenience, never a reason to fail. */
function readJson(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file so a crash never leaves half a JSON file behind. */
function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(temporary, path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
