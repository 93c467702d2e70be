// The stages of the course, discovered from the folders under exercises/ and solutions/.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "..", "..", "..");

const stageDirPattern = /^(\d\d)-([a-z0-9-]+)$/;

/** What a stage's solutions/NN/package.json says about it under the "course" key. */
export interface StageMeta {
  /** Human title for the overview table. */
  title: string;
  /** File (relative to the stage folder, e.g. "src/main.ts") that `course run` starts, if any. */
  run?: string;
  /**
   * Scaffolding tests the starter may pass, by full name: "describe > test", or with the file
   * relative to test/ in front ("log.test.ts > describe > test") when names repeat across files.
   */
  allowlist?: string[];
  /** Test files (relative to test/) in the order a learner should make them pass; the rest follow by name. */
  testOrder?: string[];
  /**
   * A stage still being written: left out of the overview, `pnpm test` and every command, unless
   * RAFTING_DRAFTS=1 is set (for its authors). Its vitest projects exist either way.
   */
  draft?: boolean;
}

export interface Stage {
  /** Folder name, e.g. "03-log". */
  id: string;
  /** Number, e.g. 3. */
  number: number;
  /** Name without the number, e.g. "log". */
  slug: string;
  meta: StageMeta;
  exerciseDir: string;
  solutionDir: string;
  /** Where `course starters --pristine` writes the generated starter, beside the reference. */
  pristineDir: string;
}

export function listStages(
  root = repoRoot,
  includeDrafts = process.env.RAFTING_DRAFTS === "1",
): Stage[] {
  const exercises = join(root, "exercises");
  if (!existsSync(exercises)) return [];
  return readdirSync(exercises)
    .filter((name) => stageDirPattern.test(name) && existsSync(join(root, "solutions", name)))
    .sort()
    .map((id) => loadStage(root, id))
    .filter((stage) => includeDrafts || stage.meta.draft !== true);
}

function loadStage(root: string, id: string): Stage {
  const match = stageDirPattern.exec(id);
  if (!match) throw new Error(`not a stage folder name: ${id}`);
  const exerciseDir = join(root, "exercises", id);
  const solutionDir = join(root, "solutions", id);
  const pkg = JSON.parse(readFileSync(join(solutionDir, "package.json"), "utf8")) as {
    course?: StageMeta;
  };
  return {
    id,
    number: Number(match[1]),
    slug: match[2] ?? id,
    meta: pkg.course ?? { title: id },
    exerciseDir,
    solutionDir,
    pristineDir: join(solutionDir, ".starter"),
  };
}

/** Finds a stage by "3", "03", "03-log" or "log"; undefined when nothing matches. */
export function findStage(stages: Stage[], name: string): Stage | undefined {
  const wanted = name.trim().toLowerCase();
  return stages.find(
    (stage) =>
      stage.id === wanted ||
      stage.slug === wanted ||
      (/^\d+$/.test(wanted) && stage.number === Number(wanted)),
  );
}
