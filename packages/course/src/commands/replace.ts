// `course adopt <stage>` (take the reference) and `course reset <stage>` (back to the starter).
// Both back up the learner's exercises/NN/src first and say where.
import { cpSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import pc from "picocolors";
import { backupExercise } from "../backup.ts";
import type { Stage } from "../stages.ts";
import { generateStarter, writeFiles } from "../starters.ts";

export type Replacement = "adopt" | "reset";

/** Replaces the learner's src of the stage; returns the lines to print. */
export function replaceExercise(
  root: string,
  stage: Stage,
  how: Replacement,
  now = new Date(),
): string[] {
  const src = join(stage.exerciseDir, "src");
  // Generate first: a broken marker must fail before anything of the learner's is touched.
  const starter = how === "reset" ? generateStarter(join(stage.solutionDir, "src")) : undefined;
  const backup = backupExercise(root, stage, now);
  const lines = backup
    ? [`Backed up your exercises/${stage.id}/src to ${relative(root, backup)}`]
    : [`(no exercises/${stage.id}/src to back up)`];
  if (starter) {
    writeFiles(src, starter);
    lines.push(pc.green(`exercises/${stage.id}/src is the starter again.`));
  } else {
    rmSync(src, { recursive: true, force: true });
    cpSync(join(stage.solutionDir, "src"), src, { recursive: true });
    lines.push(pc.green(`exercises/${stage.id}/src is now the reference solution.`));
  }
  return lines;
}

export function replaceCommand(root: string, stage: Stage, how: Replacement): number {
  console.log(replaceExercise(root, stage, how).join("\n"));
  return 0;
}
